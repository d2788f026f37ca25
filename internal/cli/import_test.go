package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportRoster(t *testing.T) {
	dir := demoDir(t)
	code, _, stderr := tierline(t, "import", "oneroster", "../../data/importer/testdata/oneroster12", "--data", dir)
	if code != 1 || !strings.Contains(stderr, "the roster holds students of 2 schools; choose one: org-oak (Oak Street Elementary, identifier 0123, 2 students); org-pine (Pine Hill Elementary, identifier 0124, 1 student); rerun with --org and one of their sourcedIds, identifiers or names") {
		t.Fatalf("two schools: exit %d, %q", code, stderr)
	}
	code, stdout, stderr := tierline(t, "import", "oneroster", "../../data/importer/testdata/oneroster12", "--org", "org-oak", "--dry-run", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "2 to add") || !strings.Contains(stdout, "Dry run: nothing was written.") {
		t.Fatalf("dry run: exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, _ = tierline(t, "import", "oneroster", "../../data/importer/testdata/oneroster12", "--org", "org-oak", "--data", dir, "--json")
	var rep importReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || code != 0 || rep.Added != 2 || !rep.Written {
		t.Fatalf("import: exit %d, %+v, %v", code, rep, err)
	}
	code, stdout, _ = tierline(t, "import", "oneroster", "../../data/importer/testdata/oneroster12", "--org", "org-oak", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "0 to add, 0 to update, 2 unchanged") {
		t.Errorf("the same roster again: exit %d, %q", code, stdout)
	}
}

func TestImportRefusesBadRowsUnlessSkipped(t *testing.T) {
	dir := demoDir(t)
	file := filepath.Join(t.TempDir(), "scores.csv")
	if err := os.WriteFile(file, []byte("local_id,date,value\n70001,2026-11-20,12\n70002,2026-11-20,twelve\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := tierline(t, "import", "scores", file, "--measure", "PSF", "--kind", "progress", "--data", dir)
	if code != 1 || !strings.Contains(stdout, `scores.csv line 3, column value: "twelve" is not a number`) || !strings.Contains(stdout, "Nothing was imported") {
		t.Fatalf("bad row: exit %d, %q", code, stdout)
	}
	code, stdout, _ = tierline(t, "import", "scores", file, "--measure", "PSF", "--kind", "progress", "--skip-bad", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "Imported 1 records") {
		t.Fatalf("--skip-bad: exit %d, %q", code, stdout)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", "scores", file, "--data", dir}, 1, "has no measure column: choose the measure of its scores (--measure)"},
		{[]string{"import", "scores", file, "--measure", "PSF", "--map", "date", "--data", dir}, 2, `--map "date": expected FIELD=COLUMN pairs`},
		{[]string{"import", "grades", file, "--data", dir}, 2, `unknown import "grades"`},
		{[]string{"import", "flags", "/nonexistent.csv", "--data", dir}, 1, "open /nonexistent.csv"},
		{[]string{"export", "teachers", file, "--data", dir}, 2, `unknown export "teachers"`},
	} {
		if code, _, stderr := tierline(t, tc.args...); code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("tierline %s: exit %d, %q; want %d and %q", strings.Join(tc.args, " "), code, stderr, tc.code, tc.want)
		}
	}
}

func TestExportImportRoundTripCLI(t *testing.T) {
	dir := demoDir(t)
	out := t.TempDir()
	for _, kind := range []string{"students", "scores", "plans", "sessions"} {
		file := filepath.Join(out, kind+".csv")
		if code, _, stderr := tierline(t, "export", kind, file, "--data", dir); code != 0 {
			t.Fatalf("export %s: %s", kind, stderr)
		}
		code, stdout, stderr := tierline(t, "import", kind, file, "--data", dir)
		if code != 0 || !strings.Contains(stdout, "Nothing to change") {
			t.Errorf("import %s of its own export: exit %d, %q %q", kind, code, stdout, stderr)
		}
	}
}
