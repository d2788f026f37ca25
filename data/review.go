package data

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// ReviewItem is one active plan of a Tier 2/3 student on the review list.
type ReviewItem struct {
	Student      Student
	Tier         Tier
	Plan         Plan
	Progress     StudentProgress
	DaysToReview int // negative when the review is overdue
	HasReview    bool
	Need         Need
}

// Need orders the review list: lower needs the team more.
type Need int

// The needs, most urgent first.
const (
	NeedIntensify Need = iota // the data say the plan is not working
	NeedRaiseGoal             // the data say the goal is too low
	NeedFidelity              // delivery under 80%: check before deciding
	NeedReviewDue             // the review date is within a week or past
	NeedOnTrack               // continue
	NeedMoreData              // too few points to judge
)

// Label names the need as the review list shows it.
func (n Need) Label() string {
	return [...]string{"Needs a change", "Goal too low", "Check fidelity", "Review due", "On track", "Too early"}[n]
}

// ReviewInput is what the review list is computed from.
type ReviewInput struct {
	Settings    Settings
	Students    []Student
	Measures    []Measure
	Scores      []Score // ordered by student, as the store returns them
	Plans       []Plan
	Sessions    []Session // the sessions of the active plans (others are ignored)
	TierChanges []TierChange
	Today       Date
	Weeks       WeekSet // instructional weeks; nil computes them from Sessions
}

// ReviewList lists every active plan of the students in Tier 2 or 3 with
// its verdict, fidelity and days to the review date, sorted so that the
// students who most need the team come first: a verdict to intensify, then
// to raise the goal, then fidelity under 80%, then reviews due within a
// week, then plans on track, then plans with too few points; within a
// need, the earliest review date first, then by name.
func ReviewList(in ReviewInput) []ReviewItem {
	tiers := TiersOn(in.TierChanges, in.Today)
	students := make(map[ID]Student, len(in.Students))
	for _, s := range in.Students {
		students[s.ID] = s
	}
	measures := make(map[ID]Measure, len(in.Measures))
	for _, m := range in.Measures {
		measures[m.ID] = m
	}
	weeks := in.Weeks
	if weeks == nil {
		weeks = InstructionalWeeks(in.Sessions)
	}
	sessions := map[ID][]Session{}
	for _, s := range in.Sessions {
		sessions[s.Plan] = append(sessions[s.Plan], s)
	}
	var items []ReviewItem
	for _, p := range in.Plans {
		st, ok := students[p.Student]
		tier := tiers[p.Student]
		if !ok || p.Status != Active || tier < 2 || st.Withdrawn || p.Start().After(in.Today) {
			continue
		}
		m, ok := measures[p.Goal.Measure]
		if !ok {
			continue
		}
		sp := AnalyzeStudent(StudentInput{Settings: in.Settings, Student: st, Measure: m, Scores: ScoresOf(in.Scores, st.ID),
			Plans: []Plan{p}, Sessions: sessions[p.ID], AsOf: in.Today, Method: OLS, Weeks: weeks})
		item := ReviewItem{Student: st, Tier: tier, Plan: p, Progress: sp, HasReview: !p.Review.IsZero()}
		if item.HasReview {
			item.DaysToReview = p.Review.DaysSince(in.Today)
		}
		item.Need = needOf(item)
		items = append(items, item)
	}
	slices.SortStableFunc(items, func(a, b ReviewItem) int {
		return cmp.Or(
			cmp.Compare(a.Need, b.Need),
			cmp.Compare(reviewKey(a), reviewKey(b)),
			cmp.Compare(strings.ToLower(a.Student.FamilyName), strings.ToLower(b.Student.FamilyName)),
			cmp.Compare(strings.ToLower(a.Student.GivenName), strings.ToLower(b.Student.GivenName)),
			compareIDs(a.Plan.ID, b.Plan.ID))
	})
	return items
}

// reviewKey sorts plans without a review date last.
func reviewKey(it ReviewItem) int {
	if !it.HasReview {
		return 1 << 30
	}
	return it.DaysToReview
}

func needOf(it ReviewItem) Need {
	v := it.Progress.Current.Verdict
	switch {
	case v.Kind == Intensify:
		return NeedIntensify
	case v.Kind == RaiseGoal:
		return NeedRaiseGoal
	case v.FidelityWarning:
		return NeedFidelity
	case it.HasReview && it.DaysToReview <= 7:
		return NeedReviewDue
	case v.Kind == Continue:
		return NeedOnTrack
	}
	return NeedMoreData
}

// DueText says when the review is due: "today", "in 3 days", "2 days overdue".
func (it ReviewItem) DueText() string {
	switch d := it.DaysToReview; {
	case !it.HasReview:
		return "not set"
	case d == 0:
		return "today"
	case d == 1:
		return "tomorrow"
	case d > 0:
		return fmt.Sprintf("in %d days", d)
	case d == -1:
		return "1 day overdue"
	default:
		return fmt.Sprintf("%d days overdue", -d)
	}
}
