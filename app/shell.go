package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"convscope/views"
)

// shell is what the tabs share: the session, the window their dialogs belong to, the
// hand-off to the UI goroutine and the event log.
type shell struct {
	session *Session
	window  fyne.Window
	// do runs a function on the UI goroutine: fyne.Do in the app; tests run it themselves.
	do  func(func())
	log *eventLog
}

// showMessage shows a dialog with a title and a message that may be long.
func (sh *shell) showMessage(title, message string) {
	text := widget.NewLabel(message)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, "Close", text, sh.window)
	d.Resize(fyne.NewSize(520, 0).Max(d.MinSize()))
	d.Show()
}

// tab is one screen of the main window.
type tab interface {
	// Item returns the tab's title and content.
	Item() *container.TabItem
	// Refresh brings the tab up to date with the session, doing the heavy work off the UI
	// goroutine.
	Refresh()
	// ExportView returns the picture the tab shows, as Export view writes it, or false if
	// it shows none yet.
	ExportView() (views.View, bool)
}
