package analysis_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// sortScores orders scores as the store does: by student, measure, date.
func sortScores(scores []data.Score) {
	slices.SortStableFunc(scores, func(a, b data.Score) int {
		if c := bytes.Compare(a.Student[:], b.Student[:]); c != 0 {
			return c
		}
		if c := bytes.Compare(a.Measure[:], b.Measure[:]); c != 0 {
			return c
		}
		return a.Date.Compare(b.Date)
	})
}

func TestReviewListOrder(t *testing.T) {
	settings := data.Settings{Years: []data.SchoolYear{data.DefaultSchoolYear(2026)}}
	today := start.AddDays(45) // six weeks of data
	iv := data.NewID()
	var in analysis.ReviewInput
	in.Settings, in.Today, in.Measures = settings, today, []data.Measure{orf}

	// add makes a Tier 2 student with a plan (aimline 40 + 3w), progress
	// scores at weeks 1.., a review date and, unless lowFidelity, every
	// session delivered on Mondays, Wednesdays and Fridays.
	add := func(name string, reviewIn int, lowFidelity bool, values ...float64) {
		s := pupil(len(in.Students)+1, data.White, false)
		s.GivenName = name
		p := data.Plan{ID: data.NewID(), Student: s.ID, Tier: 2, Interventionist: "Ms Grant", Status: data.Active,
			Review: today.AddDays(reviewIn),
			Goal:   data.Goal{Measure: orf.ID, Baseline: 40, BaselineDate: start, Target: 64, TargetDate: start.AddDays(56)},
			Phases: []data.Phase{{Start: start, Intervention: iv, SessionsPerWeek: 3, MinutesPerSession: 30}}}
		for d := start; !d.After(today); d = d.AddDays(1) {
			if wd := d.Weekday(); wd == 1 || wd == 3 || wd == 5 {
				if !lowFidelity || wd == 1 {
					in.Sessions = append(in.Sessions, data.Session{Plan: p.ID, Date: d, Minutes: 30, Present: true})
				}
			}
		}
		for i, v := range values {
			in.Scores = append(in.Scores, data.Score{Student: s.ID, Measure: orf.ID, Date: start.AddDays(7 * (i + 1)), Kind: data.Progress, Value: v, Errors: data.NoErrors})
		}
		in.Students = append(in.Students, s)
		in.Plans = append(in.Plans, p)
		in.TierChanges = append(in.TierChanges, data.TierChange{Student: s.ID, Date: start, From: 1, To: 2})
	}
	onTrack := []float64{43, 46, 49, 52, 55, 58}
	add("Flat", 20, false, 41, 42, 43, 44, 45, 46)
	add("Fast", 10, false, 45, 50, 55, 60, 65, 70)
	add("Undelivered", 30, true, onTrack...)
	add("DueSoon", 3, false, onTrack...)
	add("LaterReview", 30, false, onTrack...)
	add("TooEarly", 30, false, 41, 43)
	add("FlatOverdue", -2, false, 40, 41, 41, 42, 42, 43)
	// A Tier 1 student with an active plan is not on the list, nor is a
	// withdrawn student, nor an ended plan.
	add("Tier1", 0, false, onTrack...)
	in.TierChanges = in.TierChanges[:len(in.TierChanges)-1]
	add("Withdrawn", 0, false, onTrack...)
	in.Students[len(in.Students)-1].Withdrawn, in.Students[len(in.Students)-1].WithdrawnOn = true, today
	add("Ended", 0, false, onTrack...)
	in.Plans[len(in.Plans)-1].Status, in.Plans[len(in.Plans)-1].Ended = data.Completed, today
	sortScores(in.Scores)

	items := analysis.ReviewList(in)
	var got []string
	for _, it := range items {
		got = append(got, fmt.Sprintf("%s:%s", it.Student.GivenName, it.Need.Label()))
	}
	want := []string{"FlatOverdue:Needs a change", "Flat:Needs a change", "Fast:Goal too low", "Undelivered:Check fidelity",
		"DueSoon:Review due", "LaterReview:On track", "TooEarly:Too early"}
	if !slices.Equal(got, want) {
		t.Errorf("order\n got %v\nwant %v", got, want)
	}
	if items[0].DaysToReview != -2 || items[0].Tier != 2 {
		t.Errorf("first item: %d days, tier %d", items[0].DaysToReview, items[0].Tier)
	}
}
