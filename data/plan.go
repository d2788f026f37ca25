package data

import (
	"fmt"
	"strings"
)

// Tier is a level of support: 1 (core instruction), 2 (targeted), 3 (intensive).
type Tier int

// Label returns "Tier 2".
func (t Tier) Label() string { return fmt.Sprintf("Tier %d", int(t)) }

func (t Tier) valid() bool { return t >= 1 && t <= 3 }

// Intervention is an entry of the school's intervention catalog.
type Intervention struct {
	ID                ID
	Name              string
	Area              Area
	Tier              Tier // 2 or 3
	Description       string
	SessionsPerWeek   int
	MinutesPerSession int
}

// Validate checks the catalog entry.
func (i Intervention) Validate() error {
	const e = "intervention"
	if strings.TrimSpace(i.Name) == "" {
		return required(e, "name")
	}
	if err := checkLine(e, "name", i.Name, 100); err != nil {
		return err
	}
	if !i.Area.valid() {
		return invalid(e, "area", string(i.Area), "is not one of reading, math, behavior, attendance, sel")
	}
	if i.Tier != 2 && i.Tier != 3 {
		return invalid(e, "tier", int(i.Tier), "must be 2 or 3")
	}
	if err := checkText(e, "description", i.Description, 2000); err != nil {
		return err
	}
	return checkIntensity(e, i.SessionsPerWeek, i.MinutesPerSession)
}

func checkIntensity(entity string, sessions, minutes int) error {
	if sessions < 1 || sessions > 10 {
		return invalid(entity, "sessions per week", sessions, "must be between 1 and 10")
	}
	if minutes < 5 || minutes > 180 {
		return invalid(entity, "minutes per session", minutes, "must be between 5 and 180")
	}
	return nil
}

// Goal is what a plan aims for on one measure.
type Goal struct {
	Measure ID
	// Baseline is set when BaselineDate is; otherwise the baseline is the
	// median of the phase's first three progress scores.
	Baseline     float64
	BaselineDate Date
	Target       float64
	TargetDate   Date
}

// HasBaseline reports whether the goal fixes its own baseline.
func (g Goal) HasBaseline() bool { return !g.BaselineDate.IsZero() }

// Phase is a stretch of a plan with one intervention at one intensity. A
// change of either starts a new phase: a phase line on the chart, and the
// decision rules start counting again.
type Phase struct {
	Start             Date
	Intervention      ID
	SessionsPerWeek   int
	MinutesPerSession int
	Note              string
}

// PlanStatus is the state of a plan.
type PlanStatus string

// Plan statuses.
const (
	Active       PlanStatus = "active"
	Completed    PlanStatus = "completed"
	Discontinued PlanStatus = "discontinued"
)

// Plan is a student's intervention plan.
type Plan struct {
	ID              ID
	Student         ID
	Tier            Tier
	Interventionist string
	Review          Date // next review date
	PlannedEnd      Date
	Goal            Goal
	Phases          []Phase // at least one, in date order; the first starts the plan
	Status          PlanStatus
	Ended           Date
	EndReason       string
}

// Start returns the plan's start date.
func (p Plan) Start() Date {
	if len(p.Phases) == 0 {
		return Date{}
	}
	return p.Phases[0].Start
}

// Current returns the plan's latest phase.
func (p Plan) Current() Phase {
	if len(p.Phases) == 0 {
		return Phase{}
	}
	return p.Phases[len(p.Phases)-1]
}

// PhaseAt returns the index of the phase in force on d (-1 before the plan).
func (p Plan) PhaseAt(d Date) int {
	at := -1
	for i, ph := range p.Phases {
		if !ph.Start.After(d) {
			at = i
		}
	}
	return at
}

// PhaseEnd returns the last day of phase i: the day before the next phase,
// the plan's end, or "open" (zero) for the current phase of an active plan.
func (p Plan) PhaseEnd(i int) Date {
	if i+1 < len(p.Phases) {
		return p.Phases[i+1].Start.AddDays(-1)
	}
	if p.Status != Active {
		return p.Ended
	}
	return Date{}
}

// PhaseNames names the intervention of each phase from the catalog; a nil
// plan has none.
func (p *Plan) PhaseNames(catalog []Intervention) []string {
	if p == nil {
		return nil
	}
	names := make([]string, len(p.Phases))
	for i, ph := range p.Phases {
		for _, iv := range catalog {
			if iv.ID == ph.Intervention {
				names[i] = iv.Name
			}
		}
	}
	return names
}

