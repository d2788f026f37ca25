package hub

import (
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/tierline/tierline/data/spreadsheet"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/summary"
)

// exportCSV writes every current summary's cells, one row each.
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request, _ hubstore.Session) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="tierline-district.csv"`)
	if err := writeExport(w, s.summaries("")); err != nil {
		s.cfg.Logger.Warn("export", "err", err)
	}
}

// writeExport writes the summaries' cells through the formula-safe writer:
// every column, the school's own code and the measure included, since any
// of them may come from a school.
func writeExport(w io.Writer, sums []summary.Summary) error {
	cw := spreadsheet.NewWriter(w)
	cw.Write([]string{"school", "year", "window", "section", "measure", "grade", "dimension", "group", "n", "pct_at_or_above", "pct_tier2", "pct_tier3", "risk_ratio_tier3", "pct_adequate", "suppressed", "reason"}) //nolint:errcheck // cw.Error below
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	num := func(p *int) string {
		if p == nil {
			return ""
		}
		return fmt.Sprint(*p)
	}
	for _, sum := range sums {
		head := []string{sum.School, sum.Year, sum.Window}
		row := func(cells ...string) {
			cw.Write(append(slices.Clone(head), cells...)) //nolint:errcheck // cw.Error below
		}
		for _, c := range sum.Progress {
			row("progress", c.Measure, c.Grade, c.Dimension, c.Group, num(c.N), str(c.PctAtOrAbove), "", "", "", "", fmt.Sprint(c.Suppressed), c.Reason)
		}
		for _, c := range sum.Tiers {
			rr := ""
			if c.RiskRatioTier3 != nil {
				rr = fmt.Sprint(*c.RiskRatioTier3)
			}
			row("tiers", "", summary.All, c.Dimension, c.Group, num(c.N), "", str(c.PctTier2), str(c.PctTier3), rr, "", fmt.Sprint(c.Suppressed), c.Reason)
		}
		for _, c := range sum.Response {
			row("response", c.Measure, summary.All, c.Dimension, c.Group, num(c.N), "", "", "", "", str(c.PctAdequate), fmt.Sprint(c.Suppressed), c.Reason)
		}
	}
	cw.Flush()
	return cw.Error()
}
