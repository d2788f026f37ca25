package hub

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/rollup"
	"github.com/tierline/tierline/sync/summary"
)

// equityView is the equity page: the board's questions (which groups are
// behind, where, and is it changing) for one measure, grade, dimension
// and window.
type equityView struct {
	Title, User, CSRF string
	Admin             bool
	K                 int
	Empty             bool
	AsOf              string // when the newest summary arrived

	Measures, Dims, Grades, Windows, Years, ResponseMeasures []option
	Measure, Window, ResponseMeasure, Dimension, Since       string

	// Sort links of the schools side by side; Sort the order shown.
	SortLinks  []sortLink
	Sort       string
	SchoolRows []versusRow
	Compare    []versusRow
	Response   []versusRow
	// SchoolResponse is each school's groups' response.
	SchoolResponse []versusRow

	DistrictRisk, SchoolRisk []riskRow

	TierWindows []string
	TierRows    []tableRow
}

type sortLink struct {
	Label string
	URL   template.URL
	On    bool
}

// versusRow is a group's figures against all students and the rest,
// ready to show.
type versusRow struct {
	School, Group                   string
	Pct, All, GapAll, Rest, GapRest string
	Coverage                        string // "2 of 4 schools"
	Sparse                          bool   // drawn as uncertain
	Behind                          bool   // the gap to the rest is 10 points or more below
}

type riskRow struct {
	School, Group                string
	N, Pct3, Pct23, RR3, RR23    string
	Coverage                     string
	Flag3, Flag23, Sparse, Coded bool
}

// allYears picks every school year for the tier placement over time.
const allYears = "all"

// behindBy marks a gap to the rest this many points below as behind.
const behindBy = -10

func pctText(s rollup.Share, k int) string {
	if !s.Shown {
		if s.Schools == 0 {
			return "—"
		}
		return fmt.Sprintf("n<%d", k)
	}
	approx := ""
	if s.Coded {
		approx = "≈"
	}
	return fmt.Sprintf("%s%.0f%% · n %d", approx, s.Pct, s.N)
}

func gapText(ok bool, v float64) string {
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%+.0f", v)
}

func schoolsText(n int) string {
	if n == 1 {
		return "1 school"
	}
	return fmt.Sprintf("%d schools", n)
}

func versusRowOf(v rollup.Versus, school string, k int) versusRow {
	row := versusRow{School: school, Group: charts.ShortLabel(v.Group), Pct: pctText(v.Share, k), All: pctText(v.All, k),
		GapAll: gapText(v.GapOK, v.GapToAll), Rest: pctText(v.Rest, k), GapRest: gapText(v.RestOK, v.GapToRest),
		Sparse: v.Sparse, Behind: v.RestOK && v.GapToRest <= behindBy}
	if school == "" {
		row.Coverage = fmt.Sprintf("%d of %s", v.Share.Schools, schoolsText(v.AllSchools))
	}
	return row
}

// ratioText shows a risk ratio; one the coded shares leave too uncertain
// is shown as its lowest possible value when that reaches 2, otherwise
// as unclear.
func ratioText(ok, uncertain bool, v float64, span [2]float64) string {
	switch {
	case ok:
		return fmt.Sprintf("%.1f", v)
	case uncertain && span[0] >= analysis.DisproportionalityRatio:
		return fmt.Sprintf("at least %.1f", span[0])
	case uncertain:
		return "unclear (coded shares)"
	}
	return "—"
}

func riskRowOf(r rollup.Risk, school string, allSchools, k int) riskRow {
	row := riskRow{School: school, Group: charts.ShortLabel(r.Group), RR3: ratioText(r.OK3, r.Uncertain3, r.RR3, r.Range3), RR23: ratioText(r.OK23, r.Uncertain23, r.RR23, r.Range23),
		Flag3: r.Flag3, Flag23: r.Flag23, Sparse: r.Sparse, Coded: r.Coded, N: "—", Pct3: "—", Pct23: "—"}
	switch {
	case r.N >= k:
		row.N, row.Pct3, row.Pct23 = fmt.Sprint(r.N), fmt.Sprintf("%.0f%%", r.PctTier3), fmt.Sprintf("%.0f%%", r.PctTier23)
	case r.Schools > 0:
		row.N = fmt.Sprintf("n<%d", k)
	}
	if school == "" {
		row.Coverage = fmt.Sprintf("%d of %s", r.Schools, schoolsText(allSchools))
	}
	return row
}

