package summary_test

import (
	"slices"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/sync/summary"
)

// withoutScores removes the window's screening scores of the first n students
// who have one, as if they were made up later: the snapshot before.
func withoutScores(snap data.Snapshot, w data.Window, n int) data.Snapshot {
	seen := map[data.ID]bool{}
	var kept []data.Score
	for _, sc := range snap.Scores {
		if sc.Kind == data.Screening && sc.Date.Within(w.Start, w.End) && (seen[sc.Student] || len(seen) < n) {
			seen[sc.Student] = true
			continue
		}
		kept = append(kept, sc)
	}
	snap.Scores = kept
	return snap
}

// A correction republishes a cell only when k or more of its students
// changed: one make-up score changes nothing that is sent, k of them
// republish the cells they all fall in, and every other cell keeps the
// value first sent.
func TestCorrectionsRepublishOnlyCellsWithKChangedStudents(t *testing.T) {
	after := demoSchool(t, demo.Small)
	year, _ := after.Settings.YearByLabel("2025")
	w := year.Window(data.Fall)
	k := after.Settings.K
	asOf := w.End
	for _, tc := range []struct {
		changed     int
		republished bool
	}{{1, false}, {k - 1, false}, {3 * k, true}} {
		before := withoutScores(after, w, tc.changed)
		first, err := summary.Build(before, year, data.Fall, today)
		if err != nil {
			t.Fatal(err)
		}
		next, err := summary.Build(after, year, data.Fall, today)
		if err != nil {
			t.Fatal(err)
		}
		got, rep := summary.Correct(first, summary.Ledger(before, year, data.Fall, asOf), next, summary.Ledger(after, year, data.Fall, asOf))
		if rep.Changed != tc.changed {
			t.Errorf("%d make-ups: %d students changed", tc.changed, rep.Changed)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("%d make-ups: the correction fails validation: %v", tc.changed, err)
		}
		if !tc.republished {
			if !slices.EqualFunc(got.Progress, first.Progress, sameProgress) || rep.Republished != 0 {
				t.Errorf("%d make-ups (under k = %d): the correction differs from the first send (%+v)", tc.changed, k, rep)
			}
			continue
		}
		if rep.Republished == 0 || rep.Kept == 0 {
			t.Errorf("%d make-ups: %+v, want some cells republished and some kept", tc.changed, rep)
		}
		for _, c := range got.Progress {
			if c.Dimension == summary.All && c.Grade == summary.All && !slices.ContainsFunc(next.Progress, func(n summary.ProgressCell) bool { return sameProgress(c, n) }) {
				t.Errorf("%d make-ups: the all-students cell of %s was not republished", tc.changed, c.Measure)
			}
		}
	}
}

func sameProgress(a, b summary.ProgressCell) bool {
	return a.Measure == b.Measure && a.Grade == b.Grade && a.Dimension == b.Dimension && a.Group == b.Group &&
		*a.N == *b.N && *a.PctAtOrAbove == *b.PctAtOrAbove
}

// A past window sent today counts only the students enrolled at its end:
// neither those who came later nor those who had left.
func TestAPastWindowCountsOnlyTheStudentsEnrolledAtItsEnd(t *testing.T) {
	snap := demoSchool(t, demo.Small)
	year, _ := snap.Settings.YearByLabel("2025")
	w := year.Window(data.Spring)
	all := len(snap.Students)
	for i := range snap.Students {
		switch i % 5 {
		case 0:
			snap.Students[i].EnrolledFrom = w.End.AddDays(1) // came after the window
		case 1:
			snap.Students[i].Withdrawn, snap.Students[i].WithdrawnOn = true, w.End // left on its last day
		}
	}
	enrolled := 0
	for _, st := range snap.Students {
		if st.EnrolledOn(w.End) {
			enrolled++
		}
	}
	if enrolled > all*3/5+1 {
		t.Fatalf("%d of %d students enrolled: the test changed nothing", enrolled, all)
	}
	s, err := summary.Build(snap, year, data.Spring, today)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range s.Tiers {
		if c.Dimension == summary.All && (*c.N < enrolled-2 || *c.N > enrolled+2) {
			t.Errorf("tier placement counts %d students (perturbed), %d were enrolled on %s", *c.N, enrolled, w.End)
		}
	}
	for _, c := range s.Progress {
		if c.Dimension == summary.All && c.Grade == summary.All && *c.N > enrolled+2 {
			t.Errorf("%s counts %d students assessed, more than the %d enrolled", c.Measure, *c.N, enrolled)
		}
	}
	ledger := summary.Ledger(snap, year, data.Spring, w.End)
	if len(ledger) != enrolled {
		t.Errorf("the ledger has %d students, want the %d enrolled", len(ledger), enrolled)
	}
}
