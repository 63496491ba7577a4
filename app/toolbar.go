package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convscope/internal/tr"
)

// toolbar is the row of buttons above the tabs.
type toolbar struct {
	train, reset, open, save, exportView, exportAll *widget.Button
	content                                         fyne.CanvasObject
}

// toolbarActions are what the toolbar's buttons do.
type toolbarActions struct {
	Train, Reset, Open, Save, ExportView, ExportAll func()
}

func newToolbar(a toolbarActions) *toolbar {
	t := &toolbar{
		train:      widget.NewButtonWithIcon(tr.T("Train"), theme.MediaPlayIcon(), a.Train),
		reset:      widget.NewButtonWithIcon(tr.T("Reset…"), theme.MediaReplayIcon(), a.Reset),
		open:       widget.NewButtonWithIcon(tr.T("Open model…"), theme.FolderOpenIcon(), a.Open),
		save:       widget.NewButtonWithIcon(tr.T("Save model…"), theme.DocumentSaveIcon(), a.Save),
		exportView: widget.NewButtonWithIcon(tr.T("Export view…"), theme.DownloadIcon(), a.ExportView),
		exportAll:  widget.NewButtonWithIcon(tr.T("Export all…"), theme.FolderIcon(), a.ExportAll),
	}
	t.train.Importance = widget.HighImportance
	t.content = container.NewHBox(
		withWidth(112, t.train), t.reset, widget.NewSeparator(),
		t.open, t.save, widget.NewSeparator(),
		t.exportView, t.exportAll, layout.NewSpacer())
	return t
}

// update enables the buttons that do something in the state st, and labels the
// Train button Train, Pause or Resume.
func (t *toolbar) update(st controls) {
	t.train.SetText(st.TrainLabel())
	if st.Running {
		t.train.SetIcon(theme.MediaPauseIcon())
	} else {
		t.train.SetIcon(theme.MediaPlayIcon())
	}
	setEnabled(t.train, st.TrainEnabled())
	setEnabled(t.reset, st.HasModel || st.Running)
	setEnabled(t.save, st.HasModel)
}

// setEnabled enables or disables w.
func setEnabled(w fyne.Disableable, enabled bool) {
	if enabled {
		w.Enable()
	} else {
		w.Disable()
	}
}
