package hub

import (
	"cmp"
	"slices"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub/rollup"
	"github.com/tierline/tierline/sync/summary"
)

// The equity views, the history, completeness, the cells API and the
// public report read the summaries themselves, decoded from the versions
// the store keeps (hubstore.VersionKeeper): of each school's window, the
// one the store marks current, as the dashboard and export read it.

// summaries returns the current summaries, of one school or all, by
// school, year and window; a store that keeps no versions gives none.
func (s *Server) summaries(school string) []summary.Summary {
	vs, err := s.versions()
	if err != nil {
		s.cfg.Logger.Error("read the summary versions", "err", err)
		return nil
	}
	var out []summary.Summary
	for _, v := range vs {
		if v.IsCurrent && (school == "" || v.School == school) {
			out = append(out, v.summary)
		}
	}
	slices.SortFunc(out, func(a, b summary.Summary) int {
		return cmp.Or(cmp.Compare(a.School, b.School), cmp.Compare(a.Year, b.Year), cmp.Compare(a.Window, b.Window))
	})
	return out
}

// asOf is when the newest summary was received (the schools' last
// sync): what the figures are as of.
func (s *Server) asOf() time.Time {
	schools, err := s.store.Schools()
	if err != nil {
		return time.Time{}
	}
	var last time.Time
	for _, sc := range schools {
		if sc.LastSync.After(last) {
			last = sc.LastSync
		}
	}
	return last
}

// windowsOf lists the windows the summaries cover, in time order.
func windowsOf(sums []summary.Summary) []rollup.Window {
	var out []rollup.Window
	for _, s := range sums {
		w := rollup.Window{Year: s.Year, Window: data.WindowName(s.Window)}
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	slices.SortFunc(out, func(a, b rollup.Window) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Window.Index(), b.Window.Index()))
	})
	return out
}

// measuresOf lists the measures the summaries report, by name.
func measuresOf(sums []summary.Summary) []string {
	var out []string
	for _, s := range sums {
		for _, c := range s.Progress {
			if !slices.Contains(out, c.Measure) {
				out = append(out, c.Measure)
			}
		}
	}
	slices.Sort(out)
	return out
}

// gradesIn lists all grades, then the grades a measure is reported for.
func gradesIn(sums []summary.Summary, measure string) []string {
	grades := []string{summary.All}
	for _, s := range sums {
		for _, c := range s.Progress {
			if c.Measure == measure && !slices.Contains(grades, c.Grade) {
				grades = append(grades, c.Grade)
			}
		}
	}
	slices.SortFunc(grades[1:], func(a, b string) int { return data.Grade(a).Index() - data.Grade(b).Index() })
	return grades
}

// tierTotals adds up the tier cells of a window's summaries as the
// roll-ups take them.
func tierTotals(sums []summary.Summary, w rollup.Window) rollup.Totals {
	t := rollup.Totals{}
	for _, s := range sums {
		if s.Year != w.Year || data.WindowName(s.Window) != w.Window {
			continue
		}
		for _, c := range s.Tiers {
			t.Add(rollup.Key{Section: rollup.SectionTiers, Grade: summary.All, Dimension: c.Dimension, Group: c.Group}, c.N, c.Suppressed, c.PctTier2, c.PctTier3)
		}
	}
	return t
}
