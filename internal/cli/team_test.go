package cli

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// TestTeamCommands: a coordinator creates a team on the demo school, a second laptop joins with
// the printed code, both sync, and the second holds the same school; a third laptop with a school
// of its own is told what joining does and nothing changes without --yes.
func TestTeamCommands(t *testing.T) {
	shared := t.TempDir()
	coordinator := demoDir(t)
	code, stdout, stderr := tierline(t, "team", "create", "--folder", shared, "--name", "Ms Grant", "--data", coordinator)
	if code != 0 {
		t.Fatalf("team create: exit %d: %s", code, stderr)
	}
	joinCode := regexp.MustCompile(`TL1(-[A-Z2-7]{1,4})+`).FindString(stdout)
	if joinCode == "" {
		t.Fatalf("no join code printed: %s", stdout)
	}
	if code, _, stderr := tierline(t, "team", "sync", "--data", coordinator); code != 0 {
		t.Fatalf("team sync: exit %d: %s", code, stderr)
	}
	member := t.TempDir()
	code, stdout, stderr = tierline(t, "team", "join", joinCode, "--folder", shared, "--name", "Mr Hale", "--data", member, "--json")
	if code != 0 {
		t.Fatalf("team join: exit %d: %s", code, stderr)
	}
	var joined struct {
		Joined bool
		Sync   struct{ Read int }
	}
	if err := json.Unmarshal([]byte(stdout), &joined); err != nil || !joined.Joined || joined.Sync.Read != 1 {
		t.Fatalf("join printed %s (%v)", stdout, err)
	}
	_, want, _ := tierline(t, "export", "students", "-", "--data", coordinator)
	_, got, _ := tierline(t, "export", "students", "-", "--data", member)
	if want == "" || got != want {
		t.Fatalf("the member's students differ from the coordinator's (%d and %d bytes)", len(got), len(want))
	}
	code, stdout, _ = tierline(t, "team", "status", "--data", member)
	if code != 0 || !strings.Contains(stdout, "Ms Grant") || !strings.Contains(stdout, "Mr Hale") {
		t.Fatalf("status: exit %d: %s", code, stdout)
	}
	code, stdout, _ = tierline(t, "team", "conflicts", "--data", member, "--json")
	if code != 0 || strings.TrimSpace(stdout) != "[]" {
		t.Fatalf("conflicts: exit %d: %s", code, stdout)
	}

	other := demoDir(t)
	code, stdout, stderr = tierline(t, "team", "join", joinCode, "--folder", shared, "--name", "Dr Ode", "--data", other)
	if code == 0 || !strings.Contains(stdout, "merged into them") || !strings.Contains(stderr, "--yes") {
		t.Fatalf("join over a school without --yes: exit %d: %s %s", code, stdout, stderr)
	}
	if code, _, stderr := tierline(t, "team", "status", "--data", other); code == 0 || !strings.Contains(stderr, "no team") {
		t.Fatalf("the refused join joined: %s", stderr)
	}
	if code, _, stderr := tierline(t, "team", "join", "TL1-AAAA", "--folder", shared, "--name", "X", "--data", t.TempDir()); code == 0 || !strings.Contains(stderr, "join code") {
		t.Fatalf("a bad code: exit %d: %s", code, stderr)
	}
}
