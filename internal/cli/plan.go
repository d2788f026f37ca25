package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

// planFlagsByField names the flag behind a refused field of a plan.
var planFlagsByField = map[string]string{"tier": "--tier", "interventionist": "--interventionist", "start": "--start",
	"review date": "--review", "target": "--target", "target date": "--target-date", "sessions per week": "--sessions",
	"minutes per session": "--minutes", "date": "--start"}

// runPlan starts a plan for a student from the command line, as the
// Student screen's "Add plan" does; a student not yet in the plan's tier
// is moved to it on the plan's first day, in the same transaction.
func runPlan(c *invocation, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usagef("expected add LOCALID")
	}
	fs := c.flags("plan add")
	var intervention, measure, interventionist, target, targetDate, start, review string
	var tier, sessions, minutes int
	fs.StringVar(&intervention, "intervention", "", "the intervention, by name (tierline intervention list)")
	fs.StringVar(&measure, "measure", "", "the goal's measure, by name (tierline measure list)")
	fs.StringVar(&target, "target", "", "the goal: the score to reach")
	fs.StringVar(&targetDate, "target-date", "", "the goal's date (default: the end of the school year's spring window)")
	fs.StringVar(&interventionist, "interventionist", "", "who delivers it")
	fs.IntVar(&tier, "tier", 2, "the plan's tier: 2 or 3")
	fs.IntVar(&sessions, "sessions", 0, "sessions a week (default: the intervention's)")
	fs.IntVar(&minutes, "minutes", 0, "minutes a session (default: the intervention's)")
	fs.StringVar(&start, "start", "", "the first day (default: today)")
	fs.StringVar(&review, "review", "", "the next review date (default: six weeks on)")
	pos, err := parse(fs, args[1:], "LOCALID")
	if err != nil {
		return err
	}
	startDay := c.today()
	if start != "" {
		if startDay, err = data.ParseDateLoose(start); err != nil {
			return usagef("--start: %s", data.ErrorMessage(err))
		}
	}
	return c.withStore(func(s *store.Store) error {
		settings, err := requireSchool(s)
		if err != nil {
			return err
		}
		st, err := s.StudentByLocalID(pos[0])
		if err != nil {
			return err
		}
		m, err := s.MeasureByName(measure)
		if err != nil {
			return usagef("--measure: %s", data.ErrorMessage(err))
		}
		iv, err := interventionNamed(s, intervention)
		if err != nil {
			return err
		}
		goal, err := data.ParseNumber(target)
		if err != nil {
			return usagef("--target: %s", data.ErrorMessage(err))
		}
		goalDate := settings.CurrentYear(startDay).Window(data.Spring).End
		if targetDate != "" {
			if goalDate, err = data.ParseDateLoose(targetDate); err != nil {
				return usagef("--target-date: %s", data.ErrorMessage(err))
			}
		}
		reviewDay := data.DefaultReview(startDay)
		if review != "" {
			if reviewDay, err = data.ParseDateLoose(review); err != nil {
				return usagef("--review: %s", data.ErrorMessage(err))
			}
		}
		if sessions == 0 {
			sessions = iv.SessionsPerWeek
		}
		if minutes == 0 {
			minutes = iv.MinutesPerSession
		}
		p := data.Plan{Student: st.ID, Tier: data.Tier(tier), Interventionist: interventionist, Review: reviewDay, Status: data.Active,
			Goal:   data.Goal{Measure: m.ID, Target: goal, TargetDate: goalDate},
			Phases: []data.Phase{{Start: startDay, Intervention: iv.ID, SessionsPerWeek: sessions, MinutesPerSession: minutes}}}
		if err := p.Validate(); err != nil {
			return flagError(err, planFlagsByField)
		}
		recs := data.Records{Plans: []data.Plan{p}}
		history, err := s.TierHistory(st.ID)
		if err != nil {
			return err
		}
		if now := data.TierOn(history, startDay); now != p.Tier {
			recs.TierChanges = []data.TierChange{{Student: st.ID, Date: startDay, To: p.Tier, Reason: "plan started: " + iv.Name}}
		}
		if err := s.SaveRecords(&recs); err != nil {
			return flagError(err, planFlagsByField)
		}
		return c.print(map[string]any{"student": st.LocalID, "plan": recs.Plans[0].ID.String(), "tier": p.Tier, "review": reviewDay.String()},
			func(w io.Writer) {
				fmt.Fprintf(w, "Started %s for %s (%s): %s, goal %s %s by %s, review on %s.\n", iv.Name, st.Name(), p.Tier.Label(),
					fmt.Sprintf("%d × %d minutes a week", sessions, minutes), strconv.FormatFloat(goal, 'f', -1, 64), m.Unit, goalDate, reviewDay)
				if len(recs.TierChanges) > 0 {
					fmt.Fprintf(w, "%s moved to %s from %s.\n", st.ShortName(), p.Tier.Label(), startDay)
				}
			})
	})
}

func interventionNamed(s *store.Store, name string) (data.Intervention, error) {
	list, err := s.Interventions()
	if err != nil {
		return data.Intervention{}, err
	}
	var names []string
	for _, iv := range list {
		if strings.EqualFold(iv.Name, strings.TrimSpace(name)) {
			return iv, nil
		}
		names = append(names, iv.Name)
	}
	if len(names) == 0 {
		return data.Intervention{}, usagef("--intervention: the school has no interventions yet: add one with 'tierline intervention add --name NAME'")
	}
	return data.Intervention{}, usagef("--intervention: no intervention named %s (the interventions are: %s)", data.Clip(name), strings.Join(names, ", "))
}
