package rollup

import (
	"cmp"
	"slices"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/sync/summary"
)

// Risk is a group's Tier 3 and Tier 2+3 placement against the other
// students of the same schools: a risk ratio of 2 means the group's
// students are twice as likely as the others to be placed there.
type Risk struct {
	School string // "" for the district
	Group  data.Group
	// N is the group's students; Schools how many schools' cells it adds.
	N, Schools int
	// PctTier3 and PctTier23 are the group's shares; RestPct3 and
	// RestPct23 those of the other students.
	PctTier3, PctTier23, RestPct3, RestPct23 float64
	// The ratios are computed when the group and the rest each have k
	// students and the rest's rate is not zero, and shown (OK) only when
	// the range the published percentages allow is within a factor of
	// MaxRatioSpread: coded shares (≤5) can leave a ratio anywhere from 0.5
	// to 50. Range3 and Range23 are those ranges.
	RR3, RR23               float64
	OK3, OK23               bool
	Range3, Range23         [2]float64
	Uncertain3, Uncertain23 bool // computed, but too uncertain to show
	Flag3, Flag23           bool // a ratio of analysis.DisproportionalityRatio or more
	Coded, Sparse           bool
}

func risk(school string, g data.Group, group, all total, allSchools, k int) Risk {
	r := Risk{School: school, Group: g, N: group.n, Schools: group.schools, Coded: group.coded || all.coded,
		Sparse: school == "" && Sparse(group.schools, allSchools)}
	rest := all.less(group)
	if group.n < k || group.n == 0 {
		return r
	}
	r.PctTier3, r.PctTier23 = group.pct(0), group.pct(1)
	if rest.n < k {
		return r
	}
	r.RestPct3, r.RestPct23 = rest.pct(0), rest.pct(1)
	r.RR3, r.Range3, r.OK3, r.Uncertain3 = ratioWithin(group, rest, 0)
	r.RR23, r.Range23, r.OK23, r.Uncertain23 = ratioWithin(group, rest, 1)
	// A ratio too uncertain to show is still flagged when even its lowest
	// possible value reaches 2.
	r.Flag3 = (r.OK3 && r.RR3 >= analysis.DisproportionalityRatio) || (r.Uncertain3 && r.Range3[0] >= analysis.DisproportionalityRatio)
	r.Flag23 = (r.OK23 && r.RR23 >= analysis.DisproportionalityRatio) || (r.Uncertain23 && r.Range23[0] >= analysis.DisproportionalityRatio)
	return r
}

// MaxRatioSpread is how many times the highest risk ratio the published
// percentages allow may be the lowest for the ratio to be shown.
const MaxRatioSpread = 2.0

// ratioWithin is the risk ratio of tier i (0: Tier 3, 1: Tier 2+3), its
// range, whether it is shown, and whether it was withheld as too uncertain.
func ratioWithin(group, rest total, i int) (rr float64, span [2]float64, ok, uncertain bool) {
	n, m := float64(group.n), float64(rest.n)
	rr, ok = analysis.RiskRatio(group.counts[i], n, rest.counts[i], m)
	if !ok {
		return 0, span, false, false
	}
	lo, okLo := analysis.RiskRatio(group.lo[i], n, rest.hi[i], m)
	hi, okHi := analysis.RiskRatio(group.hi[i], n, rest.lo[i], m)
	span = [2]float64{lo, hi}
	if !okLo || !okHi || lo <= 0 || hi > MaxRatioSpread*lo {
		return rr, span, false, true
	}
	return rr, span, true, false
}

// Disproportionality gives the district's risk ratios by group of a
// dimension in one window (each over the schools that published the
// group), and every school's.
func Disproportionality(sums []summary.Summary, w Window, dim data.Dimension, k int) (district, schools []Risk) {
	groups := groupsOf(dim)
	figs := readFigures(sums, w, groups, tierReader)
	allSchools := 0
	for _, sf := range figs {
		if sf.groups[0] != nil {
			allSchools++
		}
	}
	for i := 1; i < len(groups); i++ {
		var group, all total
		for _, sf := range figs {
			if sf.groups[i] == nil || sf.groups[0] == nil {
				continue
			}
			group.add(sf.groups[i])
			all.add(sf.groups[0])
			var g1, a1 total
			g1.add(sf.groups[i])
			a1.add(sf.groups[0])
			schools = append(schools, risk(sf.school, groups[i], g1, a1, 1, k))
		}
		district = append(district, risk("", groups[i], group, all, allSchools, k))
	}
	slices.SortStableFunc(schools, func(a, b Risk) int { return cmp.Compare(a.School, b.School) })
	return district, schools
}

// Response compares intervention response (the share of plans
// progressing at the goal's rate) of each group with all plans and with
// the rest, over the schools that published the group, in one window.
func Response(sums []summary.Summary, w Window, measure string, dim data.Dimension, k int) []Versus {
	groups := groupsOf(dim)
	return compareGroups(readFigures(sums, w, groups, responseReader(measure)), groups, k)
}

// ResponseMeasures lists the measures with intervention response cells.
func ResponseMeasures(sums []summary.Summary) []string {
	var out []string
	for _, s := range sums {
		for _, c := range s.Response {
			if !slices.Contains(out, c.Measure) {
				out = append(out, c.Measure)
			}
		}
	}
	slices.Sort(out)
	return out
}
