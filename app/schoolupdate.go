package app

import (
	"bytes"
	"maps"
	"reflect"
	"slices"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/store"
)

// A save that touches one student reads that student's records again, not
// the whole school: the school on screen is rebuilt from the snapshot it
// holds with the student's records replaced (withStudent), and only what
// depends on them is derived again: their review items and tier, and the
// dashboard's group tables when their scores or record changed.

// withStudent returns the school with one student's records replaced by
// those read again from the store; roster is every student in the store's
// order when the student's place in it moved (rosterMoves), else nil. The
// snapshot's lists keep the store's order (scores, tier changes and
// decisions by student; plans by id; sessions by plan), which the
// analyses' lookups rely on; a list the write did not change is shared.
func (sc *school) withStudent(r store.StudentRecords, roster []data.Student) *school {
	id := r.Student
	oldPlans := sc.plansByStudent[id]
	oldSessions := sc.sessions.appendOf(nil, oldPlans)
	byStudent := func(a, b data.ID) int { return compareIDs(a, b) }
	snap := sc.snap
	snap.Students = sc.withRecord(r, roster)
	scoresChanged := !sameRecords(analysis.ScoresOf(sc.snap.Scores, id), r.Scores)
	if scoresChanged {
		snap.Scores = replaceRecords(sc.snap.Scores, r.Scores,
			func(s data.Score) bool { return s.Student == id }, func(a, b data.Score) int { return byStudent(a.Student, b.Student) })
	}
	snap.TierChanges = replaceRecords(sc.snap.TierChanges, r.TierChanges,
		func(c data.TierChange) bool { return c.Student == id }, func(a, b data.TierChange) int { return byStudent(a.Student, b.Student) })
	snap.Decisions = replaceRecords(sc.snap.Decisions, r.Decisions,
		func(d data.Decision) bool { return d.Student == id }, func(a, b data.Decision) int { return byStudent(a.Student, b.Student) })
	if !sameRecords(oldPlans, r.Plans) {
		snap.Plans = replaceRecords(sc.snap.Plans, r.Plans,
			func(p data.Plan) bool { return p.Student == id }, func(a, b data.Plan) int { return compareIDs(a.ID, b.ID) })
	}
	weeks, sessions := sc.weeks, sc.sessions
	if !sameRecords(oldSessions, r.Sessions) {
		// a new map with new entries for the student's plans: the old
		// school's are shared, never changed
		sessions = maps.Clone(sc.sessions)
		for _, p := range append(slices.Clone(oldPlans), r.Plans...) {
			delete(sessions, p.ID)
		}
		for _, ss := range r.Sessions {
			sessions.add(ss)
		}
		if weeks = sessions.weeks(); !maps.Equal(weeks, sc.weeks) {
			// Every plan's fidelity counts the school's instructional weeks.
			return buildSchool(snap, sessions, sc.today)
		}
	}

	next := &school{snap: snap, today: sc.today, weeks: weeks, sessions: sessions, measures: sc.measures, interventions: sc.interventions,
		main: sc.main, hasMain: sc.hasMain, tiers: maps.Clone(sc.tiers), students: maps.Clone(sc.students),
		plansByStudent: maps.Clone(sc.plansByStudent), needOf: map[data.ID]analysis.ReviewItem{}}
	delete(next.tiers, id)
	maps.Copy(next.tiers, data.TiersOn(r.TierChanges, sc.today))
	delete(next.students, id)
	if r.Found {
		next.students[id] = r.Record
	}
	delete(next.plansByStudent, id)
	if len(r.Plans) > 0 {
		next.plansByStudent[id] = r.Plans
	}
	var mine []data.Student
	if r.Found {
		mine = []data.Student{r.Record}
	}
	fresh := analysis.ReviewList(analysis.ReviewInput{Settings: snap.Settings, Students: mine, Measures: snap.Measures,
		Scores: r.Scores, Plans: r.Plans, Sessions: r.Sessions, Tiers: next.tiers, Today: sc.today, Weeks: weeks})
	next.review = analysis.ReplaceStudentItems(sc.review, id, fresh)
	for _, it := range next.review {
		if _, ok := next.needOf[it.Student.ID]; !ok {
			next.needOf[it.Student.ID] = it
		}
	}
	if scoresChanged || roster != nil || !reflect.DeepEqual(sc.students[id], r.Record) {
		next.shareDashboard(nil) // the student's group or scores moved: computed when next shown
	} else {
		next.shareDashboard(sc)
	}
	return next
}

