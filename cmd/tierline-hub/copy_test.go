package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tierline/tierline/sync/hub/hubpg/pgtest"
)

// tierline-hub copy moves a data folder's hub into PostgreSQL, the same
// again when run twice, and refuses what is not a PostgreSQL address or a
// hub file.
func TestCopyCommand(t *testing.T) {
	url, dir := pgtest.Database(t), t.TempDir()
	if code, out, errOut := hubCLI(t, "", "enroll", "--school", "0123", "--name", "Oak Street Elementary", "--data", dir); code != 0 {
		t.Fatalf("enroll: exit %d, %q %q", code, out, errOut)
	}
	if code, out, _ := hubCLI(t, "correct horse battery\n", "user", "add", "dana", "--data", dir); code != 0 {
		t.Fatalf("user add: exit %d, %q", code, out)
	}
	for range 2 {
		code, out, errOut := hubCLI(t, "", "copy", "--data", dir, "--to", url)
		if code != 0 || !strings.Contains(out, "Copied 1 schools, 1 users, 0 API tokens and 0 summaries") {
			t.Fatalf("copy: exit %d, %q %q", code, out, errOut)
		}
	}
	if code, out, _ := hubCLI(t, "", "schools", "--store", url); code != 0 || !strings.Contains(out, "Oak Street Elementary") {
		t.Errorf("schools after the copy: exit %d, %q", code, out)
	}
	if code, _, errOut := hubCLI(t, "", "copy", "--data", dir, "--to", "mysql://root:secret@db/hub"); code != 2 || strings.Contains(errOut, "secret") {
		t.Errorf("a mysql address: exit %d, %q", code, errOut)
	}
	if code, _, errOut := hubCLI(t, "", "copy", "--from", filepath.Join(dir, "missing.db"), "--to", url); code != 1 || !strings.Contains(errOut, "missing.db") {
		t.Errorf("a missing file: exit %d, %q", code, errOut)
	}
	if code, _, _ := hubCLI(t, "", "copy", "--data", dir); code != 2 {
		t.Errorf("no --to: exit %d", code)
	}
}
