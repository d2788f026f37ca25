package app

import (
	"slices"
	"sync"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/store"
)

// school is the school as the screens see it: one consistent snapshot and
// what data/ derives from it. It is built off the UI goroutine and never
// changed afterwards; a write builds a new one. Its snapshot holds no
// sessions (snap.Sessions is nil): they are kept packed by plan (sessions);
// wholeSnapshot gives the snapshot with them.
type school struct {
	snap          data.Snapshot
	today         data.Date
	tiers         map[data.ID]data.Tier
	review        []analysis.ReviewItem
	needOf        map[data.ID]analysis.ReviewItem // each student's most urgent review item
	weeks         analysis.WeekSet
	students      map[data.ID]data.Student
	measures      map[data.ID]data.Measure
	interventions map[data.ID]data.Intervention
	// each student's plans and each plan's sessions, oldest first: the
	// student screen reads them on the UI goroutine, so not by scanning
	// every session of the school
	plansByStudent map[data.ID][]data.Plan
	sessions       sessionsByPlan
	// the dashboard's group progress: the main measure by race/ethnicity,
	// computed when first asked for (dashboardTables); schools updated for
	// a write that leaves it as it was share it
	main       data.Measure
	hasMain    bool
	mainOnce   *sync.Once
	mainTables *[]analysis.GroupTable
}

// loadSchool reads the school, its sessions packed as they are read.
func loadSchool(s *store.Store, today data.Date) (*school, error) {
	sessions := sessionsByPlan{}
	snap, err := s.SnapshotEachSession(sessions.add)
	if err != nil {
		return nil, err
	}
	return buildSchool(snap, sessions, today), nil
}

// buildSchool derives the school from a snapshot without sessions and its
// sessions packed.
func buildSchool(snap data.Snapshot, sessions sessionsByPlan, today data.Date) *school {
	sc := &school{snap: snap, today: today, tiers: data.TiersOn(snap.TierChanges, today),
		needOf: map[data.ID]analysis.ReviewItem{}, weeks: sessions.weeks(), sessions: sessions,
		students: map[data.ID]data.Student{}, measures: map[data.ID]data.Measure{}, interventions: map[data.ID]data.Intervention{},
		plansByStudent: map[data.ID][]data.Plan{}}
	for _, st := range snap.Students {
		sc.students[st.ID] = st
	}
	for _, m := range snap.Measures {
		sc.measures[m.ID] = m
	}
	for _, iv := range snap.Interventions {
		sc.interventions[iv.ID] = iv
	}
	for _, p := range snap.Plans {
		sc.plansByStudent[p.Student] = append(sc.plansByStudent[p.Student], p)
	}
	in := analysis.ReviewInputOf(snap, today)
	in.Weeks = sc.weeks
	// the review reads the active plans' sessions only: unpacked for it alone
	in.Sessions = sessions.appendOf(nil, slices.DeleteFunc(slices.Clone(snap.Plans), func(p data.Plan) bool { return p.Status != data.Active }))
	sc.review = analysis.ReviewList(in)
	for _, it := range sc.review {
		if _, ok := sc.needOf[it.Student.ID]; !ok {
			sc.needOf[it.Student.ID] = it
		}
	}
	sc.main, sc.hasMain = sc.mainMeasure()
	sc.mainOnce, sc.mainTables = &sync.Once{}, new([]analysis.GroupTable)
	sc.dashboardTables() // off the UI goroutine, as the school is loaded
	return sc
}

// dashboardTables are the group tables of the main measure by race/ethnicity.
func (sc *school) dashboardTables() []analysis.GroupTable {
	sc.mainOnce.Do(func() {
		if sc.hasMain {
			*sc.mainTables = sc.groupSeries(sc.main, data.DimRace, analysis.AllGrades)
		}
	})
	return *sc.mainTables
}

// shareDashboard makes the school use another's dashboard tables, or
// compute its own when first asked for (from nil).
func (sc *school) shareDashboard(from *school) {
	if from != nil {
		sc.mainOnce, sc.mainTables = from.mainOnce, from.mainTables
		return
	}
	sc.mainOnce, sc.mainTables = &sync.Once{}, new([]analysis.GroupTable)
}

// groupSeries computes the group tables of every started window.
func (sc *school) groupSeries(m data.Measure, dim data.Dimension, grade data.Grade) []analysis.GroupTable {
	return analysis.GroupSeries(analysis.GroupInput{Students: sc.snap.Students, Scores: sc.snap.Scores, Measure: m,
		Dimensions: []data.Dimension{dim}, ByGrade: grade != analysis.AllGrades}, analysis.StartedWindows(sc.snap.Settings, sc.today))
}

// tier returns a student's tier today.
func (sc *school) tier(id data.ID) data.Tier { return max(sc.tiers[id], 1) }

// year is the current school year.
func (sc *school) year() data.SchoolYear { return sc.snap.Settings.CurrentYear(sc.today) }

// studentInput gathers what one student's progress on a measure depends on.
func (sc *school) studentInput(st data.Student, m data.Measure) analysis.StudentInput {
	plans := sc.plansByStudent[st.ID]
	sessions := sc.sessions.appendOf(nil, plans)
	return analysis.StudentInput{Settings: sc.snap.Settings, Student: st, Measure: m, Scores: analysis.ScoresOf(sc.snap.Scores, st.ID),
		Plans: plans, Sessions: sessions, AsOf: sc.today, Method: analysis.OLS, Weeks: sc.weeks}
}

// plansOf returns a student's plans, newest first.
func (sc *school) plansOf(student data.ID) []data.Plan {
	return reversed(sc.plansByStudent[student])
}

// sessionsOf returns a plan's sessions, newest first.
func (sc *school) sessionsOf(plan data.ID) []data.Session {
	out := sc.sessions.of(plan)
	slices.Reverse(out)
	return out
}

// wholeSnapshot is the school's snapshot with its sessions, for what reads
// every record (exports, an import's check), off the UI goroutine.
func (sc *school) wholeSnapshot() data.Snapshot {
	snap := sc.snap
	snap.Sessions = sc.sessions.all()
	return snap
}

// historyOf returns a student's tier changes, newest first.
func (sc *school) historyOf(student data.ID) []data.TierChange {
	return newestFirst(sc.snap.TierChanges, func(c data.TierChange) bool { return c.Student == student })
}

// decisionsOf returns the team's decisions about a student, newest first.
func (sc *school) decisionsOf(student data.ID) []data.Decision {
	return newestFirst(sc.snap.Decisions, func(d data.Decision) bool { return d.Student == student })
}

// newestFirst returns the records that keep, last first: the snapshot
// holds each kind oldest first.
func newestFirst[T any](records []T, keep func(T) bool) []T {
	var out []T
	for i := len(records) - 1; i >= 0; i-- {
		if keep(records[i]) {
			out = append(out, records[i])
		}
	}
	return out
}

// reversed returns a copy of records, last first.
func reversed[T any](records []T) []T {
	out := slices.Clone(records)
	slices.Reverse(out)
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
	for _, s := range analysis.ScoresOf(sc.snap.Scores, student) {
		add(s.Measure)
	}
	for _, m := range sc.snap.Measures {
		add(m.ID)
	}
	return out
}

// interventionName names an intervention of the catalog, including before
// the first load (sc nil) and after the intervention was removed.
func (sc *school) interventionName(id data.ID) string {
	if sc != nil {
		if iv, ok := sc.interventions[id]; ok {
			return iv.Name
		}
	}
	return "(removed intervention)"
}
