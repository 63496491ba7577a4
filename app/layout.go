package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/internal/tr"
)

// fixedWidth is a layout that gives its objects a set width and the whole height.
type fixedWidth float32

// withWidth returns a container of objects laid out by fixedWidth(width).
func withWidth(width float32, objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(fixedWidth(width), objects...)
}

func (w fixedWidth) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize is the width and the tallest object's height, or nothing if every object is
// hidden.
func (w fixedWidth) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var size fyne.Size
	for _, o := range objects {
		if o.Visible() {
			size = fyne.NewSize(float32(w), max(size.Height, o.MinSize().Height))
		}
	}
	return size
}

// squareAbove is a layout of two objects: the first as the largest square that leaves
// room under it for the second's minimum height, at the top and centred; the second right
// under it, as wide as the square. It keeps the drawing pad square with its buttons below.
type squareAbove struct{}

// Layout places objects[0], the square, and objects[1] under it.
func (squareAbove) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	square, below := objects[0], objects[1]
	gap := theme.Size(theme.SizeNamePadding)
	height := below.MinSize().Height
	side := max(0, min(size.Width, size.Height-height-gap))
	left := (size.Width - side) / 2
	square.Move(fyne.NewPos(left, 0))
	square.Resize(fyne.NewSquareSize(side))
	below.Move(fyne.NewPos(left, side+gap))
	below.Resize(fyne.NewSize(side, height))
}

// MinSize is the square's minimum size above the other object's.
func (squareAbove) MinSize(objects []fyne.CanvasObject) fyne.Size {
	square, below := objects[0].MinSize(), objects[1].MinSize()
	return fyne.NewSize(max(square.Width, below.Width), square.Height+theme.Size(theme.SizeNamePadding)+below.Height)
}

// layerNames returns the names of the layers infos, for a layer selector.
func layerNames(infos []cnn.LayerInfo) []string {
	names := make([]string, len(infos))
	for i, info := range infos {
		names[i] = info.Name
	}
	return names
}

// newChoice returns a selector without choices yet, which offer fills in, calling changed
// when the user picks one. Until then it shows Fyne's placeholder, translated.
func newChoice(changed func(string)) *widget.Select {
	sel := widget.NewSelect(nil, changed)
	sel.PlaceHolder = tr.T("(Select one)")
	return sel
}

// offer makes sel offer options, keeping the choice selected if it is still one of them,
// else choosing options[fallback]. It does nothing if sel offers them already.
func offer(sel *widget.Select, options []string, fallback int) {
	if slices.Equal(options, sel.Options) {
		return
	}
	sel.Options = options
	if !slices.Contains(options, sel.Selected) && fallback >= 0 && fallback < len(options) {
		sel.Selected = options[fallback]
	}
	sel.Refresh()
}

// translated returns choices, English texts of a selector, in the current language.
func translated(choices []string) []string {
	out := make([]string, len(choices))
	for i, c := range choices {
		out[i] = tr.T(c)
	}
	return out
}

// untranslated returns the choice of choices, English texts, that a selector offering
// them translated shows as selected, or selected itself if it is none of them.
func untranslated(choices []string, selected string) string {
	for _, c := range choices {
		if tr.T(c) == selected {
			return c
		}
	}
	return selected
}

// smallNote returns a label of explanatory text in the caption size, wrapped to its width.
func smallNote(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping, l.SizeName = fyne.TextWrapWord, theme.SizeNameCaptionText
	return l
}
