package store_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/importer"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/team/merge"
)

// exportAll is every CSV export of a store, the school's settings first, and its check.
func exportAll(t testing.TB, s *store.Store) string {
	t.Helper()
	snap, err := s.Snapshot()
	must(t, err)
	var buf bytes.Buffer
	buf.WriteString(snap.Settings.Name + "\n")
	for _, kind := range importer.ExportKinds {
		if _, err := importer.Export(&buf, kind, snap); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Check(); err != nil {
		t.Fatalf("%s fails its check: %v", s.Path(), err)
	}
	return buf.String()
}

// exchange gives to's store every change from's store has that to lacks.
func exchange(t testing.TB, from, to *store.Store) store.ApplyResult {
	t.Helper()
	changes, _, err := from.ChangesSince(0, 0, false)
	must(t, err)
	res, err := to.ApplyChanges(changes)
	must(t, err)
	return res
}

// TestApplyBuildsTheSameSchool: a store given another's changes exports the same CSVs; applying
// them again changes nothing.
func TestApplyBuildsTheSameSchool(t *testing.T) {
	a, b := MustOpen(t), MustOpen(t)
	seed(t, a)
	res := exchange(t, a, b)
	if res.New == 0 || res.Waiting != 0 || res.Refused != 0 {
		t.Fatalf("first apply: %+v", res)
	}
	want := exportAll(t, a)
	if got := exportAll(t, b); got != want {
		t.Fatalf("b exports\n%s\na exports\n%s", got, want)
	}
	again := exchange(t, a, b)
	if again != (store.ApplyResult{}) {
		t.Fatalf("second apply did something: %+v", again)
	}
	if got := exportAll(t, b); got != want {
		t.Fatal("the second apply changed b")
	}
	// b's log now holds a's changes as a's: b publishes none of them as its own.
	own, _, err := b.ChangesSince(0, 0, true)
	must(t, err)
	if len(own) != 0 {
		t.Fatalf("b publishes %d of a's changes as its own", len(own))
	}
}

// TestConcurrentEditsConverge: both laptops edit while apart; after they exchange both ways they
// export the same school, the later edit of a student wins, and a score entered twice with two
// values keeps one and lists the other.
func TestConcurrentEditsConverge(t *testing.T) {
	a, b := MustOpen(t), MustOpen(t)
	sc := seed(t, a)
	exchange(t, a, b)

	st := sc.student
	st.GivenName = "Ana María"
	must(t, a.SaveStudent(&st))
	st.GivenName = "Anna"
	must(t, b.SaveStudent(&st)) // later: wins
	score := data.Score{Student: st.ID, Measure: sc.measure.ID, Date: data.NewDate(2026, 11, 10), Kind: data.Progress, Value: 47, Errors: data.NoErrors}
	must(t, a.SaveScore(score))
	score.Value = 74
	must(t, b.SaveScore(score))
	must(t, a.ChangeTier(&data.TierChange{Student: st.ID, Date: data.NewDate(2026, 12, 1), To: 3, Reason: "a", DecidedBy: "A"}))
	must(t, b.ChangeTier(&data.TierChange{Student: st.ID, Date: data.NewDate(2026, 11, 20), To: 1, Reason: "b", DecidedBy: "B"}))

	exchange(t, a, b)
	exchange(t, b, a)
	if ga, gb := exportAll(t, a), exportAll(t, b); ga != gb {
		t.Fatalf("a and b differ:\n%s\n---\n%s", ga, gb)
	}
	got, err := a.Student(st.ID)
	must(t, err)
	if got.GivenName != "Anna" {
		t.Errorf("given name %q, want the later edit", got.GivenName)
	}
	history, err := a.TierHistory(st.ID)
	must(t, err)
	if len(history) != 3 || history[1].To != 1 || history[2].From != 1 || history[2].To != 3 {
		t.Errorf("tier history %+v, want 1→2, 2→1, 1→3", history)
	}
	for _, s := range []*store.Store{a, b} {
		conflicts, err := s.Conflicts()
		must(t, err)
		if len(conflicts) != 1 || conflicts[0].Reason != merge.LoggedTwice || conflicts[0].Change.Ref.Entity != "score" {
			t.Fatalf("%s conflicts %+v, want the other score", s.Path(), conflicts)
		}
	}
}

// TestDeleteWhileAnotherAdds: one laptop deletes a student while another enters a score for
// them: both end without the student, and the score is in the conflict list, not lost.
func TestDeleteWhileAnotherAdds(t *testing.T) {
	a, b := MustOpen(t), MustOpen(t)
	sc := seed(t, a)
	exchange(t, a, b)
	must(t, b.SaveScore(data.Score{Student: sc.student.ID, Measure: sc.measure.ID, Date: data.NewDate(2026, 11, 10), Kind: data.Progress, Value: 47, Errors: data.NoErrors}))
	must(t, a.DeleteStudent(sc.student.ID))

	exchange(t, a, b)
	exchange(t, b, a)
	if ga, gb := exportAll(t, a), exportAll(t, b); ga != gb {
		t.Fatalf("a and b differ:\n%s\n---\n%s", ga, gb)
	}
	if _, err := b.Student(sc.student.ID); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("the deleted student is still on b: %v", err)
	}
	conflicts, err := b.Conflicts()
	must(t, err)
	if len(conflicts) != 1 || conflicts[0].Reason != merge.Orphaned {
		t.Fatalf("conflicts %+v, want the orphaned score", conflicts)
	}
}

