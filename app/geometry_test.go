package app

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
)

func TestPictureAt(t *testing.T) {
	tests := []struct {
		name    string
		pos     fyne.Position
		area    fyne.Size
		picture image.Point
		x, y    float32
		ok      bool
	}{
		{"same size", fyne.NewPos(10, 20), fyne.NewSize(100, 50), image.Pt(100, 50), 10, 20, true},
		// A 200×100 picture in a 100×100 area is halved and centred: 25 units above and below.
		{"wide picture, letterboxed", fyne.NewPos(50, 25), fyne.NewSize(100, 100), image.Pt(200, 100), 100, 0, true},
		{"above a letterboxed picture", fyne.NewPos(50, 24), fyne.NewSize(100, 100), image.Pt(200, 100), 100, -2, false},
		// A 50×100 picture in a 100×100 area keeps its size, 25 units in from the left.
		{"tall picture, pillarboxed", fyne.NewPos(74.5, 99), fyne.NewSize(100, 100), image.Pt(50, 100), 49.5, 99, true},
		{"right of a pillarboxed picture", fyne.NewPos(75, 50), fyne.NewSize(100, 100), image.Pt(50, 100), 50, 50, false},
		// A 28×28 picture in a 280×280 area: ten units per pixel.
		{"enlarged", fyne.NewPos(145, 5), fyne.NewSize(280, 280), image.Pt(28, 28), 14.5, 0.5, true},
		{"empty area", fyne.NewPos(1, 1), fyne.NewSize(0, 10), image.Pt(28, 28), 0, 0, false},
		{"empty picture", fyne.NewPos(1, 1), fyne.NewSize(10, 10), image.Pt(0, 28), 0, 0, false},
	}
	for _, tt := range tests {
		x, y, ok := pictureAt(tt.pos, tt.area, tt.picture)
		if x != tt.x || y != tt.y || ok != tt.ok {
			t.Errorf("%s: pictureAt(%v, %v, %v) = %v, %v, %v; want %v, %v, %v",
				tt.name, tt.pos, tt.area, tt.picture, x, y, ok, tt.x, tt.y, tt.ok)
		}
	}
}

func TestRenderScale(t *testing.T) {
	tests := []struct {
		name        string
		area        fyne.Size
		canvasScale float32
		unit        image.Point
		want        int
	}{
		{"fits at scale 1", fyne.NewSize(640, 400), 1, image.Pt(640, 400), 1},
		{"a hair larger stays at 1", fyne.NewSize(650, 408), 1, image.Pt(640, 400), 1},
		{"larger area: 2", fyne.NewSize(900, 560), 1, image.Pt(640, 400), 2},
		{"the narrower side counts", fyne.NewSize(2000, 300), 1, image.Pt(640, 400), 1},
		{"hi-dpi canvas", fyne.NewSize(640, 400), 2, image.Pt(640, 400), 2},
		{"capped", fyne.NewSize(6400, 4000), 1, image.Pt(640, 400), 4},
		{"smaller area: 1", fyne.NewSize(100, 100), 1, image.Pt(640, 400), 1},
		{"unknown picture size", fyne.NewSize(900, 560), 1, image.Point{}, 1},
	}
	for _, tt := range tests {
		if got := renderScale(tt.area, tt.canvasScale, tt.unit, 4); got != tt.want {
			t.Errorf("%s: renderScale(%v, %v, %v) = %d, want %d", tt.name, tt.area, tt.canvasScale, tt.unit, got, tt.want)
		}
	}
}
