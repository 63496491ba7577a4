package app

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/internal/tr"
)

// The drawing pad's raster: padPixels×padPixels pixels, drawn with a brush of padBrush
// pixels' radius. A digit drawn across most of the pad and scaled to MNIST's 20-pixel box
// then has strokes about two pixels wide, like MNIST's.
const (
	padPixels = 320
	padBrush  = 12
)

// padMinSize is the smallest side of the pad on screen, in Fyne units.
const padMinSize = 280

// drawPad is the square the user draws a digit on, with the mouse or a finger: a round
// brush, with straight segments between drag events, so fast strokes stay joined. A tap
// draws a dot. It shows the ink in the theme's foreground colour on the input background,
// and calls OnChanged after every change.
type drawPad struct {
	widget.BaseWidget

	// OnChanged is called on the UI goroutine after every change of the drawing: with
	// done false while a stroke goes on, and true when a stroke ends and after Undo and
	// Clear.
	OnChanged func(done bool)

	drawing  *drawing
	pixels   *image.RGBA // the drawing in the theme's colours
	image    *canvas.Image
	border   *canvas.Rectangle
	hint     *widget.Label
	stroking bool
	paper    color.NRGBA
	ink      color.NRGBA
}

// newDrawPad returns an empty pad.
func newDrawPad() *drawPad {
	p := &drawPad{
		drawing: newDrawing(padPixels, padBrush),
		pixels:  image.NewRGBA(image.Rect(0, 0, padPixels, padPixels)),
		border:  canvas.NewRectangle(color.Transparent),
		hint:    widget.NewLabel(tr.T("Draw a digit here")),
	}
	p.image = canvas.NewImageFromImage(p.pixels)
	p.image.FillMode = canvas.ImageFillContain
	p.border.StrokeWidth = 1
	p.hint.Importance = widget.LowImportance
	p.applyTheme()
	p.ExtendBaseWidget(p)
	return p
}

// Ink returns a copy of the drawing's ink mask (0 paper, 255 ink), padPixels square.
func (p *drawPad) Ink() *image.Gray { return p.drawing.Ink() }

// Empty reports whether nothing is drawn.
func (p *drawPad) Empty() bool { return p.drawing.Empty() }

// Undo removes the last stroke, if any.
func (p *drawPad) Undo() {
	if p.drawing.Undo() {
		p.changed(p.pixels.Rect, true)
	}
}

// Clear removes every stroke, and the picture opened.
func (p *drawPad) Clear() {
	p.drawing.Clear()
	p.changed(p.pixels.Rect, true)
}

// Start shows the picture x (28×28 grey values, 1 ink) on the pad, as if drawn: strokes
// may be added to it.
func (p *drawPad) Start(x []float32) {
	p.drawing.Start(x)
	p.changed(p.pixels.Rect, true)
}

// Dragged draws the stroke on to the drag's position, beginning it where the drag started.
func (p *drawPad) Dragged(ev *fyne.DragEvent) {
	var dirty image.Rectangle
	if !p.stroking {
		p.stroking = true
		dirty = p.drawing.Begin(p.padPoint(ev.Position.Subtract(ev.Dragged)))
	}
	dirty = dirty.Union(p.drawing.Extend(p.padPoint(ev.Position)))
	p.changed(dirty, false)
}

// DragEnd ends the stroke.
func (p *drawPad) DragEnd() {
	if p.stroking {
		p.stroking = false
		p.changed(image.Rectangle{}, true)
	}
}

// Tapped draws a dot.
func (p *drawPad) Tapped(ev *fyne.PointEvent) {
	p.changed(p.drawing.Begin(p.padPoint(ev.Position)), true)
}

// Cursor is a crosshair over the pad.
func (p *drawPad) Cursor() desktop.Cursor { return desktop.CrosshairCursor }

// padPoint returns the point of the raster under pos, a position in the widget.
func (p *drawPad) padPoint(pos fyne.Position) point {
	x, y, _ := pictureAt(pos, p.Size(), p.pixels.Rect.Size())
	return point{float64(x), float64(y)}
}

// changed repaints the rectangle dirty of the raster, shows it and calls OnChanged.
func (p *drawPad) changed(dirty image.Rectangle, done bool) {
	p.paint(dirty)
	p.hint.Hidden = !p.drawing.Empty()
	p.image.Refresh()
	p.hint.Refresh()
	if p.OnChanged != nil {
		p.OnChanged(done)
	}
}

// paint colours the rectangle r of the raster from the ink mask: paper where there is no
// ink, the ink colour where it is full, blended in between.
func (p *drawPad) paint(r image.Rectangle) {
	ink := p.drawing.ink
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			a := uint32(ink.Pix[ink.PixOffset(x, y)])
			i := p.pixels.PixOffset(x, y)
			p.pixels.Pix[i+0] = blend(p.paper.R, p.ink.R, a)
			p.pixels.Pix[i+1] = blend(p.paper.G, p.ink.G, a)
			p.pixels.Pix[i+2] = blend(p.paper.B, p.ink.B, a)
			p.pixels.Pix[i+3] = 0xff
		}
	}
}

// blend mixes from and to in the proportion a/255 of to.
func blend(from, to uint8, a uint32) uint8 {
	return uint8((uint32(from)*(255-a) + uint32(to)*a + 127) / 255)
}

// applyTheme takes the paper, ink and border colours from the current theme and repaints.
func (p *drawPad) applyTheme() {
	p.paper = nrgba(theme.Color(theme.ColorNameInputBackground))
	p.ink = nrgba(theme.Color(theme.ColorNameForeground))
	p.border.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	p.paint(p.pixels.Rect)
}

// nrgba returns c as an opaque colour; translucent theme colours are taken over black.
func nrgba(c color.Color) color.NRGBA {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0xff}
}

// MinSize keeps the pad at least padMinSize square.
func (p *drawPad) MinSize() fyne.Size { return fyne.NewSquareSize(padMinSize) }

// CreateRenderer returns the pad's renderer.
func (p *drawPad) CreateRenderer() fyne.WidgetRenderer {
	return &drawPadRenderer{p: p}
}

type drawPadRenderer struct{ p *drawPad }

// Layout centres the square raster, its border and the hint in the widget.
func (r *drawPadRenderer) Layout(size fyne.Size) {
	side := min(size.Width, size.Height)
	square := fyne.NewPos((size.Width-side)/2, (size.Height-side)/2)
	r.p.image.Resize(size)
	r.p.border.Resize(fyne.NewSquareSize(side))
	r.p.border.Move(square)
	hint := r.p.hint.MinSize()
	r.p.hint.Resize(hint)
	r.p.hint.Move(fyne.NewPos((size.Width-hint.Width)/2, (size.Height-hint.Height)/2))
}

func (r *drawPadRenderer) MinSize() fyne.Size { return r.p.MinSize() }

func (r *drawPadRenderer) Refresh() {
	r.p.applyTheme()
	r.p.border.Refresh()
	r.p.image.Refresh()
	r.p.hint.Refresh()
}

func (r *drawPadRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.p.image, r.p.border, r.p.hint}
}

func (r *drawPadRenderer) Destroy() {}
