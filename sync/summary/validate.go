package summary

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/tierline/tierline/data"
)

// Validate checks a v2 summary as the hub receives it: every field in
// range, every cell well formed, and every disclosure rule a reader can
// check holding — no cell under k, no suppression label, every percentage
// coded for its group's size, no cell twice. (The perturbation cannot be
// checked without the record keys, which never leave the school.) The
// error names the rule and the cell that break it.
//
// A measure must be a catalog code: a built-in one (data.MeasureCodes) or
// one of the district's own codes given here.
func (s Summary) Validate(districtCodes ...string) error {
	switch {
	case s.Schema == SchemaV1:
		return fmt.Errorf("schema %q is no longer accepted: its exact counts and suppression labels let hidden cells be worked out; update Tierline to send %q", s.Schema, Schema)
	case s.Schema != Schema:
		return fmt.Errorf("schema %q: expected %q", s.Schema, Schema)
	case s.Generated != "":
		return fmt.Errorf("unknown field \"generated\" in a %s summary (v2 gives as_of)", Schema)
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
	if _, err := data.ParseDate(s.AsOf); err != nil {
		return fmt.Errorf("as_of: %v", err)
	}
	known := func(code string) bool { return data.BuiltInMeasureCode(code) || slices.Contains(districtCodes, code) }
	if err := s.validateProgress(known); err != nil {
		return err
	}
	if err := s.validateTiers(); err != nil {
		return err
	}
	return s.validateResponse(known)
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

// check applies the per-cell rules of v2. Its errors are about the cell,
// which the caller names.
func (p published) check(k int) error {
	if p.suppressed || p.reason != "" {
		return fmt.Errorf("carries a suppression label: a v2 summary leaves a hidden cell out and says nothing about it")
	}
	if p.n == nil {
		return fmt.Errorf("has no n: a v2 summary leaves a hidden cell out instead")
	}
	if *p.n < k {
		return fmt.Errorf("threshold: publishes n = %d, under k = %d", *p.n, k)
	}
	for _, v := range p.pcts[:p.npcts] {
		if v == nil {
			return fmt.Errorf("is published without its percentage")
		}
		if err := checkCode(*v, *p.n); err != nil {
			return fmt.Errorf("coding: %v", err)
		}
	}
	return nil
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

// checkDuplicates refuses a cell given twice.
func checkDuplicates(section string, keys []keyed) error {
	if dup := duplicateOf(keys); dup >= 0 {
		key := keys[dup]
		return fmt.Errorf("%s: the cell %s/%s/%s/%s appears twice", section, key.scope, key.grade, key.dimension, key.group)
	}
	return nil
}

// checkMeasure refuses a measure that is not a catalog code the hub knows:
// free text (a school's own name for a test, a note) never leaves a school.
func checkMeasure(code string, known func(string) bool) error {
	switch {
	case !data.ValidMeasureCode(code):
		return fmt.Errorf("measure %q is not a catalog code (such as dibels8-orf): a measure leaves the school only under its code", code)
	case !known(code):
		return fmt.Errorf("measure %q is not a built-in catalog code nor one the district defined", code)
	}
	return nil
}

func (s Summary) validateProgress(known func(string) bool) error {
	keys := make([]keyed, len(s.Progress))
	for i, c := range s.Progress {
		err := checkMeasure(c.Measure, known)
		if err == nil && c.Grade != All && data.Grade(c.Grade).Index() < 0 {
			err = fmt.Errorf("%q is not a grade (expected all or a grade: %s)", c.Grade, data.GradeCodes)
		}
		if err == nil {
			err = checkGroup(c.Dimension, c.Group)
		}
		if err == nil {
			err = published{c.N, [2]*string{c.PctAtOrAbove}, 1, c.Suppressed, c.Reason}.check(s.K)
		}
		if err != nil {
			return fmt.Errorf("progress cell %d (%s, grade %s, %s/%s): %w", i+1, c.Measure, c.Grade, c.Dimension, c.Group, err)
		}
		keys[i] = keyed{scope: c.Measure, grade: c.Grade, dimension: c.Dimension, group: c.Group}
	}
	return checkDuplicates("progress", keys)
}

func (s Summary) validateTiers() error {
	keys := make([]keyed, len(s.Tiers))
	allUncoded := s.allTier3Uncoded()
	for i, c := range s.Tiers {
		err := checkGroup(c.Dimension, c.Group)
		if err == nil {
			err = published{c.N, [2]*string{c.PctTier2, c.PctTier3}, 2, c.Suppressed, c.Reason}.check(s.K)
		}
		if rr := c.RiskRatioTier3; err == nil && rr != nil {
			switch {
			case math.IsNaN(*rr) || math.IsInf(*rr, 0) || *rr < 0 || *rr > 1000 || c.Dimension == All:
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
	return checkDuplicates("tiers", keys)
}

func (s Summary) validateResponse(known func(string) bool) error {
	keys := make([]keyed, len(s.Response))
	for i, c := range s.Response {
		err := checkMeasure(c.Measure, known)
		if err == nil {
			err = checkGroup(c.Dimension, c.Group)
		}
		if err == nil {
			err = published{c.N, [2]*string{c.PctAdequate}, 1, c.Suppressed, c.Reason}.check(s.K)
		}
		if err != nil {
			return fmt.Errorf("response cell %d (%s, %s/%s): %w", i+1, c.Measure, c.Dimension, c.Group, err)
		}
		keys[i] = keyed{scope: c.Measure, grade: All, dimension: c.Dimension, group: c.Group}
	}
	return checkDuplicates("response", keys)
}

// allTier3Uncoded reports whether the all-students Tier 3 share is published uncoded.
func (s Summary) allTier3Uncoded() bool {
	for _, c := range s.Tiers {
		if c.Dimension == All {
			return c.PctTier3 != nil && Uncoded(*c.PctTier3)
		}
	}
	return false
}
