package importer

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/spreadsheet"
)

// Tierline's CSV formats: what export writes and import reads back.
var (
	studentHeader = []string{"local_id", "sourced_id", "given_name", "family_name", "birth_date", "grade", "sex", "race",
		"english_learner", "disability", "section504", "econ_disadvantaged", "custom_groups", "withdrawn", "withdrawn_on", "enrolled_from"}
	scoreHeader = []string{"local_id", "measure", "date", "kind", "value", "errors", "grade"}
	planHeader  = []string{"plan_id", "local_id", "phase", "phase_start", "intervention", "sessions_per_week", "minutes_per_session", "phase_note",
		"tier", "interventionist", "review", "planned_end", "goal_measure", "baseline", "baseline_date", "target", "target_date",
		"status", "ended", "end_reason"}
	sessionHeader  = []string{"session_id", "plan_id", "local_id", "date", "present", "minutes", "note"}
	tierHeader     = []string{"local_id", "date", "from_tier", "to_tier", "reason", "decided_by"}
	decisionHeader = []string{"decision_id", "local_id", "plan_id", "date", "verdict", "decision", "note", "next_review"}
)

// customGroupSeparator joins a student's custom groups in one cell.
const customGroupSeparator = "; "

// ExportKinds lists what can be exported.
var ExportKinds = []string{"students", "scores", "plans", "sessions", "tiers", "decisions"}

// Export writes one kind of record of a snapshot as CSV with a header:
// readable by a spreadsheet, and read back by the import of the same kind.
// Rows are in an order of what they say (local id, measure, date), never
// of internal ids, so that the same school exports the same file from any
// store it is moved into.
func Export(w io.Writer, kind string, snap data.Snapshot) (int, error) {
	cw := spreadsheet.NewWriter(w)
	students := map[data.ID]data.Student{}
	for _, s := range snap.Students {
		students[s.ID] = s
	}
	measures := map[data.ID]string{}
	for _, m := range snap.Measures {
		measures[m.ID] = m.Name
	}
	interventions := map[data.ID]string{}
	for _, iv := range snap.Interventions {
		interventions[iv.ID] = iv.Name
	}
	plans := map[data.ID]data.Plan{}
	for _, p := range snap.Plans {
		plans[p.ID] = p
	}
	var rows [][]string
	sortBy := []int(nil) // the columns rows are ordered by, when not the store's order
	switch kind {
	case "students":
		rows = append(rows, studentHeader)
		for _, s := range snap.Students {
			rows = append(rows, []string{s.LocalID, s.SourcedID, s.GivenName, s.FamilyName, s.BirthDate.String(), string(s.Grade),
				string(s.Sex), string(s.Race), yn(s.EnglishLearner), yn(s.Disability), yn(s.Section504), yn(s.EconDisadvantaged),
				strings.Join(s.CustomGroups, customGroupSeparator), yn(s.Withdrawn), s.WithdrawnOn.String(), s.EnrolledFrom.String()})
		}
	case "scores":
		rows = append(rows, scoreHeader)
		for _, s := range snap.Scores {
			errs := ""
			if s.Errors != data.NoErrors {
				errs = strconv.Itoa(s.Errors)
			}
			rows = append(rows, []string{students[s.Student].LocalID, measures[s.Measure], s.Date.String(), s.Kind.String(),
				number(s.Value), errs, string(s.Grade)})
		}
		sortBy = []int{0, 1, 2, 3}
	case "plans":
		rows = append(rows, planHeader)
		for _, p := range snap.Plans {
			baseline := ""
			if p.Goal.HasBaseline() {
				baseline = number(p.Goal.Baseline)
			}
			for i, ph := range p.Phases {
				rows = append(rows, []string{p.ID.String(), students[p.Student].LocalID, strconv.Itoa(i + 1), ph.Start.String(),
					interventions[ph.Intervention], strconv.Itoa(ph.SessionsPerWeek), strconv.Itoa(ph.MinutesPerSession), ph.Note,
					strconv.Itoa(int(p.Tier)), p.Interventionist, p.Review.String(), p.PlannedEnd.String(), measures[p.Goal.Measure],
					baseline, p.Goal.BaselineDate.String(), number(p.Goal.Target), p.Goal.TargetDate.String(),
					string(p.Status), p.Ended.String(), p.EndReason})
			}
		}
	case "sessions":
		rows = append(rows, sessionHeader)
		for _, s := range snap.Sessions {
			rows = append(rows, []string{s.ID.String(), s.Plan.String(), students[plans[s.Plan].Student].LocalID, s.Date.String(),
				yn(s.Present), strconv.Itoa(s.Minutes), s.Note})
		}
	case "tiers":
		rows = append(rows, tierHeader)
		for _, c := range snap.TierChanges {
			rows = append(rows, []string{students[c.Student].LocalID, c.Date.String(), strconv.Itoa(int(c.From)), strconv.Itoa(int(c.To)),
				c.Reason, c.DecidedBy})
		}
		sortBy = []int{0, 1}
	case "decisions":
		rows = append(rows, decisionHeader)
		for _, d := range snap.Decisions {
			plan := ""
			if d.Plan != (data.ID{}) {
				plan = d.Plan.String()
			}
			rows = append(rows, []string{d.ID.String(), students[d.Student].LocalID, plan, d.Date.String(), string(d.Verdict),
				string(d.Decision), d.Note, d.NextReview.String()})
		}
		sortBy = []int{1, 3, 0}
	default:
		return 0, data.Errorf(data.EINVALID, "%q cannot be exported (expected %s)", kind, strings.Join(ExportKinds, ", "))
	}
	if sortBy != nil {
		body := rows[1:]
		sort.SliceStable(body, func(a, b int) bool {
			for _, c := range sortBy {
				if body[a][c] != body[b][c] {
					return body[a][c] < body[b][c]
				}
			}
			return false
		})
	}
	if err := cw.WriteAll(rows); err != nil {
		return 0, fmt.Errorf("write the %s export: %w", kind, err)
	}
	return len(rows) - 1, nil
}

func yn(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

// number writes a score without trailing zeros and without exponent.
func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
