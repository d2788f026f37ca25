package analysis

import (
	"fmt"
	"math"
	"time"

	"github.com/tierline/tierline/data"
)

// WeekSet holds the instructional weeks (keyed by their Monday's day
// number): weeks in which the school logged at least one session. Planned
// sessions are counted only in those weeks, so a winter break does not
// count against fidelity. A nil WeekSet counts every week.
type WeekSet map[int]bool

// MondayOf returns the day number of the Monday of d's week: the key of a WeekSet.
func MondayOf(d data.Date) int {
	n := d.DayNumber()
	return n - (int(d.Weekday())+6)%7
}

// InstructionalWeeks returns the weeks in which any session was logged.
func InstructionalWeeks(sessions []data.Session) WeekSet {
	w := WeekSet{}
	for _, s := range sessions {
		w[MondayOf(s.Date)] = true
	}
	return w
}

// Contains reports whether d falls in an instructional week.
func (w WeekSet) Contains(d data.Date) bool { return w == nil || w[MondayOf(d)] }

// Fidelity compares what a plan delivered with what it planned.
type Fidelity struct {
	PlannedSessions  float64
	PlannedMinutes   float64
	Logged           int // sessions logged, present or absent
	Present          int // sessions delivered with the student present
	DeliveredMinutes int
}

// MeasureFidelity counts delivery against the plan over [from, to]: each
// school day (Monday to Friday) of an instructional week plans a fifth of
// the week's sessions.
func MeasureFidelity(sessions []data.Session, planned data.Phase, from, to data.Date, weeks WeekSet) Fidelity {
	var f Fidelity
	// Day numbers, not dates: this loop runs for every day of every plan.
	schoolDays := 0
	for n, last := from.DayNumber(), to.DayNumber(); n <= last; n++ {
		wd := time.Weekday((n%7 + 11) % 7) // day 0, 1970-01-01, was a Thursday
		if wd != time.Saturday && wd != time.Sunday && (weeks == nil || weeks[n-(int(wd)+6)%7]) {
			schoolDays++
		}
	}
	f.PlannedSessions = float64(schoolDays) * float64(planned.SessionsPerWeek) / 5
	f.PlannedMinutes = f.PlannedSessions * float64(planned.MinutesPerSession)
	lo, hi := from.DayNumber(), to.DayNumber()
	for _, s := range sessions {
		if n := s.Date.DayNumber(); n < lo || n > hi {
			continue
		}
		f.Logged++
		if s.Present {
			f.Present++
			f.DeliveredMinutes += s.Minutes
		}
	}
	return f
}

// Add sums two fidelity counts (the phases of one plan).
func (f Fidelity) Add(g Fidelity) Fidelity {
	return Fidelity{f.PlannedSessions + g.PlannedSessions, f.PlannedMinutes + g.PlannedMinutes,
		f.Logged + g.Logged, f.Present + g.Present, f.DeliveredMinutes + g.DeliveredMinutes}
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

// SessionRate is delivered sessions / planned sessions.
func (f Fidelity) SessionRate() float64 { return ratio(float64(f.Present), f.PlannedSessions) }

// MinuteRate is delivered minutes / planned minutes.
func (f Fidelity) MinuteRate() float64 {
	return ratio(float64(f.DeliveredMinutes), f.PlannedMinutes)
}

// AttendanceRate is sessions attended / sessions logged.
func (f Fidelity) AttendanceRate() float64 { return ratio(float64(f.Present), float64(f.Logged)) }

// Measured reports whether at least one week of sessions was planned: before
// that, a rate says nothing.
func (f Fidelity) Measured() bool { return f.PlannedSessions >= 1 }

// Low reports delivery under 80% of the plan, in sessions or in minutes.
func (f Fidelity) Low() bool {
	return f.Measured() && (f.SessionRate() < FidelityThreshold || f.MinuteRate() < FidelityThreshold)
}

// Rate is the lower of the session and minute rates: the figure shown as "fidelity".
func (f Fidelity) Rate() float64 { return min(f.SessionRate(), f.MinuteRate()) }

// Percent shows a rate as a whole percentage, rounded down: 79.6% of the
// plan is "79%", never "80%" next to a warning that says "under 80%".
func Percent(rate float64) float64 { return math.Floor(100*rate + 1e-9) }

// Sentence explains the fidelity figures in one sentence.
func (f Fidelity) Sentence() string {
	if !f.Measured() {
		return "Fidelity is not measured yet: less than a week of sessions was planned."
	}
	s := fmt.Sprintf("%.0f%% of planned sessions (%d of %.0f) and %.0f%% of planned minutes were delivered",
		Percent(f.SessionRate()), f.Present, f.PlannedSessions, Percent(f.MinuteRate()))
	if f.Logged > 0 {
		s += fmt.Sprintf("; the student attended %.0f%% of the sessions held", Percent(f.AttendanceRate()))
	}
	if f.Low() {
		return "Check fidelity first: only " + s + "."
	}
	return s + "."
}
