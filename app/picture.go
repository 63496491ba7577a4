package app

import (
	"image"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"convscope/views"
)

// maxRenderScale bounds the scale pictures are rendered at for the screen.
const maxRenderScale = 4

// picture is a widget that shows a views.View: rendered off the UI goroutine at the scale
// that keeps it sharp in the space it has, and fitted into that space with its aspect
// ratio kept, or, when natural, at its own size (for a scroll container). Without a view
// it shows a message instead. It reports taps in pixels of the picture at scale 1, the
// coordinates of viz's layouts.
type picture struct {
	widget.BaseWidget

	// OnTapped, if set, is called with the point of the picture at scale 1 that was
	// tapped; taps beside the picture are ignored.
	OnTapped func(p image.Point)
	// OnSized, if set, is called when a natural picture changes size, for the container
	// holding it (a scroll container) to lay it out again.
	OnSized func()

	natural bool
	minSize fyne.Size
	image   *canvas.Image
	message *widget.Label
	renders latest

	// The fields below belong to the UI goroutine.
	view    views.View
	hasView bool
	shown   image.Image // the picture on screen, or nil
	scale   int         // the scale shown was rendered at
	unit    image.Point // the picture's size at scale 1, once known
}

// newPicture returns a picture that fits its view into its area, at least minSize large,
// showing message until it has a view. do runs a function on the UI goroutine (fyne.Do).
func newPicture(do func(func()), minSize fyne.Size, message string) *picture {
	p := &picture{minSize: minSize, image: canvas.NewImageFromImage(nil), message: widget.NewLabel(message), renders: latest{do: do}}
	p.image.FillMode = canvas.ImageFillContain
	// Rendered at the next whole scale above the one the space needs, a picture is at most
	// twice too large (unless its space is smaller than the picture at scale 1), which the
	// graphics card's linear filter shrinks well. Fyne's smooth mode would instead resample
	// every new picture on the processor (Catmull–Rom), which while training costs a large
	// share of a core.
	p.image.ScaleMode = canvas.ImageScaleFastest
	p.message.Alignment = fyne.TextAlignCenter
	p.message.Wrapping = fyne.TextWrapWord
	p.ExtendBaseWidget(p)
	return p
}

// newNaturalPicture returns a picture shown at its own size, one pixel at scale 1 per
// Fyne unit, for a scroll container.
func newNaturalPicture(do func(func()), message string) *picture {
	p := newPicture(do, fyne.Size{}, message)
	p.natural = true
	return p
}

// SetView renders v and shows it once rendered; until then the previous picture stays.
func (p *picture) SetView(v views.View) {
	p.view, p.hasView = v, true
	p.render()
}

// Clear removes the picture and shows message in its place; a render under way is
// dropped.
func (p *picture) Clear(message string) {
	p.hasView = false
	p.renders.Drop()
	p.shown = nil
	p.image.Image = nil
	p.message.SetText(message)
	p.Refresh()
}

// View returns the view shown, and false if there is none.
func (p *picture) View() (views.View, bool) { return p.view, p.hasView }

// Shown returns the picture on screen and the scale it was rendered at, or nil.
func (p *picture) Shown() (image.Image, int) { return p.shown, p.scale }

// render draws the view on the picture's goroutine at the scale the widget needs now, and
// shows it unless another render or a Clear overtook it.
func (p *picture) render() {
	v, scale := p.view, p.wantedScale()
	p.renders.Submit(func(j job) {
		img := v.Render(scale)
		j.Show(func() { p.show(img, scale) })
	})
}

// show puts img, rendered at scale, on screen. Knowing the picture's size now, it renders
// again if another scale would suit the space better.
func (p *picture) show(img image.Image, scale int) {
	unit := img.Bounds().Size().Div(scale)
	resized := unit != p.unit
	p.shown, p.scale, p.unit = img, scale, unit
	p.image.Image = img
	p.Refresh()
	if p.natural && resized && p.OnSized != nil {
		p.OnSized()
	}
	if p.wantedScale() != scale {
		p.render()
	}
}

// wantedScale returns the scale to render at: the canvas's, rounded up, for a natural
// picture, else the one renderScale picks for the widget's size.
func (p *picture) wantedScale() int {
	canvasScale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(p); c != nil {
		canvasScale = c.Scale()
	}
	if p.natural {
		return max(1, min(maxRenderScale, int(math.Ceil(float64(canvasScale)))))
	}
	return renderScale(p.Size(), canvasScale, p.unit, maxRenderScale)
}

// Resize sizes the widget and renders the picture again if the new size needs another
// scale.
func (p *picture) Resize(size fyne.Size) {
	if size == p.Size() {
		return
	}
	p.BaseWidget.Resize(size)
	if p.hasView && p.shown != nil && p.wantedScale() != p.scale {
		p.render()
	}
}

// MinSize returns the picture's size at scale 1 for a natural picture that has been
// rendered, else the minimum size it was made with (or the message's).
func (p *picture) MinSize() fyne.Size {
	if p.natural && p.shown != nil {
		return fyne.NewSize(float32(p.unit.X), float32(p.unit.Y))
	}
	return p.minSize.Max(p.BaseWidget.MinSize())
}

// Tapped reports the tap to OnTapped in pixels of the picture at scale 1.
func (p *picture) Tapped(ev *fyne.PointEvent) {
	if p.OnTapped == nil || p.shown == nil {
		return
	}
	x, y, ok := pictureAt(ev.Position, p.Size(), p.shown.Bounds().Size())
	if !ok {
		return
	}
	p.OnTapped(image.Pt(int(x)/p.scale, int(y)/p.scale))
}

// Cursor shows a pointing hand over pictures that react to taps.
func (p *picture) Cursor() desktop.Cursor {
	if p.OnTapped != nil {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// CreateRenderer returns the picture's renderer: the image, or the message.
func (p *picture) CreateRenderer() fyne.WidgetRenderer {
	return &pictureRenderer{p: p}
}

type pictureRenderer struct{ p *picture }

func (r *pictureRenderer) Layout(size fyne.Size) {
	r.p.image.Resize(size)
	// A wrapped label knows its height once it knows its width.
	r.p.message.Resize(fyne.NewSize(size.Width, r.p.message.MinSize().Height))
	height := r.p.message.MinSize().Height
	r.p.message.Resize(fyne.NewSize(size.Width, height))
	r.p.message.Move(fyne.NewPos(0, max(0, (size.Height-height)/2)))
}

func (r *pictureRenderer) MinSize() fyne.Size {
	if r.p.hasView {
		return fyne.Size{}
	}
	return r.p.message.MinSize()
}

func (r *pictureRenderer) Refresh() {
	r.p.message.Hidden = r.p.hasView
	r.p.image.Hidden = !r.p.hasView
	r.Layout(r.p.Size())
	r.p.image.Refresh()
	r.p.message.Refresh()
}

func (r *pictureRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.p.image, r.p.message}
}

func (r *pictureRenderer) Destroy() {}
