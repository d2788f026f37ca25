package hub

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/summary"
)

// exportCSV writes every current summary's cells, one row each.
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request, _ hubstore.Session) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="tierline-district.csv"`)
	cw := csv.NewWriter(w)
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
	for _, sum := range s.summaries("") {
		head := []string{sum.School, sum.Year, sum.Window}
		row := func(cells ...string) {
			for i, c := range cells {
				cells[i] = spreadsheetSafe(c)
			}
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
	if err := cw.Error(); err != nil {
		s.cfg.Logger.Warn("export", "err", err)
	}
}

// spreadsheetSafe keeps a value a spreadsheet would run as a formula
// (a school-supplied measure name starting with =) as text.
func spreadsheetSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) && !isNumber(v) {
		return "'" + v
	}
	return v
}

func isNumber(v string) bool {
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}
