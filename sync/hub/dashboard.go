package hub

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/rollup"
	"github.com/tierline/tierline/sync/summary"
)

// option is an entry of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// namedOptions offers each name as its own label.
func namedOptions(names []string, chosen string) []option {
	out := make([]option, 0, len(names))
	for _, n := range names {
		out = append(out, option{n, n, n == chosen})
	}
	return out
}

// dimensionOptions offers every dimension a summary reports.
func dimensionOptions(chosen data.Dimension) []option {
	out := make([]option, 0, len(summary.Dimensions))
	for _, dn := range summary.Dimensions {
		out = append(out, option{string(dn), dn.Label(), dn == chosen})
	}
	return out
}

// gradeOptions offers "All grades" and each grade by its label.
func gradeOptions(grades []string, chosen string) []option {
	out := make([]option, 0, len(grades))
	for _, g := range grades {
		label := "All grades"
		if g != summary.All {
			label = data.Grade(g).Label()
		}
		out = append(out, option{g, label, g == chosen})
	}
	return out
}

// schoolRow is a line of the schools table.
type schoolRow struct {
	Code, Name, LastSync, Status string
	Windows                      int
	Stale, Revoked               bool
}

// staleAfter: a school not heard from for this long is marked.
const staleAfter = 60 * 24 * time.Hour

