package hub

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/rollup"
)

// completenessYears is how many school years the table shows unless told.
const completenessYears = 3

// completenessView is the page of which schools sent which window.
type completenessView struct {
	Title, User, CSRF string
	Admin             bool
	ReportDays        int
	Years             []option // the year the table starts at
	Windows           []completenessWindow
	Rows              []completenessRow
}

type completenessWindow struct {
	Label, Deadline, Sent string
}

type completenessRow struct {
	School, Rate string
	Cells        []completenessCell
}

type completenessCell struct {
	Status, Text, Class string
}

func (s *Server) completenessPage(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	v := completenessView{Title: "Reporting completeness", User: sess.User, CSRF: sess.CSRF, Admin: s.isAdmin(sess), ReportDays: s.cfg.ReportDays}
	c, err := s.completeness()
	if err != nil {
		s.pageError(w, err)
		return
	}
	names := s.schoolNames()
	// Ten years of windows stay readable: the table starts at a chosen
	// year, by default the last completenessYears years.
	var years []string
	for _, win := range c.Windows {
		if !slices.Contains(years, win.Year) {
			years = append(years, win.Year)
		}
	}
	from := ""
	if len(years) > 0 {
		from = pick(r.URL.Query().Get("from"), years, years[max(0, len(years)-completenessYears)])
	}
	for i := len(years) - 1; i >= 0; i-- {
		v.Years = append(v.Years, option{years[i], years[i], years[i] == from})
	}
	shown := func(i int) bool { return c.Windows[i].Year >= from }
	for i, win := range c.Windows {
		if shown(i) {
			v.Windows = append(v.Windows, completenessWindow{win.Label(), c.Deadlines[i].Time().Format("2 Jan 2006"),
				fmt.Sprintf("%d of %d sent, %d on time", c.SentBy[i], len(c.Rows), c.OnTimeBy[i])})
		}
	}
	for _, row := range c.Rows {
		out := completenessRow{School: names(row.School)}
		onTime, due := 0, 0
		for i, cell := range row.Cells {
			if !shown(i) {
				continue
			}
			if cell.Status != rollup.Due {
				due++
			}
			if cell.Status == rollup.OnTime {
				onTime++
			}
			cc := completenessCell{Status: cell.Status}
			switch cell.Status {
			case rollup.OnTime:
				cc.Text, cc.Class = "on time, "+cell.First.Local().Format("2 Jan"), "ok"
			case rollup.Late:
				cc.Text, cc.Class = fmt.Sprintf("late by %d day%s, %s", cell.DaysLate, map[bool]string{true: "s"}[cell.DaysLate != 1], cell.First.Local().Format("2 Jan 2006")), "warn"
			case rollup.Missing:
				cc.Text, cc.Class = "missing", "warn missing"
			default:
				cc.Text, cc.Class = "due by "+cell.Deadline.Time().Format("2 Jan"), "muted"
			}
			if cell.Versions > 1 {
				cc.Text += fmt.Sprintf(" · %d versions", cell.Versions)
			}
			out.Cells = append(out.Cells, cc)
		}
		out.Rate = fmt.Sprintf("%d of %d on time", onTime, due)
		v.Rows = append(v.Rows, out)
	}
	s.render(w, http.StatusOK, "completeness.html", v)
}

// completeness reads the enrolled schools and every version received.
func (s *Server) completeness() (rollup.Completeness, error) {
	schools, err := s.store.Schools()
	if err != nil {
		return rollup.Completeness{}, err
	}
	versions, err := s.storedVersions()
	if err != nil {
		return rollup.Completeness{}, err
	}
	type key struct{ school, year, window string }
	byKey := map[key]*rollup.Report{}
	var order []key
	for _, ver := range versions {
		k := key{ver.School, ver.Year, ver.Window}
		rep, ok := byKey[k]
		if !ok {
			rep = &rollup.Report{School: ver.School, Window: rollup.Window{Year: ver.Year, Window: data.WindowName(ver.Window)}, First: ver.Received.Local()}
			byKey[k] = rep
			order = append(order, k)
		}
		rep.Versions++
		if ver.Received.Local().Before(rep.First) {
			rep.First = ver.Received.Local()
		}
	}
	for _, cur := range s.summaries("") {
		if rep, ok := byKey[key{cur.School, cur.Year, cur.Window}]; ok {
			rep.AsOf, _ = data.ParseDate(cur.AsOf) // v1 has none: the default calendar's end
		}
	}
	reports := make([]rollup.Report, 0, len(order))
	for _, k := range order {
		reports = append(reports, *byKey[k])
	}
	codes := make([]string, 0, len(schools))
	for _, sc := range schools {
		codes = append(codes, sc.Code)
	}
	return rollup.ReportingCompleteness(codes, reports, s.cfg.ReportDays, data.DateOf(s.cfg.Now().Local())), nil
}
