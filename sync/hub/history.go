package hub

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/rollup"
	"github.com/tierline/tierline/sync/summary"
)

// version is a stored summary version, decoded.
type version struct {
	hubstore.Version
	summary summary.Summary
}

// versions reads every version the hub kept, oldest sequence first
// within each school's window.
func (s *Server) versions() ([]version, error) {
	stored, err := s.storedVersions()
	if err != nil {
		return nil, err
	}
	out := make([]version, 0, len(stored))
	for _, v := range stored {
		if len(v.Body) == 0 {
			continue // started from a current record that kept only its cells: no body to read
		}
		sum, err := summary.DecodeBytes(v.Body)
		if err != nil {
			return nil, fmt.Errorf("the stored summary %s of %s: %w", v.ID, v.School, err)
		}
		out = append(out, version{v, sum})
	}
	return out, nil
}

// storedVersions are the store's versions; a store that keeps none
// (hubstore.VersionKeeper) gives none, and the equity pages say so.
func (s *Server) storedVersions() ([]hubstore.Version, error) {
	if vk, ok := s.store.(hubstore.VersionKeeper); ok {
		return vk.Versions()
	}
	return nil, nil
}

// summariesAt returns the summaries that were current at a moment: of
// each school's window, the highest sequence received by then.
func summariesAt(vs []version, at time.Time) []summary.Summary {
	type key struct{ school, year, window string }
	best := map[key]version{}
	for _, v := range vs {
		k := key{v.School, v.Year, v.Window}
		if v.Received.After(at) {
			continue
		}
		if prev, ok := best[k]; !ok || v.Sequence > prev.Sequence {
			best[k] = v
		}
	}
	out := make([]summary.Summary, 0, len(best))
	for _, v := range best {
		out = append(out, v.summary)
	}
	slices.SortFunc(out, func(a, b summary.Summary) int {
		return cmp.Or(cmp.Compare(a.School, b.School), cmp.Compare(a.Year, b.Year), cmp.Compare(a.Window, b.Window))
	})
	return out
}

// endOfDay is the last moment of a date in the hub's time zone: "changed
// since the 10th" counts what arrived from the 11th on.
func endOfDay(d data.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 23, 59, 59, int(time.Second-1), time.Local)
}

// historyView is the page of what changed since a date.
type historyView struct {
	Title, User, CSRF string
	Admin             bool
	K                 int
	AsOf, Since       string
	SinceValue        string
	Error             string
	Changes           []changeRow
	// The district comparison of a measure and window then and now.
	Measures, Dims, Windows []option
	Window                  string
	Figures                 []changeFigure
}

type changeRow struct {
	School, Window, Received, What string
	at                             time.Time
}

type changeFigure struct {
	Group, Then, Now, Change, GapThen, GapNow string
}

func (s *Server) historyPage(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	v := historyView{Title: "What changed", User: sess.User, CSRF: sess.CSRF, Admin: s.isAdmin(sess), K: s.cfg.K, AsOf: "no summary yet"}
	if at := s.asOf(); !at.IsZero() {
		v.AsOf = at.Local().Format("2 Jan 2006 15:04")
	}
	q := r.URL.Query()
	v.SinceValue = q.Get("since")
	since, err := data.ParseDate(v.SinceValue)
	if err != nil {
		if v.SinceValue != "" {
			v.Error = fmt.Sprintf("%q is not a date such as 2026-11-10.", v.SinceValue)
		}
		s.render(w, http.StatusOK, "history.html", v)
		return
	}
	cut := endOfDay(since)
	v.Since = since.Time().Format("2 Jan 2006")
	vs, err := s.versions()
	if err != nil {
		s.pageError(w, err)
		return
	}
	names := s.schoolNames()
	seen := map[string]int{} // versions of a school's window so far
	for _, ver := range vs {
		key := ver.School + "/" + ver.Year + "/" + ver.Window
		seen[key]++
		if !ver.Received.After(cut) {
			continue
		}
		what := "first summary of the window"
		if seen[key] > 1 {
			what = fmt.Sprintf("correction (version %d)", seen[key])
		}
		win := rollup.Window{Year: ver.Year, Window: data.WindowName(ver.Window)}
		v.Changes = append(v.Changes, changeRow{names(ver.School), win.Label(), ver.Received.Local().Format("2 Jan 2006 15:04"), what, ver.Received})
	}
	slices.SortStableFunc(v.Changes, func(a, b changeRow) int { return b.at.Compare(a.at) })

	then, now := summariesAt(vs, cut), s.summaries("")
	measures, windows := measuresOf(now), windowsOf(now)
	if len(measures) == 0 || len(windows) == 0 {
		s.render(w, http.StatusOK, "history.html", v)
		return
	}
	measure := pick(q.Get("measure"), measures, measures[0])
	dimNames := make([]string, len(summary.Dimensions))
	for i, dim := range summary.Dimensions {
		dimNames[i] = string(dim)
	}
	dim := data.Dimension(pick(q.Get("dimension"), dimNames, string(data.DimRace)))
	windowValues := make([]string, len(windows))
	for i, win := range windows {
		windowValues[i] = windowValue(win)
	}
	chosen := windows[slices.Index(windowValues, pick(q.Get("window"), windowValues, windowValues[len(windowValues)-1]))]
	v.Measures, v.Dims = namedOptions(measures, measure), dimensionOptions(dim)
	for i := len(windows) - 1; i >= 0; i-- {
		v.Windows = append(v.Windows, option{windowValues[i], windows[i].Label(), windows[i] == chosen})
	}
	v.Window = measure + ", " + chosen.Label()
	k := s.cfg.K
	before := rollup.Compare(then, chosen, measure, summary.All, dim, k)
	after := rollup.Compare(now, chosen, measure, summary.All, dim, k)
	if len(before) > 0 && len(after) > 0 {
		v.Figures = append(v.Figures, allStudentsChange(before[0].AllEverySchool, after[0].AllEverySchool, k))
	}
	for i := range after {
		b, a := before[i], after[i]
		f := changeFigure{Group: charts.ShortLabel(a.Group), Then: districtText(b.Share, k), Now: districtText(a.Share, k), Change: "—",
			GapThen: gapText(b.RestOK, b.GapToRest), GapNow: gapText(a.RestOK, a.GapToRest)}
		if a.Share.Shown && b.Share.Shown {
			f.Change = fmt.Sprintf("%+.0f", a.Share.Pct-b.Share.Pct)
		}
		v.Figures = append(v.Figures, f)
	}
	s.render(w, http.StatusOK, "history.html", v)
}

// allStudentsChange is the all-students line of the then-and-now table.
func allStudentsChange(b, a rollup.Share, k int) changeFigure {
	f := changeFigure{Group: "All students", Then: districtText(b, k), Now: districtText(a, k), Change: "—"}
	if a.Shown && b.Shown {
		f.Change = fmt.Sprintf("%+.0f", a.Pct-b.Pct)
	}
	return f
}

// districtText is a district figure with the schools it covers.
func districtText(s rollup.Share, k int) string {
	if !s.Shown {
		return pctText(s, k)
	}
	return pctText(s, k) + " · " + schoolsText(s.Schools)
}

// schoolNames returns a function naming a school by its code: "Oak
// Street Elementary (0123)".
func (s *Server) schoolNames() func(string) string {
	names := map[string]string{}
	if schools, err := s.store.Schools(); err == nil {
		for _, sc := range schools {
			names[sc.Code] = sc.Name
		}
	}
	return func(code string) string {
		if n := names[code]; n != "" {
			return n + " (" + code + ")"
		}
		return code
	}
}
