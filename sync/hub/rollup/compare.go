package rollup

import (
	"cmp"
	"math"
	"slices"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/sync/summary"
)

// The equity comparisons read every school's published cells of one
// window as estimated counts, then compare a group with all students and
// with the rest of the students (all students less the group) — in the
// same schools, so that a group published by few schools is not set
// against a district average of many.

// figure is one school's published cell read as estimated counts: of n,
// counts[0] at/above benchmark (or in Tier 3, or adequate), counts[1] in
// Tier 2 or 3.
type figure struct {
	n      int
	counts [2]float64
	coded  bool
}

// schoolFigures is one school's figures: index 0 all students, then the
// dimension's groups; nil where the school published no cell.
type schoolFigures struct {
	school string
	groups []*figure
}

// readFigures gathers the schools' figures of a window, school by school
// in code order; read turns each summary's cells into (dimension, group,
// figure) triples.
func readFigures(sums []summary.Summary, w Window, groups []data.Group, read func(summary.Summary, func(dimension, group string, f figure))) []schoolFigures {
	var out []schoolFigures
	for _, s := range sums {
		if s.Year != w.Year || data.WindowName(s.Window) != w.Window {
			continue
		}
		sf := schoolFigures{school: s.School, groups: make([]*figure, len(groups))}
		read(s, func(dimension, group string, f figure) {
			for i, g := range groups {
				if d, v := cellKey(g); d == dimension && v == group {
					sf.groups[i] = &f
				}
			}
		})
		out = append(out, sf)
	}
	slices.SortFunc(out, func(a, b schoolFigures) int { return cmp.Compare(a.school, b.school) })
	return out
}

func progressReader(measure, grade string) func(summary.Summary, func(string, string, figure)) {
	return func(s summary.Summary, emit func(string, string, figure)) {
		for _, c := range s.Progress {
			if c.Measure == measure && c.Grade == grade && !c.Suppressed && c.N != nil && c.PctAtOrAbove != nil {
				emit(c.Dimension, c.Group, figure{n: *c.N, counts: [2]float64{estimate(*c.PctAtOrAbove, *c.N)}, coded: !summary.Uncoded(*c.PctAtOrAbove)})
			}
		}
	}
}

func tierReader(s summary.Summary, emit func(string, string, figure)) {
	for _, c := range s.Tiers {
		if c.Suppressed || c.N == nil || c.PctTier2 == nil || c.PctTier3 == nil {
			continue
		}
		t3 := estimate(*c.PctTier3, *c.N)
		emit(c.Dimension, c.Group, figure{n: *c.N, counts: [2]float64{t3, t3 + estimate(*c.PctTier2, *c.N)},
			coded: !summary.Uncoded(*c.PctTier2) || !summary.Uncoded(*c.PctTier3)})
	}
}

func responseReader(measure string) func(summary.Summary, func(string, string, figure)) {
	return func(s summary.Summary, emit func(string, string, figure)) {
		for _, c := range s.Response {
			if c.Measure == measure && !c.Suppressed && c.N != nil && c.PctAdequate != nil {
				emit(c.Dimension, c.Group, figure{n: *c.N, counts: [2]float64{estimate(*c.PctAdequate, *c.N)}, coded: !summary.Uncoded(*c.PctAdequate)})
			}
		}
	}
}

// total adds figures up.
type total struct {
	n       int
	counts  [2]float64
	schools int
	coded   bool
}

func (t *total) add(f *figure) {
	t.n += f.n
	t.counts[0] += f.counts[0]
	t.counts[1] += f.counts[1]
	t.schools++
	t.coded = t.coded || f.coded
}

// less is the rest: t without the group's figures (never below zero).
func (t total) less(g total) total {
	return total{n: max(0, t.n-g.n), counts: [2]float64{max(0, t.counts[0]-g.counts[0]), max(0, t.counts[1]-g.counts[1])},
		schools: t.schools, coded: t.coded || g.coded}
}

func (t total) pct(i int) float64 { return 100 * t.counts[i] / float64(max(t.n, 1)) }

// Share is a figure for a group: n students (or plans), the estimated
// percentage, and how many schools' cells it adds up.
type Share struct {
	N       int
	Pct     float64
	Schools int
	Coded   bool // a part was a coded percentage (≥95, ≤5): the figure is approximate
	Shown   bool // n reaches k
}

func (t total) share(i, k int) Share {
	s := Share{N: t.n, Schools: t.schools, Coded: t.coded, Shown: t.n >= k && t.n > 0}
	if s.Shown {
		s.Pct = t.pct(i)
	}
	return s
}

