package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// settingsPanel is the column left of the tabs: the training settings, validated as they
// are typed, and the MNIST data folder.
type settingsPanel struct {
	entries []*widget.Entry
	message *widget.Label
	folder  *widget.Label
	choose  *widget.Button
	content fyne.CanvasObject

	// OnChanged is called with the texts of every setting after the user changes one.
	OnChanged func(texts []string)
	quiet     bool // set while the panel itself sets the texts
}

// settingsWidth is the width of the settings panel.
const settingsWidth = 300

// newSettingsPanel returns the panel showing cfg's settings; chooseFolder is called when
// the user wants to pick the data folder.
func newSettingsPanel(texts []string, chooseFolder func()) *settingsPanel {
	p := &settingsPanel{
		message: widget.NewLabel(""),
		folder:  widget.NewLabel("Looking for MNIST…"),
		choose:  widget.NewButtonWithIcon("Choose folder…", theme.FolderOpenIcon(), chooseFolder),
	}
	form := widget.NewForm()
	for i, f := range settingFields() {
		e := widget.NewEntry()
		e.SetText(texts[i])
		e.Validator = func(text string) error { return checkSetting(f, text) }
		e.OnChanged = func(string) { p.changed() }
		p.entries = append(p.entries, e)
		form.Append(f.Label, e)
		form.Items[i].HintText = f.Hint
	}
	p.message.Wrapping = fyne.TextWrapWord
	p.folder.Wrapping = fyne.TextWrapBreak
	p.folder.SizeName = theme.SizeNameCaptionText
	p.content = withWidth(settingsWidth, container.NewVScroll(container.NewVBox(
		heading("Training settings"), form, p.message,
		widget.NewSeparator(),
		heading("MNIST data"), p.folder, p.choose,
	)))
	return p
}

// heading returns a bold title for a group of settings.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// texts returns the text of every setting, in the order of settingFields.
func (p *settingsPanel) texts() []string {
	texts := make([]string, len(p.entries))
	for i, e := range p.entries {
		texts[i] = e.Text
	}
	return texts
}

func (p *settingsPanel) changed() {
	if !p.quiet && p.OnChanged != nil {
		p.OnChanged(p.texts())
	}
}

// setTexts shows new settings, such as those of a model opened, without calling OnChanged.
func (p *settingsPanel) setTexts(texts []string) {
	p.quiet = true
	defer func() { p.quiet = false }()
	for i, e := range p.entries {
		e.SetText(texts[i])
	}
}

// update shows what the state st says about the settings: the entries are
// read-only while training, and the message says what is wrong or what a change needs.
func (p *settingsPanel) update(st controls) {
	for _, e := range p.entries {
		setEnabled(e, !st.Running)
	}
	switch {
	case st.SettingsErr != nil:
		p.say(st.SettingsErr.Error(), widget.DangerImportance)
	case len(st.NewNetworkChanges) > 0:
		p.say(needsResetError(st.NewNetworkChanges).Error(), widget.WarningImportance)
	case st.Running:
		p.say("Pause to change the settings.", widget.LowImportance)
	default:
		p.say("", widget.MediumImportance)
	}
}

func (p *settingsPanel) say(text string, importance widget.Importance) {
	p.message.Importance = importance
	p.message.SetText(text)
	p.message.Hidden = text == ""
}

// showFolder shows the data folder, or what went wrong looking for it.
func (p *settingsPanel) showFolder(text string) { p.folder.SetText(text) }
