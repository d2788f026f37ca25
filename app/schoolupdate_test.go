package app

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/store"
)

// After each kind of write that touches one student, the school updated
// with the student's records is the school read again whole: the same
// records in the same order, the same review list and tiers.
func TestAStudentsWriteUpdatesTheSchoolAsAReloadWould(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "tierline.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	snap, err := demo.School(demo.Options{Today: testToday, Size: demo.Small})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Initialize(&snap); err != nil {
		t.Fatal(err)
	}
	sc, err := loadSchool(s, testToday)
	if err != nil {
		t.Fatal(err)
	}
	it := sc.review[len(sc.review)/2]
	st, plan := it.Student, it.Plan
	other := sc.review[0].Student
	writes := []struct {
		name    string
		student data.ID
		write   func() error
	}{
		{"a score", st.ID, func() error {
			return s.SaveScore(data.Score{Student: st.ID, Measure: plan.Goal.Measure, Date: testToday, Kind: data.Progress, Value: 57, Errors: data.NoErrors, Grade: st.Grade})
		}},
		{"a session", st.ID, func() error {
			return s.SaveSession(&data.Session{Plan: plan.ID, Date: testToday, Present: true, Minutes: 30})
		}},
		{"a session with a note", st.ID, func() error {
			return s.SaveSession(&data.Session{Plan: plan.ID, Date: testToday.AddDays(-1), Present: true, Minutes: 20, Note: "Tired after recess"})
		}},
		{"a decision", st.ID, func() error {
			return s.SaveDecision(&data.Decision{Student: st.ID, Plan: plan.ID, Date: testToday, Verdict: it.Progress.Current.Verdict.Kind,
				Decision: data.DecideIntensify, NextReview: testToday.AddDays(42)})
		}},
		{"a tier change", other.ID, func() error {
			return s.ChangeTier(&data.TierChange{Student: other.ID, Date: testToday, To: 1, Reason: "test"})
		}},
		{"a new plan", st.ID, func() error {
			p := plan
			p.ID, p.Status = data.ID{}, data.Active
			p.Phases = append([]data.Phase{}, plan.Phases...)
			p.Phases[0].Start = testToday
			return s.SavePlan(&p)
		}},
		{"a plan deleted", st.ID, func() error { return s.DeletePlan(plan.ID) }},
		{"a rename", other.ID, func() error {
			renamed := other
			renamed.FamilyName = "Aaberg"
			return s.SaveStudent(&renamed)
		}},
		{"a withdrawal", other.ID, func() error { return s.WithdrawStudent(other.ID, testToday) }},
		{"a student deleted", st.ID, func() error { return s.DeleteStudent(st.ID) }},
	}
	for _, w := range writes {
		if err := w.write(); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		if sc = sc.updatedFor(s, w.student); sc == nil {
			t.Fatalf("%s: the student could not be read again", w.name)
		}
		reloaded, err := loadSchool(s, testToday)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := s.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(sc.snap.Records, reloaded.snap.Records) || !reflect.DeepEqual(sc.wholeSnapshot().Records, whole.Records) {
			t.Fatalf("after %s the records differ from the store's", w.name)
		}
		if !reflect.DeepEqual(sc.weeks, reloaded.weeks) || !reflect.DeepEqual(sc.weeks, analysis.InstructionalWeeks(whole.Sessions)) {
			t.Fatalf("after %s the instructional weeks differ", w.name)
		}
		if !reflect.DeepEqual(sc.review, reloaded.review) || !reflect.DeepEqual(sc.tiers, reloaded.tiers) || !reflect.DeepEqual(sc.needOf, reloaded.needOf) {
			t.Fatalf("after %s the review list or the tiers differ", w.name)
		}
		if !reflect.DeepEqual(sc.students, reloaded.students) || !reflect.DeepEqual(sc.dashboardTables(), reloaded.dashboardTables()) {
			t.Fatalf("after %s the students or the dashboard's tables differ", w.name)
		}
		for _, p := range reloaded.snap.Plans {
			if !sameRecords(sc.sessionsOf(p.ID), reloaded.sessionsOf(p.ID)) || !sameRecords(sc.plansByStudent[p.Student], reloaded.plansByStudent[p.Student]) {
				t.Fatalf("after %s the plans or sessions of a student differ", w.name)
			}
		}
	}
}