// Versus compares a group with all students and with the rest.
type Versus struct {
	Group data.Group
	// Share is the group, from the schools that published it.
	Share Share
	// All is all students of the same schools; AllSchools how many schools
	// published all students (every school of the window, usually).
	All        Share
	AllSchools int
	// AllEverySchool is all students of every school, as the district's
	// progress table shows them.
	AllEverySchool Share
	// Rest is the students of the same schools not in the group.
	Rest Share
	// Gaps in points: to all students and to the rest, same schools. OK
	// only when both sides are shown.
	GapToAll, GapToRest float64
	GapOK, RestOK       bool
	// Sparse: the group covers one school, or fewer than half the schools
	// that reported all students; its figures are drawn as uncertain.
	Sparse bool
}

// compare sets a group's total against all students of the same schools.
func compare(g data.Group, group, all total, allSchools int, every total, k int) Versus {
	v := Versus{Group: g, Share: group.share(0, k), All: all.share(0, k), AllSchools: allSchools, AllEverySchool: every.share(0, k)}
	v.Rest = all.less(group).share(0, k)
	v.Rest.Schools = group.schools
	if v.Share.Shown && v.All.Shown {
		v.GapToAll, v.GapOK = v.Share.Pct-v.All.Pct, true
	}
	if v.Share.Shown && v.Rest.Shown {
		rest := all.less(group)
		v.GapToRest, v.RestOK = analysis.PointsGap(group.counts[0], float64(group.n), rest.counts[0], float64(rest.n)), true
	}
	v.Sparse = group.schools > 0 && (group.schools == 1 || 2*group.schools < allSchools)
	return v
}

// Compare is the district's group-by-group comparison for a measure,
// grade and dimension in one window: each group against all students and
// against the rest, both over the schools that published the group.
func Compare(sums []summary.Summary, w Window, measure, grade string, dim data.Dimension, k int) []Versus {
	groups := groupsOf(dim)
	schools := readFigures(sums, w, groups, progressReader(measure, grade))
	return compareGroups(schools, groups, k)
}

func compareGroups(schools []schoolFigures, groups []data.Group, k int) []Versus {
	var every total
	for _, sf := range schools {
		if sf.groups[0] != nil {
			every.add(sf.groups[0])
		}
	}
	var out []Versus
	for i := 1; i < len(groups); i++ {
		var group, all total
		for _, sf := range schools {
			if sf.groups[i] != nil && sf.groups[0] != nil {
				group.add(sf.groups[i])
				all.add(sf.groups[0])
			}
		}
		out = append(out, compare(groups[i], group, all, every.schools, every, k))
	}
	return out
}

// SchoolGap is one school's group against its all students and its rest.
type SchoolGap struct {
	School string
	Versus
}

// SchoolGaps lists, for a measure, grade and dimension in one window,
// every school's published groups with their gaps, widest gaps first
// (the gap to the rest, either way; then the gap to all students).
func SchoolGaps(sums []summary.Summary, w Window, measure, grade string, dim data.Dimension, k int) []SchoolGap {
	groups := groupsOf(dim)
	var out []SchoolGap
	for _, sf := range readFigures(sums, w, groups, progressReader(measure, grade)) {
		if sf.groups[0] == nil {
			continue
		}
		var all total
		all.add(sf.groups[0])
		for i := 1; i < len(groups); i++ {
			if sf.groups[i] == nil {
				continue
			}
			var group total
			group.add(sf.groups[i])
			v := compare(groups[i], group, all, 1, all, k)
			v.Sparse = false // one school's own cell is what it is
			out = append(out, SchoolGap{School: sf.school, Versus: v})
		}
	}
	SortSchoolGaps(out, SortWidest)
	return out
}

// Orders of the schools side by side.
const (
	SortWidest = "widest" // widest gap to the rest first
	SortGapAll = "gap"    // widest gap to all students first
	SortPct    = "pct"    // lowest % at/above first
	SortSchool = "school" // by school, then group
)

// SortSchoolGaps orders the rows; an unknown order is SortWidest.
func SortSchoolGaps(rows []SchoolGap, by string) {
	gap := func(ok bool, v float64) float64 {
		if !ok {
			return -1 // rows without a gap go last
		}
		return math.Abs(v)
	}
	slices.SortStableFunc(rows, func(a, b SchoolGap) int {
		tie := cmp.Or(cmp.Compare(a.School, b.School), cmp.Compare(a.Group.Value, b.Group.Value))
		switch by {
		case SortSchool:
			return tie
		case SortPct:
			return cmp.Or(cmp.Compare(a.Share.Pct, b.Share.Pct), tie)
		case SortGapAll:
			return cmp.Or(cmp.Compare(gap(b.GapOK, b.GapToAll), gap(a.GapOK, a.GapToAll)), tie)
		}
		return cmp.Or(cmp.Compare(gap(b.RestOK, b.GapToRest), gap(a.RestOK, a.GapToRest)),
			cmp.Compare(gap(b.GapOK, b.GapToAll), gap(a.GapOK, a.GapToAll)), tie)
	})
}
