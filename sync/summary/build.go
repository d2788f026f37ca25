package summary

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// Build makes the summary of one screening window of one school year from
// the school's data: the window's screening scores, and tiers and plans as
// of the window's end (or today, for the window under way). Only a window
// that has started can be summarised.
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
	st := snap.Settings
	s := Summary{Schema: Schema, School: st.SchoolCode, District: st.DistrictCode, Year: year.Label(), Window: string(window),
		K: st.K, Generated: today.String(), Progress: []ProgressCell{}, Response: []ResponseCell{}}
	measures := slices.Clone(snap.Measures)
	slices.SortFunc(measures, func(a, b data.Measure) int { return strings.Compare(a.Name, b.Name) })
	for _, m := range measures {
		s.Progress = append(s.Progress, progressCells(snap, m, year, window, st.K)...)
		s.Response = append(s.Response, responseCells(snap, m, asOf, st.K)...)
	}
	s.Tiers = tierCells(snap, asOf, st.K)
	return s, nil
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

// progressCells gives a measure's cells: all grades, then each grade with
// a cut in the window and students assessed.
func progressCells(snap data.Snapshot, m data.Measure, year data.SchoolYear, window data.WindowName, k int) []ProgressCell {
	t := analysis.GroupProgress(analysis.GroupInput{Students: snap.Students, Scores: snap.Scores, Measure: m, Dimensions: Dimensions, ByGrade: true}, year, window)
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
	var keys []keyed
	var cells []cell
	var counts []int
	for _, grade := range grades {
		scope := analysis.AllGrades
		if grade != All {
			scope = data.Grade(grade)
		}
		for _, gk := range groupKeys() {
			c, _ := t.Cell(scope, groupOf(gk))
			keys = append(keys, keyed{scope: m.Name, grade: grade, dimension: gk.dimension, group: gk.group})
			cells = append(cells, cell{n: c.N})
			counts = append(counts, c.AtOrAbove)
		}
	}
	suppress(cells, uniquePartitions(keys), k)
	out := make([]ProgressCell, len(cells))
	for i, c := range cells {
		out[i] = ProgressCell{Measure: m.Name, Grade: keys[i].grade, Dimension: keys[i].dimension, Group: keys[i].group,
			Suppressed: c.suppressed, Reason: c.reason}
		if !c.suppressed {
			n := c.n
			out[i].N, out[i].PctAtOrAbove = &n, ptr(Code(counts[i], n))
		}
	}
	return out
}

// tierCells gives the tier placement of every group as of a date.
func tierCells(snap data.Snapshot, on data.Date, k int) []TierCell {
	placed := analysis.TierPlacement(analysis.TierInput{Students: snap.Students, TierChanges: snap.TierChanges, On: on, Dimensions: Dimensions, K: k})
	byGroup := map[data.Group]analysis.TierCell{}
	for _, c := range placed {
		byGroup[c.Group] = c
	}
	keys := groupKeys()
	cells := make([]cell, len(keys))
	for i, gk := range keys {
		cells[i] = cell{n: byGroup[groupOf(gk)].N}
	}
	suppress(cells, uniquePartitions(keys), k)
	out := make([]TierCell, len(cells))
	for i, c := range cells {
		tc := byGroup[groupOf(keys[i])]
		out[i] = TierCell{Dimension: keys[i].dimension, Group: keys[i].group, Suppressed: c.suppressed, Reason: c.reason}
		if c.suppressed {
			continue
		}
		n := c.n
		out[i].N, out[i].PctTier2, out[i].PctTier3 = &n, ptr(Code(tc.Tiers[2], n)), ptr(Code(tc.Tiers[3], n))
	}
	// A risk ratio is as precise as the counts behind it: with a coded Tier 3
	// share it would tell how many students (one, two) of a group are in
	// Tier 3. It is published only next to uncoded shares.
	allUncoded := !cells[0].suppressed && Uncoded(*out[0].PctTier3)
	for i := 1; i < len(out); i++ {
		tc := byGroup[groupOf(keys[i])]
		if !cells[i].suppressed && allUncoded && Uncoded(*out[i].PctTier3) && tc.Ratio3OK && !math.IsInf(tc.RiskRatio3, 0) {
			rr := math.Round(tc.RiskRatio3*10) / 10
			out[i].RiskRatioTier3 = &rr
		}
	}
	return out
}

// Uncoded reports a percentage published as a number, not as ≥ or ≤ a code.
func Uncoded(pct string) bool { return pct != "" && pct[0] >= '0' && pct[0] <= '9' }

// responseCells gives a measure's intervention response by group.
func responseCells(snap data.Snapshot, m data.Measure, asOf data.Date, k int) []ResponseCell {
	resp := analysis.InterventionResponse(analysis.ResponseInput{Settings: snap.Settings, Students: snap.Students, Scores: snap.Scores,
		Plans: snap.Plans, Measure: m, AsOf: asOf, Dimensions: Dimensions})
	byGroup := map[data.Group]analysis.ResponseCell{}
	for _, c := range resp {
		byGroup[c.Group] = c
	}
	if byGroup[analysis.AllStudents].Plans == 0 {
		return nil
	}
	keys := groupKeys()
	cells := make([]cell, len(keys))
	for i, gk := range keys {
		keys[i].scope = m.Name
		cells[i] = cell{n: byGroup[groupOf(gk)].Plans}
	}
	suppress(cells, uniquePartitions(keys), k)
	out := make([]ResponseCell, len(cells))
	for i, c := range cells {
		out[i] = ResponseCell{Measure: m.Name, Dimension: keys[i].dimension, Group: keys[i].group, Suppressed: c.suppressed, Reason: c.reason}
		if !c.suppressed {
			n := c.n
			out[i].N, out[i].PctAdequate = &n, ptr(Code(byGroup[groupOf(keys[i])].Adequate, n))
		}
	}
	return out
}

func ptr(s string) *string { return &s }

// uniquePartitions is partitionsOf for keys built here, unique by construction.
func uniquePartitions(keys []keyed) []partition {
	parts, _ := partitionsOf(keys)
	return parts
}
