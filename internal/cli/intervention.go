package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

func runIntervention(c *invocation, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("expected add or list")
	}
	verb, args := args[0], args[1:]
	fs := c.flags("intervention " + verb)
	var iv data.Intervention
	var area string
	var tier int
	if verb == "add" {
		fs.StringVar(&iv.Name, "name", "", "the intervention's name")
		fs.StringVar(&area, "area", "reading", "reading, math, behavior, attendance or sel")
		fs.IntVar(&tier, "tier", 2, "the tier it serves: 2 or 3")
		fs.IntVar(&iv.SessionsPerWeek, "sessions", 3, "sessions a week (1 to 10)")
		fs.IntVar(&iv.MinutesPerSession, "minutes", 30, "minutes a session (5 to 180)")
		fs.StringVar(&iv.Description, "description", "", "what it is, for the team")
	}
	if _, err := parse(fs, args); err != nil {
		return err
	}
	switch verb {
	case "list":
		return c.withStore(func(s *store.Store) error { return c.listInterventions(s) })
	case "add":
		iv.Area, iv.Tier = data.Area(strings.ToLower(strings.TrimSpace(area))), data.Tier(tier)
		return c.withStore(func(s *store.Store) error {
			if _, err := requireSchool(s); err != nil {
				return err
			}
			if err := s.SaveIntervention(&iv); err != nil {
				return flagError(err, map[string]string{"name": "--name", "area": "--area", "tier": "--tier",
					"sessions per week": "--sessions", "minutes per session": "--minutes", "description": "--description"})
			}
			return c.print(map[string]any{"name": iv.Name, "tier": iv.Tier, "area": iv.Area}, func(w io.Writer) {
				fmt.Fprintf(w, "Added the intervention %s (%s, %s, %d × %d minutes a week).\n", iv.Name, iv.Tier.Label(), iv.Area, iv.SessionsPerWeek, iv.MinutesPerSession)
			})
		})
	}
	return usagef("unknown intervention command %q: expected add or list", verb)
}

func (c *invocation) listInterventions(s *store.Store) error {
	if _, err := requireSchool(s); err != nil {
		return err
	}
	list, err := s.Interventions()
	if err != nil {
		return err
	}
	type jsonIntervention struct {
		Name        string    `json:"name"`
		Area        data.Area `json:"area"`
		Tier        data.Tier `json:"tier"`
		Sessions    int       `json:"sessions_per_week"`
		Minutes     int       `json:"minutes_per_session"`
		Description string    `json:"description"`
	}
	out := make([]jsonIntervention, len(list))
	for i, iv := range list {
		out[i] = jsonIntervention{iv.Name, iv.Area, iv.Tier, iv.SessionsPerWeek, iv.MinutesPerSession, iv.Description}
	}
	return c.print(out, func(w io.Writer) {
		if len(list) == 0 {
			fmt.Fprintln(w, "No interventions yet: add one with 'tierline intervention add --name NAME --tier 2 --sessions 3 --minutes 30'.")
		}
		for _, iv := range list {
			fmt.Fprintf(w, "%s: %s, %s, %d × %d minutes a week\n", iv.Name, iv.Tier.Label(), iv.Area, iv.SessionsPerWeek, iv.MinutesPerSession)
		}
	})
}
