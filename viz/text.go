package viz

import (
	"image"
	"image/color"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// textStyle is a font size in pixels at scale 1 and a weight.
type textStyle struct {
	size float64
	bold bool
}

var (
	titleText   = textStyle{size: 15, bold: true}
	labelText   = textStyle{size: 11}
	labelBold   = textStyle{size: 11, bold: true}
	smallText   = textStyle{size: 9}
	cellText    = textStyle{size: 12}
	captionText = textStyle{size: 12}
)

// hAlign is the horizontal alignment of text relative to its anchor point.
type hAlign int8

const (
	alignLeft hAlign = iota
	alignCenter
	alignRight
)

// sans holds the parsed Liberation Sans fonts, parsed once on first use.
var sans = sync.OnceValue(func() [2]*opentype.Font {
	parse := func(ttf []byte) *opentype.Font {
		f, err := opentype.Parse(ttf)
		if err != nil {
			panic("viz: parsing Liberation Sans: " + err.Error())
		}
		return f
	}
	return [2]*opentype.Font{parse(liberationsansregular.TTF), parse(liberationsansbold.TTF)}
})

// faces caches one font.Face per pixel size and weight. An opentype face is not safe
// for concurrent use, so every use of a cached face holds the lock.
var faces struct {
	sync.Mutex
	m map[faceKey]font.Face
}

type faceKey struct {
	px   float64
	bold bool
	cjk  bool // the CJK font, which has one weight, instead of Liberation Sans
}

// withFace calls fn with the face that draws str in style st at scale s while holding the
// cache lock: Liberation Sans, or the CJK font when str has Chinese characters and one is
// found (see fonts.go).
func withFace(st textStyle, s int, str string, fn func(font.Face)) {
	key := faceKey{px: st.size * float64(s), bold: st.bold}
	typeface := sans()[0]
	if st.bold {
		typeface = sans()[1]
	}
	if cjk := cjkFont(); cjk != nil && needsCJK(str) {
		key.bold, key.cjk, typeface = false, true, cjk
	}
	faces.Lock()
	defer faces.Unlock()
	f, ok := faces.m[key]
	if !ok {
		var err error
		f, err = opentype.NewFace(typeface, &opentype.FaceOptions{
			Size:    key.px,
			DPI:     72, // so that Size is in pixels
			Hinting: font.HintingFull,
		})
		if err != nil {
			panic("viz: making a font face: " + err.Error())
		}
		if faces.m == nil {
			faces.m = make(map[faceKey]font.Face)
		}
		faces.m[key] = f
	}
	fn(f)
}

// textWidth returns the advance width of str in pixels in style st at scale s.
func textWidth(str string, st textStyle, s int) int {
	var w fixed.Int26_6
	withFace(st, s, str, func(f font.Face) { w = font.MeasureString(f, str) })
	return w.Ceil()
}

// drawText draws str onto dst so that its capital letters are vertically centred on
// yMid and it is aligned horizontally on x.
func drawText(dst *image.RGBA, str string, x, yMid int, align hAlign, st textStyle, s int, col color.RGBA) {
	withFace(st, s, str, func(f font.Face) {
		width := font.MeasureString(f, str)
		dot := fixed.P(x, yMid).Add(fixed.Point26_6{Y: f.Metrics().CapHeight / 2})
		switch align {
		case alignCenter:
			dot.X -= width / 2
		case alignRight:
			dot.X -= width
		}
		d := font.Drawer{Dst: dst, Src: image.NewUniform(col), Face: f, Dot: dot}
		d.DrawString(str)
	})
}

// drawTextUp draws str rotated a quarter turn counter-clockwise (reading upwards),
// centred on (xMid, yMid).
func drawTextUp(dst *image.RGBA, str string, xMid, yMid int, st textStyle, s int, col color.RGBA) {
	w := textWidth(str, st, s)
	h := int(st.size*float64(s)*1.5 + 0.5)
	flat := image.NewRGBA(image.Rect(0, 0, w, h))
	drawText(flat, str, w/2, h/2, alignCenter, st, s, col)
	// Pixel (x, y) of flat goes to (x0+y, y0+w-1-x) of dst.
	x0, y0 := xMid-h/2, yMid-w/2
	for y := range h {
		for x := range w {
			i := flat.PixOffset(x, y)
			if a := flat.Pix[i+3]; a != 0 {
				blendPixel(dst, x0+y, y0+w-1-x, flat.Pix[i:i+4])
			}
		}
	}
}

// blendPixel composites the premultiplied colour src over pixel (x, y) of dst, if that
// pixel is inside dst.
func blendPixel(dst *image.RGBA, x, y int, src []uint8) {
	if !(image.Point{x, y}).In(dst.Rect) {
		return
	}
	d := dst.Pix[dst.PixOffset(x, y):]
	keep := 255 - uint32(src[3])
	for k := range 4 {
		d[k] = uint8(uint32(src[k]) + (uint32(d[k])*keep+127)/255)
	}
}