func (s *Server) schoolRows(only string) ([]schoolRow, error) {
	schools, err := s.store.Schools()
	if err != nil {
		return nil, err
	}
	windows, err := s.store.WindowsPerSchool()
	if err != nil {
		return nil, err
	}
	now := s.cfg.Now()
	var rows []schoolRow
	for _, sc := range schools {
		if only != "" && sc.Code != only {
			continue
		}
		row := schoolRow{Code: sc.Code, Name: sc.Name, Windows: windows[sc.Code], LastSync: "never", Status: "waiting for its first summary", Revoked: sc.Revoked}
		if !sc.LastSync.IsZero() {
			row.LastSync = sc.LastSync.Local().Format("2 Jan 2006 15:04")
			row.Status = "synced"
			if now.Sub(sc.LastSync) > staleAfter {
				row.Status, row.Stale = fmt.Sprintf("no summary for %d days", int(now.Sub(sc.LastSync).Hours()/24)), true
			}
		}
		if sc.Revoked {
			row.Status = "token revoked"
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// dashboard is what the district and school pages show.
type dashboard struct {
	Title, User, CSRF, School string
	K                         int
	Schools                   []schoolRow
	Measures, Dims, Grades    []option
	Measure                   string
	Empty                     bool
	Admin                     bool   // the user may open the admin page
	AsOf                      string // when the newest summary shown arrived

	ProgressSVG, GapSVG, TierSVG template.HTML
	Windows                      []string
	ProgressRows, GapRows        []tableRow
	TierWindow                   string
	TierRows                     []rollup.TierRow
	// Query keeps the chosen measure, groups and grade on the links to
	// each school; url.Values encodes it, so it is safe in a URL.
	Query template.URL
}

// tableRow is a group's figures across the windows.
type tableRow struct {
	Group string
	Cells []tableCell
}

func (s *Server) districtPage(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	s.dashboardPage(w, r, sess, "")
}

func (s *Server) schoolPage(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	code := r.PathValue("code")
	if _, err := s.store.School(code); err != nil {
		http.Error(w, "No school with this code is enrolled.", http.StatusNotFound)
		return
	}
	s.dashboardPage(w, r, sess, code)
}

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request, sess hubstore.Session, school string) {
	rows, err := s.schoolRows(school)
	if err != nil {
		s.pageError(w, err)
		return
	}
	d := dashboard{Title: "District dashboard", User: sess.User, CSRF: sess.CSRF, School: school, K: s.cfg.K, Schools: rows, Admin: s.isAdmin(sess)}
	if school != "" {
		d.Title = rows[0].Name + " (" + school + ")"
	}
	if at := s.asOf(); !at.IsZero() {
		d.AsOf = at.Local().Format("2 Jan 2006 15:04")
	}
	windows, err := s.rollups(school)
	if err != nil {
		s.pageError(w, err)
		return
	}
	measures := rollup.Measures(windows)
	if len(measures) == 0 {
		d.Empty = true
		s.render(w, http.StatusOK, "dashboard.html", d)
		return
	}
	q := r.URL.Query()
	measure := pick(q.Get("measure"), measures, measures[0])
	dimNames := make([]string, len(summary.Dimensions))
	for i, dim := range summary.Dimensions {
		dimNames[i] = string(dim)
	}
	dim := data.Dimension(pick(q.Get("dimension"), dimNames, string(data.DimRace)))
	grades := rollup.Grades(windows, measure)
	grade := pick(q.Get("grade"), grades, summary.All)

	d.Measure = measure
	d.Measures, d.Dims, d.Grades = namedOptions(measures, measure), dimensionOptions(dim), gradeOptions(grades, grade)
	d.Query = template.URL("?" + url.Values{"measure": {measure}, "dimension": {string(dim)}, "grade": {grade}}.Encode()) //nolint:gosec // encoded above

	k := s.cfg.K
	progress := rollup.Progress(windows, measure, grade, dim, k)
	tables := make([]analysis.GroupTable, len(progress))
	for i, t := range progress {
		tables[i] = t.Table
		d.Windows = append(d.Windows, t.Window.Label())
	}
	gradeScope := analysis.AllGrades
	if grade != summary.All {
		gradeScope = data.Grade(grade)
	}
	in := charts.GroupsInput{Measure: data.Measure{Name: measure}, Dimension: dim, Grade: gradeScope, Tables: tables, K: k}
	if school == "" {
		// A school's own page is that school's whole figure, never thin.
		in.Uncertain = sparseFigures(progress)
	}
	d.ProgressSVG = svg(func(size charts.Size) (*charts.Chart, error) { return charts.Groups(in, size) })
	d.GapSVG = svg(func(size charts.Size) (*charts.Chart, error) { return charts.Gaps(in, size) })
	d.ProgressRows, d.GapRows = progressRows(progress, k), gapRows(progress)

	if len(windows) > 0 {
		latest := windows[len(windows)-1]
		last := latest.Window
		tierRows, tierCells := rollup.Tiers(latest.Totals, dim, k)
		d.TierWindow, d.TierRows = last.Label(), tierRows
		tin := charts.TiersInput{Dimension: dim, Cells: tierCells, On: last.End(), K: k}
		d.TierSVG = svg(func(size charts.Size) (*charts.Chart, error) { return charts.Tiers(tin, size) })
	}
	s.render(w, http.StatusOK, "dashboard.html", d)
}

// sparseFigures reports a group's district figure of a window that one
// school, or under half the schools that reported all students, make up
// (rollup.Sparse): the charts draw it faded, as the tables hatch it.
func sparseFigures(progress []rollup.ProgressTable) func(window int, g data.Group) bool {
	return func(window int, g data.Group) bool {
		if window >= len(progress) || len(progress[window].Cells) == 0 || g == analysis.AllStudents {
			return false
		}
		cells := progress[window].Cells
		for _, c := range cells[1:] {
			if c.Group == g {
				return rollup.Sparse(c.Schools, cells[0].Schools)
			}
		}
		return false
	}
}

func pick(v string, allowed []string, fallback string) string {
	if slices.Contains(allowed, v) {
		return v
	}
	return fallback
}

// svg draws a chart as inline SVG; a chart that cannot be drawn is left
// out, its table still shown.
func svg(draw func(charts.Size) (*charts.Chart, error)) template.HTML {
	c, err := draw(charts.Size{W: 800, H: 420})
	if err != nil {
		return ""
	}
	b, err := c.Encode(charts.SVG)
	if err != nil {
		return ""
	}
	if i := bytes.Index(b, []byte("<svg")); i > 0 {
		b = b[i:] // no XML declaration inside HTML
	}
	// The chart package escapes every label it writes into the SVG.
	return template.HTML(b) //nolint:gosec // see above
}

func progressRows(progress []rollup.ProgressTable, k int) []tableRow {
	if len(progress) == 0 {
		return nil
	}
	var pct []tableRow
	for i, c := range progress[0].Cells {
		row := tableRow{Group: charts.ShortLabel(c.Group)}
		for _, t := range progress {
			cell, all := t.Cells[i], t.Cells[0]
			row.Cells = append(row.Cells, tableCell{cellText(cell, k), i > 0 && rollup.Sparse(cell.Schools, all.Schools)})
		}
		pct = append(pct, row)
	}
	return pct
}

// cellText shows a rolled-up cell: "38% · n 412 · 9 schools (2 withheld)",
// or why it is not shown.
func cellText(c rollup.Cell, k int) string {
	if !c.Shown {
		if c.Schools == 0 && c.Hidden == 0 {
			return "—"
		}
		return fmt.Sprintf("n<%d", k)
	}
	approx := ""
	if c.Coded {
		approx = "≈"
	}
	// Every district cell says how many schools it covers, one included.
	text := fmt.Sprintf("%s%.0f%% · n %d · %s", approx, c.Pct, c.N, schoolsText(c.Schools))
	if c.Hidden > 0 {
		text += fmt.Sprintf(" (%d withheld)", c.Hidden)
	}
	return text
}
