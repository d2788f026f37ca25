package app

import (
	"bytes"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

// A save that touches one student reads that student's records again, not
// the whole school: the school on screen is rebuilt from the snapshot it
// holds with the student's records replaced (withStudent), which costs a
// copy of each record list, not a read and decoding of every record.

// withStudent returns the school with one student's records replaced by
// those read again from the store. The snapshot's lists keep the store's
// order (scores, tier changes and decisions by student; plans by id; sessions
// by plan), which the analyses' lookups rely on.
func (sc *school) withStudent(r store.StudentRecords) *school {
	id := r.Student
	plans := map[data.ID]bool{}
	for _, p := range sc.plansByStudent[id] {
		plans[p.ID] = true
	}
	for _, p := range r.Plans {
		plans[p.ID] = true
	}
	snap := sc.snap
	snap.Students = r.Students
	snap.Scores = replaceRecords(sc.snap.Scores, r.Scores,
		func(s data.Score) bool { return s.Student == id }, func(a, b data.Score) int { return compareIDs(a.Student, b.Student) })
	snap.TierChanges = replaceRecords(sc.snap.TierChanges, r.TierChanges,
		func(c data.TierChange) bool { return c.Student == id }, func(a, b data.TierChange) int { return compareIDs(a.Student, b.Student) })
	snap.Decisions = replaceRecords(sc.snap.Decisions, r.Decisions,
		func(d data.Decision) bool { return d.Student == id }, func(a, b data.Decision) int { return compareIDs(a.Student, b.Student) })
	snap.Plans = replaceRecords(sc.snap.Plans, r.Plans,
		func(p data.Plan) bool { return p.Student == id }, func(a, b data.Plan) int { return compareIDs(a.ID, b.ID) })
	snap.Sessions = replaceRecords(sc.snap.Sessions, r.Sessions,
		func(s data.Session) bool { return plans[s.Plan] }, func(a, b data.Session) int { return compareIDs(a.Plan, b.Plan) })
	return newSchool(snap, sc.today)
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
		var next *school
		if base != nil {
			if r, err := u.svc.Store.StudentRecords(id); err == nil {
				next = base.withStudent(r)
			}
		}
		return func() {
			if done != nil {
				done()
			}
			if next == nil || u.school != base {
				u.reload()
				return
			}
			u.setSchool(next)
		}, nil
	}, "Could not save")
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