// ChangePhase starts a new phase on an active plan: a new intervention or a
// new intensity from the given date.
func (p *Plan) ChangePhase(ph Phase) error {
	if p.Status != Active {
		return invalid("plan", "status", string(p.Status), "is not active: an ended plan cannot change")
	}
	if last := p.Current(); !ph.Start.After(last.Start) {
		return invalid("phase", "start", ph.Start, "must be after the current phase's start "+last.Start.String())
	}
	p.Phases = append(p.Phases, ph)
	return p.Validate()
}

// End closes the plan as completed or discontinued.
func (p *Plan) End(status PlanStatus, on Date, reason string) error {
	if p.Status != Active {
		return invalid("plan", "status", string(p.Status), "has already ended")
	}
	p.Status, p.Ended, p.EndReason = status, on, reason
	return p.Validate()
}

// Validate checks the plan, its goal and its phases.
func (p Plan) Validate() error {
	const e = "plan"
	if p.Student == (ID{}) {
		return required(e, "student")
	}
	if p.Tier != 2 && p.Tier != 3 {
		return invalid(e, "tier", int(p.Tier), "must be 2 or 3")
	}
	if strings.TrimSpace(p.Interventionist) == "" {
		return required(e, "interventionist")
	}
	if err := checkLine(e, "interventionist", p.Interventionist, 100); err != nil {
		return err
	}
	if len(p.Phases) == 0 {
		return required(e, "intervention")
	}
	for i, ph := range p.Phases {
		if ph.Intervention == (ID{}) {
			return required(e, "intervention")
		}
		if err := checkDate(e, "start", ph.Start); err != nil {
			return err
		}
		if i > 0 && !ph.Start.After(p.Phases[i-1].Start) {
			return invalid("phase", "start", ph.Start, "must be after the previous phase's start "+p.Phases[i-1].Start.String())
		}
		if err := checkIntensity(e, ph.SessionsPerWeek, ph.MinutesPerSession); err != nil {
			return err
		}
		if err := checkText("phase", "note", ph.Note, 500); err != nil {
			return err
		}
	}
	if err := checkOptionalDate(e, "review date", p.Review); err != nil {
		return err
	}
	if err := checkOptionalDate(e, "planned end", p.PlannedEnd); err != nil {
		return err
	}
	if !p.PlannedEnd.IsZero() && p.PlannedEnd.Before(p.Start()) {
		return invalid(e, "planned end", p.PlannedEnd, "is before the start "+p.Start().String())
	}
	if err := p.Goal.validate(p.Start()); err != nil {
		return err
	}
	switch p.Status {
	case Active:
		if !p.Ended.IsZero() {
			return invalid(e, "end date", p.Ended, "is set on an active plan")
		}
	case Completed, Discontinued:
		if err := checkDate(e, "end date", p.Ended); err != nil {
			return err
		}
		if p.Ended.Before(p.Current().Start) {
			return invalid(e, "end date", p.Ended, "is before the current phase's start "+p.Current().Start.String())
		}
	default:
		return invalid(e, "status", string(p.Status), "is not active, completed or discontinued")
	}
	return checkText(e, "end reason", p.EndReason, 500)
}

func (g Goal) validate(start Date) error {
	const e = "goal"
	if g.Measure == (ID{}) {
		return required(e, "measure")
	}
	if g.HasBaseline() {
		if err := checkDate(e, "baseline date", g.BaselineDate); err != nil {
			return err
		}
		if !finite(g.Baseline) || g.Baseline < 0 {
			return invalid(e, "baseline", g.Baseline, "must be a number of 0 or more")
		}
	}
	if err := checkDate(e, "target date", g.TargetDate); err != nil {
		return err
	}
	if !g.TargetDate.After(start) {
		return invalid(e, "target date", g.TargetDate, "must be after the plan's start "+start.String())
	}
	if g.HasBaseline() && !g.TargetDate.After(g.BaselineDate) {
		return invalid(e, "target date", g.TargetDate, "must be after the baseline date "+g.BaselineDate.String())
	}
	if !finite(g.Target) || g.Target < 0 {
		return invalid(e, "target", g.Target, "must be a number of 0 or more")
	}
	return nil
}

// Session is one logged intervention session.
type Session struct {
	ID      ID
	Plan    ID
	Date    Date
	Minutes int // minutes delivered; 0 when the student was absent
	Present bool
	Note    string
}