// tableCell is a figure of a table; an uncertain one (few schools) is
// drawn hatched.
type tableCell struct {
	Text      string
	Uncertain bool
}

func (c tableCell) String() string { return c.Text }

// gapRows are the dashboard's gaps to all students of every school,
// window by window; a group's gap from one school, or under half the
// schools, is drawn as uncertain. (The dashboard reads only the store's
// roll-ups, the same on every store; the equity page compares the same
// schools.)
func gapRows(progress []rollup.ProgressTable) []tableRow {
	if len(progress) == 0 {
		return nil
	}
	var rows []tableRow
	for i, c := range progress[0].Cells[1:] {
		row := tableRow{Group: charts.ShortLabel(c.Group)}
		for _, t := range progress {
			cell, all := t.Cells[i+1], t.Cells[0]
			text := "—"
			if cell.Shown && all.Shown {
				text = fmt.Sprintf("%+.0f", cell.Pct-all.Pct)
				if cell.Schools < all.Schools {
					// The gap is against schools the group is not in: say so.
					text += fmt.Sprintf(" · group in %d of %s", cell.Schools, schoolsText(all.Schools))
				}
			}
			row.Cells = append(row.Cells, tableCell{text, rollup.Sparse(cell.Schools, all.Schools)})
		}
		rows = append(rows, row)
	}
	return rows
}

// groupLabel names a group in a table: all students too, whose group
// has no label of its own.
func groupLabel(g data.Group) string {
	if g == analysis.AllStudents {
		return "All students"
	}
	return g.Label()
}

// windowValue names a window in a query: "2026-2027/fall".
func windowValue(w rollup.Window) string { return w.Year + "/" + string(w.Window) }

