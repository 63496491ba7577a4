package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/views"
)

// shell is what the tabs share: the session and its snapshots, the data, the input being
// inspected, the window their dialogs belong to, the hand-off to the UI goroutine and the
// event log.
type shell struct {
	session *Session
	data    *dataLoader
	window  fyne.Window
	// do runs a function on the UI goroutine: fyne.Do in the app; tests run it themselves.
	do  func(func())
	log *eventLog

	// inspected is the input the tabs show the network: the drawing, or a test image. It
	// belongs to the UI goroutine.
	inspected input
}

// input is what the tabs show the network: the drawing, or an image of the test set.
type input struct {
	X     []float32 // mnist.Pixels values in [0, 1], 1 being ink; nil for no input; never changed
	Index int       // the test image's index, or -1 for the drawing
}

// noInput is the input before the user draws or picks one.
var noInput = input{Index: -1}

// snapshot returns the model as it is now, or nil before the untrained network is built.
func (sh *shell) snapshot() *cnn.Snapshot { return sh.session.Snapshot() }

// test returns the test set of the data set the model is of, or nil before that data set
// is loaded.
func (sh *shell) test() *mnist.Set {
	data, _ := sh.data.Data()
	if s := sh.snapshot(); data == nil || s != nil && s.Config.Data().Name != data.Name {
		return nil
	}
	return data.Test
}

// classes returns the data set the model is of: its class names.
func (sh *shell) classes() mnist.Dataset {
	if s := sh.snapshot(); s != nil {
		return s.Config.Data()
	}
	return mnist.MNIST
}

// edgesInput returns the input the edge detectors are compared on: the input inspected,
// or test image 0 if there is none, or no input (X nil) before the data is loaded.
func (sh *shell) edgesInput() input {
	if sh.inspected.X != nil {
		return sh.inspected
	}
	if test := sh.test(); test != nil {
		return input{X: test.Image(0), Index: 0}
	}
	return noInput
}

// showMessage shows a dialog with a title and a message that may be long.
func (sh *shell) showMessage(title, message string) {
	text := widget.NewLabel(message)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, tr.T("Close"), text, sh.window)
	d.Resize(fyne.NewSize(520, 0).Max(d.MinSize()))
	d.Show()
}

// tab is one screen of the main window.
type tab interface {
	// Item returns the tab's title and content.
	Item() *container.TabItem
	// Refresh brings the tab up to date with the session's snapshot and the input
	// inspected, doing the heavy work off the UI goroutine. A tab remembers the version
	// of the snapshot it shows, and redoes nothing while that version (and the input) is
	// current.
	Refresh()
	// ExportView returns the picture the tab shows, as Export view writes it, or false if
	// it shows none yet.
	ExportView() (views.View, bool)
}