// Validate checks the session.
func (s Session) Validate() error {
	const e = "session"
	if s.Plan == (ID{}) {
		return required(e, "plan")
	}
	if err := checkDate(e, "date", s.Date); err != nil {
		return err
	}
	if s.Minutes < 0 || s.Minutes > 240 {
		return invalid(e, "minutes", s.Minutes, "must be between 0 and 240")
	}
	if !s.Present && s.Minutes != 0 {
		return invalid(e, "minutes", s.Minutes, "must be 0 when the student was absent")
	}
	return checkText(e, "note", s.Note, 1000)
}

// TierChange records a move between tiers. A student's tier is the last
// change on or before a date, Tier 1 when there is none.
type TierChange struct {
	ID        ID
	Student   ID
	Date      Date
	From      Tier
	To        Tier
	Reason    string
	DecidedBy string
}

// Validate checks the tier change.
func (c TierChange) Validate() error {
	const e = "tier change"
	if c.Student == (ID{}) {
		return required(e, "student")
	}
	if err := checkDate(e, "date", c.Date); err != nil {
		return err
	}
	if !c.From.valid() {
		return invalid(e, "from tier", int(c.From), "must be 1, 2 or 3")
	}
	if !c.To.valid() {
		return invalid(e, "to tier", int(c.To), "must be 1, 2 or 3")
	}
	if c.From == c.To {
		return invalid(e, "to tier", int(c.To), "is the tier the student is already in")
	}
	if err := checkText(e, "reason", c.Reason, 500); err != nil {
		return err
	}
	return checkLine(e, "decided by", c.DecidedBy, 100)
}

// TierOn returns the tier in force on d, given a student's changes in date order.
func TierOn(changes []TierChange, d Date) Tier {
	tier := Tier(1)
	for _, c := range changes {
		if c.Date.After(d) {
			break
		}
		tier = c.To
	}
	return tier
}

// TeamDecision is what the team decides at a review meeting.
type TeamDecision string

// The decisions a team takes.
const (
	DecideContinue  TeamDecision = "continue"
	DecideIntensify TeamDecision = "intensify"
	DecideChange    TeamDecision = "change"
	DecideFade      TeamDecision = "fade"
	DecideMoveTier  TeamDecision = "move_tier"
)

// TeamDecisions lists the decisions in the order the form offers them.
var TeamDecisions = []TeamDecision{DecideContinue, DecideIntensify, DecideChange, DecideFade, DecideMoveTier}

// Label returns the decision as the form shows it.
func (d TeamDecision) Label() string {
	return map[TeamDecision]string{
		DecideContinue:  "Continue the plan",
		DecideIntensify: "Intensify",
		DecideChange:    "Change the intervention",
		DecideFade:      "Fade support",
		DecideMoveTier:  "Move tier",
	}[d]
}

// Decision is a meeting's record for one student.
type Decision struct {
	ID         ID
	Student    ID
	Plan       ID // the plan reviewed, if any
	Date       Date
	Verdict    VerdictKind // the verdict the team was shown
	Decision   TeamDecision
	Note       string
	NextReview Date
}

// Validate checks the decision.
func (d Decision) Validate() error {
	const e = "decision"
	if d.Student == (ID{}) {
		return required(e, "student")
	}
	if err := checkDate(e, "date", d.Date); err != nil {
		return err
	}
	if d.Decision.Label() == "" {
		return invalid(e, "decision", string(d.Decision), "is not one of continue, intensify, change, fade, move_tier")
	}
	if err := checkText(e, "note", d.Note, 4000); err != nil {
		return err
	}
	if err := checkOptionalDate(e, "next review", d.NextReview); err != nil {
		return err
	}
	if !d.NextReview.IsZero() && d.NextReview.Before(d.Date) {
		return invalid(e, "next review", d.NextReview, "is before the meeting date "+d.Date.String())
	}
	return nil
}

// TiersOn returns every student's tier on d from all tier changes (in any
// order); students without a change are in Tier 1 and absent from the map.
func TiersOn(changes []TierChange, d Date) map[ID]Tier {
	type last struct {
		date Date
		tier Tier
	}
	latest := map[ID]last{}
	for _, c := range changes {
		if c.Date.After(d) {
			continue
		}
		if l, ok := latest[c.Student]; !ok || !c.Date.Before(l.date) {
			latest[c.Student] = last{c.Date, c.To}
		}
	}
	out := make(map[ID]Tier, len(latest))
	for id, l := range latest {
		out[id] = l.tier
	}
	return out
}

// ReviewWeeks is how long a plan runs before the team reviews it unless
// they choose otherwise: six weekly probes, the fewest on which the trend
// rule decides.
const ReviewWeeks = 6

// DefaultReview is the review date the team is offered for a plan started
// or a decision taken on day.
func DefaultReview(day Date) Date { return day.AddDays(7 * ReviewWeeks) }