// TestDeleteWinsOverALaterEdit: laptop b, its clock an hour ahead, edits a student and a score
// that laptop a, not knowing, deletes. After they exchange both ways the delete wins on both
// (a later clock does not undo a delete it never saw) and b's edits are in the conflict list.
// A score entered again after its delete was seen wins over the delete.
func TestDeleteWinsOverALaterEdit(t *testing.T) {
	a, b := MustOpen(t), MustOpen(t)
	sc := seed(t, a)
	exchange(t, a, b)
	now := time.Now().UnixMilli()
	undo := store.SetWallClockForTest(func() int64 { return now + time.Hour.Milliseconds() })
	st := sc.student
	st.GivenName = "Anna"
	must(t, b.SaveStudent(&st))
	first := data.Score{Student: st.ID, Measure: sc.measure.ID, Date: data.NewDate(2026, 10, 6), Kind: data.Progress, Value: 39, Errors: data.NoErrors}
	must(t, b.SaveScore(first))
	undo()
	undo = store.SetWallClockForTest(func() int64 { return now })
	defer undo()
	must(t, a.DeleteStudent(st.ID))

	exchange(t, b, a)
	exchange(t, a, b)
	if ga, gb := exportAll(t, a), exportAll(t, b); ga != gb {
		t.Fatalf("a and b differ:\n%s\n---\n%s", ga, gb)
	}
	for _, s := range []*store.Store{a, b} {
		if _, err := s.Student(st.ID); data.ErrorCode(err) != data.ENOTFOUND {
			t.Fatalf("%s: the deleted student is back: %v", s.Path(), err)
		}
		conflicts, err := s.Conflicts()
		must(t, err)
		edited := map[string]bool{}
		for _, c := range conflicts {
			if c.Reason == merge.EditedWhileDeleted {
				edited[c.Change.Ref.Entity] = true
			}
		}
		if !edited["student"] || !edited["score"] {
			t.Fatalf("%s conflicts %+v, want b's edits of the student and the score", s.Path(), conflicts)
		}
	}

	// A score deleted, the delete seen by b, and entered again there: the entry wins.
	c := MustOpen(t)
	csc := seed(t, c)
	d := MustOpen(t)
	exchange(t, c, d)
	scores, err := c.StudentScores(csc.student.ID)
	must(t, err)
	must(t, c.DeleteScore(scores[0]))
	exchange(t, c, d)
	undo()
	defer store.SetWallClockForTest(func() int64 { return now - time.Hour.Milliseconds() })() // behind: the HLC still orders it after
	scores[0].Value = 55
	must(t, d.SaveScore(scores[0]))
	exchange(t, d, c)
	if gc, gd := exportAll(t, c), exportAll(t, d); gc != gd {
		t.Fatalf("c and d differ:\n%s\n---\n%s", gc, gd)
	}
	again, err := c.StudentScores(csc.student.ID)
	must(t, err)
	if !slices.ContainsFunc(again, func(s data.Score) bool { return s.Date == scores[0].Date && s.Value == 55 }) {
		t.Fatalf("scores %+v: the score entered again after its delete is lost", again)
	}
}

// TestChildBeforeParentWaits: a score that arrives before its student waits, and is written
// when the student arrives.
func TestChildBeforeParentWaits(t *testing.T) {
	a, b := MustOpen(t), MustOpen(t)
	seed(t, a)
	changes, _, err := a.ChangesSince(0, 0, false)
	must(t, err)
	var children, rest []store.Change
	for _, c := range changes {
		if c.Parent != nil {
			children = append(children, c)
		} else {
			rest = append(rest, c)
		}
	}
	res, err := b.ApplyChanges(children)
	must(t, err)
	if res.Waiting == 0 {
		t.Fatalf("children without parents: %+v", res)
	}
	res, err = b.ApplyChanges(rest)
	must(t, err)
	if res.Waiting != 0 {
		t.Fatalf("records still waiting after their parents came: %+v", res)
	}
	if exportAll(t, a) != exportAll(t, b) {
		t.Fatal("b differs from a")
	}
}

// TestApplyRefusesMalformedChanges: a change no Tierline writes is refused with its position,
// and nothing of the batch is applied.
func TestApplyRefusesMalformedChanges(t *testing.T) {
	a, b := MustOpen(t), MustOpen(t)
	seed(t, a)
	changes, _, err := a.ChangesSince(0, 0, false)
	must(t, err)
	bad := changes[len(changes)-1]
	bad.Ref.Key = "short"
	if _, err := b.ApplyChanges(append(changes[:len(changes)-1:len(changes)-1], bad)); err == nil {
		t.Fatal("a change with a bad key was applied")
	}
	if st, err := b.ChangeLog(); err != nil || st.Changes != 0 {
		t.Fatalf("the refused batch left %d changes (%v)", st.Changes, err)
	}
}
