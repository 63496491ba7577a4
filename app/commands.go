package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/internal/tr"
)

// ctrl returns the shortcut of key with Ctrl, or Cmd on macOS.
func ctrl(key fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

// menu returns the window's menus. Their shortcuts work even while an entry has the focus.
func (w *mainWindow) menu() *fyne.MainMenu {
	item := func(label string, shortcut fyne.Shortcut, action func()) *fyne.MenuItem {
		i := fyne.NewMenuItem(label, action)
		i.Shortcut = shortcut
		return i
	}
	quit := item(tr.T("Quit"), ctrl(fyne.KeyQ), w.requestClose)
	quit.IsQuit = true
	file := fyne.NewMenu(tr.T("File"),
		item(tr.T("Open model…"), ctrl(fyne.KeyO), w.openModel),
		item(tr.T("Save model…"), ctrl(fyne.KeyS), func() { w.saveModel(nil) }),
		fyne.NewMenuItemSeparator(),
		item(tr.T("Export view as PNG…"), ctrl(fyne.KeyE), w.exportCurrentView),
		item(tr.T("Export all as PNGs…"), &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}, w.exportEverything),
		fyne.NewMenuItemSeparator(),
		item(tr.T("Choose MNIST folder…"), nil, w.chooseDataFolder),
		fyne.NewMenuItemSeparator(),
		quit)
	training := fyne.NewMenu(tr.T("Training"),
		item(tr.T("Train / Pause (Space)"), nil, w.toggleTraining),
		item(tr.T("Reset…"), nil, w.resetModel),
		item(tr.T("Evaluate on the test set"), nil, w.testSet.Evaluate))
	view := fyne.NewMenu(tr.T("View"))
	for i, p := range w.pages {
		var key fyne.Shortcut
		if i < 10 { // Ctrl+1 to Ctrl+9, then Ctrl+0 for the tenth
			key = ctrl(fyne.KeyName(fmt.Sprint((i + 1) % 10)))
		}
		view.Items = append(view.Items, item(p.Item().Text, key, func() { w.tabs.Select(p.Item()) }))
	}
	view.Items = append(view.Items, fyne.NewMenuItemSeparator(), w.languageMenu())
	return fyne.NewMainMenu(file, training, view)
}

// addKeys binds the keys that act when no entry has the focus: Space trains or pauses,
// on the Draw tab Ctrl+Z undoes a stroke and Delete clears the pad, and on the Runs tab
// Ctrl+A ticks every run.
func (w *mainWindow) addKeys() {
	c := w.window.Canvas()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if c.Overlays().Top() != nil { // a dialog is open
			return
		}
		switch {
		case ev.Name == fyne.KeySpace:
			w.toggleTraining()
		case ev.Name == fyne.KeyDelete && w.visible(w.draw):
			w.draw.Clear()
		}
	})
	c.AddShortcut(&fyne.ShortcutSelectAll{}, func(fyne.Shortcut) {
		if w.visible(w.runs) && c.Overlays().Top() == nil {
			w.runs.TickAll()
		}
	})
	c.AddShortcut(&fyne.ShortcutUndo{}, func(fyne.Shortcut) {
		if w.visible(w.draw) && c.Overlays().Top() == nil {
			w.draw.Undo()
		}
	})
}

// closePrompt is the question asked before quitting with unsaved training.
type closePrompt struct {
	dialog                *dialog.CustomDialog
	cancel, discard, save *widget.Button
}

// requestClose closes the window, the app's way to quit: it stops a sweep (saving its run
// in progress) and training and, if the model has unsaved training, asks whether to save
// it first. Asked again while the
// question is shown (Ctrl+Q twice), it quits without saving.
func (w *mainWindow) requestClose() {
	if w.prompt != nil {
		w.closeNow()
		return
	}
	if w.runs.sweep.Running() {
		w.status.say(tr.T("Stopping the sweep after saving its run in progress…"))
		w.runs.sweep.Stop(func() { w.do(w.requestClose) })
		return
	}
	if w.session.Status().Running {
		w.status.say(tr.T("Stopping the training…"))
		w.session.Stop(func() { w.do(w.offerSave) })
		return
	}
	w.offerSave()
}

// offerSave asks whether to save unsaved training before quitting, or quits.
func (w *mainWindow) offerSave() {
	w.updateControls()
	st := w.session.Status()
	if !st.Unsaved {
		w.closeNow()
		return
	}
	text := widget.NewLabel(tr.F("The model trained to step %s is not saved. Quitting without saving loses it.", formatCount(st.Step)))
	text.Wrapping = fyne.TextWrapWord
	p := &closePrompt{dialog: dialog.NewCustomWithoutButtons(tr.T("Save the model before quitting?"), text, w.window)}
	hide := func() {
		p.dialog.Hide()
		w.prompt = nil
	}
	p.cancel = widget.NewButton(tr.T("Cancel"), func() {
		hide()
		w.status.say(tr.T("Training is paused."))
	})
	p.discard = widget.NewButtonWithIcon(tr.T("Quit without saving (Ctrl+Q)"), theme.CancelIcon(), w.closeNow)
	p.discard.Importance = widget.DangerImportance
	p.save = widget.NewButtonWithIcon(tr.T("Save…"), theme.DocumentSaveIcon(), func() {
		hide()
		w.saveModel(w.closeNow)
	})
	p.save.Importance = widget.HighImportance
	p.dialog.SetButtons([]fyne.CanvasObject{p.cancel, p.discard, p.save})
	p.dialog.Resize(fyne.NewSize(520, 0).Max(p.dialog.MinSize()))
	w.prompt = p
	p.dialog.Show()
	w.log.Printf("asked to save before quitting step=%d", st.Step)
}

// closeNow closes the window, which quits the app.
func (w *mainWindow) closeNow() {
	w.log.Printf("closed")
	w.window.Close()
}
