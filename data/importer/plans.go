package importer

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
)

// Plans reads Tierline's plans CSV (the plans export): one row per phase,
// rows of one plan sharing its plan_id; a row with an empty plan_id is a new
// one-phase plan. Students are found by local id, interventions and
// measures by name.
func Plans(name string, r io.Reader, snap data.Snapshot) (*Report, error) {
	rep := &Report{Kind: "plans"}
	t, err := readTable(name, r, rep)
	if err != nil {
		return nil, err
	}
	cols, err := t.require(columnsOf(planHeader))
	if err != nil {
		return nil, err
	}
	ix := indexStudents(snap.Students)
	interventions := map[string]data.ID{}
	for _, iv := range snap.Interventions {
		interventions[strings.ToLower(iv.Name)] = iv.ID
	}
	measures := map[string]data.ID{}
	for _, m := range snap.Measures {
		measures[strings.ToLower(m.Name)] = m.ID
	}
	stored := map[data.ID]data.Plan{}
	for _, p := range snap.Plans {
		stored[p.ID] = p
	}
	var order []data.ID
	plans := map[data.ID]*data.Plan{}
	lines := map[data.ID]int{}
	refused := map[data.ID]bool{}
	for _, r := range t.rows {
		p, col, err := readPlanRow(r, cols, ix, interventions, measures)
		if err != nil {
			rep.refuse(t, r.line, t.nameOf(cols[col]), "%v", err)
			if p.ID != (data.ID{}) {
				refused[p.ID] = true
			}
			continue
		}
		if p.ID == (data.ID{}) {
			p.ID = data.NewID()
		}
		if prev, ok := plans[p.ID]; ok {
			prev.Phases = append(prev.Phases, p.Phases[0])
			continue
		}
		plans[p.ID], lines[p.ID] = &p, r.line
		order = append(order, p.ID)
	}
	for _, id := range order {
		p := plans[id]
		if refused[id] {
			continue
		}
		if err := p.Validate(); err != nil {
			rep.refuse(t, lines[id], columnOf(err, planColumns), "%s", data.ErrorMessage(err))
			continue
		}
		old, found := stored[id]
		same := found && reflect.DeepEqual(old, *p)
		rep.count(found, same)
		if !same {
			rep.Records.Plans = append(rep.Records.Plans, *p)
		}
	}
	return rep, nil
}

// readPlanRow reads one phase row as a one-phase plan.
func readPlanRow(r row, cols map[string]int, ix *studentIndex, interventions, measures map[string]data.ID) (data.Plan, string, error) {
	var p data.Plan
	var err error
	if text := r.field(cols["plan_id"]); text != "" {
		if p.ID, err = uuid.Parse(text); err != nil {
			return p, "plan_id", fmt.Errorf("%s is not a plan id", data.Clip(text))
		}
	}
	st, ok := ix.local(r.field(cols["local_id"]))
	if !ok {
		return p, "local_id", fmt.Errorf("no student has the local id %s", data.Clip(r.field(cols["local_id"])))
	}
	p.Student = st.ID
	ph := data.Phase{Note: r.field(cols["phase_note"])}
	if ph.Start, err = data.ParseDateLoose(r.field(cols["phase_start"])); err != nil {
		return p, "phase_start", err
	}
	if ph.Intervention, ok = interventions[strings.ToLower(r.field(cols["intervention"]))]; !ok {
		return p, "intervention", fmt.Errorf("%s is not in the intervention catalog", data.Clip(r.field(cols["intervention"])))
	}
	if ph.SessionsPerWeek, err = strconv.Atoi(r.field(cols["sessions_per_week"])); err != nil {
		return p, "sessions_per_week", fmt.Errorf("%s is not a whole number", data.Clip(r.field(cols["sessions_per_week"])))
	}
	if ph.MinutesPerSession, err = strconv.Atoi(r.field(cols["minutes_per_session"])); err != nil {
		return p, "minutes_per_session", fmt.Errorf("%s is not a whole number", data.Clip(r.field(cols["minutes_per_session"])))
	}
	p.Phases = []data.Phase{ph}
	tier, err := strconv.Atoi(r.field(cols["tier"]))
	if err != nil {
		return p, "tier", fmt.Errorf("%s is not a tier (2 or 3)", data.Clip(r.field(cols["tier"])))
	}
	p.Tier = data.Tier(tier)
	p.Interventionist, p.EndReason = r.field(cols["interventionist"]), r.field(cols["end_reason"])
	p.Status = data.PlanStatus(strings.ToLower(r.field(cols["status"])))
	dates := []struct {
		col string
		to  *data.Date
	}{{"review", &p.Review}, {"planned_end", &p.PlannedEnd}, {"baseline_date", &p.Goal.BaselineDate}, {"target_date", &p.Goal.TargetDate}, {"ended", &p.Ended}}
	for _, d := range dates {
		if text := r.field(cols[d.col]); text != "" {
			if *d.to, err = data.ParseDateLoose(text); err != nil {
				return p, d.col, err
			}
		}
	}
	if p.Goal.Measure, ok = measures[strings.ToLower(r.field(cols["goal_measure"]))]; !ok {
		return p, "goal_measure", fmt.Errorf("%s is not a measure of the school", data.Clip(r.field(cols["goal_measure"])))
	}
	if p.Goal.Target, err = data.ParseNumber(r.field(cols["target"])); err != nil {
		return p, "target", err
	}
	if text := r.field(cols["baseline"]); text != "" {
		if p.Goal.Baseline, err = data.ParseNumber(text); err != nil {
			return p, "baseline", err
		}
	}
	return p, "", nil
}

