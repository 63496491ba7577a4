// Package localefix stops Fyne from logging a locale error at start-up under the C.UTF-8
// locale, the default of many containers and CI machines.
//
// Fyne v2.7.1 reads the messages locale when it initialises; it takes "C" and "POSIX" to
// mean English, but parses "C.UTF-8" as the language tag "C", fails, and logs two errors
// to stderr in every program that links it, headless commands included. Importing this
// package for its side effect sets LANGUAGE=en first when the messages locale is C with a
// code set and LANGUAGE is unset, which Fyne then reads instead. The C library ignores
// LANGUAGE under the C locale, so child processes see no change.
//
// Its init runs before Fyne's: Go initialises packages in import-path order as far as
// their imports allow (Go spec, "Package initialization"), this package imports only
// os and strings, and "convscope/" sorts before "fyne.io/".
package localefix

import (
	"os"
	"strings"
)

func init() { setEnglishForCLocale() }

// setEnglishForCLocale sets LANGUAGE=en when LANGUAGE is unset or empty and the messages
// locale is C with a code set, such as C.UTF-8.
func setEnglishForCLocale() {
	if os.Getenv("LANGUAGE") == "" && strings.HasPrefix(messagesLocale(), "C.") {
		os.Setenv("LANGUAGE", "en")
	}
}

// messagesLocale returns the locale that the C library uses for messages: the first set
// of LC_ALL, LC_MESSAGES and LANG, or "" when none is.
func messagesLocale() string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(name); v != "" {
			return v
		}
	}
	return ""
}
