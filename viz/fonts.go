package viz

import (
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
// never see one: Debian's fonts-droid-fallback (4 MB, installed by scripts/deps.sh) and
// Windows's Microsoft YaHei are found where they live, and CONVSCOPE_CJK_FONT names any
// other TrueType font or collection. (WenQuanYi Micro Hei, the other small Debian CJK
// font, will not do: its tables are not aligned as the font parser requires.)

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
		"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
		"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
		"/usr/share/fonts/truetype/arphic/uming.ttc",
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

// readCJKFont parses the TrueType or OpenType font or collection at path, and returns its
// first font if that has a glyph for 卷 (U+5377); otherwise nil.
func readCJKFont(path string) *opentype.Font {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	coll, err := opentype.ParseCollection(data)
	if err != nil || coll.NumFonts() == 0 {
		return nil
	}
	f, err := coll.Font(0)
	if err != nil {
		return nil
	}
	if i, err := f.GlyphIndex(nil, '卷'); err != nil || i == 0 {
		return nil
	}
	return f
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
