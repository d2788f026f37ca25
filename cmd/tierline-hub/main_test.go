package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubstore"
)

func hubCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestHubCommands(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := hubCLI(t, "", "enroll", "--school", "0123", "--name", "Oak Street Elementary", "--data", dir)
	token := regexp.MustCompile(`[0-9a-f]{64}`).FindString(out)
	if code != 0 || token == "" {
		t.Fatalf("enroll: exit %d, %q", code, out)
	}
	if code, out, _ = hubCLI(t, "", "schools", "--data", dir); code != 0 || !strings.Contains(out, "0123") || !strings.Contains(out, "never") || strings.Contains(out, token) {
		t.Fatalf("schools: exit %d, %q", code, out)
	}
	if code, out, _ = hubCLI(t, "correct horse battery\n", "user", "add", "dana", "--data", dir); code != 0 {
		t.Fatalf("user add: exit %d, %q", code, out)
	}
	if code, out, _ = hubCLI(t, "correct horse battery\n", "user", "add", "vera", "--role", "viewer", "--data", dir); code != 0 || !strings.Contains(out, "a viewer") {
		t.Fatalf("user add --role viewer: exit %d, %q", code, out)
	}
	if code, _, _ = hubCLI(t, "correct horse battery\n", "user", "add", "x", "--role", "owner", "--data", dir); code != 2 {
		t.Fatalf("user add --role owner: exit %d", code)
	}
	if code, _, errOut := hubCLI(t, "short\n", "user", "add", "lee", "--data", dir); code != 1 || !strings.Contains(errOut, "at least 12") {
		t.Fatalf("a short password: exit %d, %q", code, errOut)
	}
	if code, _, _ = hubCLI(t, "", "revoke", "--school", "0123", "--data", dir); code != 0 {
		t.Fatalf("revoke: exit %d", code)
	}
	if _, out, _ = hubCLI(t, "", "schools", "--data", dir); !strings.Contains(out, "revoked") {
		t.Fatalf("schools after revoking: %q", out)
	}
	for _, args := range [][]string{{}, {"launch"}, {"enroll", "--school", "0123"}, {"serve", "--k", "3"}, {"serve", "--tls-cert", "x"}} {
		if code, _, _ := hubCLI(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}

	// While the hub serves, it holds the store: the command line says where to go instead.
	st, err := hubstore.Open(filepath.Join(dir, "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	code, _, errOut := hubCLI(t, "", "enroll", "--school", "0456", "--name", "Elm", "--data", dir)
	if code != 1 || !strings.Contains(errOut, "/admin") {
		t.Fatalf("enroll while serving: exit %d, %q", code, errOut)
	}
}

// A hub started without --district says at start that it takes any
// district's summaries; one with a district and a user says nothing.
func TestStartWarnings(t *testing.T) {
	if w := startWarnings(1, hub.Config{}); len(w) != 1 || !strings.Contains(w[0], "--district") {
		t.Errorf("without --district: %q", w)
	}
	if w := startWarnings(0, hub.Config{District: "45"}); len(w) != 1 || !strings.Contains(w[0], "user add") {
		t.Errorf("without users: %q", w)
	}
	if w := startWarnings(1, hub.Config{District: "45"}); len(w) != 0 {
		t.Errorf("set up: %q", w)
	}
}

// TestResetSequence is the district's way out of issue 22 item 2 from the
// command line, with the hub stopped.
func TestResetSequence(t *testing.T) {
	dir := t.TempDir()
	if code, _, _ := hubCLI(t, "", "enroll", "--school", "0123", "--name", "Oak Street Elementary", "--data", dir); code != 0 {
		t.Fatal("enroll")
	}
	if code, out, errOut := hubCLI(t, "", "reset-sequence", "--school", "0123", "--data", dir); code != 0 || !strings.Contains(out, "numbers its summaries from 1 again") {
		t.Fatalf("reset-sequence: exit %d, %q %q", code, out, errOut)
	}
	if code, _, errOut := hubCLI(t, "", "reset-sequence", "--school", "0456", "--data", dir); code != 1 || !strings.Contains(errOut, `no school "0456"`) {
		t.Fatalf("an unknown school: exit %d, %q", code, errOut)
	}
	if code, _, _ := hubCLI(t, "", "reset-sequence", "--data", dir); code != 2 {
		t.Fatalf("no --school: exit %d", code)
	}
}

func TestMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		flag, env string
		want      int64
	}{{"", "", hub.DefaultMemoryLimit}, {"512MiB", "", 512 << 20}, {"", "1GiB", 1 << 30}, {"2GiB", "1GiB", 2 << 30}, {"300000000", "", 300000000}, {"64KiB", "", 64 << 10}} {
		if got, err := memoryLimit(c.flag, c.env); err != nil || got != c.want {
			t.Errorf("memoryLimit(%q, %q) = %d, %v; want %d", c.flag, c.env, got, err, c.want)
		}
	}
	for _, bad := range []string{"lots", "-1MiB", "0", "1.5GiB", "9999999999TiB", "MiB"} {
		if _, err := memoryLimit(bad, ""); err == nil || !strings.Contains(err.Error(), "--memory-limit") {
			t.Errorf("memoryLimit(%q): %v, want a usage error", bad, err)
		}
	}
}
