package summary

import (
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// Corrections. A window's summary is sent once the window has ended; a
// later send of it is a correction. Two versions of a summary compared
// cell by cell would show what changed in each cell, and one student's
// change in a cell of ≥ 30 (whose noise is most often 0) or at the noise's
// bounds gives that student away. So a correction republishes a cell only
// when the records of at least k of its students changed since the last
// version; a cell with fewer changed students keeps the value it was
// published with (and a cell that was not published stays out). A cell
// whose students did not change is the same in both, since the same
// students give the same cell key and so the same noise.

// Facet keys of a Counted: what each section counts of a student.
const (
	facetTier     = "t"  // the tier on the window's end
	facetProgress = "p:" // + measure code + ":" + grade: the screening result
	facetResponse = "r:" // + measure code: the counted plans' outcomes
)

// Ledger lists what a window's summary counts of each student, for the
// next send to tell which students' records changed.
func Ledger(snap data.Snapshot, year data.SchoolYear, window data.WindowName, asOf data.Date) map[data.ID]data.Counted {
	snap = enrolledOn(snap, asOf)
	out := map[data.ID]data.Counted{}
	byID := map[data.ID]data.Student{}
	for _, s := range snap.Students {
		byID[s.ID] = s
	}
	counted := func(id data.ID) data.Counted {
		c, ok := out[id]
		if !ok {
			s := byID[id]
			groups := []string{string(s.Grade)}
			for _, d := range Dimensions {
				groups = append(groups, s.GroupValue(d))
			}
			c = data.Counted{Groups: groups, Facets: map[string]uint64{}}
			out[id] = c
		}
		return c
	}
	w := year.Window(window)
	tiers := data.TiersOn(snap.TierChanges, asOf)
	for _, s := range snap.Students {
		counted(s.ID).Facets[facetTier] = hashOf(max(tiers[s.ID], 1))
	}
	for _, m := range coded(snap.Measures) {
		in := analysis.GroupInput{Students: snap.Students, Scores: snap.Scores, Measure: m, Dimensions: Dimensions}
		for _, r := range analysis.ScreeningResults(in, w) {
			counted(r.Student).Facets[facetProgress+m.Code+":"+string(r.Grade)] = hashOf(r.AtOrAbove)
		}
		outcomes := map[data.ID][]bool{}
		for _, o := range analysis.ResponseOutcomes(analysis.ResponseInput{Settings: snap.Settings, Students: snap.Students,
			Scores: snap.Scores, Plans: snap.Plans, Measure: m, AsOf: asOf, Dimensions: Dimensions}) {
			outcomes[o.Student.ID] = append(outcomes[o.Student.ID], o.Adequate)
		}
		for id, o := range outcomes {
			counted(id).Facets[facetResponse+m.Code] = hashOf(o)
		}
	}
	return out
}

func hashOf(v any) uint64 {
	h := fnv.New64a()
	fmt.Fprint(h, v)
	return h.Sum64()
}

// Correction says what a correction changed against the last version.
type Correction struct {
	Changed     int // students whose counted records changed
	Republished int // cells published anew (k or more of their students changed)
	Kept        int // cells that keep their earlier value (1 to k−1 changed)
}

// Changed counts the students whose counted records differ between two ledgers.
func Changed(before, after map[data.ID]data.Counted) int {
	n := 0
	for id := range union(before, after) {
		if differs(before, after, id, func(string) bool { return true }) {
			n++
		}
	}
	return n
}

func union(a, b map[data.ID]data.Counted) map[data.ID]bool {
	out := map[data.ID]bool{}
	for id := range a {
		out[id] = true
	}
	for id := range b {
		out[id] = true
	}
	return out
}

// differs reports whether a student changed in the facets a cell counts.
func differs(before, after map[data.ID]data.Counted, id data.ID, facet func(string) bool) bool {
	b, inB := before[id]
	a, inA := after[id]
	if inB != inA || !slices.Equal(b.Groups, a.Groups) {
		return true
	}
	return !maps.EqualFunc(filter(b.Facets, facet), filter(a.Facets, facet), func(x, y uint64) bool { return x == y })
}

func filter(m map[string]uint64, keep func(string) bool) map[string]uint64 {
	out := map[string]uint64{}
	for k, v := range m {
		if keep(k) {
			out[k] = v
		}
	}
	return out
}

// cellRule is how a cell of a section counts students: which facets.
type cellRule struct {
	facet func(string) bool
	grade string // the cell's grade, All for every grade
	group keyed
}

// in reports whether a ledger entry counts in the cell.
func (r cellRule) in(c data.Counted, ok bool) bool {
	if !ok || !slices.ContainsFunc(slices.Collect(maps.Keys(c.Facets)), r.facet) {
		return false
	}
	if r.group.dimension == All {
		return true
	}
	for i, d := range Dimensions {
		if string(d) == r.group.dimension {
			return c.Groups[i+1] == r.group.group
		}
	}
	return false
}

// changedIn counts the students of a cell, before or after, whose records
// the cell counts changed.
func (r cellRule) changedIn(before, after map[data.ID]data.Counted) int {
	n := 0
	for id := range union(before, after) {
		b, inB := before[id]
		a, inA := after[id]
		if (r.in(b, inB) || r.in(a, inA)) && differs(before, after, id, r.facet) {
			n++
		}
	}
	return n
}

func progressRule(measure, grade, dimension, group string) cellRule {
	prefix := facetProgress + measure + ":"
	return cellRule{facet: func(f string) bool {
		return strings.HasPrefix(f, prefix) && (grade == All || f == prefix+grade)
	}, grade: grade, group: keyed{dimension: dimension, group: group}}
}

func responseRule(measure, dimension, group string) cellRule {
	return cellRule{facet: func(f string) bool { return f == facetResponse+measure }, grade: All, group: keyed{dimension: dimension, group: group}}
}

func tierRule(dimension, group string) cellRule {
	return cellRule{facet: func(f string) bool { return f == facetTier }, grade: All, group: keyed{dimension: dimension, group: group}}
}

// Correct makes the correction of prev (the version last sent, with its
// ledger) from next (the summary built now, with its ledger): every cell
// with fewer than k changed students keeps prev's value, or stays out if
// prev left it out. The cells stay in the builder's order.
func Correct(prev Summary, prevLedger map[data.ID]data.Counted, next Summary, nextLedger map[data.ID]data.Counted) (Summary, Correction) {
	k := next.K
	out := next
	rep := Correction{Changed: Changed(prevLedger, nextLedger)}
	keep := func(r cellRule) (republish bool) {
		n := r.changedIn(prevLedger, nextLedger)
		switch {
		case n >= k:
			rep.Republished++
			return true
		case n > 0:
			rep.Kept++
		}
		return n == 0
	}
	out.Progress = mergeCells(prev.Progress, next.Progress, func(c ProgressCell) cellRule {
		return progressRule(c.Measure, c.Grade, c.Dimension, c.Group)
	}, func(c ProgressCell) keyed {
		return keyed{scope: c.Measure, grade: c.Grade, dimension: c.Dimension, group: c.Group}
	}, keep)
	out.Tiers = mergeCells(prev.Tiers, next.Tiers, func(c TierCell) cellRule { return tierRule(c.Dimension, c.Group) },
		func(c TierCell) keyed { return keyed{grade: All, dimension: c.Dimension, group: c.Group} }, keep)
	if !out.allTier3Uncoded() {
		// A kept cell's ratio stood beside the uncoded all-students share
		// of its version; beside a coded one it would tell small counts.
		for i := range out.Tiers {
			out.Tiers[i].RiskRatioTier3 = nil
		}
	}
	out.Response = mergeCells(prev.Response, next.Response, func(c ResponseCell) cellRule {
		return responseRule(c.Measure, c.Dimension, c.Group)
	}, func(c ResponseCell) keyed {
		return keyed{scope: c.Measure, grade: All, dimension: c.Dimension, group: c.Group}
	}, keep)
	return out, rep
}

// mergeCells takes each cell from next when republish says so (or its
// students did not change), and from prev otherwise, in the builder's order.
func mergeCells[C any](prev, next []C, rule func(C) cellRule, key func(C) keyed, republish func(cellRule) bool) []C {
	prevBy := map[keyed]C{}
	for _, c := range prev {
		prevBy[key(c)] = c
	}
	nextBy := map[keyed]C{}
	for _, c := range next {
		nextBy[key(c)] = c
	}
	var keys []keyed
	for _, c := range next {
		keys = append(keys, key(c))
	}
	for _, c := range prev {
		if _, ok := nextBy[key(c)]; !ok {
			keys = append(keys, key(c))
		}
	}
	slices.SortStableFunc(keys, compareKeys)
	out := []C{}
	for _, k := range keys {
		c, inNext := nextBy[k]
		if !inNext {
			c = prevBy[k]
		}
		if !republish(rule(c)) {
			c, inNext = prevBy[k]
			if !inNext {
				continue // not published before: stays out
			}
		} else if _, ok := nextBy[k]; !ok {
			continue // republished, and now under k
		}
		out = append(out, c)
	}
	return out
}

// compareKeys orders cells as Build does: by measure, grade (all first),
// then the groups in groupKeys' order.
func compareKeys(a, b keyed) int {
	if c := strings.Compare(a.scope, b.scope); c != 0 {
		return c
	}
	if c := gradeOrder(a.grade) - gradeOrder(b.grade); c != 0 {
		return c
	}
	return groupOrder(a) - groupOrder(b)
}

func gradeOrder(g string) int {
	if g == All {
		return -1
	}
	return data.Grade(g).Index()
}

var groupIndex = func() map[[2]string]int {
	m := map[[2]string]int{}
	for i, k := range groupKeys() {
		m[[2]string{k.dimension, k.group}] = i
	}
	return m
}()

func groupOrder(k keyed) int { return groupIndex[[2]string{k.dimension, k.group}] }
