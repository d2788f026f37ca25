package main

import (
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync"
)

func init() {
	commands["summary"] = command{"--window fall|winter|spring [--year Y]", "print the de-identified summary a window would send to the district", runSummary}
}

func runSummary(c *cli, args []string) error {
	fs := c.flags("summary")
	windowName := fs.String("window", "", "fall, winter or spring")
	yearLabel := fs.String("year", "", "the school year (2026 or 2026-2027; default: the current one)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	window, err := data.ParseWindowName(*windowName)
	if err != nil {
		return usageError{err.Error()}
	}
	return c.withStore(func(s *store.Store) error {
		snap, err := s.Snapshot()
		if err != nil {
			return err
		}
		year, err := c.schoolYear(snap.Settings, *yearLabel)
		if err != nil {
			return err
		}
		summary, err := sync.Build(snap, year, window, c.today())
		if err != nil {
			return err
		}
		b, err := summary.JSON()
		if err != nil {
			return err
		}
		_, err = c.stdout.Write(b)
		return err
	})
}
