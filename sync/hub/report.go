package hub

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/spreadsheet"
	"github.com/tierline/tierline/sync/hub/rollup"
	"github.com/tierline/tierline/sync/summary"
)

// The public equity report is what a district can publish (as
// StriveTogether asks partnerships to): for one school year, district
// figures only, each from at least MinReportSchools schools and at least
// k students. A figure from one school is that school's, not the
// district's, and is left out; no school's own cell appears.

// MinReportSchools is the fewest schools a published district figure adds up.
const MinReportSchools = 2

// reportRow is one published district figure.
type reportRow struct {
	Year, Window, Section, Measure, Dimension, Group string
	N, Schools                                       int
	Pct                                              float64 // % at/above, or % in Tier 3
	Pct23                                            float64 // tiers: % in Tier 2 or 3
	GapToAll, GapToRest                              *float64
	RR3, RR23                                        *float64
	// AtLeast3 and AtLeast23: a ratio too uncertain to state, whose lowest
	// possible value is 2 or more.
	AtLeast3, AtLeast23 *float64
}

func safe(s rollup.Share) bool { return s.Shown && s.Schools >= MinReportSchools }

func ptrIf(ok bool, v float64) *float64 {
	if !ok {
		return nil
	}
	return &v
}

// reportRows are a district's publishable figures for a school year.
func reportRows(sums []summary.Summary, year string, k int) []reportRow {
	var out []reportRow
	var windows []rollup.Window
	for _, w := range windowsOf(sums) {
		if w.Year == year {
			windows = append(windows, w)
		}
	}
	for _, measure := range measuresOf(sums) {
		for _, w := range windows {
			for _, dim := range summary.Dimensions {
				vs := rollup.Compare(sums, w, measure, summary.All, dim, k)
				if len(vs) == 0 {
					continue
				}
				if dim == summary.Dimensions[0] && safe(vs[0].AllEverySchool) {
					all := vs[0].AllEverySchool
					out = append(out, reportRow{Year: year, Window: string(w.Window), Section: "progress", Measure: measure, Dimension: summary.All,
						Group: "All students", N: all.N, Schools: all.Schools, Pct: all.Pct})
				}
				for _, v := range vs {
					if !safe(v.Share) {
						continue
					}
					out = append(out, reportRow{Year: year, Window: string(w.Window), Section: "progress", Measure: measure, Dimension: dim.Label(),
						Group: groupLabel(v.Group), N: v.Share.N, Schools: v.Share.Schools, Pct: v.Share.Pct,
						GapToAll: ptrIf(v.GapOK, v.GapToAll), GapToRest: ptrIf(v.RestOK, v.GapToRest)})
				}
			}
		}
	}
	if len(windows) == 0 {
		return out
	}
	last := windows[len(windows)-1]
	for _, dim := range summary.Dimensions {
		rows, _ := rollup.Tiers(tierTotals(sums, last), dim, k)
		if dim == summary.Dimensions[0] && len(rows) > 0 && rows[0].Shown && rows[0].Schools >= MinReportSchools {
			out = append(out, reportRow{Year: year, Window: string(last.Window), Section: "tiers", Dimension: summary.All, Group: "All students",
				N: rows[0].N, Schools: rows[0].Schools, Pct: rows[0].PctTier3, Pct23: rows[0].PctTier2 + rows[0].PctTier3})
		}
		district, _ := rollup.Disproportionality(sums, last, dim, k)
		for _, r := range district {
			if r.N < k || r.Schools < MinReportSchools {
				continue
			}
			out = append(out, reportRow{Year: year, Window: string(last.Window), Section: "tiers", Dimension: dim.Label(), Group: groupLabel(r.Group),
				N: r.N, Schools: r.Schools, Pct: r.PctTier3, Pct23: r.PctTier23, RR3: ptrIf(r.OK3, r.RR3), RR23: ptrIf(r.OK23, r.RR23),
				AtLeast3: ptrIf(r.Flag3 && !r.OK3, r.Range3[0]), AtLeast23: ptrIf(r.Flag23 && !r.OK23, r.Range23[0])})
		}
	}
	return out
}

// reportPage is the printable page of one district.
type reportPage struct {
	District, Year, Made, CSV string
	K, MinSchools             int
	Progress, Tiers           []reportRow
	Flagged                   []string
}

