package importer

import (
	"fmt"
	"io"
	"strconv"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
)

// Tiers reads Tierline's tiers CSV (the tiers export): a student's tier
// changes, matched by student and date. The from_tier column is what the
// change moved from when it was exported; the store works it out again
// from the student's earlier changes, and a file that disagrees is refused.
func Tiers(name string, r io.Reader, snap data.Snapshot) (*Report, error) {
	rep := &Report{Kind: "tiers"}
	t, err := readTable(name, r, rep)
	if err != nil {
		return nil, err
	}
	cols, err := t.require(columnsOf(tierHeader))
	if err != nil {
		return nil, err
	}
	ix := indexStudents(snap.Students)
	type studentDay struct {
		student data.ID
		day     int
	}
	stored := map[studentDay]data.TierChange{}
	history := map[data.ID][]data.TierChange{}
	for _, c := range snap.TierChanges {
		stored[studentDay{c.Student, c.Date.DayNumber()}] = c
		history[c.Student] = append(history[c.Student], c)
	}
	seen := map[studentDay]int{}
	for _, r := range t.rows {
		c, col, err := readTierRow(r, cols, ix)
		if err != nil {
			rep.refuse(t, r.line, t.nameOf(cols[col]), "%v", err)
			continue
		}
		k := studentDay{c.Student, c.Date.DayNumber()}
		if first, dup := seen[k]; dup {
			rep.refuse(t, r.line, "", "repeats line %d: a student has one tier change a day", first)
			continue
		}
		seen[k] = r.line
		if old, found := stored[k]; found {
			if old.To != c.To || old.Reason != c.Reason || old.DecidedBy != c.DecidedBy {
				rep.refuse(t, r.line, "", "the student's tier change of %s is stored with other values: a tier change is not edited by an import", c.Date)
				continue
			}
			rep.count(true, true)
			continue
		}
		h := history[c.Student]
		if n := len(h); n > 0 && c.Date.Before(h[n-1].Date) {
			rep.refuse(t, r.line, t.nameOf(cols["date"]), "is before the student's last tier change, on %s", h[n-1].Date)
			continue
		}
		if from := data.TierOn(h, c.Date); from != c.From {
			rep.refuse(t, r.line, t.nameOf(cols["from_tier"]), "says Tier %d, but the student is in Tier %d on %s", c.From, from, c.Date)
			continue
		}
		if err := c.Validate(); err != nil {
			rep.refuse(t, r.line, "", "%s", data.ErrorMessage(err))
			continue
		}
		history[c.Student] = append(h, c)
		rep.count(false, false)
		rep.Records.TierChanges = append(rep.Records.TierChanges, c)
	}
	return rep, nil
}

func readTierRow(r row, cols map[string]int, ix *studentIndex) (data.TierChange, string, error) {
	var c data.TierChange
	st, ok := ix.local(r.field(cols["local_id"]))
	if !ok {
		return c, "local_id", fmt.Errorf("no student has the local id %s", data.Clip(r.field(cols["local_id"])))
	}
	c.Student = st.ID
	var err error
	if c.Date, err = data.ParseDateLoose(r.field(cols["date"])); err != nil {
		return c, "date", err
	}
	for _, f := range []struct {
		col string
		to  *data.Tier
	}{{"from_tier", &c.From}, {"to_tier", &c.To}} {
		n, err := strconv.Atoi(r.field(cols[f.col]))
		if err != nil || n < 1 || n > 3 {
			return c, f.col, fmt.Errorf("%s is not a tier (1, 2 or 3)", data.Clip(r.field(cols[f.col])))
		}
		*f.to = data.Tier(n)
	}
	c.Reason, c.DecidedBy = r.field(cols["reason"]), r.field(cols["decided_by"])
	return c, "", nil
}

// Decisions reads Tierline's decisions CSV (the decisions export): the
// team's review decisions, matched by decision_id.
func Decisions(name string, r io.Reader, snap data.Snapshot) (*Report, error) {
	rep := &Report{Kind: "decisions"}
	t, err := readTable(name, r, rep)
	if err != nil {
		return nil, err
	}
	cols, err := t.require(columnsOf(decisionHeader))
	if err != nil {
		return nil, err
	}
	ix := indexStudents(snap.Students)
	plans := map[data.ID]data.Plan{}
	for _, p := range snap.Plans {
		plans[p.ID] = p
	}
	stored := map[data.ID]data.Decision{}
	for _, d := range snap.Decisions {
		stored[d.ID] = d
	}
	seen := map[data.ID]int{}
	for _, r := range t.rows {
		d, col, err := readDecisionRow(r, cols, ix, plans)
		if err != nil {
			rep.refuse(t, r.line, t.nameOf(cols[col]), "%v", err)
			continue
		}
		if d.ID == (data.ID{}) {
			d.ID = data.NewID()
		} else if first, dup := seen[d.ID]; dup {
			rep.refuse(t, r.line, t.nameOf(cols["decision_id"]), "repeats line %d", first)
			continue
		}
		seen[d.ID] = r.line
		if err := d.Validate(); err != nil {
			rep.refuse(t, r.line, columnOf(err, decisionColumns), "%s", data.ErrorMessage(err))
			continue
		}
		old, found := stored[d.ID]
		same := found && old == d
		rep.count(found, same)
		if !same {
			rep.Records.Decisions = append(rep.Records.Decisions, d)
		}
	}
	return rep, nil
}

var decisionColumns = map[string]string{"date": "date", "decision": "decision", "note": "note", "next review": "next_review"}

func readDecisionRow(r row, cols map[string]int, ix *studentIndex, plans map[data.ID]data.Plan) (data.Decision, string, error) {
	var d data.Decision
	var err error
	if text := r.field(cols["decision_id"]); text != "" {
		if d.ID, err = uuid.Parse(text); err != nil {
			return d, "decision_id", fmt.Errorf("%s is not a decision id", data.Clip(text))
		}
	}
	st, ok := ix.local(r.field(cols["local_id"]))
	if !ok {
		return d, "local_id", fmt.Errorf("no student has the local id %s", data.Clip(r.field(cols["local_id"])))
	}
	d.Student = st.ID
	if text := r.field(cols["plan_id"]); text != "" {
		if d.Plan, err = uuid.Parse(text); err != nil {
			return d, "plan_id", fmt.Errorf("%s is not a plan id", data.Clip(text))
		}
		p, ok := plans[d.Plan]
		if !ok {
			return d, "plan_id", fmt.Errorf("no plan has the id %s (import the plans first)", d.Plan)
		}
		if p.Student != st.ID {
			return d, "plan_id", fmt.Errorf("plan %s is another student's", d.Plan)
		}
	}
	if d.Date, err = data.ParseDateLoose(r.field(cols["date"])); err != nil {
		return d, "date", err
	}
	d.Verdict, d.Decision, d.Note = data.VerdictKind(r.field(cols["verdict"])), data.TeamDecision(r.field(cols["decision"])), r.field(cols["note"])
	if text := r.field(cols["next_review"]); text != "" {
		if d.NextReview, err = data.ParseDateLoose(text); err != nil {
			return d, "next_review", err
		}
	}
	return d, "", nil
}
