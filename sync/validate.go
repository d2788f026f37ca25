package sync

import (
	"fmt"
	"math"
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
	where      string
	n          *int
	pcts       []*string
	suppressed bool
	reason     string
}

// check applies the per-cell rules and returns the cell as suppression sees it.
func (p published) check(k int) (cell, error) {
	if p.suppressed {
		if p.n != nil {
			return cell{}, fmt.Errorf("%s is suppressed but gives n", p.where)
		}
		for _, v := range p.pcts {
			if v != nil {
				return cell{}, fmt.Errorf("%s is suppressed but gives a percentage", p.where)
			}
		}
		if p.reason != ReasonPrimary && p.reason != ReasonComplementary {
			return cell{}, fmt.Errorf("%s: reason %q is not primary or complementary", p.where, p.reason)
		}
		return cell{suppressed: true, reason: p.reason}, nil
	}
	if p.reason != "" {
		return cell{}, fmt.Errorf("%s is published but gives a reason %q", p.where, p.reason)
	}
	if p.n == nil {
		return cell{}, fmt.Errorf("%s is published without n", p.where)
	}
	if *p.n < k {
		return cell{}, fmt.Errorf("primary suppression: %s publishes n = %d, under k = %d", p.where, *p.n, k)
	}
	for _, v := range p.pcts {
		if v == nil {
			return cell{}, fmt.Errorf("%s is published without its percentage", p.where)
		}
		if err := checkCode(*v, *p.n); err != nil {
			return cell{}, fmt.Errorf("coding: %s: %v", p.where, err)
		}
	}
	return cell{n: *p.n}, nil
}

// checkGroup checks a cell's dimension and group.
func checkGroup(where, dimension, group string) error {
	if dimension == All {
		if group != All {
			return fmt.Errorf("%s: the all-students cell has group %q", where, group)
		}
		return nil
	}
	for _, d := range Dimensions {
		if string(d) == dimension {
			for _, v := range data.DimensionValues(d) {
				if v == group {
					return nil
				}
			}
			return fmt.Errorf("%s: %q is not a group of %s", where, group, dimension)
		}
	}
	return fmt.Errorf("%s: %q is not a dimension a summary carries", where, dimension)
}

// checkPartitions applies the exact recovery check to every partition
// whose total is published.
func checkPartitions(section string, keys []keyed, cells []cell, k int) error {
	seen := map[keyed]bool{}
	for _, key := range keys {
		if seen[key] {
			return fmt.Errorf("%s: the cell %s/%s/%s/%s appears twice", section, key.scope, key.grade, key.dimension, key.group)
		}
		seen[key] = true
	}
	for _, p := range partitionsOf(keys) {
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

func checkMeasure(where, name string) error {
	if name == "" || len(name) > 80 {
		return fmt.Errorf("%s: the measure name is empty or longer than 80 characters", where)
	}
	return nil
}

func (s Summary) validateProgress() error {
	keys := make([]keyed, len(s.Progress))
	cells := make([]cell, len(s.Progress))
	for i, c := range s.Progress {
		where := fmt.Sprintf("progress cell %d (%s, grade %s, %s/%s)", i+1, c.Measure, c.Grade, c.Dimension, c.Group)
		if err := checkMeasure(where, c.Measure); err != nil {
			return err
		}
		if c.Grade != All && data.Grade(c.Grade).Index() < 0 {
			return fmt.Errorf("%s: %q is not a grade", where, c.Grade)
		}
		if err := checkGroup(where, c.Dimension, c.Group); err != nil {
			return err
		}
		var err error
		if cells[i], err = (published{where, c.N, []*string{c.PctAtOrAbove}, c.Suppressed, c.Reason}).check(s.K); err != nil {
			return err
		}
		keys[i] = keyed{scope: c.Measure, grade: c.Grade, dimension: c.Dimension, group: c.Group}
	}
	return checkPartitions("progress", keys, cells, s.K)
}

func (s Summary) validateTiers() error {
	keys := make([]keyed, len(s.Tiers))
	cells := make([]cell, len(s.Tiers))
	for i, c := range s.Tiers {
		where := fmt.Sprintf("tier cell %d (%s/%s)", i+1, c.Dimension, c.Group)
		if err := checkGroup(where, c.Dimension, c.Group); err != nil {
			return err
		}
		var err error
		if cells[i], err = (published{where, c.N, []*string{c.PctTier2, c.PctTier3}, c.Suppressed, c.Reason}).check(s.K); err != nil {
			return err
		}
		if rr := c.RiskRatioTier3; rr != nil {
			if c.Suppressed || math.IsNaN(*rr) || math.IsInf(*rr, 0) || *rr < 0 || *rr > 1000 || c.Dimension == All {
				return fmt.Errorf("%s: risk ratio %v is not allowed here", where, *rr)
			}
			if !uncoded(*c.PctTier3) || !s.allTier3Uncoded() {
				return fmt.Errorf("%s: a risk ratio is published only next to uncoded Tier 3 shares (it would reveal small counts)", where)
			}
		}
		keys[i] = keyed{grade: All, dimension: c.Dimension, group: c.Group}
	}
	return checkPartitions("tiers", keys, cells, s.K)
}

func (s Summary) validateResponse() error {
	keys := make([]keyed, len(s.Response))
	cells := make([]cell, len(s.Response))
	for i, c := range s.Response {
		where := fmt.Sprintf("response cell %d (%s, %s/%s)", i+1, c.Measure, c.Dimension, c.Group)
		if err := checkMeasure(where, c.Measure); err != nil {
			return err
		}
		if err := checkGroup(where, c.Dimension, c.Group); err != nil {
			return err
		}
		var err error
		if cells[i], err = (published{where, c.N, []*string{c.PctAdequate}, c.Suppressed, c.Reason}).check(s.K); err != nil {
			return err
		}
		keys[i] = keyed{scope: c.Measure, grade: All, dimension: c.Dimension, group: c.Group}
	}
	return checkPartitions("response", keys, cells, s.K)
}

// allTier3Uncoded reports whether the all-students Tier 3 share is published uncoded.
func (s Summary) allTier3Uncoded() bool {
	for _, c := range s.Tiers {
		if c.Dimension == All {
			return !c.Suppressed && c.PctTier3 != nil && uncoded(*c.PctTier3)
		}
	}
	return false
}
