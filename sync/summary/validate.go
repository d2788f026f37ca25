package summary

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/tierline/tierline/data"
)

// Validate checks a summary as the hub receives it: every field in range,
// every cell well formed, and every suppression rule holding — no published
// cell under k, every percentage coded for its group's size, and no hidden
// count recoverable from a published total and the published cells. The
// error names the rule and the cell that break it.
func (s Summary) Validate() error {
	switch {
	case s.Schema != Schema:
		return fmt.Errorf("schema %q: expected %q", s.Schema, Schema)
	case !codePattern.MatchString(s.School):
		return fmt.Errorf("school %q is not a school code", s.School)
	case !codePattern.MatchString(s.District):
		return fmt.Errorf("district %q is not a district code", s.District)
	case !validYear(s.Year):
		return fmt.Errorf("year %q is not a school year such as 2026-2027", s.Year)
	case data.WindowName(s.Window).Index() < 0:
		return fmt.Errorf("window %q is not fall, winter or spring", s.Window)
	case s.K < data.MinK || s.K > data.MaxK:
		return fmt.Errorf("k %d is outside %d to %d", s.K, data.MinK, data.MaxK)
	}
	if _, err := data.ParseDate(s.Generated); err != nil {
		return fmt.Errorf("generated: %v", err)
	}
	if err := s.validateProgress(); err != nil {
		return err
	}
	if err := s.validateTiers(); err != nil {
		return err
	}
	return s.validateResponse()
}

func validYear(y string) bool {
	if !yearPattern.MatchString(y) {
		return false
	}
	a, _ := strconv.Atoi(y[:4])
	b, _ := strconv.Atoi(y[5:])
	return b == a+1
}

// published is what a cell states, whatever its section.
type published struct {
	n          *int
	pcts       [2]*string // the percentages the cell states: one, or two for tiers
	npcts      int
	suppressed bool
	reason     string
}

// check applies the per-cell rules and returns the cell as suppression
// sees it. Its errors are about the cell, which the caller names.
func (p published) check(k int) (cell, error) {
	if p.suppressed {
		if p.n != nil {
			return cell{}, fmt.Errorf("is suppressed but gives n")
		}
		for _, v := range p.pcts[:p.npcts] {
			if v != nil {
				return cell{}, fmt.Errorf("is suppressed but gives a percentage")
			}
		}
		if p.reason != ReasonPrimary && p.reason != ReasonComplementary {
			return cell{}, fmt.Errorf("reason %q is not primary or complementary", p.reason)
		}
		return cell{suppressed: true, reason: p.reason}, nil
	}
	if p.reason != "" {
		return cell{}, fmt.Errorf("is published but gives a reason %q", p.reason)
	}
	if p.n == nil {
		return cell{}, fmt.Errorf("is published without n")
	}
	if *p.n < k {
		return cell{}, fmt.Errorf("primary suppression: publishes n = %d, under k = %d", *p.n, k)
	}
	for _, v := range p.pcts[:p.npcts] {
		if v == nil {
			return cell{}, fmt.Errorf("is published without its percentage")
		}
		if err := checkCode(*v, *p.n); err != nil {
			return cell{}, fmt.Errorf("coding: %v", err)
		}
	}
	return cell{n: *p.n}, nil
}

// summaryGroups lists the groups of each dimension a summary carries.
var summaryGroups = func() map[string][]string {
	m := map[string][]string{}
	for _, d := range Dimensions {
		m[string(d)] = data.DimensionValues(d)
	}
	return m
}()

// checkGroup checks a cell's dimension and group.
func checkGroup(dimension, group string) error {
	if dimension == All {
		if group != All {
			return fmt.Errorf("the all-students cell has group %q", group)
		}
		return nil
	}
	groups, ok := summaryGroups[dimension]
	if !ok {
		return fmt.Errorf("%q is not a dimension a summary carries", dimension)
	}
	if !slices.Contains(groups, group) {
		return fmt.Errorf("%q is not a group of %s", group, dimension)
	}
	return nil
}

