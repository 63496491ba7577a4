// Package tr is ConvScope's one translation layer: every string that the app, the
// pictures or the command line show a person goes through T, F or Errorf.
//
// A string's key is its English text, so the code reads as the English user sees it and a
// missing translation shows English, never a blank or a key. The other languages' texts
// are JSON catalogs embedded from the directories named after the language (zh_Hans/);
// each file is a flat object mapping English to the translation, and the files of one
// language are merged. Format strings keep their verbs: the translation of
// "Step %d of %d" must contain two %d, and may reorder them as %[2]d and %[1]d.
//
// The language is set once at start-up, before any string is shown (Set), from the
// user's choice or the system locale (FromLocale); T and F are safe for concurrent use.
package tr

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Language is a language of the user interface, named as Fyne names its translations.
type Language string

const (
	// English is the language of the keys, and the fallback of every other language.
	English Language = "en"
	// Chinese is Simplified Chinese.
	Chinese Language = "zh_Hans"
)

// Languages lists the languages that ConvScope speaks, in the order a menu shows them.
var Languages = []Language{English, Chinese}

// Name returns the language's name in that language, as a language menu shows it.
func (l Language) Name() string {
	switch l {
	case Chinese:
		return "简体中文"
	default:
		return "English"
	}
}

// Parse returns the language that a locale or language name names: "zh", "zh_CN.UTF-8",
// "zh-Hans" and "zh_Hans" give Chinese; "en", "en_US.UTF-8" give English. It returns
// false for anything else, including "C", "POSIX" and "".
func Parse(name string) (Language, bool) {
	name = strings.ToLower(name)
	if i := strings.IndexAny(name, ".@"); i >= 0 {
		name = name[:i] // drop the code set and modifier: zh_CN.UTF-8, en_US@euro
	}
	tags := strings.Split(strings.ReplaceAll(name, "-", "_"), "_")
	switch tags[0] {
	case "en":
		return English, true
	case "zh":
		// Traditional Chinese, by script or region, falls back to English rather than show
		// Simplified characters to a reader who asked for Traditional ones.
		for _, t := range tags[1:] {
			switch t {
			case "hant", "tw", "hk", "mo":
				return "", false
			}
		}
		return Chinese, true
	}
	return "", false
}

// FromLocale returns the language of the system locale that getenv (os.Getenv) describes,
// as gettext reads it: the messages locale is the first set of LC_ALL, LC_MESSAGES and
// LANG; under the locales C and POSIX it is English; otherwise the first language of
// LANGUAGE's colon-separated list that ConvScope speaks, else the messages locale's, else
// English.
func FromLocale(getenv func(string) string) Language {
	messages := MessagesLocale(getenv)
	if messages == "C" || messages == "POSIX" {
		return English
	}
	for _, name := range strings.Split(getenv("LANGUAGE"), ":") {
		if l, ok := Parse(name); ok {
			return l
		}
	}
	if l, ok := Parse(messages); ok {
		return l
	}
	return English
}

// MessagesLocale returns the locale of messages that getenv describes: the first set of
// LC_ALL, LC_MESSAGES and LANG, or "" when none is.
func MessagesLocale(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale := getenv(v); locale != "" {
			return locale
		}
	}
	return ""
}

// current is the language in use and its catalog (nil for English).
var current atomic.Pointer[state]

type state struct {
	lang    Language
	catalog map[string]string
}

// Set makes l the language of every string translated from now on. A language with no
// catalog, or one whose catalog cannot be read, translates nothing: English is shown.
func Set(l Language) {
	c := catalogs()[l]
	current.Store(&state{lang: l, catalog: c})
}

// Current returns the language in use: English until Set is called.
func Current() Language {
	if s := current.Load(); s != nil {
		return s.lang
	}
	return English
}

// T returns s in the current language.
func T(s string) string {
	st := current.Load()
	if st == nil || st.lang == English {
		return s
	}
	if t, ok := st.catalog[s]; ok {
		return t
	}
	missing.note(s)
	return s
}

// F formats like fmt.Sprintf with format translated into the current language.
func F(format string, args ...any) string {
	return fmt.Sprintf(T(format), args...)
}

// Errorf is fmt.Errorf with format translated into the current language; %w wraps as
// fmt.Errorf does.
func Errorf(format string, args ...any) error {
	return fmt.Errorf(T(format), args...)
}

// Missing returns, sorted, every string that T was asked for in a language other than
// English and that its catalog lacks. Tests use it to prove that a screen is translated.
func Missing() []string {
	return missing.list()
}

// ResetMissing forgets the strings that Missing reports.
func ResetMissing() {
	missing.reset()
}

var missing missingSet

type missingSet struct {
	sync.Mutex
	seen map[string]bool
}

func (m *missingSet) note(s string) {
	m.Lock()
	defer m.Unlock()
	if m.seen == nil {
		m.seen = map[string]bool{}
	}
	m.seen[s] = true
}

func (m *missingSet) list() []string {
	m.Lock()
	defer m.Unlock()
	out := make([]string, 0, len(m.seen))
	for s := range m.seen {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func (m *missingSet) reset() {
	m.Lock()
	defer m.Unlock()
	m.seen = nil
}

//go:embed zh_Hans/*.json
var files embed.FS

// catalogs reads the embedded catalogs once. A catalog that cannot be read leaves its
// language untranslated; TestCatalogsRead makes sure none ships that way.
var catalogs = sync.OnceValue(func() map[Language]map[string]string {
	all, _ := readCatalogs(files)
	return all
})

// readCatalogs reads every language directory of fsys and merges each one's JSON files.
// It reports every unreadable file and every string that two files translate
// differently, and keeps what it could read.
func readCatalogs(fsys fs.FS) (map[Language]map[string]string, error) {
	all := map[Language]map[string]string{}
	var problems []error
	for _, l := range Languages {
		names, err := fs.Glob(fsys, path.Join(string(l), "*.json"))
		if err != nil {
			problems = append(problems, err)
			continue
		}
		for _, name := range names {
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				problems = append(problems, err)
				continue
			}
			var entries map[string]string
			if err := json.Unmarshal(data, &entries); err != nil {
				problems = append(problems, fmt.Errorf("%s: %w", name, err))
				continue
			}
			if all[l] == nil {
				all[l] = map[string]string{}
			}
			for en, t := range entries {
				if prev, ok := all[l][en]; ok && prev != t {
					problems = append(problems, fmt.Errorf("%s: %q is translated twice: %q and %q", name, en, prev, t))
					continue
				}
				all[l][en] = t
			}
		}
	}
	return all, errors.Join(problems...)
}
