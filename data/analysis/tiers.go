package analysis

import (
	"fmt"

	"github.com/tierline/tierline/data"
)

// DisproportionalityRatio flags a group this many times as likely as the
// other students to be placed in a tier.
const DisproportionalityRatio = 2.0

// TierCell is the tier placement of one group on a date.
type TierCell struct {
	Group data.Group // AllStudents for the whole school
	N     int
	Tiers [4]int // Tiers[1], Tiers[2], Tiers[3]: students in each tier
	// Cell keys (sums of record keys mod 2^32) of the group and of each tier.
	Key      uint32
	TierKeys [4]uint32
	// Every enrolled student not in the group.
	RestN, RestTier3, RestTier23 int
	// Risk ratios: the group's rate over the rate of all other students.
	// Computed (RatiosOK) only when both sides have at least k students and
	// the other students' rate is not zero.
	RiskRatio3, RiskRatio23 float64
	Ratio3OK, Ratio23OK     bool
	Flag3, Flag23           bool // ratio ≥ 2: disproportionate placement
}

// TooFew says a group of fewer than k students, whose placement staff
// see but which is never compared with the other students.
func (c TierCell) TooFew(k int) bool { return c.Group != AllStudents && c.N < k }

// Pct returns the share of the group in a tier, in percent.
func (c TierCell) Pct(tier data.Tier) float64 {
	return 100 * ratio(float64(c.Tiers[tier]), float64(c.N))
}

// TierInput is what tier placement by group is computed from.
type TierInput struct {
	Students    []data.Student
	TierChanges []data.TierChange
	On          data.Date
	Dimensions  []data.Dimension
	K           int
	RecordKeys  map[data.ID]uint32 // optional: summed into the cells' keys
}

// TierPlacement counts, for every group, the enrolled students in each tier
// on a date, and the Tier 3 and Tier 2+3 risk ratios against all other students.
func TierPlacement(in TierInput) []TierCell {
	tiers := data.TiersOn(in.TierChanges, in.On)
	var enrolled []data.Student
	var tierOf []data.Tier
	for _, s := range in.Students {
		if !s.EnrolledOn(in.On) {
			continue
		}
		enrolled = append(enrolled, s)
		tierOf = append(tierOf, max(tiers[s.ID], 1))
	}
	groups := append([]data.Group{AllStudents}, groupsOf(in.Students, in.Dimensions)...)
	out := make([]TierCell, 0, len(groups))
	for _, g := range groups {
		c := TierCell{Group: g}
		for i, s := range enrolled {
			t := tierOf[i]
			if g == AllStudents || s.InGroup(g) {
				key := in.RecordKeys[s.ID]
				c.N++
				c.Tiers[t]++
				c.Key += key
				c.TierKeys[t] += key
				continue
			}
			c.RestN++
			if t == 3 {
				c.RestTier3++
			}
			if t >= 2 {
				c.RestTier23++
			}
		}
		if g != AllStudents && c.N >= in.K && c.RestN >= in.K {
			c.RiskRatio3, c.Ratio3OK = RiskRatio(float64(c.Tiers[3]), float64(c.N), float64(c.RestTier3), float64(c.RestN))
			c.RiskRatio23, c.Ratio23OK = RiskRatio(float64(c.Tiers[2]+c.Tiers[3]), float64(c.N), float64(c.RestTier23), float64(c.RestN))
			c.Flag3 = c.Ratio3OK && c.RiskRatio3 >= DisproportionalityRatio
			c.Flag23 = c.Ratio23OK && c.RiskRatio23 >= DisproportionalityRatio
		}
		out = append(out, c)
	}
	return out
}

// Sentence states a flagged disproportion in words: "Black or African
// American students are 2.3× as likely as other students to be in Tier 3."
func (c TierCell) Sentence() string {
	switch {
	case c.Flag3:
		return fmt.Sprintf("%s are %.1f× as likely as other students to be in Tier 3.", groupNoun(c.Group), c.RiskRatio3)
	case c.Flag23:
		return fmt.Sprintf("%s are %.1f× as likely as other students to be in Tier 2 or 3.", groupNoun(c.Group), c.RiskRatio23)
	}
	return ""
}

