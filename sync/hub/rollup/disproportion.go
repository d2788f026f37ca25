package rollup

import (
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
	// students and the rest's rate is not zero.
	RR3, RR23     float64
	OK3, OK23     bool
	Flag3, Flag23 bool // a ratio of analysis.DisproportionalityRatio or more
	Coded, Sparse bool
}

func risk(school string, g data.Group, group, all total, allSchools, k int) Risk {
	r := Risk{School: school, Group: g, N: group.n, Schools: group.schools, Coded: group.coded || all.coded,
		Sparse: school == "" && group.schools > 0 && (group.schools == 1 || 2*group.schools < allSchools)}
	rest := all.less(group)
	if group.n < k || group.n == 0 {
		return r
	}
	r.PctTier3, r.PctTier23 = group.pct(0), group.pct(1)
	if rest.n < k {
		return r
	}
	r.RestPct3, r.RestPct23 = rest.pct(0), rest.pct(1)
	n, m := float64(group.n), float64(rest.n)
	r.RR3, r.OK3 = analysis.RiskRatio(group.counts[0], n, rest.counts[0], m)
	r.RR23, r.OK23 = analysis.RiskRatio(group.counts[1], n, rest.counts[1], m)
	r.Flag3 = r.OK3 && r.RR3 >= analysis.DisproportionalityRatio
	r.Flag23 = r.OK23 && r.RR23 >= analysis.DisproportionalityRatio
	return r
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
	slices.SortStableFunc(schools, func(a, b Risk) int {
		if a.School != b.School {
			if a.School < b.School {
				return -1
			}
			return 1
		}
		return 0
	})
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