// WriteReport writes the public equity report of a school year ("" for
// the latest) to dir: per district, district-CODE.html (a static,
// printable page) and district-CODE.csv. It returns the files written.
func (s *Server) WriteReport(dir, year string) ([]string, error) {
	sums := s.summaries("")
	if len(sums) == 0 {
		return nil, errors.New("the hub holds no summary yet: there is nothing to report")
	}
	if year == "" {
		ws := windowsOf(sums)
		year = ws[len(ws)-1].Year
	}
	byDistrict := map[string][]summary.Summary{}
	var districts []string
	for _, sum := range sums {
		if _, ok := byDistrict[sum.District]; !ok {
			districts = append(districts, sum.District)
		}
		byDistrict[sum.District] = append(byDistrict[sum.District], sum)
	}
	slices.Sort(districts)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	var files []string
	for _, d := range districts {
		rows := reportRows(byDistrict[d], year, s.cfg.K)
		if len(rows) == 0 {
			s.cfg.Logger.Info("report: nothing publishable", "district", d, "year", year)
			continue
		}
		name := "district-" + d
		page := reportPage{District: d, Year: year, Made: s.cfg.Now().Format("2 January 2006"), CSV: name + ".csv", K: s.cfg.K, MinSchools: MinReportSchools}
		for _, r := range rows {
			if r.Section == "progress" {
				page.Progress = append(page.Progress, r)
				continue
			}
			page.Tiers = append(page.Tiers, r)
			switch {
			case r.RR3 != nil && *r.RR3 >= analysis.DisproportionalityRatio:
				page.Flagged = append(page.Flagged, fmt.Sprintf("%s students are %.1f× as likely as the other students to be in Tier 3.", r.Group, *r.RR3))
			case r.AtLeast3 != nil:
				page.Flagged = append(page.Flagged, fmt.Sprintf("%s students are at least %.1f× as likely as the other students to be in Tier 3.", r.Group, *r.AtLeast3))
			}
		}
		slices.SortStableFunc(page.Progress, func(a, b reportRow) int { return cmp.Compare(a.Measure, b.Measure) })
		var html bytes.Buffer
		if err := templates.ExecuteTemplate(&html, "report.html", page); err != nil {
			return files, err
		}
		var csv bytes.Buffer
		if err := writeReportCSV(&csv, d, rows); err != nil {
			return files, err
		}
		for file, b := range map[string][]byte{name + ".html": html.Bytes(), name + ".csv": csv.Bytes()} {
			path := filepath.Join(dir, file)
			if err := writeFileAtomic(path, b); err != nil {
				return files, err
			}
			files = append(files, path)
		}
	}
	slices.Sort(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("no district figure of %s covers %d schools and %d students: nothing to publish", year, MinReportSchools, s.cfg.K)
	}
	return files, nil
}

func writeReportCSV(w *bytes.Buffer, district string, rows []reportRow) error {
	cw := spreadsheet.NewWriter(w)
	cw.Write([]string{"district", "year", "window", "section", "measure", "dimension", "group", "n", "schools", "pct_at_or_above", "pct_tier3", "pct_tier2_or_3", "gap_to_all", "gap_to_rest", "risk_ratio_tier3", "risk_ratio_tier2_or_3", "risk_ratio_tier3_at_least", "risk_ratio_tier2_or_3_at_least"}) //nolint:errcheck // cw.Error below
	num := func(p *float64, format string) string {
		if p == nil {
			return ""
		}
		return fmt.Sprintf(format, *p)
	}
	for _, r := range rows {
		pct, t3, t23 := fmt.Sprintf("%.0f", r.Pct), "", ""
		if r.Section == "tiers" {
			pct, t3, t23 = "", fmt.Sprintf("%.0f", r.Pct), fmt.Sprintf("%.0f", r.Pct23)
		}
		cw.Write([]string{district, r.Year, r.Window, r.Section, r.Measure, r.Dimension, r.Group, fmt.Sprint(r.N), fmt.Sprint(r.Schools), pct, t3, t23, //nolint:errcheck // cw.Error below
			num(r.GapToAll, "%.0f"), num(r.GapToRest, "%.0f"), num(r.RR3, "%.1f"), num(r.RR23, "%.1f"), num(r.AtLeast3, "%.1f"), num(r.AtLeast23, "%.1f")})
	}
	cw.Flush()
	return cw.Error()
}

// writeFileAtomic writes a file whole or not at all.
func writeFileAtomic(path string, b []byte) error {
	tmp := path + ".tmp-" + fmt.Sprint(time.Now().UnixNano())
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// windowTitle names a window in the report: "Fall".
func windowTitle(w string) string { return data.WindowName(w).Title() }

// points shows a gap in the report: "+12", "-19", or a dash.
func points(p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%+.0f", *p)
}

// ratioOf shows a risk ratio in the report.
func ratioOf(p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f", *p)
}
