package viz

import (
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"unicode"

	"convscope/internal/tr"

	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// Liberation Sans, which gonum/plot bundles, has no Chinese glyphs. Text with Chinese
// characters is drawn in a font of the system instead: pictures in the bitmap text of
// drawText choose per string, charts choose per language (see chartFont). ConvScope does
// not bundle a CJK font, which would add megabytes to every download for the users who
// never see one: Debian's fonts-wqy-microhei (5 MB, installed by scripts/deps.sh) and
// Windows's Microsoft YaHei are found where they live, and CONVSCOPE_CJK_FONT names any
// other TrueType font or collection. The font must have Latin letters and digits too,
// since gonum/plot draws a text in one font: Droid Sans Fallback, for one, has none.

// cjkTypeface names the CJK font in gonum/plot's font cache.
const cjkTypeface = "ConvScope CJK"

// cjkFontPaths returns where to look for a font with Chinese glyphs, best first: the file
// CONVSCOPE_CJK_FONT names, the usual places on Debian, Windows and macOS, and last the
// font that fontconfig's fc-match offers for Chinese.
func cjkFontPaths(getenv func(string) string) []string {
	var paths []string
	if p := getenv("CONVSCOPE_CJK_FONT"); p != "" {
		paths = append(paths, p)
	}
	paths = append(paths,
		"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
		"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
		"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
		"/System/Library/Fonts/STHeiti Medium.ttc",
		"/Library/Fonts/Arial Unicode.ttf",
	)
	if runtime.GOOS == "windows" {
		windows := getenv("WINDIR")
		if windows == "" {
			windows = `C:\Windows`
		}
		fonts := filepath.Join(windows, "Fonts")
		for _, name := range []string{"msyh.ttc", "simhei.ttf", "simsun.ttc"} {
			paths = append(paths, filepath.Join(fonts, name))
		}
	}
	if out, err := exec.Command("fc-match", "-f", "%{file}", ":lang=zh-cn").Output(); err == nil && len(out) > 0 {
		paths = append(paths, string(out))
	}
	return paths
}

// cjkFont returns the first font of cjkFontPaths that parses and has Chinese glyphs, or
// nil when there is none. It looks once, and adds the font to gonum/plot's cache.
var cjkFont = sync.OnceValue(func() *opentype.Font {
	for _, p := range cjkFontPaths(os.Getenv) {
		f := readCJKFont(p)
		if f == nil {
			continue
		}
		font.DefaultCache.Add(font.Collection{{Font: font.Font{Typeface: cjkTypeface}, Face: f}})
		return f
	}
	return nil
})

// readCJKFont parses the TrueType or OpenType font, or the first font of the collection,
// at path, and returns it if it has glyphs for Chinese (卷), Latin letters and digits, so
// that a caption mixing them shows them all; otherwise nil.
func readCJKFont(path string) *opentype.Font {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	if data, err = alignedFirstFont(data); err != nil {
		return nil
	}
	f, err := opentype.Parse(data)
	if err != nil {
		return nil
	}
	for _, r := range "卷a0" {
		if i, err := f.GlyphIndex(nil, r); err != nil || i == 0 {
			return nil
		}
	}
	return f
}

// alignedFirstFont returns the first font of a font collection (a .ttc), or the font of
// a single font file, as a single font whose tables begin at multiples of four bytes, as
// the OpenType format requires and its parser checks. WenQuanYi Micro Hei, Debian's
// small CJK font, has tables that do not.
func alignedFirstFont(data []byte) ([]byte, error) {
	errBad := errors.New("viz: not a font file")
	u32 := func(at int) (uint32, bool) {
		if at < 0 || at+4 > len(data) {
			return 0, false
		}
		return binary.BigEndian.Uint32(data[at:]), true
	}
	start := 0
	if string(data[:min(4, len(data))]) == "ttcf" {
		off, ok := u32(12) // the offset of the first font's table directory
		if !ok {
			return nil, errBad
		}
		if uint64(off) > uint64(len(data)) {
			return nil, errBad
		}
		start = int(off)
	}
	if start+12 > len(data) {
		return nil, errBad
	}
	tables := int(binary.BigEndian.Uint16(data[start+4:]))
	header := 12 + 16*tables
	if start+header > len(data) {
		return nil, errBad
	}
	out := make([]byte, header, len(data)-start)
	copy(out, data[start:start+header])
	// The tables of a font do not overlap, so together they are no longer than the file:
	// a file whose table records say otherwise is refused before it is copied.
	var total uint64
	for i := range tables {
		record := 12 + 16*i
		off, ok1 := u32(start + record + 8)
		n, ok2 := u32(start + record + 12)
		total += uint64(n)
		if !ok1 || !ok2 || uint64(off)+uint64(n) > uint64(len(data)) || total > uint64(len(data)) {
			return nil, errBad
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		binary.BigEndian.PutUint32(out[record+8:], uint32(len(out)))
		out = append(out, data[off:off+n]...)
	}
	return out, nil
}

// HasCJKFont reports whether a font with Chinese glyphs was found for the pictures' text.
// Without one, Chinese text in pictures shows as empty boxes.
func HasCJKFont() bool { return cjkFont() != nil }

// needsCJK reports whether s has a character of the Han script or a CJK punctuation mark,
// which Liberation Sans lacks.
func needsCJK(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) {
			return true
		}
	}
	return false
}

// chartFont returns the font of chart text of the given size: the CJK font when the
// language is Chinese and one is found, else Liberation Sans.
func chartFont(size vg.Length) font.Font {
	if tr.Current() == tr.Chinese && cjkFont() != nil {
		return font.Font{Typeface: cjkTypeface, Size: size}
	}
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
}
