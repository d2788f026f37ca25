package summary

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// Build makes the v2 summary of one screening window of one school year:
// the window's screening scores, and tiers and plans as of the window's end
// (or today, for a preview of the window under way). A cell of fewer than k
// students is left out; every other count is perturbed by its cell key
// (see Perturb) and the percentages come from the perturbed counts. Only a
// window that has started can be summarised.
func Build(snap data.Snapshot, year data.SchoolYear, window data.WindowName, today data.Date) (Summary, error) {
	w := year.Window(window)
	if w.Name == "" {
		return Summary{}, fmt.Errorf("%q is not a screening window", window)
	}
	if w.Start.After(today) {
		return Summary{}, data.Errorf(data.EINVALID, "the %s window of %s starts on %s: it has not started yet", window, year.Label(), w.Start.Short())
	}
	asOf := w.End
	if today.Before(asOf) {
		asOf = today
	}
	snap = enrolledOn(snap, asOf)
	st := snap.Settings
	s := Summary{Schema: Schema, School: st.SchoolCode, District: st.DistrictCode, Year: year.Label(), Window: string(window),
		K: st.K, AsOf: asOf.String(), Progress: []ProgressCell{}, Tiers: []TierCell{}, Response: []ResponseCell{}}
	for _, m := range coded(snap.Measures) {
		s.Progress = append(s.Progress, progressCells(snap, m, year, window, st.K)...)
		s.Response = append(s.Response, responseCells(snap, m, asOf, st.K)...)
	}
	s.Tiers = tierCells(snap, asOf, st.K)
	return s, nil
}

// enrolledOn keeps the students enrolled on a date: a past window sent
// today counts neither the students who came later nor those who had left.
func enrolledOn(snap data.Snapshot, on data.Date) data.Snapshot {
	var kept []data.Student
	for _, s := range snap.Students {
		if s.EnrolledOn(on) {
			kept = append(kept, s)
		}
	}
	snap.Students = kept
	return snap
}

