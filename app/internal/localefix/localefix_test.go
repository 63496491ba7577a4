package localefix

import (
	"os"
	"testing"
)

func TestMessagesLocalePrecedence(t *testing.T) {
	tests := []struct {
		lcAll, lcMessages, lang string
		want                    string
	}{
		{"", "", "", ""},
		{"", "", "C.UTF-8", "C.UTF-8"},
		{"", "de_DE.UTF-8", "C.UTF-8", "de_DE.UTF-8"},
		{"fr_FR.UTF-8", "de_DE.UTF-8", "C.UTF-8", "fr_FR.UTF-8"},
	}
	for _, tt := range tests {
		t.Setenv("LC_ALL", tt.lcAll)
		t.Setenv("LC_MESSAGES", tt.lcMessages)
		t.Setenv("LANG", tt.lang)
		if got := messagesLocale(); got != tt.want {
			t.Errorf("LC_ALL=%q LC_MESSAGES=%q LANG=%q: messagesLocale() = %q, want %q",
				tt.lcAll, tt.lcMessages, tt.lang, got, tt.want)
		}
	}
}

func TestSetEnglishForCLocale(t *testing.T) {
	tests := []struct {
		lang, language string
		want           string
	}{
		{"C.UTF-8", "", "en"},
		{"C.utf8", "", "en"},
		{"C.UTF-8", "fr", "fr"},   // the user's choice stays
		{"C", "", ""},             // Fyne already reads plain C as English
		{"de_DE.UTF-8", "", ""},   // a real locale stays
		{"Catalan.UTF-8", "", ""}, // only the C locale counts
	}
	for _, tt := range tests {
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", tt.lang)
		t.Setenv("LANGUAGE", tt.language)
		setEnglishForCLocale()
		if got := os.Getenv("LANGUAGE"); got != tt.want {
			t.Errorf("LANG=%q LANGUAGE=%q: LANGUAGE becomes %q, want %q", tt.lang, tt.language, got, tt.want)
		}
	}
}