func (s *Server) equityPage(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	v := equityView{Title: "District equity", User: sess.User, CSRF: sess.CSRF, Admin: s.isAdmin(sess), K: s.cfg.K}
	if at := s.asOf(); !at.IsZero() {
		v.AsOf = at.Local().Format("2 Jan 2006 15:04")
	}
	sums := s.summaries("")
	measures := measuresOf(sums)
	windows := windowsOf(sums)
	if len(measures) == 0 || len(windows) == 0 {
		v.Empty = true
		s.render(w, http.StatusOK, "equity.html", v)
		return
	}
	nameOf := s.schoolNames()
	q := r.URL.Query()
	k := s.cfg.K
	measure := pick(q.Get("measure"), measures, measures[0])
	dimNames := make([]string, len(summary.Dimensions))
	for i, dim := range summary.Dimensions {
		dimNames[i] = string(dim)
	}
	dim := data.Dimension(pick(q.Get("dimension"), dimNames, string(data.DimRace)))
	grades := gradesIn(sums, measure)
	grade := pick(q.Get("grade"), grades, summary.All)
	windowValues := make([]string, len(windows))
	for i, win := range windows {
		windowValues[i] = windowValue(win)
	}
	chosen := windows[slices.Index(windowValues, pick(q.Get("window"), windowValues, windowValues[len(windowValues)-1]))]
	var years []string
	for _, win := range windows {
		if !slices.Contains(years, win.Year) {
			years = append(years, win.Year)
		}
	}
	year := pick(q.Get("year"), append(slices.Clone(years), allYears), chosen.Year)
	rmeasures := rollup.ResponseMeasures(sums)
	rmeasure := ""
	if len(rmeasures) > 0 {
		fallback := rmeasures[0]
		if slices.Contains(rmeasures, measure) {
			fallback = measure
		}
		rmeasure = pick(q.Get("response"), rmeasures, fallback)
	}
	sortBy := pick(q.Get("sort"), []string{rollup.SortWidest, rollup.SortGapAll, rollup.SortPct, rollup.SortSchool}, rollup.SortWidest)

	v.Measure, v.Window, v.ResponseMeasure, v.Dimension, v.Sort = measure, chosen.Label(), rmeasure, dim.Label(), sortBy
	v.Measures, v.Dims, v.Grades = namedOptions(measures, measure), dimensionOptions(dim), gradeOptions(grades, grade)
	for i := len(windows) - 1; i >= 0; i-- { // newest first: ten years of windows stay one short pick
		v.Windows = append(v.Windows, option{windowValues[i], windows[i].Label(), windows[i] == chosen})
	}
	for i := len(years) - 1; i >= 0; i-- {
		v.Years = append(v.Years, option{years[i], years[i], years[i] == year})
	}
	v.Years = append(v.Years, option{allYears, "Every year", year == allYears})
	v.ResponseMeasures = namedOptions(rmeasures, rmeasure)
	base := url.Values{"measure": {measure}, "dimension": {string(dim)}, "grade": {grade}, "window": {windowValue(chosen)}, "year": {year}}
	if rmeasure != "" {
		base.Set("response", rmeasure)
	}
	for _, sl := range []struct{ by, label string }{{rollup.SortWidest, "widest gap to the rest"}, {rollup.SortGapAll, "widest gap to all students"}, {rollup.SortPct, "lowest % at/above"}, {rollup.SortSchool, "school"}} {
		qv := url.Values{}
		for key, val := range base {
			qv[key] = val
		}
		qv.Set("sort", sl.by)
		v.SortLinks = append(v.SortLinks, sortLink{sl.label, template.URL("/equity?" + qv.Encode() + "#schools"), sl.by == sortBy}) //nolint:gosec // encoded
	}

	gaps := rollup.SchoolGaps(sums, chosen, measure, grade, dim, k)
	rollup.SortSchoolGaps(gaps, sortBy)
	for _, g := range gaps {
		v.SchoolRows = append(v.SchoolRows, versusRowOf(g.Versus, nameOf(g.School), k))
	}
	for _, c := range rollup.Compare(sums, chosen, measure, grade, dim, k) {
		v.Compare = append(v.Compare, versusRowOf(c, "", k))
	}
	if rmeasure != "" {
		for _, c := range rollup.Response(sums, chosen, rmeasure, dim, k) {
			v.Response = append(v.Response, versusRowOf(c, "", k))
		}
		for _, g := range rollup.SchoolResponses(sums, chosen, rmeasure, dim, k) {
			v.SchoolResponse = append(v.SchoolResponse, versusRowOf(g.Versus, nameOf(g.School), k))
		}
	}
	district, schools := rollup.Disproportionality(sums, chosen, dim, k)
	tierSchools := 0
	for _, sum := range sums {
		if sum.Year == chosen.Year && data.WindowName(sum.Window) == chosen.Window && len(sum.Tiers) > 0 {
			tierSchools++
		}
	}
	for _, d := range district {
		v.DistrictRisk = append(v.DistrictRisk, riskRowOf(d, "", tierSchools, k))
	}
	for _, sr := range schools {
		v.SchoolRisk = append(v.SchoolRisk, riskRowOf(sr, nameOf(sr.School), 1, k))
	}

	// Tier placement over the windows of the chosen year.
	groups := []data.Group{analysis.AllStudents}
	for _, val := range data.DimensionValues(dim) {
		groups = append(groups, data.Group{Dimension: dim, Value: val})
	}
	v.TierRows = make([]tableRow, len(groups))
	for i, g := range groups {
		v.TierRows[i].Group = charts.ShortLabel(g)
	}
	for _, win := range windows {
		if win.Year != year && year != allYears {
			continue
		}
		v.TierWindows = append(v.TierWindows, win.Label())
		rows, _ := rollup.Tiers(tierTotals(sums, win), dim, k)
		for i, row := range rows {
			text := "—"
			switch {
			case row.Shown:
				approx := ""
				if row.Coded {
					approx = "≈"
				}
				text = fmt.Sprintf("%s%.0f%% · %s%.0f%% · %s", approx, row.PctTier3, approx, row.PctTier2+row.PctTier3, schoolsText(row.Schools))
			case row.Schools > 0 || row.Hidden > 0:
				text = fmt.Sprintf("n<%d", k)
			}
			v.TierRows[i].Cells = append(v.TierRows[i].Cells, tableCell{Text: text, Uncertain: i > 0 && rollup.Sparse(row.Schools, rows[0].Schools)})
		}
	}
	s.render(w, http.StatusOK, "equity.html", v)
}
