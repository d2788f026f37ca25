package app

import (
	"slices"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// planSessions are one plan's sessions in a compact form, oldest first (the
// store's order: by date, then id). The school keeps its sessions so, not as
// data.Session values: a large school has over 100,000 of them, and a
// data.Session is 88 bytes (its date three ints, its note a string header
// even when empty) against a packed row's 28.
type planSessions struct {
	rows  []packedSession
	notes []string // the non-empty notes, indexed by packedSession.note - 1
}

type packedSession struct {
	id      data.ID
	day     int32 // data.Date.DayNumber
	minutes uint16
	present bool
	note    uint32 // 0: no note; else notes[note-1]
}

// sessionsByPlan packs sessions (in the store's order) by plan.
type sessionsByPlan map[data.ID]*planSessions

func (m sessionsByPlan) add(ss data.Session) {
	ps := m[ss.Plan]
	if ps == nil {
		ps = &planSessions{}
		m[ss.Plan] = ps
	}
	row := packedSession{id: ss.ID, day: int32(ss.Date.DayNumber()), minutes: uint16(ss.Minutes), present: ss.Present}
	if ss.Note != "" {
		ps.notes = append(ps.notes, ss.Note)
		row.note = uint32(len(ps.notes))
	}
	ps.rows = append(ps.rows, row)
}

// of returns a plan's sessions, oldest first, as data.Session values.
func (m sessionsByPlan) of(plan data.ID) []data.Session {
	ps := m[plan]
	if ps == nil {
		return nil
	}
	out := make([]data.Session, len(ps.rows))
	for i, r := range ps.rows {
		out[i] = data.Session{ID: r.id, Plan: plan, Date: data.DateFromDayNumber(int(r.day)), Minutes: int(r.minutes), Present: r.present}
		if r.note > 0 {
			out[i].Note = ps.notes[r.note-1]
		}
	}
	return out
}

// appendOf appends the sessions of each plan, in the order of plans.
func (m sessionsByPlan) appendOf(out []data.Session, plans []data.Plan) []data.Session {
	for _, p := range plans {
		out = append(out, m.of(p.ID)...)
	}
	return out
}

// all returns every session in the store's order: by plan id, then as kept.
func (m sessionsByPlan) all() []data.Session {
	plans := make([]data.ID, 0, len(m))
	n := 0
	for id, ps := range m {
		plans = append(plans, id)
		n += len(ps.rows)
	}
	slices.SortFunc(plans, compareIDs)
	out := make([]data.Session, 0, n)
	for _, id := range plans {
		out = append(out, m.of(id)...)
	}
	return out
}

// weeks are the instructional weeks (analysis.InstructionalWeeks of every
// session).
func (m sessionsByPlan) weeks() analysis.WeekSet {
	weeks := analysis.WeekSet{}
	for _, ps := range m {
		for _, r := range ps.rows {
			weeks[analysis.MondayOf(data.DateFromDayNumber(int(r.day)))] = true
		}
	}
	return weeks
}
