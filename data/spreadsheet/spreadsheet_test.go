package spreadsheet_test

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tierline/tierline/data/spreadsheet"
)

func TestNeutralise(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"+1+1", "'+1+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"＝1+1", "'＝1+1"},
		{"＋1", "'＋1"},
		{"－1+A1", "'－1+A1"},
		{"＠A1", "'＠A1"},
		{"﹦1", "'﹦1"},
		{"−1+A1", "'−1+A1"},
		{" =1+1", "' =1+1"},
		{"\u00a0=1+1", "'\u00a0=1+1"},
		{"\u3000＝1", "'\u3000＝1"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"\n=1+1", "'\n=1+1"},
		{"\tplain", "'\tplain"},
		{"'=1+1", "''=1+1"},
		{"-3", "-3"},
		{"+4.5", "+4.5"},
		{"-0.25", "-0.25"},
		{"2026-09-14", "2026-09-14"},
		{"Reads 40 wcpm - on track", "Reads 40 wcpm - on track"},
		{"'quoted", "'quoted"},
		{"", ""},
		{"   ", "   "},
	} {
		got := spreadsheet.Neutralise(tc.in)
		if got != tc.want {
			t.Errorf("Neutralise(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if back := spreadsheet.Restore(got); back != tc.in {
			t.Errorf("Restore(Neutralise(%q)) = %q", tc.in, back)
		}
	}
	for _, v := range []string{"'plain", "'-3", "'"} {
		if got := spreadsheet.Restore(v); got != v {
			t.Errorf("Restore(%q) = %q: a value not written by Neutralise must stay", v, got)
		}
	}
}

func TestWriterNeutralisesEveryCell(t *testing.T) {
	var b bytes.Buffer
	w := spreadsheet.NewWriter(&b)
	if err := w.WriteAll([][]string{{"name", "note"}, {"=cmd|' /C calc'!A0", "@x"}, {"Ana", "-1"}}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[1][0] != "'=cmd|' /C calc'!A0" || rows[1][1] != "'@x" || rows[2][1] != "-1" {
		t.Errorf("got %q", rows)
	}
}

func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"=1", "''=1", "-3", " \t@", "'", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		n := spreadsheet.Neutralise(v)
		if spreadsheet.Restore(n) != v {
			t.Fatalf("Restore(Neutralise(%q)) = %q", v, spreadsheet.Restore(n))
		}
		if n != v && n != "'"+v {
			t.Fatalf("Neutralise(%q) = %q", v, n)
		}
	})
}

// Every CSV Tierline writes, the hub's export included, goes through this
// package: no other package makes a csv.Writer.
func TestNoOtherCSVWriter(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() && (rel == filepath.Join("data", "spreadsheet") || strings.HasPrefix(d.Name(), ".")) && rel != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("csv.NewWriter(")) {
			t.Errorf("%s writes CSV with encoding/csv: use spreadsheet.NewWriter, which neutralises formulas", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
