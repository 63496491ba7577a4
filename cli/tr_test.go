package cli

import (
	"bytes"
	"strings"
	"testing"
	"unicode"

	"convscope/internal/tr"
	"convscope/runs"
)

// inChinese sets the language to Simplified Chinese for the test, forgetting the strings
// missed so far, and back to English after it.
func inChinese(t *testing.T) {
	t.Helper()
	tr.Set(tr.Chinese)
	tr.ResetMissing()
	t.Cleanup(func() { tr.Set(tr.English) })
}

// untranslatedWords are the words of the usage that stay as they are in Chinese: the
// program and its commands, placeholders, the values that flags take, type names,
// technical tokens, and the names of the settings that a sweep varies.
var untranslatedWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		convscope ConvScope train eval classify inspect presets runs compare sweep embed
		FILE COMMAND IMAGE DIR RUN NAME N n STDDEV A B
		int uint float string value
		MNIST Fashion-MNIST PNG JPEG JSON CSV SGD BLAS PCA t-SNE CPU Go goroutine dropout logit perplexity
		adam sgd mnist fashion reference lenet tiny deep truncnormal he xavier pca tsne
		step time fgsm iterated conv same relu maxpool fc
		preset arch dataset init optimizer lr momentum keep batch steps seed`) {
		untranslatedWords[w] = true
	}
}

// englishWords returns the words of text that are English and not one of
// untranslatedWords: what a translated text must not have. Flags (-steps), paths and
// files (~/.local, confusion.png), settings (NAME=V1,V2), lists (x,y,label) and
// environment variables ($XDG_DATA_HOME) are not words.
func englishWords(text string) []string {
	var found []string
	fields := strings.FieldsFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || r > unicode.MaxASCII && !unicode.IsLetter(r) || unicode.Is(unicode.Han, r)
	})
	for _, f := range fields {
		f = strings.TrimRight(strings.Trim(f, `()[]{}"'`), ".,;:")
		if f == "" || strings.ContainsAny(f, "-$/.:=,_~0123456789\\") && !untranslatedWords[f] {
			continue
		}
		for _, w := range strings.FieldsFunc(f, func(r rune) bool { return r > unicode.MaxASCII || r == '|' }) {
			if !untranslatedWords[w] {
				found = append(found, w)
			}
		}
	}
	return found
}

// TestUsageIsTranslated checks that in Chinese, the usage of convscope and of every
// command has a translation for every string it asks for, and no English left but the
// words that stay English.
func TestUsageIsTranslated(t *testing.T) {
	inChinese(t)
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"-h"}, &stdout, &stderr); code != 0 {
		t.Fatalf("convscope -h exited %d: %s", code, stderr.String())
	}
	usages := map[string]string{"convscope -h": stdout.String()}
	for _, c := range commands {
		var stdout, stderr bytes.Buffer
		if code := Main([]string{c.Name, "-h"}, &stdout, &stderr); code != 0 {
			t.Fatalf("convscope %s -h exited %d: %s", c.Name, code, stderr.String())
		}
		usages["convscope "+c.Name+" -h"] = stderr.String()
	}
	if missing := tr.Missing(); len(missing) > 0 {
		t.Errorf("the usage asked for strings that have no Chinese translation:\n%s", strings.Join(missing, "\n"))
	}
	for cmd, usage := range usages {
		if words := englishWords(usage); len(words) > 0 {
			t.Errorf("%s has English words %q:\n%s", cmd, words, usage)
		}
		if !strings.Contains(usage, "用法") {
			t.Errorf("%s does not say 用法:\n%s", cmd, usage)
		}
	}
	if u := usages["convscope train -h"]; !strings.Contains(u, "-steps int\n") || !strings.Contains(u, "（默认 20000）") {
		t.Errorf("convscope train -h lists no -steps with its default:\n%s", u)
	}
}

// TestFlagErrorsAreTranslated checks the flag package's complaints in Chinese.
func TestFlagErrorsAreTranslated(t *testing.T) {
	inChinese(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-nosuch"}, "未定义的选项：-nosuch\n"},
		{[]string{"-steps"}, "选项需要一个参数：-steps\n"},
		{[]string{"-steps", "x"}, "选项 -steps 的值 \"x\" 无效：无法解析\n"},
		{[]string{"-json=maybe"}, "-json 的布尔值 \"maybe\" 无效："},
		{[]string{"---x"}, "选项格式错误：---x\n"},
	} {
		var stdout, stderr bytes.Buffer
		if code := Main(append([]string{"train"}, tc.args...), &stdout, &stderr); code != exitUsage {
			t.Errorf("train %q exited %d, want %d", tc.args, code, exitUsage)
		}
		if !strings.HasPrefix(stderr.String(), tc.want) || !strings.Contains(stderr.String(), "用法：convscope train [选项]") {
			t.Errorf("train %q printed %q, want it to start with %q and show the usage", tc.args, stderr.String(), tc.want)
		}
	}
	var stdout, stderr bytes.Buffer
	Main([]string{"sweep", "-set", "colour=red"}, &stdout, &stderr)
	if want := `选项 -set 的值 "colour=red" 无效：扫描不能改变 "colour"`; !strings.HasPrefix(stderr.String(), want) {
		t.Errorf("sweep -set colour=red printed %q, want it to start with %q", stderr.String(), want)
	}
	if missing := tr.Missing(); len(missing) > 0 {
		t.Errorf("strings with no Chinese translation:\n%s", strings.Join(missing, "\n"))
	}
}

// TestChineseTablesAlign checks that a table with Chinese cells lines its columns up as a
// terminal shows them, each Chinese character two columns wide.
func TestChineseTablesAlign(t *testing.T) {
	var b bytes.Buffer
	writeTable(&b, [][]string{{"名称", "状态", "x"}, {"reference", "已完成", "y"}}, 2, false)
	want := "名称       状态    x\nreference  已完成  y\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if w := displayWidth("测试 ab"); w != 7 {
		t.Errorf("displayWidth(\"测试 ab\") = %d, want 7", w)
	}
}

// TestRunsInChinese checks the words that the runs table and the comparison legend show
// in Chinese, and that the legend that -json prints stays English.
func TestRunsInChinese(t *testing.T) {
	inChinese(t)
	for s, want := range map[runs.Status]string{runs.Training: "训练中", runs.Paused: "已暂停", runs.Finished: "已完成", runs.Diverged: "已发散"} {
		if got := s.Text(); got != want {
			t.Errorf("%q.Text() = %q, want %q", s, got, want)
		}
	}
	if got := archName(runs.Settings{}); got != "自定义" {
		t.Errorf("archName of a custom architecture = %q, want 自定义", got)
	}
	a, b := runs.Settings{Steps: 100, EvalEvery: 10}, runs.Settings{Steps: 200, EvalEvery: 20}
	if got := runs.Differences([]runs.Settings{a, b}); got[0] != "100 步, 每 10 步评估一次" {
		t.Errorf("Differences in Chinese = %q", got)
	}
	if got := runs.EnglishDifferences([]runs.Settings{a, b}); got[0] != "100 steps, evaluated every 10" {
		t.Errorf("EnglishDifferences in Chinese = %q", got)
	}
	if missing := tr.Missing(); len(missing) > 0 {
		t.Errorf("strings with no Chinese translation:\n%s", strings.Join(missing, "\n"))
	}
}
