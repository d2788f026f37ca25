package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixedNow is the day every CLI test runs on.
var fixedNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)

// tierline runs the CLI in-process and returns its exit code and output.
func tierline(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	c := &invocation{stdout: &out, stderr: &errOut, now: func() time.Time { return fixedNow }}
	code = c.main(args)
	return code, out.String(), errOut.String()
}

// demoDir returns a data folder holding the demo school.
func demoDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if code, _, stderr := tierline(t, "demo", "--data", dir); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	return dir
}

func TestDemoThenCheck(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := tierline(t, "demo", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "Wrote the demo school Oak Street Elementary") {
		t.Fatalf("demo: exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, _ = tierline(t, "check", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "consistent") {
		t.Fatalf("check: exit %d, %q", code, stdout)
	}
	// A second demo into the same folder is refused, unless --if-empty.
	code, _, stderr = tierline(t, "demo", "--data", dir)
	if code != 1 || !strings.Contains(stderr, "already holds a school") {
		t.Errorf("a second demo: exit %d, %q", code, stderr)
	}
	code, stdout, _ = tierline(t, "demo", "--if-empty", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "left as it is") {
		t.Errorf("demo --if-empty: exit %d, %q", code, stdout)
	}
}

func TestBackupAndRestore(t *testing.T) {
	dir := demoDir(t)
	backup := filepath.Join(t.TempDir(), "school.backup")
	code, stdout, stderr := tierline(t, "backup", backup, "--data", dir)
	if code != 0 || !strings.Contains(stdout, "verified") {
		t.Fatalf("backup: exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, stderr = tierline(t, "restore", "--data", dir, backup, "--json")
	if code != 0 {
		t.Fatalf("restore: exit %d, %q", code, stderr)
	}
	var report map[string]string
	if err := json.Unmarshal([]byte(stdout), &report); err != nil || report["restored"] != backup {
		t.Fatalf("restore --json: %q (%v)", stdout, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "tierline.db.before-restore")); err != nil {
		t.Errorf("no before-restore copy: %v", err)
	}

	junk := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(junk, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = tierline(t, "restore", junk, "--data", dir)
	if code != 1 || !strings.Contains(stderr, "junk.db is not a Tierline store") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("restore of junk: exit %d, %q", code, stderr)
	}
}

func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"demo", "--size", "huge"}, 2, `"huge" is not a demo size (expected small or large)`},
		{[]string{"backup"}, 2, "expected FILE"},
		{[]string{"check", "--nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"check", "--data", "/nonexistent/tierline"}, 1, "there is no Tierline store at /nonexistent/tierline/tierline.db"},
		{[]string{"version", "extra"}, 2, `unexpected argument "extra"`},
	} {
		code, _, stderr := tierline(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("tierline %s: exit %d, %q; want exit %d and %q", strings.Join(tc.args, " "), code, stderr, tc.code, tc.want)
		}
	}
	code, stdout, _ := tierline(t, "help")
	if code != 0 || !strings.Contains(stdout, "tierline demo [--size small|large]") {
		t.Errorf("help: exit %d, %q", code, stdout)
	}
	code, stdout, _ = tierline(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "tierline "+Version) {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}

func TestStoreOpenElsewhere(t *testing.T) {
	dir := demoDir(t)
	c := &invocation{dataDir: dir, now: time.Now}
	s, err := c.openStore()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	code, _, stderr := tierline(t, "check", "--data", dir)
	if code != 1 || !strings.Contains(stderr, "this Tierline store is already open in another window") {
		t.Errorf("check while open: exit %d, %q", code, stderr)
	}
}

// A read command on a missing store says there is none and creates
// nothing: no folder, no file.
func TestReadCommandsCreateNoStore(t *testing.T) {
	out := t.TempDir()
	for _, args := range [][]string{
		{"progress", "1001", "--measure", "ORF"}, {"groups", "--measure", "ORF", "--window", "fall"}, {"review"},
		{"chart", "tiers", "--measure", "ORF", "--dimension", "grade", "-o", filepath.Join(out, "x.png")},
		{"export", "students", filepath.Join(out, "s.csv")}, {"summary", "--window", "fall"}, {"check"},
		{"backup", filepath.Join(out, "b.db")},
	} {
		dir := filepath.Join(t.TempDir(), "Tierline")
		code, _, stderr := tierline(t, append(args, "--data", dir)...)
		if code == 0 || !strings.Contains(stderr, "there is no Tierline store at "+filepath.Join(dir, "tierline.db")) {
			t.Errorf("tierline %s: exit %d, %q", args[0], code, stderr)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("tierline %s created %s", args[0], dir)
		}
	}
}

// exportedStudents returns the students CSV that `tierline export` writes
// from the store in dataDir.
func exportedStudents(t *testing.T, dataDir string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "students.csv")
	if code, _, stderr := tierline(t, "export", "students", path, "--data", dataDir); code != 0 {
		t.Fatalf("export students: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
