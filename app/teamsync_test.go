package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/data"
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

	a := joinedLaptop(t, st.Team.JoinCode(), shared, "Mr Hale")
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

// TestUndoAConflictInSettings: laptop A and laptop B (this window) enter different values for one
// score; Settings → Team lists the value set aside with an Undo button, and undoing it brings the
// value back on both laptops after they sync.
func TestUndoAConflictInSettings(t *testing.T) {
	u, b := newTestUI(t, true)
	shared := t.TempDir()
	st, err := folder.Create(b, shared, "Ms Grant")
	if err != nil {
		t.Fatal(err)
	}
	u.syncTeam()
	a := joinedLaptop(t, st.Team.JoinCode(), shared, "Mr Hale")
	score := data.Score{Student: u.school.snap.Students[0].ID, Measure: u.school.snap.Measures[0].ID, Date: testToday, Kind: data.Progress, Value: 31, Errors: data.NoErrors}
	if err := a.SaveScore(score); err != nil {
		t.Fatal(err)
	}
	score.Value = 47
	if err := b.SaveScore(score); err != nil {
		t.Fatal(err)
	}
	value := func(s *store.Store) float64 {
		t.Helper()
		scores, err := s.Scores(score.Student, score.Measure)
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range scores {
			if sc.Date == score.Date && sc.Kind == score.Kind {
				return sc.Value
			}
		}
		t.Fatal("the score is gone")
		return 0
	}
	for range 2 {
		if _, err := folder.Sync(a, testNow()); err != nil {
			t.Fatal(err)
		}
		u.team.Once()
	}
	kept := value(b)
	if value(a) != kept {
		t.Fatalf("the laptops keep %v and %v", value(a), kept)
	}
	aside := 31.0
	if kept == 31 {
		aside = 47
	}

	u.showPage(settingsPage)
	u.settings.Team.refresh()
	if !onScreen(u.win.Canvas(), "score (another value for the same record)") {
		t.Fatal("Settings → Team does not list the conflict")
	}
	test.Tap(button(t, u.win.Canvas(), "Undo"))
	test.Tap(button(t, u.win.Canvas(), "Undo")) // the confirmation's
	if value(b) != aside {
		t.Fatalf("after the undo B has %v, want %v", value(b), aside)
	}
	u.team.Once()
	if _, err := folder.Sync(a, testNow()); err != nil {
		t.Fatal(err)
	}
	if value(a) != aside {
		t.Fatalf("after the undo and a sync A has %v, want %v", value(a), aside)
	}
}

// TestWhoEnteredPlansAndSessions: a plan edited and a session logged on laptop A say, on laptop
// B's student screen after B's sync, that A's member entered them.
func TestWhoEnteredPlansAndSessions(t *testing.T) {
	u, b := newTestUI(t, true)
	shared := t.TempDir()
	st, err := folder.Create(b, shared, "Ms Grant")
	if err != nil {
		t.Fatal(err)
	}
	u.syncTeam()
	a := joinedLaptop(t, st.Team.JoinCode(), shared, "Mr Hale")
	var plan data.Plan
	for _, p := range u.school.snap.Plans {
		if p.Status == data.Active {
			plan = p
			break
		}
	}
	plan.Interventionist = "Mr Hale"
	if err := a.SavePlan(&plan); err != nil {
		t.Fatal(err)
	}
	session := data.Session{Plan: plan.ID, Date: testToday, Minutes: 25, Present: true, Note: "logged on A"}
	if err := a.SaveSession(&session); err != nil {
		t.Fatal(err)
	}
	if _, err := folder.Sync(a, testNow()); err != nil {
		t.Fatal(err)
	}
	u.team.Once()

	u.openStudent(plan.Student)
	if got := u.student.Plans.describe(plan); !strings.HasSuffix(got, " · entered by Mr Hale") {
		t.Fatalf("the plan says %q", got)
	}
	u.student.Sessions.Plan.SetSelectedIndex(indexOfPlan(t, u.student.Sessions.plans, plan.ID))
	row := -1
	for i, ss := range u.student.Sessions.sessions {
		if ss.ID == session.ID {
			row = i
		}
	}
	if row < 0 {
		t.Fatal("the session from A is not in B's list")
	}
	label := u.student.Sessions.List.CreateItem()
	u.student.Sessions.List.UpdateItem(row, label)
	if got := label.(*widget.Label).Text; !strings.HasSuffix(got, "logged on A · entered by Mr Hale") {
		t.Fatalf("the session says %q", got)
	}
}

func indexOfPlan(t *testing.T, plans []data.Plan, id data.ID) int {
	t.Helper()
	for i, p := range plans {
		if p.ID == id {
			return i
		}
	}
	t.Fatalf("no plan %s in the session panel", id)
	return -1
}

// TestRemoveMemberInSettings: Settings → Team removes a member after a confirmation; the join code
// on screen changes and the removed laptop's next sync says it was removed.
func TestRemoveMemberInSettings(t *testing.T) {
	u, b := newTestUI(t, true)
	shared := t.TempDir()
	st, err := folder.Create(b, shared, "Ms Grant")
	if err != nil {
		t.Fatal(err)
	}
	u.syncTeam()
	a := joinedLaptop(t, st.Team.JoinCode(), shared, "Mr Hale")
	student := u.school.snap.Students[0]
	student.GivenName = "Entered by Mr Hale"
	if err := a.SaveStudent(&student); err != nil {
		t.Fatal(err)
	}
	if _, err := folder.Sync(a, testNow()); err != nil {
		t.Fatal(err)
	}
	u.team.Once()

	u.showPage(settingsPage)
	team := u.settings.Team
	team.refresh()
	before := team.JoinCode.Text
	if len(team.RemoveWho.Options) != 1 || !strings.HasPrefix(team.RemoveWho.Options[0], "Mr Hale (") {
		t.Fatalf("members to remove: %q", team.RemoveWho.Options)
	}
	team.RemoveWho.SetSelectedIndex(0)
	test.Tap(team.Remove)
	test.Tap(button(t, u.win.Canvas(), "Remove")) // the confirmation's
	if team.Error.Text != "" {
		t.Fatalf("remove: %s", team.Error.Text)
	}
	if team.JoinCode.Text == before || !strings.HasPrefix(team.JoinCode.Text, "TL1-") {
		t.Fatalf("the join code did not change: %q", team.JoinCode.Text)
	}
	if _, err := folder.Sync(a, testNow()); !errors.Is(err, folder.ErrRemoved) {
		t.Fatalf("the removed laptop's sync: %v", err)
	}
}

// joinedLaptop is a second laptop's store, joined to the team of the folder
// shared as name and synced once; it is closed when the test ends.
func joinedLaptop(t *testing.T, joinCode, shared, name string) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "tierline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := folder.Join(s, joinCode, shared, name, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := folder.Sync(s, testNow()); err != nil {
		t.Fatal(err)
	}
	return s
}
