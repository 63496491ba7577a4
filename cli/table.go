package cli

import (
	"io"
	"strings"
	"unicode/utf8"
)

// writeTable writes rows to w as aligned columns, as text/tabwriter does with minwidth 0
// and padding gap, but measuring each cell as a terminal shows it: a Chinese character
// takes two columns, where tabwriter counts one and misaligns a translated table. Every
// cell of a row but the last is padded to its column's widest cell plus gap (on the left
// when alignRight, as tabwriter.AlignRight); the last is written as it is, so a row
// ending in "" pads all its cells, like a line of tabwriter ending in a tab.
func writeTable(w io.Writer, rows [][]string, gap int, alignRight bool) error {
	var widths []int
	for _, row := range rows {
		for i, cell := range row[:max(len(row)-1, 0)] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		for i, cell := range row {
			if i == len(row)-1 {
				b.WriteString(cell)
				break
			}
			pad := strings.Repeat(" ", widths[i]+gap-displayWidth(cell))
			if alignRight {
				b.WriteString(pad + cell)
			} else {
				b.WriteString(cell + pad)
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// displayWidth returns the columns s takes on a terminal: two for each wide (East Asian)
// character, one for every other.
func displayWidth(s string) int {
	n := utf8.RuneCountInString(s)
	for _, r := range s {
		if isWide(r) {
			n++
		}
	}
	return n
}

// isWide reports whether a terminal shows r two columns wide: the CJK characters and
// punctuation, Hangul, and the full-width forms.
func isWide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115f, // Hangul Jamo
		0x2e80 <= r && r <= 0x303e, // CJK radicals, symbols and punctuation
		0x3041 <= r && r <= 0x33ff, // kana, CJK compatibility
		0x3400 <= r && r <= 0x4dbf, // CJK extension A
		0x4e00 <= r && r <= 0x9fff, // CJK unified ideographs
		0xa000 <= r && r <= 0xa4cf, // Yi
		0xac00 <= r && r <= 0xd7a3, // Hangul syllables
		0xf900 <= r && r <= 0xfaff, // CJK compatibility ideographs
		0xfe30 <= r && r <= 0xfe4f, // CJK compatibility forms
		0xff00 <= r && r <= 0xff60, // full-width forms
		0xffe0 <= r && r <= 0xffe6,
		0x20000 <= r && r <= 0x3fffd: // CJK extensions B and beyond
		return true
	}
	return false
}
