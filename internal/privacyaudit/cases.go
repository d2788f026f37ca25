// Package privacyaudit writes the cases the adversarial privacy audit
// (attack.py, an integer-programming attacker) reads: for generated small
// schools and the demo school, each window's published summary as the
// builder makes it, beside the true counts of every cell, hidden ones
// included, which only the audit's scoring may look at.
package privacyaudit

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/sync/summary"
)

// TruthCell is the true count of one cell and of its students at/above benchmark.
type TruthCell struct {
	Measure   string `json:"measure"`
	Grade     string `json:"grade"`
	Dimension string `json:"dimension"`
	Group     string `json:"group"`
	N         int    `json:"n"`
	AtOrAbove int    `json:"at"`
}

// TruthTier is the true tier placement of one group: its students and
// those in Tier 2 and in Tier 3.
type TruthTier struct {
	Dimension string `json:"dimension"`
	Group     string `json:"group"`
	N         int    `json:"n"`
	Tier2     int    `json:"tier2"`
	Tier3     int    `json:"tier3"`
}

// TruthResponse is the true intervention response of one group on a
// measure: its plans counted and those progressing at the goal's rate.
type TruthResponse struct {
	Measure   string `json:"measure"`
	Dimension string `json:"dimension"`
	Group     string `json:"group"`
	N         int    `json:"n"`
	Adequate  int    `json:"adequate"`
}

// Case is one published summary and the truth behind it.
type Case struct {
	Name     string          `json:"name"`
	K        int             `json:"k"`
	Summary  json.RawMessage `json:"summary"`
	Progress []TruthCell     `json:"truth_progress"`
	Tiers    []TruthTier     `json:"truth_tiers"`
	Response []TruthResponse `json:"truth_response"`
}

// groupNames are a group's dimension and value as a summary names them.
func groupNames(g data.Group) (dimension, group string) {
	if g == analysis.AllStudents {
		return summary.All, summary.All
	}
	return string(g.Dimension), g.Value
}

// Today is the date the cases are built on: the spring window of 2026-27 has ended.
var Today = data.NewDate(2027, 6, 15)

// Schools returns the audited schools: the demo school and small ones at k = 5 and 10.
func Schools(smallSchools int) (map[string]data.Snapshot, error) {
	out := map[string]data.Snapshot{}
	d, err := demo.School(demo.Options{Today: Today, Size: demo.Small})
	if err != nil {
		return nil, err
	}
	out["demo"] = d
	for i := range smallSchools {
		k := []int{5, 10}[i%2]
		s, err := demo.TinySchool(uint64(1000+i), Today, k)
		if err != nil {
			return nil, fmt.Errorf("small school %d: %w", i, err)
		}
		out[fmt.Sprintf("small%02d-k%d", i, k)] = s
	}
	return out, nil
}

// Cases builds every window of the current year of a school.
func Cases(name string, snap data.Snapshot) ([]Case, error) {
	year := snap.Settings.CurrentYear(Today)
	var out []Case
	for _, w := range year.Windows {
		s, err := summary.Build(snap, year, w.Name, Today)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", name, w.Name, err)
		}
		js, err := s.JSON()
		if err != nil {
			return nil, err
		}
		c := Case{Name: name + "-" + string(w.Name), K: snap.Settings.K, Summary: js}
		// The students counted are those enrolled when the window ended, as the builder counts them.
		asOf, err := data.ParseDate(s.AsOf)
		if err != nil {
			return nil, fmt.Errorf("%s %s: as of: %w", name, w.Name, err)
		}
		enrolled := snap
		enrolled.Students = slices.DeleteFunc(slices.Clone(snap.Students), func(st data.Student) bool { return !st.EnrolledOn(asOf) })
		for _, tc := range analysis.TierPlacement(analysis.TierInput{Students: enrolled.Students, TierChanges: snap.TierChanges, On: asOf,
			Dimensions: summary.Dimensions, K: snap.Settings.K}) {
			dim, group := groupNames(tc.Group)
			c.Tiers = append(c.Tiers, TruthTier{Dimension: dim, Group: group, N: tc.N, Tier2: tc.Tiers[2], Tier3: tc.Tiers[3]})
		}
		for _, m := range snap.Measures {
			if m.Code == "" {
				continue // never sent
			}
			for _, rc := range analysis.InterventionResponse(analysis.ResponseInput{Settings: snap.Settings, Students: enrolled.Students,
				Scores: snap.Scores, Plans: snap.Plans, Measure: m, AsOf: asOf, Dimensions: summary.Dimensions}) {
				dim, group := groupNames(rc.Group)
				c.Response = append(c.Response, TruthResponse{Measure: m.Code, Dimension: dim, Group: group, N: rc.Plans, Adequate: rc.Adequate})
			}
			t := analysis.GroupProgress(analysis.GroupInput{Students: enrolled.Students, Scores: snap.Scores, Measure: m,
				Dimensions: summary.Dimensions, ByGrade: true}, year, w.Name)
			for _, tc := range t.Cells {
				grade := string(tc.Grade)
				if tc.Grade == analysis.AllGrades {
					grade = summary.All
				}
				dim, group := groupNames(tc.Group)
				c.Progress = append(c.Progress, TruthCell{Measure: m.Code, Grade: grade, Dimension: dim, Group: group, N: tc.N, AtOrAbove: tc.AtOrAbove})
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// Write writes every case of the schools to dir, one JSON file each.
func Write(dir string, smallSchools int) (int, error) {
	schools, err := Schools(smallSchools)
	if err != nil {
		return 0, err
	}
	if err := WriteRules(dir); err != nil {
		return 0, err
	}
	n := 0
	for name, snap := range schools {
		cases, err := Cases(name, snap)
		if err != nil {
			return n, err
		}
		for _, c := range cases {
			b, err := json.Marshal(c)
			if err != nil {
				return n, err
			}
			if err := os.WriteFile(filepath.Join(dir, c.Name+".json"), b, 0o600); err != nil {
				return n, fmt.Errorf("write case %s: %w", c.Name, err)
			}
			n++
		}
	}
	return n, nil
}