// Sessions reads Tierline's sessions CSV (the sessions export). A session
// is matched by its session_id, or, without one, by its plan and date.
func Sessions(name string, r io.Reader, snap data.Snapshot) (*Report, error) {
	rep := &Report{Kind: "sessions"}
	t, err := readTable(name, r, rep)
	if err != nil {
		return nil, err
	}
	cols, err := t.require(columnsOf(sessionHeader))
	if err != nil {
		return nil, err
	}
	plans := map[data.ID]bool{}
	for _, p := range snap.Plans {
		plans[p.ID] = true
	}
	type planDay struct {
		plan data.ID
		day  int
	}
	byID := map[data.ID]data.Session{}
	byDay := map[planDay]data.Session{}
	for _, s := range snap.Sessions {
		byID[s.ID] = s
		byDay[planDay{s.Plan, s.Date.DayNumber()}] = s
	}
	seen := map[planDay]int{}
	for _, r := range t.rows {
		s, col, err := readSessionRow(r, cols, plans)
		if err != nil {
			rep.refuse(t, r.line, t.nameOf(cols[col]), "%v", err)
			continue
		}
		k := planDay{s.Plan, s.Date.DayNumber()}
		if first, dup := seen[k]; dup {
			rep.refuse(t, r.line, "", "repeats line %d: the same plan and date", first)
			continue
		}
		seen[k] = r.line
		old, found := byID[s.ID]
		if s.ID == (data.ID{}) {
			old, found = byDay[k]
			s.ID = old.ID
		}
		if found && old.Date != s.Date {
			rep.refuse(t, r.line, t.nameOf(cols["date"]), "session %s is stored on %s: delete it before moving it to %s", s.ID, old.Date, s.Date)
			continue
		}
		if err := s.Validate(); err != nil {
			rep.refuse(t, r.line, columnOf(err, sessionColumns), "%s", data.ErrorMessage(err))
			continue
		}
		same := found && old == s
		rep.count(found, same)
		if !same {
			rep.Records.Sessions = append(rep.Records.Sessions, s)
		}
	}
	return rep, nil
}

func readSessionRow(r row, cols map[string]int, plans map[data.ID]bool) (data.Session, string, error) {
	var s data.Session
	var err error
	if text := r.field(cols["session_id"]); text != "" {
		if s.ID, err = uuid.Parse(text); err != nil {
			return s, "session_id", fmt.Errorf("%s is not a session id", data.Clip(text))
		}
	}
	if s.Plan, err = uuid.Parse(r.field(cols["plan_id"])); err != nil {
		return s, "plan_id", fmt.Errorf("%s is not a plan id", data.Clip(r.field(cols["plan_id"])))
	}
	if !plans[s.Plan] {
		return s, "plan_id", fmt.Errorf("no plan has the id %s (import the plans first)", s.Plan)
	}
	if s.Date, err = data.ParseDateLoose(r.field(cols["date"])); err != nil {
		return s, "date", err
	}
	if s.Present, err = parseBool(r.field(cols["present"])); err != nil {
		return s, "present", err
	}
	if s.Minutes, err = strconv.Atoi(r.field(cols["minutes"])); err != nil {
		return s, "minutes", fmt.Errorf("%s is not a whole number of minutes", data.Clip(r.field(cols["minutes"])))
	}
	s.Note = r.field(cols["note"])
	return s, "", nil
}

// The columns of the fields a plan's or a session's checks name, so that
// a refusal points at the cell to fix.
var (
	planColumns = map[string]string{
		"tier": "tier", "interventionist": "interventionist", "next review": "review", "planned end": "planned_end",
		"sessions per week": "sessions_per_week", "minutes per session": "minutes_per_session", "intervention": "intervention",
		"start": "phase_start", "measure": "goal_measure", "baseline": "baseline", "baseline date": "baseline_date",
		"target": "target", "target date": "target_date", "status": "status", "end date": "ended",
	}
	sessionColumns = map[string]string{"minutes": "minutes", "date": "date", "note": "note"}
)

// columnOf names the column of the field a domain error is about, or "".
func columnOf(err error, columns map[string]string) string {
	var e *data.Error
	if errors.As(err, &e) {
		return columns[e.Field]
	}
	return ""
}
