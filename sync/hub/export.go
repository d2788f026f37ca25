package hub

import (
	"fmt"
	"io"
	"net/http"

	"github.com/tierline/tierline/data/spreadsheet"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hubapi"
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

// exportCells lists the summaries' cells, section by section: the rows of
// export.csv and of the cells API.
func exportCells(sums []summary.Summary) []hubapi.Cell {
	var out []hubapi.Cell
	for _, sum := range sums {
		head := hubapi.Cell{School: sum.School, Year: sum.Year, Window: sum.Window}
		for _, c := range sum.Progress {
			cell := head
			cell.Section, cell.Measure, cell.Grade, cell.Dimension, cell.Group = "progress", c.Measure, c.Grade, c.Dimension, c.Group
			cell.N, cell.PctAtOrAbove, cell.Suppressed, cell.Reason = c.N, c.PctAtOrAbove, c.Suppressed, c.Reason
			out = append(out, cell)
		}
		for _, c := range sum.Tiers {
			cell := head
			cell.Section, cell.Grade, cell.Dimension, cell.Group = "tiers", summary.All, c.Dimension, c.Group
			cell.N, cell.PctTier2, cell.PctTier3, cell.RiskRatioTier3, cell.Suppressed, cell.Reason = c.N, c.PctTier2, c.PctTier3, c.RiskRatioTier3, c.Suppressed, c.Reason
			out = append(out, cell)
		}
		for _, c := range sum.Response {
			cell := head
			cell.Section, cell.Measure, cell.Grade, cell.Dimension, cell.Group = "response", c.Measure, summary.All, c.Dimension, c.Group
			cell.N, cell.PctAdequate, cell.Suppressed, cell.Reason = c.N, c.PctAdequate, c.Suppressed, c.Reason
			out = append(out, cell)
		}
	}
	return out
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
	for _, c := range exportCells(sums) {
		n, rr := "", ""
		if c.N != nil {
			n = fmt.Sprint(*c.N)
		}
		if c.RiskRatioTier3 != nil {
			rr = fmt.Sprint(*c.RiskRatioTier3)
		}
		cw.Write([]string{c.School, c.Year, c.Window, c.Section, c.Measure, c.Grade, c.Dimension, c.Group, n, str(c.PctAtOrAbove), //nolint:errcheck // cw.Error below
			str(c.PctTier2), str(c.PctTier3), rr, str(c.PctAdequate), fmt.Sprint(c.Suppressed), c.Reason})
	}
	cw.Flush()
	return cw.Error()
}
