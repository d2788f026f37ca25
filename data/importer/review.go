package importer

import (
	"fmt"
	"io"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/spreadsheet"
)

// reviewHeader is the review list's columns: the list as the meeting sees
// it, then the decision taken on the day of the export, if any.
var reviewHeader = []string{"need", "student", "local_id", "grade", "tier", "intervention", "interventionist", "measure", "verdict", "rule",
	"explanation", "fidelity_pct", "points", "review_date", "decision_today", "next_review", "note"}

// ExportReview writes a review list (analysis.ReviewList over snap) as
// CSV, in the list's order, with the decisions of today beside their plans.
func ExportReview(w io.Writer, items []analysis.ReviewItem, snap data.Snapshot, today data.Date) error {
	interventions := map[data.ID]string{}
	for _, iv := range snap.Interventions {
		interventions[iv.ID] = iv.Name
	}
	decided := map[data.ID]data.Decision{}
	for _, d := range snap.Decisions {
		if d.Date == today && d.Plan != (data.ID{}) {
			decided[d.Plan] = d
		}
	}
	cw := spreadsheet.NewWriter(w)
	cw.Write(reviewHeader)
	for _, it := range items {
		v := it.Progress.Current.Verdict
		fidelity := ""
		if f := it.Progress.Current.Fidelity; f.Measured() {
			fidelity = fmt.Sprintf("%.0f", analysis.Percent(f.Rate()))
		}
		intervention, ok := interventions[it.Plan.Current().Intervention]
		if !ok {
			intervention = "(removed intervention)"
		}
		d := decided[it.Plan.ID]
		cw.Write([]string{it.Need.Label(), it.Student.Name(), it.Student.LocalID, string(it.Student.Grade), fmt.Sprint(int(it.Tier)),
			intervention, it.Plan.Interventionist, it.Progress.Measure.Name, string(v.Kind), string(v.Rule),
			v.Explanation, fidelity, fmt.Sprint(v.Points), it.Plan.Review.String(), string(d.Decision), d.NextReview.String(), d.Note})
	}
	cw.Flush()
	return cw.Error()
}
