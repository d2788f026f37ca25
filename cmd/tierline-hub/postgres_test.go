package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/tierline/tierline/sync/hub/hubpg/pgtest"
)

// TestMain runs tierline-hub itself when a test starts it as a process
// of its own (childEnv), the tests otherwise.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(pgtest.Main(m))
}

// The commands work on PostgreSQL as on the data folder, and beside a
// store that is open elsewhere (a serving hub): PostgreSQL is shared.
func TestHubCommandsOnPostgres(t *testing.T) {
	url := pgtest.Database(t)
	code, out, errOut := hubCLI(t, "", "enroll", "--school", "0123", "--name", "Oak Street Elementary", "--store", url)
	token := regexp.MustCompile(`[0-9a-f]{64}`).FindString(out)
	if code != 0 || token == "" {
		t.Fatalf("enroll: exit %d, %q %q", code, out, errOut)
	}
	if code, out, _ = hubCLI(t, "correct horse battery\n", "user", "add", "dana", "--store", url); code != 0 {
		t.Fatalf("user add: exit %d, %q", code, out)
	}
	if code, _, _ = hubCLI(t, "", "revoke", "--school", "0123", "--store", url); code != 0 {
		t.Fatalf("revoke: exit %d", code)
	}
	if code, out, _ = hubCLI(t, "", "schools", "--store", url); code != 0 || !strings.Contains(out, "0123") || !strings.Contains(out, "revoked") {
		t.Fatalf("schools: exit %d, %q", code, out)
	}
	// Not a PostgreSQL address: a usage error, the password not repeated.
	if code, _, errOut := hubCLI(t, "", "schools", "--store", "mysql://root:secret@db/hub"); code != 2 || strings.Contains(errOut, "secret") {
		t.Errorf("a mysql address: exit %d, %q", code, errOut)
	}
	if code, _, errOut := hubCLI(t, "", "schools", "--store", "postgres://root:secret@[::1"); code != 1 || strings.Contains(errOut, "secret") {
		t.Errorf("a broken address: exit %d, %q", code, errOut)
	}
}
