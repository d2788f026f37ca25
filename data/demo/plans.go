package demo

import (
	"math"
	"slices"
	"time"

	"github.com/tierline/tierline/data"
)

// plan writes a tiered pupil's plan for year y with weekly progress scores,
// a session log and the team's decisions. It reports whether the plan had a
// phase change.
func (g *gen) plan(p *pupil, y int, tier data.Tier, forcePhaseChange bool) bool {
	year := g.years[y]
	current := y == len(g.years)-1
	st := g.out.Students[p.student]
	gi := p.gradeIndex(y)
	grade := data.GradeOfNumber(gi)

	m, iv, intensive := g.orf, g.catalog["Repeated reading (fluency)"], g.catalog["Intensive decoding"]
	switch {
	case gi >= 1 && g.chance(0.2):
		m, iv, intensive = g.math, g.catalog["Math facts fluency"], g.catalog["Intensive number sense"]
	case gi == 0:
		m, iv = g.psf, g.catalog["Phonemic awareness"]
	case gi <= 3 && g.chance(0.5):
		iv = g.catalog["Explicit phonics group"]
	}
	if tier == 3 {
		iv = intensive
	}

	start := g.placementDate(y).AddDays(g.rng.IntN(5))
	target := year.Windows[2].Start
	z := g.standing(p, y) - 0.3
	level0 := level(m, firstCut(m, grade), z)
	goalROI := 1.5 * m.TypicalROI[grade]
	resp := g.response()
	growth := goalROI * (resp.min + g.rng.Float64()*(resp.max-resp.min))

	plan := data.Plan{
		ID: g.id(start), Student: st.ID, Tier: tier, Interventionist: g.pick(interventionists),
		Review: start.AddDays(7 * (6 + g.rng.IntN(5))),
		Goal:   data.Goal{Measure: m.ID, Target: math.Round(level0 + goalROI*target.WeeksSince(start)), TargetDate: target},
		Phases: []data.Phase{{Start: start, Intervention: iv.ID, SessionsPerWeek: iv.SessionsPerWeek, MinutesPerSession: iv.MinutesPerSession}},
		Status: data.Active,
	}
	last := target
	if current {
		last = g.opt.Today.AddDays(-1)
	}

	// A flat trend after four weeks (four points below the aimline): the team intensifies.
	changeAt, growthAfter := data.Date{}, growth
	if resp.verdict == data.Intensify && (forcePhaseChange || (!current && g.chance(0.3))) {
		if at := start.AddDays(28); at.AddDays(14).Before(last) {
			changeAt, growthAfter = at, goalROI*(1.0+0.3*g.rng.Float64())
			next := data.Phase{Start: at, Intervention: intensive.ID, SessionsPerWeek: intensive.SessionsPerWeek,
				MinutesPerSession: intensive.MinutesPerSession, Note: "Flat trend after four weeks: moved to " + intensive.Name}
			if iv.ID == intensive.ID {
				next.MinutesPerSession = min(iv.MinutesPerSession+15, 180)
				next.Note = "Flat trend after four weeks: 15 more minutes a day"
			}
			plan.Phases = append(plan.Phases, next)
			plan.Tier = 3
			if p.tier != 3 {
				g.changeTier(p, at, 3, "Insufficient response in Tier 2")
			}
			g.decide(plan, at, data.Intensify, data.DecideIntensify, next.Note)
		}
	}

	// Weekly progress monitoring, the second school day of each week.
	noise := 0.06*level0 + 1.5
	for d := start.AddDays(1); !d.After(last); d = d.AddDays(7) {
		if inBreak(d) {
			continue
		}
		t := d.WeeksSince(start)
		v := level0 + growth*t
		if !changeAt.IsZero() && d.After(changeAt) {
			v = level0 + growth*changeAt.WeeksSince(start) + growthAfter*d.WeeksSince(changeAt)
		}
		g.progress(st, m, d, v+noise*g.rng.NormFloat64(), grade)
		if g.p.mathProgressAll && m.ID != g.math.ID && gi >= 1 {
			mc := firstCut(g.math, grade)
			g.progress(st, g.math, d.AddDays(1), level(g.math, mc, z)+0.4*t+2*g.rng.NormFloat64(), grade)
		}
	}

	g.sessions(plan, last)

	if reviewed := plan.Review; current && reviewed.Before(g.opt.Today) && changeAt.IsZero() {
		g.decide(plan, reviewed, resp.verdict, decisionFor(resp.verdict), "Reviewed at the tier meeting.")
		plan.Review = data.DefaultReview(reviewed)
	}
	if !current {
		g.decide(plan, start.AddDays(56), resp.verdict, decisionFor(resp.verdict), "Mid-year review.")
		plan.Review = start.AddDays(56 + 42)
		plan.Status, plan.Ended, plan.EndReason = data.Completed, target, "Goal date reached"
		if growth >= goalROI || growthAfter >= goalROI {
			g.changeTier(p, target.AddDays(1), 1, "Met the goal: back to core instruction")
		}
	}
	g.out.Plans = append(g.out.Plans, plan)
	return !changeAt.IsZero()
}

