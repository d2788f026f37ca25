package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/team/folder"
)

// TestSettingsTeam: the coordinator creates a team from Settings → Team and sees the join code;
// another laptop joins with it and renames a student; "Sync now" brings the change into the
// window, and the members list names the other laptop.
func TestSettingsTeam(t *testing.T) {
	u, _ := newTestUI(t, true)
	u.showPage(settingsPage)
	team := u.settings.Team
	if !strings.Contains(team.Status.Text, "in no team") || !team.setup.Visible() {
		t.Fatalf("before a team: %q", team.Status.Text)
	}
	shared := t.TempDir()
	test.Type(team.Folder, shared)
	test.Type(team.Name, "Ms Grant")
	test.Tap(team.Create)
	if team.Error.Text != "" {
		t.Fatalf("create: %s", team.Error.Text)
	}
	code := team.JoinCode.Text
	if !strings.HasPrefix(code, "TL1-") || team.setup.Visible() || !team.member.Visible() {
		t.Fatalf("after create: code %q, status %q", code, team.Status.Text)
	}

	other := joinedLaptop(t, code, shared, "Mr Hale")
	st := u.school.snap.Students[0]
	st.GivenName = "Renamed by Mr Hale"
	if err := other.SaveStudent(&st); err != nil {
		t.Fatal(err)
	}
	measure := u.school.snap.Measures[0]
	score := data.Score{Student: st.ID, Measure: measure.ID, Date: testToday, Kind: data.Progress, Value: 42, Errors: data.NoErrors}
	if err := other.SaveScore(score); err != nil {
		t.Fatal(err)
	}
	if _, err := folder.Sync(other, time.Now()); err != nil {
		t.Fatal(err)
	}

	test.Tap(team.SyncNow)
	if team.Error.Text != "" {
		t.Fatalf("sync: %s", team.Error.Text)
	}
	found := false
	for _, s := range u.school.snap.Students {
		found = found || s.ID == st.ID && s.GivenName == "Renamed by Mr Hale"
	}
	if !found {
		t.Fatal("the other laptop's edit did not reach the window's school")
	}
	if !strings.Contains(team.Members.Text, "Mr Hale") || !strings.Contains(team.Members.Text, "Ms Grant (this laptop)") {
		t.Fatalf("members: %q", team.Members.Text)
	}
	if !strings.Contains(team.Status.Text, "synced") || !strings.Contains(team.Status.Text, "0 changes waiting") {
		t.Fatalf("status: %q", team.Status.Text)
	}

	// The student screen says who entered the score.
	u.openStudent(st.ID)
	slot := store.ScoreSlot{Measure: score.Measure, Date: score.Date, Kind: score.Kind}
	if got := u.student.team.by(u.student.team.entered.Scores[slot]); got != " · entered by Mr Hale" {
		t.Fatalf("the score says %q", got)
	}
}
