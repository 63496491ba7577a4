package tr

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// moduleRoot is the root of the module, two directories above this package.
const moduleRoot = "../.."

// translated is every call of T, F or Errorf in the module's non-test code.
type call struct {
	key      string // the literal English text, "" when the argument is not a literal
	pos      string
	topLevel bool // in a package-level declaration, evaluated before Set
}

// scanModule parses every non-test Go file of the module and returns the calls of this
// package's functions and every string literal (unquoted) that the code contains.
func scanModule(t *testing.T) (calls []call, literals map[string]bool) {
	t.Helper()
	literals = map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(moduleRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "build", "testdata", "dist":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					literals[s] = true
				}
			}
			return true
		})
		for _, decl := range f.Decls {
			_, isFunc := decl.(*ast.FuncDecl)
			ast.Inspect(decl, func(n ast.Node) bool {
				c, ok := n.(*ast.CallExpr)
				if !ok || !isTranslation(c) {
					return true
				}
				found := call{pos: fset.Position(c.Pos()).String(), topLevel: !isFunc && !insideFuncLit(decl, c)}
				if lit, ok := c.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					found.key, _ = strconv.Unquote(lit.Value)
				}
				calls = append(calls, found)
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return calls, literals
}

// isTranslation reports whether c calls tr.T, tr.F or tr.Errorf with at least one argument.
func isTranslation(c *ast.CallExpr) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || len(c.Args) == 0 {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "tr" && (sel.Sel.Name == "T" || sel.Sel.Name == "F" || sel.Sel.Name == "Errorf")
}

// insideFuncLit reports whether target lies inside a function literal within decl, where
// it runs when the function is called rather than when the package initialises.
func insideFuncLit(decl ast.Node, target ast.Node) bool {
	inside := false
	ast.Inspect(decl, func(n ast.Node) bool {
		if fl, ok := n.(*ast.FuncLit); ok && fl.Pos() <= target.Pos() && target.End() <= fl.End() {
			inside = true
		}
		return !inside
	})
	return inside
}

// verbs returns the formatting verbs of s, without argument indexes, sorted.
func verbs(s string) []string {
	out := verbPattern.FindAllString(s, -1)
	for i, v := range out {
		out[i] = argIndex.ReplaceAllString(v, "")
	}
	slices.Sort(out)
	return out
}

var (
	verbPattern = regexp.MustCompile(`%[-+# 0]*(\[\d+\])?(\d+|\*)?(\.(\d+|\*)?)?(\[\d+\])?[a-zA-Z%]`)
	argIndex    = regexp.MustCompile(`\[\d+\]`)
)

func TestCatalogsRead(t *testing.T) {
	if _, err := readCatalogs(files); err != nil {
		t.Fatal(err)
	}
}

// TestEveryStringIsTranslated fails when a string given to T, F or Errorf has no
// Simplified Chinese translation, when a translation's formatting verbs differ from its
// English ones, when a catalog keeps a string that the code no longer has, and when a
// translation is asked for while the package initialises, before the language is set.
func TestEveryStringIsTranslated(t *testing.T) {
	calls, literals := scanModule(t)
	if len(calls) == 0 {
		t.Fatal("found no calls of tr.T, tr.F or tr.Errorf in the module")
	}
	all, err := readCatalogs(files)
	if err != nil {
		t.Fatal(err)
	}
	zh := all[Chinese]
	var untranslated []string
	for _, c := range calls {
		if c.topLevel {
			t.Errorf("%s: translated at package initialisation, before the language is set; translate where it is shown", c.pos)
		}
		if c.key == "" {
			continue
		}
		got, ok := zh[c.key]
		switch {
		case !ok:
			untranslated = append(untranslated, c.key)
		case strings.TrimSpace(got) == "":
			t.Errorf("%s: %q has an empty translation", c.pos, c.key)
		case !slices.Equal(verbs(got), verbs(c.key)):
			t.Errorf("%s: %q has verbs %v, its translation %q has %v", c.pos, c.key, verbs(c.key), got, verbs(got))
		}
	}
	if len(untranslated) > 0 {
		slices.Sort(untranslated)
		untranslated = slices.Compact(untranslated)
		t.Errorf("%d strings have no %s translation; add them to a catalog in %s/:\n%s",
			len(untranslated), Chinese, Chinese, strings.Join(quoteAll(untranslated), "\n"))
	}
	for en := range zh {
		if !literals[en] {
			t.Errorf("the catalog translates %q, which no code contains; remove it", en)
		}
	}
}

// sampleArgs returns one argument for each verb of the English format en, in order, of a
// type the verb formats: what a call would pass.
func sampleArgs(en string) []any {
	var args []any
	for _, v := range verbPattern.FindAllString(en, -1) {
		switch v[len(v)-1] {
		case '%':
		case 'd', 'x', 'X', 'o', 'b', 'c':
			args = append(args, 7)
		case 'f', 'g', 'e', 'G', 'E':
			args = append(args, 0.5)
		case 't':
			args = append(args, true)
		case 'w':
			args = append(args, errors.New("cause"))
		default: // s, q, v
			args = append(args, "name")
		}
	}
	return args
}

// TestTranslationsFormat formats every translation with arguments of the types its English
// verbs take, and fails on fmt's complaints (%!d(string=…), %!f(BADINDEX), %!(EXTRA …)):
// an index or a precision that matches in count but not in use.
func TestTranslationsFormat(t *testing.T) {
	all, err := readCatalogs(files)
	if err != nil {
		t.Fatal(err)
	}
	for en, zh := range all[Chinese] {
		args := sampleArgs(en)
		if len(args) == 0 {
			continue
		}
		for _, format := range []string{en, zh} {
			if got := fmt.Errorf(format, args...).Error(); strings.Contains(got, "%!") {
				t.Errorf("%q formats as %q", format, got)
			}
		}
	}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "\t" + strconv.Quote(s) + ": \"\","
	}
	return out
}