// groupNoun names the students of a group in a sentence.
func groupNoun(g data.Group) string {
	switch g.Dimension {
	case data.DimRace:
		return g.Label() + " students"
	case data.DimGrade, data.DimSex, data.DimCustom:
		return "Students in " + g.Label()
	}
	return g.Label()
}

// ResponseCell is the intervention response of one group on one measure:
// of the plans with at least 6 progress points in their current phase, how
// many progress at the goal's rate or better.
type ResponseCell struct {
	Group    data.Group
	Measure  data.ID
	Plans    int // plans with ≥ 6 points
	Adequate int // of those, trend ROI ≥ goal ROI
	// Cell keys (sums of the plans' students' record keys mod 2^32).
	PlansKey, AdequateKey uint32
}

// TooFew says a group with fewer than k plans, whose rate is not shown.
func (c ResponseCell) TooFew(k int) bool { return c.Group != AllStudents && c.Plans < k }

// Pct is the share of adequate responders, in percent.
func (c ResponseCell) Pct() float64 { return 100 * ratio(float64(c.Adequate), float64(c.Plans)) }

// ResponseInput is what intervention response by group is computed from.
type ResponseInput struct {
	Settings   data.Settings
	Students   []data.Student
	Scores     []data.Score // ordered by student, as the store returns them
	Plans      []data.Plan
	Measure    data.Measure
	AsOf       data.Date
	Dimensions []data.Dimension
	RecordKeys map[data.ID]uint32 // optional: summed into the cells' keys
}

// InterventionResponse computes the response by group for the plans of the
// school year of AsOf whose goal is on the measure, as of AsOf.
func InterventionResponse(in ResponseInput) []ResponseCell {
	outcomes := ResponseOutcomes(in)
	groups := append([]data.Group{AllStudents}, groupsOf(in.Students, in.Dimensions)...)
	out := make([]ResponseCell, 0, len(groups))
	for _, g := range groups {
		c := ResponseCell{Group: g, Measure: in.Measure.ID}
		for _, o := range outcomes {
			if g == AllStudents || o.Student.InGroup(g) {
				key := in.RecordKeys[o.Student.ID]
				c.Plans++
				c.PlansKey += key
				if o.Adequate {
					c.Adequate++
					c.AdequateKey += key
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// PlanOutcome is a plan InterventionResponse counts: its student and
// whether they progress at the goal's rate.
type PlanOutcome struct {
	Student  data.Student
	Adequate bool
}

// ResponseOutcomes lists the plans of in's measure that InterventionResponse
// counts, with their outcomes.
func ResponseOutcomes(in ResponseInput) []PlanOutcome {
	year := in.Settings.CurrentYear(in.AsOf)
	byID := make(map[data.ID]data.Student, len(in.Students))
	for _, s := range in.Students {
		byID[s.ID] = s
	}
	var outcomes []PlanOutcome
	for _, p := range in.Plans {
		if p.Goal.Measure != in.Measure.ID || p.Start().After(in.AsOf) || p.Start().Before(year.Start) {
			continue
		}
		st, ok := byID[p.Student]
		if !ok {
			continue
		}
		sp := AnalyzeStudent(StudentInput{Settings: in.Settings, Student: st, Measure: in.Measure,
			Scores: ScoresOf(in.Scores, p.Student), Plans: []data.Plan{p}, AsOf: in.AsOf, Method: OLS})
		cur := sp.Current
		if len(cur.Points) < MinPointsForTrendRule || !cur.Trend.OK || !cur.HasAim {
			continue
		}
		d := direction(in.Measure)
		outcomes = append(outcomes, PlanOutcome{st, d*cur.Trend.Slope >= d*cur.GoalROI})
	}
	return outcomes
}