func (g *gen) response() response {
	r := g.rng.Float64()
	for _, x := range responses {
		if r < x.share {
			return x
		}
		r -= x.share
	}
	return responses[0]
}

func decisionFor(v data.VerdictKind) data.TeamDecision {
	switch v {
	case data.Intensify:
		return data.DecideIntensify
	case data.RaiseGoal:
		return data.DecideFade
	}
	return data.DecideContinue
}

// firstCut returns the grade's earliest cut on the measure: the level a
// student is measured against when a plan starts.
func firstCut(m data.Measure, grade data.Grade) data.Cut {
	for _, w := range data.WindowNames {
		if c, ok := m.Cut(grade, w); ok {
			return c
		}
	}
	return data.Cut{Benchmark: m.MaxScore / 3}
}

func (g *gen) progress(st data.Student, m data.Measure, d data.Date, v float64, grade data.Grade) {
	if d.After(g.opt.Today) {
		return
	}
	g.out.Scores = append(g.out.Scores, data.Score{Student: st.ID, Measure: m.ID, Date: d, Kind: data.Progress,
		Value: math.Round(math.Min(math.Max(v, 0), m.MaxScore)), Errors: data.NoErrors, Grade: grade})
}

// inBreak reports the winter break, when no sessions or probes happen.
func inBreak(d data.Date) bool {
	return (d.Month == time.December && d.Day >= 21) || (d.Month == time.January && d.Day <= 3)
}

// schedule lists the weekdays a plan meets, by sessions per week.
var schedule = map[int][]time.Weekday{
	1: {time.Wednesday},
	2: {time.Tuesday, time.Thursday},
	3: {time.Monday, time.Wednesday, time.Friday},
	4: {time.Monday, time.Tuesday, time.Wednesday, time.Thursday},
	5: {time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
}

// sessions logs the plan's sessions up to last. Most plans are delivered as
// planned with about 8% absences; some are often cancelled and cut short,
// so their fidelity falls under 80%.
func (g *gen) sessions(plan data.Plan, last data.Date) {
	delivered, minutesShare := 0.95, 1.0
	if g.chance(0.15) {
		delivered, minutesShare = 0.7, 0.75
	}
	for i, ph := range plan.Phases {
		end := plan.PhaseEnd(i)
		if end.IsZero() || end.After(last) {
			end = last
		}
		days := schedule[ph.SessionsPerWeek]
		for d := ph.Start; !d.After(end); d = d.AddDays(1) {
			if inBreak(d) || !slices.Contains(days, d.Weekday()) || !g.chance(delivered) {
				continue
			}
			s := data.Session{ID: g.id(d), Plan: plan.ID, Date: d, Present: g.chance(0.92)}
			if s.Present {
				s.Minutes = int(math.Round(float64(ph.MinutesPerSession)*minutesShare)) - g.rng.IntN(4)
			}
			g.out.Sessions = append(g.out.Sessions, s)
		}
	}
}

func (g *gen) decide(plan data.Plan, on data.Date, verdict data.VerdictKind, decision data.TeamDecision, note string) {
	g.out.Decisions = append(g.out.Decisions, data.Decision{
		ID: g.id(on), Student: plan.Student, Plan: plan.ID, Date: on, Verdict: verdict,
		Decision: decision, Note: note, NextReview: data.DefaultReview(on),
	})
}
