package app

import (
	"os"
	"strings"
	"sync"

	"convscope/internal/tr"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
)

// languagePreference is the preference that keeps the language chosen in the View menu:
// a tr.Language, or "" (or absent) to follow the system locale.
const languagePreference = "language"

// chooseLanguage returns the language of the interface: the one chosen in the View menu
// (choice), else the system's.
func chooseLanguage(choice string, system tr.Language) tr.Language {
	if l, ok := tr.Parse(choice); ok {
		return l
	}
	return system
}

// SystemLanguage returns the language of the system, read once, before useLanguage
// changes the environment: the locale's from the environment (Linux and the BSDs), else
// what the system reports (Windows, macOS), else English.
var SystemLanguage = sync.OnceValue(func() tr.Language {
	return systemLanguage(os.Getenv, func() string { return string(lang.SystemLocale()) })
})

// systemLanguage is SystemLanguage, reading the environment with getenv and asking the
// system with reported.
func systemLanguage(getenv func(string) string, reported func() string) tr.Language {
	if getenv("LANGUAGE") != "" || tr.MessagesLocale(getenv) != "" {
		return tr.FromLocale(getenv)
	}
	if l, ok := tr.Parse(reported()); ok {
		return l
	}
	return tr.English
}

// useLanguage makes l the language of ConvScope's strings and of Fyne's own (the file
// dialogs, the entries' menus). Fyne reads the locale from the environment on Linux, and
// reads it again whenever translations are added; on Windows and macOS it asks the
// system, so there its own few strings follow the system's language.
func useLanguage(l tr.Language) {
	tr.Set(l)
	locale := "en"
	if l == tr.Chinese {
		locale = "zh_CN"
	}
	os.Setenv("LANGUAGE", locale)
	// Under the exact locales C and POSIX the C library and Fyne ignore LANGUAGE.
	if messages := tr.MessagesLocale(os.Getenv); messages == "C" || messages == "POSIX" {
		if os.Getenv("LC_ALL") == "" {
			os.Setenv("LC_MESSAGES", locale+".UTF-8")
		}
	}
	// Adding an empty catalog is the one way to make Fyne read the locale again. It goes
	// under the tag of Fyne's own translations (zh-Hans, not zh-CN), which the locale then
	// matches, so that they are used.
	if err := lang.AddTranslationsForLocale([]byte("{}"), fyne.Locale(strings.ReplaceAll(string(l), "_", "-"))); err != nil {
		fyne.LogError("setting Fyne's language", err)
	}
}

// languageMenu returns the View menu's Language item: the system's language and each
// language ConvScope speaks, each named in itself, the one in effect ticked. A choice is
// kept in the preferences and takes effect when ConvScope next opens, since every tab
// has built its text already; a dialog says so, in the language chosen.
func (w *mainWindow) languageMenu() *fyne.MenuItem {
	prefs := fyne.CurrentApp().Preferences()
	choice := prefs.String(languagePreference)
	item := fyne.NewMenuItem(tr.T("Language"), nil)
	var items []*fyne.MenuItem
	add := func(label, value string) {
		i := fyne.NewMenuItem(label, nil)
		i.Checked = choice == value
		i.Action = func() {
			prefs.SetString(languagePreference, value)
			for _, other := range items {
				other.Checked = other == i
			}
			item.ChildMenu.Refresh()
			w.sayLanguageChanges(chooseLanguage(value, SystemLanguage()))
		}
		items = append(items, i)
	}
	add(tr.F("System (%s)", SystemLanguage().Name()), "")
	for _, l := range tr.Languages {
		add(l.Name(), string(l))
	}
	item.ChildMenu = fyne.NewMenu("", items...)
	return item
}

// sayLanguageChanges tells, in language l itself, that l shows from the next start.
func (w *mainWindow) sayLanguageChanges(l tr.Language) {
	if l == tr.Current() {
		return
	}
	title, body := "Language", "ConvScope will be in English the next time it opens."
	if l == tr.Chinese {
		title, body = "语言", "下次打开 ConvScope 时，界面将使用简体中文。"
	}
	dialog.ShowInformation(title, body, w.window)
}