// coded lists the measures that have a catalog code, by code: only they
// leave the school, under their code, never their name.
func coded(measures []data.Measure) []data.Measure {
	var out []data.Measure
	for _, m := range measures {
		if m.Code != "" {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b data.Measure) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Unsent names the measures that are never sent because they have no
// catalog code, for the preview to say so.
func Unsent(measures []data.Measure) []string {
	var out []string
	for _, m := range measures {
		if m.Code == "" {
			out = append(out, m.Name)
		}
	}
	slices.Sort(out)
	return out
}

// groupKeys lists all students, then every group of the summary's dimensions.
func groupKeys() []keyed {
	out := []keyed{{grade: All, dimension: All, group: All}}
	for _, d := range Dimensions {
		for _, v := range data.DimensionValues(d) {
			out = append(out, keyed{grade: All, dimension: string(d), group: v})
		}
	}
	return out
}

func groupOf(k keyed) data.Group {
	if k.dimension == All {
		return analysis.AllStudents
	}
	return data.Group{Dimension: data.Dimension(k.dimension), Value: k.group}
}

// perturbedShare publishes a cell of n students (cell key nKey) of whom
// count (key countKey) have the property: the perturbed n, and the coded
// percentage of the perturbed count over it. ok is false for a cell under k.
func perturbedShare(n int, nKey uint32, count int, countKey uint32, k int) (pn int, pct string, ok bool) {
	if n < k {
		return 0, "", false
	}
	pn = Perturb(n, n, nKey, k)
	pc := min(Perturb(n, count, SubsetKey(nKey, countKey), 0), pn)
	return pn, Code(pc, pn), true
}

// progressCells gives a measure's published cells: all grades, then each
// grade with a cut in the window and students assessed.
func progressCells(snap data.Snapshot, m data.Measure, year data.SchoolYear, window data.WindowName, k int) []ProgressCell {
	t := analysis.GroupProgress(analysis.GroupInput{Students: snap.Students, Scores: snap.Scores, Measure: m, Dimensions: Dimensions,
		ByGrade: true, RecordKeys: snap.RecordKeys}, year, window)
	all, ok := t.Cell(analysis.AllGrades, analysis.AllStudents)
	if !ok || all.N == 0 {
		return nil // the measure was not given in this window
	}
	grades := []string{All}
	for _, g := range data.Grades {
		if c, ok := t.Cell(g, analysis.AllStudents); ok && c.N > 0 {
			if _, hasCut := m.Cut(g, window); hasCut {
				grades = append(grades, string(g))
			}
		}
	}
	var out []ProgressCell
	for _, grade := range grades {
		scope := analysis.AllGrades
		if grade != All {
			scope = data.Grade(grade)
		}
		for _, gk := range groupKeys() {
			c, _ := t.Cell(scope, groupOf(gk))
			n, pct, ok := perturbedShare(c.N, c.Key, c.AtOrAbove, c.AtOrAboveKey, k)
			if ok {
				out = append(out, ProgressCell{Measure: m.Code, Grade: grade, Dimension: gk.dimension, Group: gk.group, N: &n, PctAtOrAbove: &pct})
			}
		}
	}
	return out
}

// tierCells gives the published tier placement of every group as of a date.
func tierCells(snap data.Snapshot, on data.Date, k int) []TierCell {
	placed := analysis.TierPlacement(analysis.TierInput{Students: snap.Students, TierChanges: snap.TierChanges, On: on, Dimensions: Dimensions,
		K: k, RecordKeys: snap.RecordKeys})
	byGroup := map[data.Group]analysis.TierCell{}
	for _, c := range placed {
		byGroup[c.Group] = c
	}
	// The perturbed counts of all students, for the risk ratios: a ratio is
	// computed from published counts only, so it tells nothing they do not.
	all := byGroup[analysis.AllStudents]
	allN, allT3 := Perturb(all.N, all.N, all.Key, k), Perturb(all.N, all.Tiers[3], SubsetKey(all.Key, all.TierKeys[3]), 0)
	out := []TierCell{}
	for _, gk := range groupKeys() {
		tc := byGroup[groupOf(gk)]
		if tc.N < k {
			continue
		}
		n := Perturb(tc.N, tc.N, tc.Key, k)
		t2 := min(Perturb(tc.N, tc.Tiers[2], SubsetKey(tc.Key, tc.TierKeys[2]), 0), n)
		t3 := min(Perturb(tc.N, tc.Tiers[3], SubsetKey(tc.Key, tc.TierKeys[3]), 0), n-t2)
		cell := TierCell{Dimension: gk.dimension, Group: gk.group, N: &n, PctTier2: ptr(Code(t2, n)), PctTier3: ptr(Code(t3, n))}
		// With a coded Tier 3 share a ratio would tell how many students
		// (one, two) of a group are in Tier 3: it goes only next to
		// uncoded shares, and only when the rest of the school has k.
		restN, restT3 := allN-n, allT3-t3
		if gk.dimension != All && tc.Ratio3OK && Uncoded(*cell.PctTier3) && Uncoded(Code(allT3, allN)) && restN >= k && restT3 > 0 {
			rr := math.Round(float64(t3)/float64(n)/(float64(restT3)/float64(restN))*10) / 10
			cell.RiskRatioTier3 = &rr
		}
		out = append(out, cell)
	}
	return out
}

// Uncoded reports a percentage published as a number, not as ≥ or ≤ a code.
func Uncoded(pct string) bool { return pct != "" && pct[0] >= '0' && pct[0] <= '9' }

// responseCells gives a measure's published intervention response by group.
func responseCells(snap data.Snapshot, m data.Measure, asOf data.Date, k int) []ResponseCell {
	resp := analysis.InterventionResponse(analysis.ResponseInput{Settings: snap.Settings, Students: snap.Students, Scores: snap.Scores,
		Plans: snap.Plans, Measure: m, AsOf: asOf, Dimensions: Dimensions, RecordKeys: snap.RecordKeys})
	byGroup := map[data.Group]analysis.ResponseCell{}
	for _, c := range resp {
		byGroup[c.Group] = c
	}
	var out []ResponseCell
	for _, gk := range groupKeys() {
		c := byGroup[groupOf(gk)]
		if n, pct, ok := perturbedShare(c.Plans, c.PlansKey, c.Adequate, c.AdequateKey, k); ok {
			out = append(out, ResponseCell{Measure: m.Code, Dimension: gk.dimension, Group: gk.group, N: &n, PctAdequate: &pct})
		}
	}
	return out
}

func ptr(s string) *string { return &s }
