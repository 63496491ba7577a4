package viz

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/opentype"
)

// inked renders str in caption style and returns its pixels.
func inked(str string) []uint8 {
	dst := image.NewRGBA(image.Rect(0, 0, 120, 30))
	drawText(dst, str, 4, 15, alignLeft, captionText, 1, color.RGBA{A: 255})
	return dst.Pix
}

// TestChineseCaptionsAreDrawnInACJKFont checks that Chinese text is drawn with real
// glyphs: without a CJK font, every Han character is the same empty box, so two different
// words of two characters would give identical pixels.
func TestChineseCaptionsAreDrawnInACJKFont(t *testing.T) {
	if !HasCJKFont() {
		t.Skip("no font with Chinese glyphs on this system (scripts/deps.sh build installs fonts-wqy-microhei)")
	}
	a, b := inked("卷积"), inked("特征")
	if bytes.Equal(a, b) {
		t.Fatal("two different Chinese words drew identical pixels: no CJK glyphs")
	}
	if bytes.Equal(a, inked("")) {
		t.Fatal("Chinese text drew nothing")
	}
	if w := textWidth("卷积核", captionText, 1); w < 24 {
		t.Errorf("three Chinese characters at 12 px measure %d px, want at least 24", w)
	}
}

func TestNeedsCJK(t *testing.T) {
	for s, want := range map[string]bool{
		"conv1 filters": false, "卷积核": true, "Step 3，": true, "（a）": true, "épreuve": false, "": false,
	} {
		if got := needsCJK(s); got != want {
			t.Errorf("needsCJK(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestReadCJKFontRefusesFontsWithoutChinese(t *testing.T) {
	dir := t.TempDir()
	latin := filepath.Join(dir, "LiberationSans-Regular.ttf")
	if err := os.WriteFile(latin, liberationsansregular.TTF, 0o644); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage.ttc")
	if err := os.WriteFile(garbage, []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{latin, garbage, filepath.Join(dir, "missing.ttc")} {
		if f := readCJKFont(p); f != nil {
			t.Errorf("readCJKFont(%s) accepted a font without Chinese glyphs", filepath.Base(p))
		}
	}
	if paths := cjkFontPaths(func(k string) string { return map[string]string{"CONVSCOPE_CJK_FONT": latin}[k] }); paths[0] != latin {
		t.Errorf("CONVSCOPE_CJK_FONT should come first, got %q", paths[0])
	}
}

// misalignedCollection wraps font in a one-font collection whose font, and so every
// table, starts two bytes past a multiple of four.
func misalignedCollection(font []byte) []byte {
	const shift = 18 // the collection's 16-byte header and 2 bytes of padding
	out := append([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x12\x00\x00"), font...)
	tables := int(binary.BigEndian.Uint16(font[4:]))
	for i := range tables {
		at := shift + 12 + 16*i + 8
		binary.BigEndian.PutUint32(out[at:], binary.BigEndian.Uint32(out[at:])+shift)
	}
	return out
}

func TestAlignedFirstFontRealignsTables(t *testing.T) {
	ttc := misalignedCollection(liberationsansregular.TTF)
	if c, err := opentype.ParseCollection(ttc); err == nil {
		if _, err := c.Font(0); err == nil {
			t.Fatal("the parser took the misaligned collection as it is; the test proves nothing")
		}
	}
	data, err := alignedFirstFont(ttc)
	if err != nil {
		t.Fatal(err)
	}
	f, err := opentype.Parse(data)
	if err != nil {
		t.Fatalf("the realigned font does not parse: %v", err)
	}
	if i, _ := f.GlyphIndex(nil, 'a'); i == 0 {
		t.Error("the realigned font lost its glyphs")
	}
	header := 18 + 12 + 16*int(binary.BigEndian.Uint16(liberationsansregular.TTF[4:]))
	for n := 0; n < header; n += 7 { // truncated before the tables: refused, no panic
		if _, err := alignedFirstFont(ttc[:n]); err == nil {
			t.Errorf("a collection cut to %d bytes gave a font", n)
		}
	}
}

// TestAlignedFirstFontRefusesRepeatedTables feeds a font whose table records all name the
// whole file, which copied as they say would take 64 GiB for a 1 MiB file.
func TestAlignedFirstFontRefusesRepeatedTables(t *testing.T) {
	const tables = 0xFFFF
	data := make([]byte, 1<<20)
	binary.BigEndian.PutUint16(data[4:], tables)
	for i := range tables {
		binary.BigEndian.PutUint32(data[12+16*i+12:], uint32(len(data))) // offset 0, the whole file
	}
	if _, err := alignedFirstFont(data); err == nil {
		t.Error("a font whose tables add up to more than its file was accepted")
	}
}

func TestCJKFontsWithoutLatinAreRefused(t *testing.T) {
	const droid = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	if _, err := os.Stat(droid); err != nil {
		t.Skip("Droid Sans Fallback, a CJK font without Latin letters, is not installed")
	}
	if readCJKFont(droid) != nil {
		t.Error("Droid Sans Fallback has no Latin letters or digits, and should be refused")
	}
}
