package tr

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		want Language
		ok   bool
	}{
		{"zh_CN.UTF-8", Chinese, true},
		{"zh", Chinese, true},
		{"zh-Hans", Chinese, true},
		{"zh_Hans", Chinese, true},
		{"zh_SG", Chinese, true},
		{"zh_TW.UTF-8", "", false},
		{"zh-Hant", "", false},
		{"zh-Hant-TW", "", false},
		{"zh_Hant_HK", "", false},
		{"zh-Hans-CN", Chinese, true},
		{"en_US.UTF-8", English, true},
		{"en_GB@euro", English, true},
		{"C.UTF-8", "", false},
		{"POSIX", "", false},
		{"de_DE", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFromLocale(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want Language
	}{
		{map[string]string{}, English},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, Chinese},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, English},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, Chinese},
		{map[string]string{"LANG": "en_US.UTF-8", "LANGUAGE": "fr:zh_CN:en"}, Chinese},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LANGUAGE": "en"}, English},
		{map[string]string{"LANG": "de_DE.UTF-8"}, English},
		{map[string]string{"LANG": "C.UTF-8"}, English},
		{map[string]string{"LC_ALL": "C", "LANGUAGE": "zh_CN"}, English}, // gettext ignores LANGUAGE under C
		{map[string]string{"LANG": "POSIX", "LANGUAGE": "zh_CN"}, English},
	}
	for _, tt := range tests {
		if got := FromLocale(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("FromLocale(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}

// withCatalog makes l the current language with catalog c for one test.
func withCatalog(t *testing.T, l Language, c map[string]string) {
	t.Helper()
	before := current.Load()
	current.Store(&state{lang: l, catalog: c})
	ResetMissing()
	t.Cleanup(func() { current.Store(before); ResetMissing() })
}

func TestTranslateAndRecordWhatIsMissing(t *testing.T) {
	withCatalog(t, Chinese, map[string]string{"Train": "训练", "Step %d of %d": "第 %[1]d 步，共 %[2]d 步"})
	if got := T("Train"); got != "训练" {
		t.Errorf("T(Train) = %q", got)
	}
	if got := F("Step %d of %d", 3, 10); got != "第 3 步，共 10 步" {
		t.Errorf("F = %q", got)
	}
	if got := T("Pause"); got != "Pause" {
		t.Errorf("an untranslated string should show in English, got %q", got)
	}
	err := Errorf("reading %s: %w", "x", errSentinel)
	if got := Missing(); !slices.Equal(got, []string{"Pause", "reading %s: %w"}) {
		t.Errorf("Missing() = %q", got)
	}
	if err.Error() != "reading x: sentinel" {
		t.Errorf("Errorf = %q", err)
	}
}

func TestEnglishRecordsNothing(t *testing.T) {
	withCatalog(t, English, nil)
	if got := T("Pause"); got != "Pause" {
		t.Errorf("T(Pause) = %q", got)
	}
	if got := Missing(); len(got) != 0 {
		t.Errorf("English should record nothing missing, got %q", got)
	}
}

func TestReadCatalogsReportsConflictsAndBadFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"zh_Hans/a.json": {Data: []byte(`{"Train": "训练", "Stop": "停止"}`)},
		"zh_Hans/b.json": {Data: []byte(`{"Train": "培训", "Pause": "暂停"}`)},
		"zh_Hans/c.json": {Data: []byte(`{"Train": `)},
	}
	all, err := readCatalogs(fsys)
	if err == nil {
		t.Fatal("want an error for the conflict and the truncated file")
	}
	if got := all[Chinese]; got["Train"] != "训练" || got["Pause"] != "暂停" || got["Stop"] != "停止" {
		t.Errorf("kept %v", got)
	}
}

var errSentinel = sentinel{}

type sentinel struct{}

func (sentinel) Error() string { return "sentinel" }
