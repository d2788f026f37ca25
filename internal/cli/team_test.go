package cli

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
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
	want := exportedStudents(t, coordinator)
	got := exportedStudents(t, member)
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

// TestTeamUndo: two laptops enter different values for one score; `team conflicts` lists the one
// set aside with its id, and `team undo ID` on one laptop brings it back on both after they sync.
func TestTeamUndo(t *testing.T) {
	shared := t.TempDir()
	coordinator, member := demoDir(t), t.TempDir()
	_, stdout, _ := tierline(t, "team", "create", "--folder", shared, "--name", "Ms Grant", "--data", coordinator)
	joinCode := regexp.MustCompile(`TL1(-[A-Z2-7]{1,4})+`).FindString(stdout)
	tierline(t, "team", "sync", "--data", coordinator)
	if code, _, stderr := tierline(t, "team", "join", joinCode, "--folder", shared, "--name", "Mr Hale", "--data", member); code != 0 {
		t.Fatalf("join: %s", stderr)
	}
	var score data.Score
	for i, dir := range []string{coordinator, member} {
		s, err := store.Open(storePath(dir))
		if err != nil {
			t.Fatal(err)
		}
		snap, err := s.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		score = data.Score{Student: snap.Students[0].ID, Measure: snap.Measures[0].ID, Date: data.NewDate(2026, 11, 21), Kind: data.Progress, Value: float64(30 + i), Errors: data.NoErrors}
		if err := errors.Join(s.SaveScore(score), s.Close()); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		tierline(t, "team", "sync", "--data", coordinator)
		tierline(t, "team", "sync", "--data", member)
	}
	var list []struct{ ID, Entity, Value string }
	_, stdout, _ = tierline(t, "team", "conflicts", "--data", member, "--json")
	if err := json.Unmarshal([]byte(stdout), &list); err != nil || len(list) != 1 || list[0].Entity != "score" {
		t.Fatalf("conflicts: %s (%v)", stdout, err)
	}
	if _, text, _ := tierline(t, "team", "conflicts", "--data", member); !strings.Contains(text, list[0].ID) || !strings.Contains(text, "team undo") {
		t.Fatalf("the conflict list does not give the id to undo: %s", text)
	}
	aside := list[0].Value
	if code, stdout, stderr := tierline(t, "team", "undo", list[0].ID[:13], "--data", member); code != 0 || !strings.Contains(stdout, "is back") {
		t.Fatalf("undo: exit %d: %s %s", code, stdout, stderr)
	}
	tierline(t, "team", "sync", "--data", member)
	tierline(t, "team", "sync", "--data", coordinator)
	for _, dir := range []string{coordinator, member} {
		_, stdout, _ = tierline(t, "team", "conflicts", "--data", dir, "--json")
		if err := json.Unmarshal([]byte(stdout), &list); err != nil || len(list) != 1 || list[0].Value == aside {
			t.Fatalf("after the undo, %s lists %s (%v)", dir, stdout, err)
		}
	}
	if code, _, stderr := tierline(t, "team", "undo", "0000", "--data", member); code == 0 || !strings.Contains(stderr, "no conflict") {
		t.Fatalf("an unknown id: exit %d: %s", code, stderr)
	}
}

// TestTeamRemove: `team remove NAME` changes the key; the removed laptop's next sync says it was
// removed, the remaining one follows the new key.
func TestTeamRemove(t *testing.T) {
	shared := t.TempDir()
	coordinator, member, leaver := demoDir(t), t.TempDir(), t.TempDir()
	_, stdout, _ := tierline(t, "team", "create", "--folder", shared, "--name", "Ms Grant", "--data", coordinator)
	joinCode := regexp.MustCompile(`TL1(-[A-Z2-7]{1,4})+`).FindString(stdout)
	tierline(t, "team", "sync", "--data", coordinator)
	for dir, name := range map[string]string{member: "Mr Hale", leaver: "Dr Ode"} {
		if code, _, stderr := tierline(t, "team", "join", joinCode, "--folder", shared, "--name", name, "--data", dir); code != 0 {
			t.Fatalf("join: %s", stderr)
		}
	}
	code, stdout, stderr := tierline(t, "team", "remove", "Dr Ode", "--data", coordinator)
	newCode := regexp.MustCompile(`TL1(-[A-Z2-7]{1,4})+`).FindString(stdout)
	if code != 0 || !strings.Contains(stdout, "Removed Dr Ode") || newCode == "" || newCode == joinCode {
		t.Fatalf("remove: exit %d: %s %s", code, stdout, stderr)
	}
	if code, _, stderr := tierline(t, "team", "sync", "--data", leaver); code == 0 || !strings.Contains(stderr, "removed from the team") {
		t.Fatalf("the removed laptop's sync: exit %d: %s", code, stderr)
	}
	if code, _, stderr := tierline(t, "team", "sync", "--data", member); code != 0 {
		t.Fatalf("the remaining member's sync: exit %d: %s", code, stderr)
	}
	if code, _, stderr := tierline(t, "team", "remove", "Nobody", "--data", coordinator); code == 0 || !strings.Contains(stderr, "no member") {
		t.Fatalf("removing nobody: exit %d: %s", code, stderr)
	}
}