// checkPartitions applies the exact recovery check to every partition
// whose total is published.
func checkPartitions(section string, keys []keyed, cells []cell, k int) error {
	parts, dup := partitionsOf(keys)
	if dup >= 0 {
		key := keys[dup]
		return fmt.Errorf("%s: the cell %s/%s/%s/%s appears twice", section, key.scope, key.grade, key.dimension, key.group)
	}
	for _, p := range parts {
		if cells[p.total].suppressed {
			continue
		}
		sum, hidden := 0, false
		for _, m := range p.members {
			sum += cells[m].n
			hidden = hidden || cells[m].suppressed
		}
		if sum > cells[p.total].n || (!hidden && sum != cells[p.total].n) {
			t := keys[p.total]
			return fmt.Errorf("%s: the cells under %s/%s (grade %s%s) add up to %d, not to their total %d", section, t.dimension, t.group, t.grade, scopeText(t.scope), sum, cells[p.total].n)
		}
		if recoverable(cells, p, k) {
			t := keys[p.total]
			m := keys[p.members[0]]
			what := "the groups of " + m.dimension
			if m.grade != t.grade {
				what = "the grades of " + t.dimension + "/" + t.group
			}
			return fmt.Errorf("complementary suppression: in %s, %s (grade %s%s) let a suppressed count be worked out from the total and the published cells",
				section, what, t.grade, scopeText(t.scope))
		}
	}
	return nil
}

func scopeText(scope string) string {
	if scope == "" {
		return ""
	}
	return ", " + scope
}

func checkMeasure(name string) error {
	if name == "" || len(name) > 80 {
		return fmt.Errorf("the measure name is empty or longer than 80 characters")
	}
	return nil
}

func (s Summary) validateProgress() error {
	keys := make([]keyed, len(s.Progress))
	cells := make([]cell, len(s.Progress))
	for i, c := range s.Progress {
		err := checkMeasure(c.Measure)
		if err == nil && c.Grade != All && data.Grade(c.Grade).Index() < 0 {
			err = fmt.Errorf("%q is not a grade (expected all, KG or 01 to 12)", c.Grade)
		}
		if err == nil {
			err = checkGroup(c.Dimension, c.Group)
		}
		if err == nil {
			cells[i], err = published{c.N, [2]*string{c.PctAtOrAbove}, 1, c.Suppressed, c.Reason}.check(s.K)
		}
		if err != nil {
			return fmt.Errorf("progress cell %d (%s, grade %s, %s/%s): %w", i+1, c.Measure, c.Grade, c.Dimension, c.Group, err)
		}
		keys[i] = keyed{scope: c.Measure, grade: c.Grade, dimension: c.Dimension, group: c.Group}
	}
	return checkPartitions("progress", keys, cells, s.K)
}

func (s Summary) validateTiers() error {
	keys := make([]keyed, len(s.Tiers))
	cells := make([]cell, len(s.Tiers))
	allUncoded := s.allTier3Uncoded()
	for i, c := range s.Tiers {
		err := checkGroup(c.Dimension, c.Group)
		if err == nil {
			cells[i], err = published{c.N, [2]*string{c.PctTier2, c.PctTier3}, 2, c.Suppressed, c.Reason}.check(s.K)
		}
		if rr := c.RiskRatioTier3; err == nil && rr != nil {
			switch {
			case c.Suppressed || math.IsNaN(*rr) || math.IsInf(*rr, 0) || *rr < 0 || *rr > 1000 || c.Dimension == All:
				err = fmt.Errorf("risk ratio %v is not allowed here", *rr)
			case !Uncoded(*c.PctTier3) || !allUncoded:
				err = fmt.Errorf("a risk ratio is published only next to uncoded Tier 3 shares (it would reveal small counts)")
			}
		}
		if err != nil {
			return fmt.Errorf("tier cell %d (%s/%s): %w", i+1, c.Dimension, c.Group, err)
		}
		keys[i] = keyed{grade: All, dimension: c.Dimension, group: c.Group}
	}
	return checkPartitions("tiers", keys, cells, s.K)
}

func (s Summary) validateResponse() error {
	keys := make([]keyed, len(s.Response))
	cells := make([]cell, len(s.Response))
	for i, c := range s.Response {
		err := checkMeasure(c.Measure)
		if err == nil {
			err = checkGroup(c.Dimension, c.Group)
		}
		if err == nil {
			cells[i], err = published{c.N, [2]*string{c.PctAdequate}, 1, c.Suppressed, c.Reason}.check(s.K)
		}
		if err != nil {
			return fmt.Errorf("response cell %d (%s, %s/%s): %w", i+1, c.Measure, c.Dimension, c.Group, err)
		}
		keys[i] = keyed{scope: c.Measure, grade: All, dimension: c.Dimension, group: c.Group}
	}
	return checkPartitions("response", keys, cells, s.K)
}

// allTier3Uncoded reports whether the all-students Tier 3 share is published uncoded.
func (s Summary) allTier3Uncoded() bool {
	for _, c := range s.Tiers {
		if c.Dimension == All {
			return !c.Suppressed && c.PctTier3 != nil && Uncoded(*c.PctTier3)
		}
	}
	return false
}
