package app

import (
	"bytes"
	"math"
	"slices"
	"testing"
)

func TestDrawingDotIsARoundBrush(t *testing.T) {
	d := newDrawing(40, 5)
	d.Begin(point{20, 20})
	ink := d.Ink()
	for y := range 40 {
		for x := range 40 {
			dist := math.Hypot(float64(x)+0.5-20, float64(y)+0.5-20)
			v := ink.GrayAt(x, y).Y
			switch {
			case dist <= 4.5 && v != 255:
				t.Fatalf("pixel (%d, %d), %.2f from the centre, has ink %d, want 255", x, y, dist, v)
			case dist >= 5.5 && v != 0:
				t.Fatalf("pixel (%d, %d), %.2f from the centre, has ink %d, want 0", x, y, dist, v)
			case dist > 4.5 && dist < 5.5 && (v == 0 || v == 255):
				t.Fatalf("edge pixel (%d, %d), %.2f from the centre, has ink %d: not anti-aliased", x, y, dist, v)
			}
		}
	}
}

func TestDrawingJoinsDragEvents(t *testing.T) {
	d := newDrawing(100, 3)
	d.Begin(point{10, 50})
	dirty := d.Extend(point{90, 50}) // one event far from the last: no gap
	ink := d.Ink()
	for x := 10; x < 90; x++ {
		if v := ink.GrayAt(x, 50).Y; v != 255 {
			t.Fatalf("pixel (%d, 50) on the stroke has ink %d", x, v)
		}
	}
	if v := ink.GrayAt(50, 56).Y; v != 0 {
		t.Errorf("pixel (50, 56), 5.5 from the stroke, has ink %d", v)
	}
	if want := 90 + 3 + 1; dirty.Max.X < want || dirty.Min.X > 10-3-1 {
		t.Errorf("Extend reported %v as changed; the stroke spans x from 7 to 93", dirty)
	}
}

func TestDrawingUndoAndClear(t *testing.T) {
	d := newDrawing(60, 4)
	d.Begin(point{10, 10})
	d.Extend(point{30, 40})
	first := d.Ink()
	d.Begin(point{50, 10})
	d.Extend(point{45, 50})
	if bytes.Equal(first.Pix, d.Ink().Pix) {
		t.Fatal("the second stroke changed nothing")
	}
	if !d.Undo() {
		t.Fatal("Undo found no stroke")
	}
	if !bytes.Equal(first.Pix, d.Ink().Pix) {
		t.Error("after Undo the ink differs from the first stroke's")
	}
	d.Clear()
	if !d.Empty() || slices.ContainsFunc(d.Ink().Pix, func(v uint8) bool { return v != 0 }) {
		t.Error("Clear left ink or strokes")
	}
	if d.Undo() {
		t.Error("Undo on an empty drawing reported a stroke")
	}
}

func TestDrawingInkIsACopy(t *testing.T) {
	d := newDrawing(20, 2)
	ink := d.Ink()
	d.Begin(point{10, 10})
	if ink.GrayAt(10, 10).Y != 0 {
		t.Error("a copy of the ink changed when the drawing did")
	}
}

func TestDistanceToSegment(t *testing.T) {
	tests := []struct {
		p, a, b point
		want    float64
	}{
		{point{5, 3}, point{0, 0}, point{10, 0}, 3},   // beside the segment
		{point{-3, 4}, point{0, 0}, point{10, 0}, 5},  // beyond its start: distance to a
		{point{13, -4}, point{0, 0}, point{10, 0}, 5}, // beyond its end: distance to b
		{point{3, 4}, point{0, 0}, point{0, 0}, 5},    // a point-like segment
	}
	for _, tt := range tests {
		if got := distanceToSegment(tt.p, tt.a, tt.b); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("distanceToSegment(%v, %v, %v) = %v, want %v", tt.p, tt.a, tt.b, got, tt.want)
		}
	}
}

func TestDrawingStartsFromAPicture(t *testing.T) {
	const rows = 28
	x := make([]float32, rows*rows)
	for y := 4; y < 24; y++ {
		x[y*rows+14] = 1 // a vertical bar in column 14
	}
	d := newDrawing(280, 5)
	d.Start(x)
	ink := d.Ink()
	// Each input pixel is 10 pixels of the drawing: column 14 is pixels 140 to 149,
	// interpolated with its neighbours towards its edges.
	if ink.GrayAt(145, 140).Y < 230 || ink.GrayAt(100, 140).Y != 0 || d.Empty() {
		t.Fatalf("the bar's centre has ink %d, the paper beside it %d; empty %v", ink.GrayAt(145, 140).Y, ink.GrayAt(100, 140).Y, d.Empty())
	}
	d.Begin(point{20, 20})
	if !d.Undo() || d.Ink().GrayAt(145, 140).Y != ink.GrayAt(145, 140).Y || d.Ink().GrayAt(20, 20).Y != 0 {
		t.Fatal("undoing a stroke drawn on the picture did not leave the picture alone")
	}
	d.Clear()
	if !d.Empty() || d.Ink().GrayAt(145, 140).Y != 0 {
		t.Fatal("Clear left the picture")
	}
}