// withRecord is the roster with the student's record as read again.
func (sc *school) withRecord(r store.StudentRecords, roster []data.Student) []data.Student {
	if roster != nil {
		return roster
	}
	i := slices.IndexFunc(sc.snap.Students, func(st data.Student) bool { return st.ID == r.Student })
	switch {
	case i < 0:
		return sc.snap.Students // rosterMoves asks for the roster when a student is new
	case !r.Found:
		return slices.Delete(slices.Clone(sc.snap.Students), i, i+1)
	case reflect.DeepEqual(sc.snap.Students[i], r.Record):
		return sc.snap.Students
	}
	out := slices.Clone(sc.snap.Students)
	out[i] = r.Record
	return out
}

// rosterMoves reports whether the student's place in the roster (ordered
// by name and local id) may have moved, so that the roster is read again.
func (sc *school) rosterMoves(r store.StudentRecords) bool {
	old, ok := sc.students[r.Student]
	if !ok || !r.Found {
		return ok != r.Found
	}
	return old.FamilyName != r.Record.FamilyName || old.GivenName != r.Record.GivenName || old.LocalID != r.Record.LocalID
}

// sameRecords reports whether two lists of records are equal (nil and
// empty alike).
func sameRecords[T any](a, b []T) bool {
	return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b)
}

// replaceRecords returns a new list: all without the records dropped, and
// fresh merged in where order puts them. Both lists are in order; the
// records dropped and the fresh ones share their keys, so the fresh ones
// land where the dropped ones were.
func replaceRecords[T any](all, fresh []T, drop func(T) bool, order func(a, b T) int) []T {
	out := make([]T, 0, len(all)+len(fresh))
	j := 0
	for _, r := range all {
		if drop(r) {
			continue
		}
		for j < len(fresh) && order(fresh[j], r) < 0 {
			out = append(out, fresh[j])
			j++
		}
		out = append(out, r)
	}
	return append(out, fresh[j:]...)
}

// compareIDs orders ids as the store's keys are: byte by byte.
func compareIDs(a, b data.ID) int { return bytes.Compare(a[:], b[:]) }

// saveStudent is save for a write that touches one student's records (and
// no other's): on success the school on screen is updated with what the
// store now holds for the student. When another load replaced the school
// meanwhile, or the student cannot be read, the whole school is read again.
func (u *UI) saveStudent(id data.ID, write func() error, done func(), failed func(error)) {
	base := u.school
	u.work(func() (func(), error) {
		if err := write(); err != nil {
			return func() { u.saveFailed(err, failed) }, nil
		}
		next := base.updatedFor(u.svc.Store, id)
		return func() {
			if done != nil {
				done()
			}
			u.written()
			if next == nil || u.school != base {
				u.reload()
				return
			}
			u.setSchool(next)
		}, nil
	}, "Could not save")
}

// updatedFor reads a student's records again and returns the school with
// them, or nil when they cannot be read (the caller reads the whole school).
func (sc *school) updatedFor(s *store.Store, id data.ID) *school {
	if sc == nil {
		return nil
	}
	r, err := s.StudentRecords(id)
	if err != nil {
		return nil
	}
	var roster []data.Student
	if sc.rosterMoves(r) {
		if roster, err = s.Students(); err != nil {
			return nil
		}
	}
	return sc.withStudent(r, roster)
}

// forStudent says that the dialog's write touches one student's records
// only, so that saving it updates only them.
func (f *formDialog) forStudent(id data.ID) *formDialog {
	f.student = &id
	return f
}

func (f *formDialog) save(write func() error, done func(), failed func(error)) {
	if f.student != nil {
		f.ui.saveStudent(*f.student, write, done, failed)
		return
	}
	f.ui.save(write, done, failed)
}
