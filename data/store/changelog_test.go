package store_test

import (
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

// logged returns the changes the write added to the log.
func logged(t *testing.T, s *store.Store, write func() error) []store.Change {
	t.Helper()
	before, err := s.ChangeLog()
	must(t, err)
	if err := write(); err != nil {
		t.Fatal(err)
	}
	changes, _, err := s.ChangesSince(before.Last, 0, false)
	must(t, err)
	return changes
}

// TestEveryWriteLogsOneChange: each kind of write leaves exactly one change naming its record,
// stamped by this device with a clock later than the change before.
func TestEveryWriteLogsOneChange(t *testing.T) {
	s := MustOpen(t)
	sc := seed(t, s)
	st, err := s.ChangeLog()
	must(t, err)
	if st.Device == (data.ID{}) {
		t.Fatal("no device id after writes")
	}
	score := data.Score{Student: sc.student.ID, Measure: sc.measure.ID, Date: data.NewDate(2026, 11, 3), Kind: data.Progress, Value: 44, Errors: data.NoErrors}
	session := data.Session{Plan: sc.plan.ID, Date: data.NewDate(2026, 10, 9), Minutes: 25, Present: true}
	writes := []struct {
		entity  string
		deleted bool
		write   func() error
	}{
		{"settings", false, func() error { return s.SaveSettings(sc.settings) }},
		{"measure", false, func() error { sc.measure.Unit = "words correct"; return s.SaveMeasure(&sc.measure) }},
		{"intervention", false, func() error { sc.intervention.MinutesPerSession = 25; return s.SaveIntervention(&sc.intervention) }},
		{"student", false, func() error { sc.student.GivenName = "Anita"; return s.SaveStudent(&sc.student) }},
		{"student", false, func() error { return s.WithdrawStudent(sc.student.ID, data.NewDate(2027, 5, 1)) }},
		{"score", false, func() error { return s.SaveScore(score) }},
		{"score", true, func() error { return s.DeleteScore(score) }},
		{"plan", false, func() error { sc.plan.Interventionist = "Mr Hale"; return s.SavePlan(&sc.plan) }},
		{"session", false, func() error { return s.SaveSession(&session) }},
		{"session", true, func() error { return s.DeleteSession(session) }},
		{"tier", false, func() error {
			return s.ChangeTier(&data.TierChange{Student: sc.student.ID, Date: data.NewDate(2026, 12, 1), To: 3, Reason: "No progress", DecidedBy: "MTSS team"})
		}},
		{"tier", true, func() error { return s.UndoTierChange(sc.student.ID) }},
		{"decision", false, func() error {
			return s.SaveDecision(&data.Decision{Student: sc.student.ID, Date: data.NewDate(2026, 12, 2), Verdict: data.Continue, Decision: data.DecideContinue})
		}},
	}
	var last store.Change
	for _, w := range writes {
		changes := logged(t, s, w.write)
		if len(changes) != 1 {
			t.Fatalf("%s write: %d changes logged, want 1: %+v", w.entity, len(changes), changes)
		}
		c := changes[0]
		if c.Ref.Entity != w.entity || c.Deleted != w.deleted || c.Device != st.Device.String() || (c.Body == nil) != w.deleted {
			t.Errorf("%s write logged %+v", w.entity, c)
		}
		if c.Clock.Compare(last.Clock) <= 0 {
			t.Errorf("%s write: clock %v not after %v", w.entity, c.Clock, last.Clock)
		}
		last = c
	}
}

// TestDeleteStudentLogsEveryRecordRemoved: deleting a student logs a tombstone for the student
// and for each record deleted with them, so no other device keeps them as orphans.
func TestDeleteStudentLogsEveryRecordRemoved(t *testing.T) {
	s := MustOpen(t)
	sc := seed(t, s)
	changes := logged(t, s, func() error { return s.DeleteStudent(sc.student.ID) })
	count := map[string]int{}
	for _, c := range changes {
		if !c.Deleted {
			t.Errorf("a put logged by a delete: %+v", c)
		}
		count[c.Ref.Entity]++
	}
	want := map[string]int{"student": 1, "score": 3, "plan": 1, "session": 2, "tier": 1, "decision": 1}
	for e, n := range want {
		if count[e] != n {
			t.Errorf("%d %s tombstones, want %d (all: %v)", count[e], e, n, count)
		}
	}
}

// TestFailedWriteLogsNothing: a refused write leaves the log as it was, like the records.
func TestFailedWriteLogsNothing(t *testing.T) {
	s := MustOpen(t)
	sc := seed(t, s)
	before, err := s.ChangeLog()
	must(t, err)
	bad := []func() error{
		func() error {
			return s.SaveStudent(&data.Student{LocalID: sc.student.LocalID, GivenName: "B", FamilyName: "C", Grade: "03"})
		},
		func() error {
			return s.SaveScores([]data.Score{
				{Student: sc.student.ID, Measure: sc.measure.ID, Date: data.NewDate(2026, 11, 3), Kind: data.Progress, Value: 50, Errors: data.NoErrors},
				{Student: sc.student.ID, Measure: sc.measure.ID, Date: data.NewDate(2026, 11, 4), Kind: data.Progress, Value: 5000, Errors: data.NoErrors}})
		},
		func() error {
			return s.ChangeTier(&data.TierChange{Student: sc.student.ID, Date: data.NewDate(2026, 9, 1), To: 3, Reason: "x", DecidedBy: "y"})
		},
		func() error {
			return s.DeleteScore(data.Score{Student: sc.student.ID, Measure: sc.measure.ID, Date: data.NewDate(2020, 1, 1)})
		},
		func() error { return s.DeleteStudent(data.NewID()) },
	}
	for i, write := range bad {
		if err := write(); err == nil {
			t.Fatalf("bad write %d accepted", i)
		}
	}
	after, err := s.ChangeLog()
	must(t, err)
	if after.Changes != before.Changes || after.Last != before.Last {
		t.Fatalf("refused writes logged changes: %+v, before %+v", after, before)
	}
}
