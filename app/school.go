package app

import (
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

// school is the school as the screens see it: one consistent snapshot and
// what data/ derives from it. It is built off the UI goroutine and never
// changed afterwards; a write builds a new one.
type school struct {
	snap          data.Snapshot
	today         data.Date
	tiers         map[data.ID]data.Tier
	review        []data.ReviewItem
	needOf        map[data.ID]data.ReviewItem // each student's most urgent review item
	weeks         data.WeekSet
	students      map[data.ID]data.Student
	measures      map[data.ID]data.Measure
	interventions map[data.ID]data.Intervention
	// the dashboard's group progress: the main measure by race/ethnicity
	main       data.Measure
	hasMain    bool
	mainTables []data.GroupTable
}

func loadSchool(s *store.Store, today data.Date) (*school, error) {
	snap, err := s.Snapshot()
	if err != nil {
		return nil, err
	}
	return newSchool(snap, today), nil
}

func newSchool(snap data.Snapshot, today data.Date) *school {
	sc := &school{snap: snap, today: today, tiers: data.TiersOn(snap.TierChanges, today),
		needOf: map[data.ID]data.ReviewItem{}, weeks: data.InstructionalWeeks(snap.Sessions),
		students: map[data.ID]data.Student{}, measures: map[data.ID]data.Measure{}, interventions: map[data.ID]data.Intervention{}}
	for _, st := range snap.Students {
		sc.students[st.ID] = st
	}
	for _, m := range snap.Measures {
		sc.measures[m.ID] = m
	}
	for _, iv := range snap.Interventions {
		sc.interventions[iv.ID] = iv
	}
	sc.review = data.ReviewList(data.ReviewInput{Settings: snap.Settings, Students: snap.Students, Measures: snap.Measures,
		Scores: snap.Scores, Plans: snap.Plans, Sessions: snap.Sessions, TierChanges: snap.TierChanges, Today: today, Weeks: sc.weeks})
	for _, it := range sc.review {
		if _, ok := sc.needOf[it.Student.ID]; !ok {
			sc.needOf[it.Student.ID] = it
		}
	}
	if sc.main, sc.hasMain = sc.mainMeasure(); sc.hasMain {
		sc.mainTables = sc.groupSeries(sc.main, data.DimRace, data.AllGrades)
	}
	return sc
}

// groupSeries computes the group tables of every started window.
func (sc *school) groupSeries(m data.Measure, dim data.Dimension, grade data.Grade) []data.GroupTable {
	return data.GroupSeries(data.GroupInput{Students: sc.snap.Students, Scores: sc.snap.Scores, Measure: m,
		Dimensions: []data.Dimension{dim}, ByGrade: grade != data.AllGrades}, data.StartedWindows(sc.snap.Settings, sc.today))
}

// tier returns a student's tier today.
func (sc *school) tier(id data.ID) data.Tier { return max(sc.tiers[id], 1) }

// year is the current school year.
func (sc *school) year() data.SchoolYear { return sc.snap.Settings.CurrentYear(sc.today) }

// studentInput gathers what one student's progress on a measure depends on.
func (sc *school) studentInput(st data.Student, m data.Measure) data.StudentInput {
	var plans []data.Plan
	for _, p := range sc.snap.Plans {
		if p.Student == st.ID {
			plans = append(plans, p)
		}
	}
	var sessions []data.Session
	for _, s := range sc.snap.Sessions {
		for _, p := range plans {
			if s.Plan == p.ID {
				sessions = append(sessions, s)
			}
		}
	}
	return data.StudentInput{Settings: sc.snap.Settings, Student: st, Measure: m, Scores: data.ScoresOf(sc.snap.Scores, st.ID),
		Plans: plans, Sessions: sessions, AsOf: sc.today, Method: data.OLS, Weeks: sc.weeks}
}

// plansOf returns a student's plans, newest first.
func (sc *school) plansOf(student data.ID) []data.Plan {
	var out []data.Plan
	for i := len(sc.snap.Plans) - 1; i >= 0; i-- {
		if p := sc.snap.Plans[i]; p.Student == student {
			out = append(out, p)
		}
	}
	return out
}

// sessionsOf returns a plan's sessions, newest first.
func (sc *school) sessionsOf(plan data.ID) []data.Session {
	var out []data.Session
	for i := len(sc.snap.Sessions) - 1; i >= 0; i-- {
		if s := sc.snap.Sessions[i]; s.Plan == plan {
			out = append(out, s)
		}
	}
	return out
}

// historyOf returns a student's tier changes, newest first.
func (sc *school) historyOf(student data.ID) []data.TierChange {
	var out []data.TierChange
	for i := len(sc.snap.TierChanges) - 1; i >= 0; i-- {
		if c := sc.snap.TierChanges[i]; c.Student == student {
			out = append(out, c)
		}
	}
	return out
}

// decisionsOf returns the team's decisions about a student, newest first.
func (sc *school) decisionsOf(student data.ID) []data.Decision {
	var out []data.Decision
	for i := len(sc.snap.Decisions) - 1; i >= 0; i-- {
		if d := sc.snap.Decisions[i]; d.Student == student {
			out = append(out, d)
		}
	}
	return out
}

// mainMeasure is the measure the dashboard charts: the reading measure with
// cuts in the most grades and windows (ORF in the demo), else any measure.
func (sc *school) mainMeasure() (data.Measure, bool) {
	best, most := data.Measure{}, -1
	for _, m := range sc.snap.Measures {
		n := len(m.Cuts)
		if m.Area == data.Reading {
			n += 1000
		}
		if n > most {
			best, most = m, n
		}
	}
	return best, most >= 0
}

// measuresOf returns the measures a student has scores on, the plans' goal
// measures first.
func (sc *school) measuresOf(student data.ID) []data.Measure {
	seen := map[data.ID]bool{}
	var out []data.Measure
	add := func(id data.ID) {
		if m, ok := sc.measures[id]; ok && !seen[id] {
			seen[id] = true
			out = append(out, m)
		}
	}
	for _, p := range sc.plansOf(student) {
		if p.Status == data.Active {
			add(p.Goal.Measure)
		}
	}
	for _, s := range data.ScoresOf(sc.snap.Scores, student) {
		add(s.Measure)
	}
	for _, m := range sc.snap.Measures {
		add(m.ID)
	}
	return out
}
