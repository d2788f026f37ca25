package folder_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/team/folder"
)

// TestRemoveMember: Ms Grant removes Dr Ode. The team key changes: Mr Hale follows at his next
// sync and the two keep converging; Dr Ode's laptop is told it was removed, cannot read what the
// team writes next even when it does not see the rotation, and its later segments are refused
// by everyone with the reason. A laptop that joins later with the new code receives the whole
// school, segments sealed with the old key included.
func TestRemoveMember(t *testing.T) {
	dir, a, b, _ := team(t)
	c := open(t)
	code := mustState(t, a).Team.JoinCode()
	_, err := folder.Join(c, code, dir, "Dr Ode", nil)
	must(t, err)
	for range 2 {
		for _, s := range []*store.Store{a, b, c} {
			sync(t, s)
		}
	}
	oldKey := mustState(t, a).Team.Key

	if _, err := folder.Remove(a, "Ms Grant", time.Now()); err == nil || !strings.Contains(err.Error(), "this laptop") {
		t.Fatalf("removing oneself: %v", err)
	}
	if _, err := folder.Remove(a, "Nobody", time.Now()); err == nil {
		t.Fatal("removed a member who is not in the team")
	}
	removed, err := folder.Remove(a, "dr ode", time.Now())
	must(t, err)
	if removed.Name != "Dr Ode" || removed.Device != mustState(t, c).Device {
		t.Fatalf("removed %+v", removed)
	}
	if mustState(t, a).Team.Key == oldKey {
		t.Fatal("the team key did not change")
	}
	sync(t, a)
	sync(t, b)
	if mustState(t, b).Team.Key != mustState(t, a).Team.Key {
		t.Fatal("Mr Hale did not move to the new key")
	}

	// The remaining members keep converging.
	students, err := b.Students()
	must(t, err)
	st := students[0]
	st.GivenName = "After the removal"
	must(t, b.SaveStudent(&st))
	sync(t, b)
	sync(t, a)
	if got, _ := a.Student(st.ID); got.GivenName != "After the removal" {
		t.Fatalf("a has %q", got.GivenName)
	}

	// The removed laptop is told so, and applies nothing.
	if _, err := folder.Sync(c, time.Now()); !errors.Is(err, folder.ErrRemoved) {
		t.Fatalf("the removed laptop's sync: %v", err)
	}
	// Even a laptop that does not see the rotation (an older Tierline, the file held back) cannot
	// read the team's new segments, and what it writes is refused.
	mine := students[1]
	mine.GivenName = "Written after removal"
	must(t, c.SaveStudent(&mine))
	rotations := filepath.Join(dir, "rotations")
	must(t, os.Rename(rotations, rotations+"-hidden"))
	rep := sync(t, c)
	must(t, os.Rename(rotations+"-hidden", rotations))
	if got, _ := c.Student(st.ID); got.GivenName == "After the removal" {
		t.Fatal("the removed laptop read a segment sealed with the new key")
	}
	if !refusedWith(rep, "another team key") || rep.Published == 0 {
		t.Fatalf("the removed laptop's sync: %+v", rep)
	}
	for _, s := range []*store.Store{a, b} {
		rep := sync(t, s)
		if !refusedWith(rep, "was written by Dr Ode, removed from the team") {
			t.Fatalf("the removed laptop's segment was not refused: %+v", rep.Refused)
		}
		if got, _ := s.Student(mine.ID); got.GivenName == "Written after removal" {
			t.Fatal("a segment of the removed laptop was applied")
		}
	}

	// A laptop that joins with the new code reads the segments sealed with the old key too.
	d := open(t)
	_, err = folder.Join(d, mustState(t, a).Team.JoinCode(), dir, "Mx Lind", nil)
	must(t, err)
	if rep := sync(t, d); rep.Applied.New == 0 {
		t.Fatalf("the new member received nothing: %+v", rep)
	}
	if exportAll(t, d) != exportAll(t, a) || exportAll(t, b) != exportAll(t, a) {
		t.Fatal("the remaining members and the new one differ")
	}
	// The old code no longer gives access.
	e := open(t)
	_, err = folder.Join(e, code, dir, "Old code", nil)
	must(t, err)
	if _, err := folder.Sync(e, time.Now()); !errors.Is(err, folder.ErrRemoved) {
		t.Fatalf("a laptop joining with the old code: %v", err)
	}
}

func mustState(t *testing.T, s *store.Store) *folder.State {
	t.Helper()
	st, err := folder.Load(s)
	must(t, err)
	return st
}

func refusedWith(rep folder.Report, reason string) bool {
	for _, r := range rep.Refused {
		if strings.Contains(r.Reason, reason) {
			return true
		}
	}
	return false
}
