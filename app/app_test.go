package app

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// quitRecorder is a test app that counts calls to Quit.
type quitRecorder struct {
	fyne.App
	quits int
}

func (q *quitRecorder) Quit() { q.quits++ }

func TestMainWindowHasTitleSizeAndTrainingTab(t *testing.T) {
	w := newMainWindow(test.NewTempApp(t))
	defer w.Close()

	if got := w.Title(); got != "ConvScope" {
		t.Errorf("title %q, want %q", got, "ConvScope")
	}
	if got, want := w.Canvas().Size(), fyne.NewSize(1200, 800); got != want {
		t.Errorf("size %v, want %v", got, want)
	}
	tabs, ok := w.Content().(*container.AppTabs)
	if !ok {
		t.Fatalf("content is %T, want *container.AppTabs", w.Content())
	}
	if len(tabs.Items) == 0 || tabs.Items[0].Text != "Training" {
		t.Fatalf("tabs %v, want Training first", tabTitles(tabs))
	}
	if !showsLabel(tabs.Items[0].Content, settingUpMessage) {
		t.Errorf("Training tab does not show %q", settingUpMessage)
	}
}

func TestQuitShortcutQuitsApp(t *testing.T) {
	a := &quitRecorder{App: test.NewTempApp(t)}
	w := newMainWindow(a)
	defer w.Close()

	w.Canvas().(fyne.Shortcutable).TypedShortcut(quitShortcut)
	if a.quits != 1 {
		t.Errorf("Quit called %d times after %s, want 1", a.quits, quitShortcut.ShortcutName())
	}
}

func TestIDAndNameMatchFyneAppToml(t *testing.T) {
	toml, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`ID = "` + ID + `"`, `Name = "` + appName + `"`} {
		if !strings.Contains(string(toml), want) {
			t.Errorf("FyneApp.toml has no line %s; the app and its package would disagree", want)
		}
	}
}

func tabTitles(tabs *container.AppTabs) []string {
	var titles []string
	for _, item := range tabs.Items {
		titles = append(titles, item.Text)
	}
	return titles
}

// showsLabel reports whether a label with text is among the objects laid out under o.
func showsLabel(o fyne.CanvasObject, text string) bool {
	for _, obj := range test.LaidOutObjects(o) {
		if label, ok := obj.(*widget.Label); ok && label.Text == text {
			return true
		}
	}
	return false
}
