package analysis

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tierline/tierline/data"
)

// ReviewItem is one active plan of a Tier 2/3 student on the review list.
type ReviewItem struct {
	Student      data.Student
	Tier         data.Tier
	Plan         data.Plan
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
	Settings    data.Settings
	Students    []data.Student
	Measures    []data.Measure
	Scores      []data.Score // ordered by student, as the store returns them
	Plans       []data.Plan
	Sessions    []data.Session // the sessions of the active plans (others are ignored)
	TierChanges []data.TierChange
	Tiers       map[data.ID]data.Tier // each student's tier today; nil computes it from TierChanges
	Today       data.Date
	Weeks       WeekSet // instructional weeks; nil computes them from Sessions
}

// ReviewInputOf is the review's input from a whole school.
func ReviewInputOf(snap data.Snapshot, today data.Date) ReviewInput {
	return ReviewInput{Settings: snap.Settings, Students: snap.Students, Measures: snap.Measures, Scores: snap.Scores,
		Plans: snap.Plans, Sessions: snap.Sessions, TierChanges: snap.TierChanges, Today: today}
}

// ReviewList lists every active plan of the students in Tier 2 or 3 with
// its verdict, fidelity and days to the review date, sorted so that the
// students who most need the team come first: a verdict to intensify, then
// to raise the goal, then fidelity under 80%, then reviews due within a
// week, then plans on track, then plans with too few points; within a
// need, the earliest review date first, then by name.
func ReviewList(in ReviewInput) []ReviewItem {
	tiers := in.Tiers
	if tiers == nil {
		tiers = data.TiersOn(in.TierChanges, in.Today)
	}
	students := make(map[data.ID]data.Student, len(in.Students))
	for _, s := range in.Students {
		students[s.ID] = s
	}
	measures := make(map[data.ID]data.Measure, len(in.Measures))
	for _, m := range in.Measures {
		measures[m.ID] = m
	}
	weeks := in.Weeks
	if weeks == nil {
		weeks = InstructionalWeeks(in.Sessions)
	}
	sessions := sessionsByPlan(in.Sessions)
	items := make([]ReviewItem, 0, len(in.Plans))
	for _, p := range in.Plans {
		st, ok := students[p.Student]
		tier := tiers[p.Student]
		if !ok || p.Status != data.Active || tier < 2 || st.Withdrawn || p.Start().After(in.Today) {
			continue
		}
		m, ok := measures[p.Goal.Measure]
		if !ok {
			continue
		}
		sp := AnalyzeStudent(StudentInput{Settings: in.Settings, Student: st, Measure: m, Scores: ScoresOf(in.Scores, st.ID),
			Plans: []data.Plan{p}, Sessions: sessions[p.ID], AsOf: in.Today, Method: OLS, Weeks: weeks})
		item := ReviewItem{Student: st, Tier: tier, Plan: p, Progress: sp, HasReview: !p.Review.IsZero()}
		if item.HasReview {
			item.DaysToReview = p.Review.DaysSince(in.Today)
		}
		item.Need = needOf(item)
		items = append(items, item)
	}
	return sortItems(items)
}

// sortItems orders the list by need, review date, name and plan. It sorts
// small keys, not the items (each carries a whole analysis).
func sortItems(items []ReviewItem) []ReviewItem {
	type sortKey struct {
		need          Need
		review        int
		family, given string
		plan          data.ID
		i             int
	}
	keys := make([]sortKey, len(items))
	for i, it := range items {
		keys[i] = sortKey{it.Need, reviewKey(it), strings.ToLower(it.Student.FamilyName), strings.ToLower(it.Student.GivenName), it.Plan.ID, i}
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		return cmp.Or(cmp.Compare(a.need, b.need), cmp.Compare(a.review, b.review), cmp.Compare(a.family, b.family),
			cmp.Compare(a.given, b.given), compareIDs(a.plan, b.plan), cmp.Compare(a.i, b.i))
	})
	// Apply the order in place, cycle by cycle: position j takes the item
	// at keys[j].i, with no second copy of the items.
	for start := range keys {
		if keys[start].i == start {
			continue
		}
		held := items[start]
		at := start
		for {
			from := keys[at].i
			keys[at].i = at
			if from == start {
				items[at] = held
				break
			}
			items[at] = items[from]
			at = from
		}
	}
	return items
}

// sessionsByPlan groups sessions by plan. Sessions read from the store come
// grouped already: each plan's are then a sub-slice, not a copy.
func sessionsByPlan(sessions []data.Session) map[data.ID][]data.Session {
	out := map[data.ID][]data.Session{}
	start := 0
	for i := 1; i <= len(sessions); i++ {
		if i < len(sessions) && sessions[i].Plan == sessions[start].Plan {
			continue
		}
		plan := sessions[start].Plan
		if prev, seen := out[plan]; seen {
			out[plan] = append(append([]data.Session{}, prev...), sessions[start:i]...)
		} else {
			out[plan] = sessions[start:i:i]
		}
		start = i
	}
	return out
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
	case v.Kind == data.Intensify:
		return NeedIntensify
	case v.Kind == data.RaiseGoal:
		return NeedRaiseGoal
	case v.FidelityWarning:
		return NeedFidelity
	case it.DueThisWeek():
		return NeedReviewDue
	case v.Kind == data.Continue:
		return NeedOnTrack
	}
	return NeedMoreData
}

// DueThisWeek reports whether the review date is within 7 days or past:
// the reviews the dashboard counts as due and the meeting's packet holds.
func (it ReviewItem) DueThisWeek() bool { return it.HasReview && it.DaysToReview <= 7 }

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
