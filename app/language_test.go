package app

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"convscope/internal/tr"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestChooseLanguage(t *testing.T) {
	tests := []struct {
		choice string
		system tr.Language
		want   tr.Language
	}{
		{"", tr.Chinese, tr.Chinese},
		{"", tr.English, tr.English},
		{"zh_Hans", tr.English, tr.Chinese},
		{"en", tr.Chinese, tr.English},
		{"klingon", tr.Chinese, tr.Chinese}, // an unknown choice follows the system
	}
	for _, tt := range tests {
		if got := chooseLanguage(tt.choice, tt.system); got != tt.want {
			t.Errorf("chooseLanguage(%q, %q) = %q, want %q", tt.choice, tt.system, got, tt.want)
		}
	}
}

func TestSystemLanguage(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	tests := []struct {
		env      map[string]string
		reported string // what the system reports, as Windows and macOS do
		want     tr.Language
	}{
		{map[string]string{"LANG": "zh_CN.UTF-8"}, "en-US", tr.Chinese},
		{map[string]string{"LANG": "en_GB.UTF-8"}, "zh-CN", tr.English},
		{nil, "zh-CN", tr.Chinese}, // Windows: no locale in the environment
		{nil, "zh-TW", tr.English},
		{nil, "", tr.English},
	}
	for _, tt := range tests {
		if got := systemLanguage(env(tt.env), func() string { return tt.reported }); got != tt.want {
			t.Errorf("systemLanguage(%v, %q) = %q, want %q", tt.env, tt.reported, got, tt.want)
		}
	}
}

// TestLanguageMenuKeepsTheChoice chooses 简体中文 in the View menu and checks that the
// choice is kept in the preferences, ticked, and announced.
func TestLanguageMenuKeepsTheChoice(t *testing.T) {
	h := newHarness(t, testSettings(), nil).loaded()
	menu := h.w.languageMenu()
	var chinese *fyne.MenuItem
	for _, i := range menu.ChildMenu.Items {
		if i.Label == tr.Chinese.Name() {
			chinese = i
		}
	}
	if chinese == nil {
		t.Fatalf("no %s in the Language menu", tr.Chinese.Name())
	}
	if !menu.ChildMenu.Items[0].Checked {
		t.Error("with no choice made, the system's language should be ticked")
	}
	chinese.Action()
	if got := fyne.CurrentApp().Preferences().String(languagePreference); got != string(tr.Chinese) {
		t.Errorf("preference = %q, want %q", got, tr.Chinese)
	}
	if !chinese.Checked || menu.ChildMenu.Items[0].Checked {
		t.Error("the choice should be the one item ticked")
	}
	if !shows(h.w.window.Canvas(), "下次打开 ConvScope 时，界面将使用简体中文。") {
		t.Error("no dialog says when the language changes")
	}
}

// shows reports whether c shows text want anywhere, overlays included.
func shows(c fyne.Canvas, want string) bool {
	return slices.Contains(textsOf(c), want)
}

// textsOf returns every text that c draws, its content's and its overlays', except what
// the user typed into entries: settings, file names and architectures are input, not
// interface.
func textsOf(c fyne.Canvas) []string {
	var out []string
	roots := append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...)
	for _, root := range roots {
		objects := test.LaidOutObjects(root)
		typed := map[string]bool{}
		for _, o := range objects {
			if e, ok := o.(*widget.Entry); ok {
				for _, line := range strings.Split(e.Text, "\n") {
					typed[line] = true
				}
			}
		}
		for _, o := range objects {
			if txt, ok := o.(*canvas.Text); ok && strings.TrimSpace(txt.Text) != "" && !typed[txt.Text] {
				out = append(out, txt.Text)
			}
		}
	}
	return out
}

// menuTexts returns the labels of every item of m, submenus included.
func menuTexts(m *fyne.MainMenu) []string {
	var out []string
	var walk func(items []*fyne.MenuItem)
	walk = func(items []*fyne.MenuItem) {
		for _, i := range items {
			out = append(out, i.Label)
			if i.ChildMenu != nil {
				walk(i.ChildMenu.Items)
			}
		}
	}
	for _, menu := range m.Items {
		out = append(out, menu.Label)
		walk(menu.Items)
	}
	return out
}

