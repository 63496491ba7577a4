package app

import (
	"image"
	"math"

	"fyne.io/fyne/v2"
)

// pictureAt maps a position in an area of the screen to a point of the picture shown there
// the way canvas.ImageFillContain draws it: centred, as large as fits, aspect ratio kept.
// pos and area are in the same units (Fyne units of the widget showing the picture), so
// the canvas scale does not matter; picture is the picture's size in pixels. The result is
// in pixels of the picture, fractional, and ok reports whether pos is on the picture. For
// an empty area or picture, pictureAt returns (0, 0, false).
func pictureAt(pos fyne.Position, area fyne.Size, picture image.Point) (x, y float32, ok bool) {
	if area.Width <= 0 || area.Height <= 0 || picture.X <= 0 || picture.Y <= 0 {
		return 0, 0, false
	}
	// unitsPerPixel is the size on screen of one pixel of the picture.
	unitsPerPixel := min(area.Width/float32(picture.X), area.Height/float32(picture.Y))
	left := (area.Width - unitsPerPixel*float32(picture.X)) / 2
	top := (area.Height - unitsPerPixel*float32(picture.Y)) / 2
	x = (pos.X - left) / unitsPerPixel
	y = (pos.Y - top) / unitsPerPixel
	ok = x >= 0 && y >= 0 && x < float32(picture.X) && y < float32(picture.Y)
	return x, y, ok
}

// renderScale returns the scale (1 to maxScale) at which to render a picture that is
// unit pixels large at scale 1 so that, shown in area as pictureAt describes, it is
// scaled down rather than up: the smallest scale at which the picture has at least as
// many pixels as the screen gives it. canvasScale is the canvas's pixels per Fyne unit.
// It returns 1 when area or unit is empty.
func renderScale(area fyne.Size, canvasScale float32, unit image.Point, maxScale int) int {
	if area.Width <= 0 || area.Height <= 0 || unit.X <= 0 || unit.Y <= 0 {
		return 1
	}
	fit := min(area.Width*canvasScale/float32(unit.X), area.Height*canvasScale/float32(unit.Y))
	// A picture a hair too small is scaled up imperceptibly; do not double its cost for it.
	const tolerance = 1.02
	return max(1, min(maxScale, int(math.Ceil(float64(fit/tolerance)))))
}
