package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/team/folder"
)

// TestTeamSyncInTheTopBar: laptop B's window syncs through its syncer (what the background loop
// calls) with laptop A's store through a temporary folder. A's write appears on B's screen after
// B's sync; the top bar says a change of B's own is waiting, then synced, then that the folder
// cannot be reached.
func TestTeamSyncInTheTopBar(t *testing.T) {
	u, b := newTestUI(t, true)
	if u.teamStatus.Text != "" {
		t.Fatalf("in no team, the top bar says %q", u.teamStatus.Text)
	}
	shared := t.TempDir()
	st, err := folder.Create(b, shared, "Ms Grant")
	if err != nil {
		t.Fatal(err)
	}
	u.syncTeam()
	if got := u.teamStatus.Text; got != "Team: synced 10:00" {
		t.Fatalf("after B's first sync: %q", got)
	}

	a, err := store.Open(filepath.Join(t.TempDir(), "tierline.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := folder.Join(a, st.Team.JoinCode(), shared, "Mr Hale", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := folder.Sync(a, testNow()); err != nil {
		t.Fatal(err)
	}
	student := u.school.snap.Students[0]
	student.GivenName = "Renamed on A"
	if err := a.SaveStudent(&student); err != nil {
		t.Fatal(err)
	}
	if _, err := folder.Sync(a, testNow()); err != nil {
		t.Fatal(err)
	}

	// B writes too: the top bar counts it until the sync.
	u.openStudent(u.school.snap.Students[1].ID)
	other := u.school.snap.Students[1]
	other.FamilyName = "Written on B"
	u.save(func() error { return b.SaveStudent(&other) }, nil, nil)
	if got := u.teamStatus.Text; got != "1 change waiting for the team folder" {
		t.Fatalf("after B's write: %q", got)
	}

	u.openStudent(student.ID)
	if strings.Contains(u.student.Title.Text, "Renamed on A") {
		t.Fatal("A's edit is on B's screen before B synced")
	}
	u.team.Once() // what B's background loop runs
	if got := u.teamStatus.Text; got != "Team: synced 10:00" {
		t.Fatalf("after B's sync: %q", got)
	}
	if !strings.Contains(u.student.Title.Text, "Renamed on A") {
		t.Fatalf("B's student screen after its sync: %q", u.student.Title.Text)
	}
	if _, err := folder.Sync(a, testNow()); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Student(other.ID); err != nil || got.FamilyName != "Written on B" {
		t.Fatalf("A has %q (%v)", got.FamilyName, err)
	}

	if err := os.Rename(shared, shared+"-away"); err != nil {
		t.Fatal(err)
	}
	u.team.Once()
	if got := u.teamStatus.Text; got != "Team folder not reachable: "+shared {
		t.Fatalf("with the folder gone: %q", got)
	}
}