// technicalWords are the words that a Chinese screen shows in Latin letters on purpose:
// names, abbreviations and tokens that Chinese texts on deep learning write as they are.
var technicalWords = map[string]bool{
	"ConvScope": true, "MNIST": true, "Fashion-MNIST": true, "Fashion": true, "ReLU": true,
	"Adam": true, "SGD": true, "PNG": true, "CSV": true, "JSON": true, "SVG": true,
	"Grad-CAM": true, "t-SNE": true, "PCA": true, "dropout": true, "Dropout": true,
	"Ctrl": true, "Space": true, "Shift": true, "Delete": true, "Esc": true,
	"conv": true, "pool": true, "fc": true, "softmax": true, "tanh": true, "sigmoid": true,
	"He": true, "Xavier": true, "Glorot": true, "LeCun": true, "Zeiler": true, "Fergus": true,
	"img": true, "ms": true, "px": true, "max": true, "min": true,
	// the system's language, named in itself in the Language menu
	"English": true,
	// the papers' names, glossed in parentheses
	"deconvnet": true, "guided": true, "backpropagation": true,
	// values typed in the settings, which the hints quote
	"adam": true, "sgd": true, "mnist": true, "fashion": true, "truncnormal": true, "xavier": true,
	// the name of the test fixture's data folder
	"testdata": true,
}

// shape matches the rest of a shape such as 28x28x32 after its first number.
var shape = regexp.MustCompile(`^x[0-9]+(x[0-9]+)*$`)

// latinWord matches a word of Latin letters, with its digits, underscores, hyphens and
// dots inside.
var latinWord = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_]*(?:[-.][A-Za-z0-9_]+)*`)

// englishWords returns the words of s that look like untranslated English: Latin words of
// three letters or more that are not technical words, acronyms or identifiers in capitals
// (SAME, XDG_DATA_HOME), layer names, shapes or units.
func englishWords(s string) []string {
	var out []string
	for _, w := range latinWord.FindAllString(s, -1) {
		letters := strings.TrimRight(w, "0123456789")
		if shape.MatchString(w) || strings.ToUpper(w) == w || len(letters) < 3 || technicalWords[w] || technicalWords[letters] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// TestEveryTabSpeaksChinese shows every tab and the menus in Chinese, during and after
// training, and fails on any string asked of the translation layer that has no Chinese
// translation and on any text shown with an English word in it: a string that bypasses
// the layer.
func TestEveryTabSpeaksChinese(t *testing.T) {
	tr.Set(tr.Chinese)
	tr.ResetMissing()
	t.Cleanup(func() { tr.Set(tr.English); tr.ResetMissing() })

	h := newHarness(t, testSettings(), nil).loaded()
	h.w.toggleTraining()
	h.trainers.await(t, 1)
	h.q.until(t, "some training", func() bool { return h.w.snapshot() != nil && h.w.snapshot().Step > 0 })
	h.w.toggleTraining()
	h.q.until(t, "the pause", func() bool { return !h.w.session.Status().Running })

	seen := map[string]bool{}
	for _, s := range menuTexts(h.w.window.MainMenu()) {
		seen[s] = true
	}
	for _, p := range h.w.pages {
		h.w.tabs.Select(p.Item())
		h.q.drain()
		for _, s := range textsOf(h.w.window.Canvas()) {
			seen[s] = true
		}
	}
	var english []string
	for s := range seen {
		if words := englishWords(s); len(words) > 0 {
			english = append(english, s+"  ("+strings.Join(words, ", ")+")")
		}
	}
	slices.Sort(english)
	if len(english) > 0 {
		t.Errorf("%d texts shown in English on a Chinese screen:\n\t%s", len(english), strings.Join(english, "\n\t"))
	}
	if missing := tr.Missing(); len(missing) > 0 {
		t.Errorf("%d strings have no Chinese translation:\n\t%q", len(missing), missing)
	}
}

// TestUseLanguageTranslatesFyneToo checks that Fyne's own strings follow the language
// chosen, whatever the system's: Fyne's dialogs and menus say 退出 for Quit in Chinese.
func TestUseLanguageTranslatesFyneToo(t *testing.T) {
	for _, v := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		t.Setenv(v, "")
	}
	t.Setenv("LANG", "en_US.UTF-8")
	t.Cleanup(func() { useLanguage(tr.English) })
	useLanguage(tr.Chinese)
	if got := lang.L("Quit"); got != "退出" {
		t.Errorf("Fyne's Quit in Chinese = %q, want 退出", got)
	}
	if got := tr.T("Language"); got != "语言" {
		t.Errorf("ConvScope's Language in Chinese = %q, want 语言", got)
	}
	useLanguage(tr.English)
	if got := lang.L("Quit"); got != "Quit" {
		t.Errorf("Fyne's Quit in English = %q", got)
	}
}
