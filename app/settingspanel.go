package app

import (
	"convscope/cnn"
	"convscope/internal/tr"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// settingsPanel is the column left of the tabs: the training settings, validated as they
// are typed, and the MNIST data folder.
type settingsPanel struct {
	entries []*widget.Entry
	pickers []*widget.Select // the lists that write a choice into an entry
	message *widget.Label
	layers  *widget.Label // the table of the architecture's layers
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
		layers:  widget.NewLabel(""),
		folder:  widget.NewLabel(tr.T("Looking for MNIST…")),
		choose:  widget.NewButtonWithIcon(tr.T("Choose folder…"), theme.FolderOpenIcon(), chooseFolder),
	}
	form := widget.NewForm()
	wide := container.NewVBox() // the long settings, below the form at the panel's width
	for i, f := range settingFields() {
		e := widget.NewEntry()
		if f.Lines > 1 {
			e = widget.NewMultiLineEntry()
			e.SetMinRowsVisible(f.Lines)
			e.Wrapping = fyne.TextWrapOff
		}
		e.SetText(texts[i])
		e.Validator = func(text string) error { return checkSetting(f, text) }
		e.OnChanged = func(string) { p.changed() }
		p.entries = append(p.entries, e)
		if f.Lines > 1 {
			hint := widget.NewLabel(f.Hint)
			hint.SizeName = theme.SizeNameCaptionText
			wide.Add(widget.NewSeparator())
			pick := picker(f.Picks, e)
			p.pickers = append(p.pickers, pick)
			wide.Add(container.NewBorder(nil, nil, heading(f.Label), pick))
			wide.Add(e)
			wide.Add(hint)
			continue
		}
		var field fyne.CanvasObject = e
		if len(f.Picks) > 0 {
			pick := picker(f.Picks, e)
			p.pickers = append(p.pickers, pick)
			field = container.NewVBox(pick, e)
		}
		form.Append(f.Label, field)
		form.Items[len(form.Items)-1].HintText = f.Hint
	}
	p.layers.Wrapping = fyne.TextWrapOff
	p.layers.TextStyle.Monospace = true
	p.layers.SizeName = theme.SizeNameCaptionText
	p.message.Wrapping = fyne.TextWrapWord
	p.folder.Wrapping = fyne.TextWrapBreak
	p.folder.SizeName = theme.SizeNameCaptionText
	p.content = withWidth(settingsWidth, container.NewVScroll(container.NewVBox(
		heading(tr.T("Training settings")), form, wide, container.NewHScroll(p.layers), p.message,
		widget.NewSeparator(),
		heading(tr.T("MNIST data")), p.folder, p.choose,
	)))
	return p
}

// picker returns a list of picks that writes the text of the one picked into e.
func picker(picks []pick, e *widget.Entry) *widget.Select {
	names := make([]string, len(picks))
	for i, p := range picks {
		names[i] = p.Name
	}
	sel := widget.NewSelect(names, nil)
	sel.PlaceHolder = tr.T("Choose…")
	sel.OnChanged = func(name string) {
		for _, p := range picks {
			if p.Name == name {
				e.SetText(p.Text)
			}
		}
	}
	return sel
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
// read-only while training, the message says what is wrong or what a change needs, and
// the table lists the layers of the architecture.
func (p *settingsPanel) update(st controls) {
	p.layers.SetText(layerTable(st.Settings))
	for _, e := range p.entries {
		setEnabled(e, !st.Running)
	}
	for _, pick := range p.pickers {
		setEnabled(pick, !st.Running)
	}
	switch {
	case st.SettingsErr != nil:
		p.say(st.SettingsErr.Error(), widget.DangerImportance)
	case len(st.NewNetworkChanges) > 0:
		p.say(needsResetError(st.NewNetworkChanges).Error(), widget.WarningImportance)
	case st.Running:
		p.say(tr.T("Pause to change the settings."), widget.LowImportance)
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

// layerTable returns the layers of cfg's architecture on MNIST's inputs, one a line: name,
// output shape, parameters and multiply-adds per image, and the totals.
func layerTable(cfg cnn.Config) string {
	spec, err := cnn.ParseSpec(cfg.ArchText())
	if err != nil {
		return ""
	}
	sums, err := spec.Summary(cnn.Shape{H: 28, W: 28, C: 1}, cnn.Classes)
	if err != nil {
		return ""
	}
	var b strings.Builder
	row := func(name, shape, params, multAdds string) {
		b.WriteString(padRight(name, 8) + " " + padRight(shape, 10) + " " + padLeft(params, 9) + " " + padLeft(multAdds, 11))
	}
	row(tr.T("layer"), tr.T("output"), tr.T("params"), tr.T("mult-adds"))
	params, multAdds := 0, 0
	for _, s := range sums {
		b.WriteString("\n")
		row(s.Name, s.Shape, formatCount(s.Params), formatCount(s.MultAdds))
		params, multAdds = params+s.Params, multAdds+s.MultAdds
	}
	b.WriteString("\n")
	row(tr.T("total"), "", formatCount(params), formatCount(multAdds))
	return b.String()
}

// padRight pads s with spaces on the right to width columns of a monospaced font, in
// which a Chinese character takes two.
func padRight(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-textWidth(s)))
}

// padLeft pads s with spaces on the left to width columns (see padRight).
func padLeft(s string, width int) string {
	return strings.Repeat(" ", max(0, width-textWidth(s))) + s
}

// textWidth returns how many columns of a monospaced font s takes: two for each wide
// (East Asian) character, one for the others.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 ||
			r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6) {
			n++
		}
	}
	return n
}
