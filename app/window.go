package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
)

// Main window defaults.
const (
	windowWidth  = 1200 // in Fyne's device-independent units
	windowHeight = 800
)

// quitShortcut quits the app: Ctrl+Q, or Cmd+Q on macOS.
var quitShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}

// newMainWindow builds, without showing it, the main window of a: one tab per screen,
// sized windowWidth x windowHeight, with quitShortcut bound to a.Quit.
func newMainWindow(a fyne.App) fyne.Window {
	w := a.NewWindow(appName)
	w.SetContent(container.NewAppTabs(newTrainingTab()))
	w.Resize(fyne.NewSize(windowWidth, windowHeight))
	w.Canvas().AddShortcut(quitShortcut, func(fyne.Shortcut) { a.Quit() })
	return w
}
