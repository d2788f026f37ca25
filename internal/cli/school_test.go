package cli

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportVendorLayouts(t *testing.T) {
	dir := demoDir(t)
	vendors := "../../data/importer/testdata/vendors/"
	if code, stdout, _ := tierline(t, "import", "layouts"); code != 0 || !strings.Contains(stdout, "fastbridge-screening") ||
		!strings.Contains(stdout, "FastBridge screening (screening)") {
		t.Errorf("layouts: exit %d, %q", code, stdout)
	}
	code, stdout, stderr := tierline(t, "import", "scores", vendors+"fastbridge-screening.csv", "--layout", "fastbridge-screening",
		"--measure", "ORF", "--dry-run", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "2 rows: 3 to add") {
		t.Errorf("FastBridge screening: exit %d, %q %q", code, stdout, stderr)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--layout", "map-growth"}, 1, `map-growth.csv: column Subject names "Mathematics" (line 2), "Reading" (line 3), which the school has no measure for`},
		{[]string{"--layout", "fastbrige"}, 2, `"fastbrige" is not a named layout`},
		{[]string{"--layout", "map-growth", "--measure-map", "Mathematics"}, 2, `--measure-map "Mathematics": expected LABEL=MEASURE pairs`},
		{[]string{"--layout", "map-growth", "--dates", "ymd"}, 2, `"ymd" is not a date order`},
		{[]string{"--layout", "map-growth", "--year", "1999"}, 2, `--year 1999: the school has no such year`},
	} {
		args := append([]string{"import", "scores", vendors + "map-growth.csv", "--data", dir}, tc.args...)
		if code, _, stderr := tierline(t, args...); code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}

// tierline export school / import school moves the demo school into a
// fresh store: the same exports, the same review list.
func TestMoveSchoolCLI(t *testing.T) {
	from := demoDir(t)
	school := filepath.Join(t.TempDir(), "oak-street")
	if code, stdout, stderr := tierline(t, "export", "school", school, "--data", from); code != 0 || !strings.Contains(stdout, "(7 files)") {
		t.Fatalf("export school: exit %d, %q %q", code, stdout, stderr)
	}
	// A damaged export writes nothing: the same store takes the good one after.
	damaged := filepath.Join(t.TempDir(), "damaged")
	if err := os.MkdirAll(damaged, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(school)
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(school, e.Name()))
		if e.Name() == "decisions.csv" {
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil || len(rows) < 2 {
				t.Fatalf("decisions.csv: %v", err)
			}
			rows[1][5] = "carry on" // the decision column
			var buf bytes.Buffer
			csv.NewWriter(&buf).WriteAll(rows)
			b = buf.Bytes()
		}
		if err := os.WriteFile(filepath.Join(damaged, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	to := t.TempDir()
	code, _, stderr := tierline(t, "import", "school", damaged, "--data", to)
	if code != 1 || !strings.Contains(stderr, "nothing was imported") || !strings.Contains(stderr, `decisions.csv line 2, column decision: decision decision "carry on" is not one of continue`) {
		t.Fatalf("a damaged export: exit %d, %q", code, stderr)
	}
	code, stdout, stderr := tierline(t, "import", "school", school, "--data", to)
	if code != 0 || !strings.Contains(stdout, "Moved in Oak Street Elementary") {
		t.Fatalf("import school: exit %d, %q %q", code, stdout, stderr)
	}
	if code, _, stderr := tierline(t, "import", "school", school, "--data", to); code != 1 || !strings.Contains(stderr, "the store already holds a school") {
		t.Errorf("again: exit %d, %q", code, stderr)
	}
	_, want, _ := tierline(t, "review", "--json", "--data", from)
	_, got, _ := tierline(t, "review", "--json", "--data", to)
	if want != got || len(want) < 100 {
		t.Errorf("the review list differs after the move:\n%s\nwant\n%s", got, want)
	}
	for _, kind := range []string{"students", "scores", "plans", "sessions", "tiers", "decisions"} {
		a, b := filepath.Join(t.TempDir(), "a.csv"), filepath.Join(t.TempDir(), "b.csv")
		tierline(t, "export", kind, a, "--data", from)
		tierline(t, "export", kind, b, "--data", to)
		ab, _ := os.ReadFile(a)
		bb, _ := os.ReadFile(b)
		if len(ab) == 0 || string(ab) != string(bb) {
			t.Errorf("%s export differs after the move", kind)
		}
	}
}
