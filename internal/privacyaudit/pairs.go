package privacyaudit

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/summary"
)

// Pair is a summary sent before and after one student's make-up score:
// the same window, one screening score more; Result is that score's band
// (at/above benchmark or not), which the differencing attacker guesses.
type Pair struct {
	Name    string          `json:"name"`
	Measure string          `json:"measure"`
	Before  json.RawMessage `json:"before"`
	After   json.RawMessage `json:"after"`
	Result  bool            `json:"at_or_above"`
}

// WritePairs writes count simulated make-up scores, spread over the
// schools' windows, to dir/pairs.json.
func WritePairs(dir string, schools map[string]data.Snapshot, count int) error {
	names := make([]string, 0, len(schools))
	for n := range schools {
		names = append(names, n)
	}
	slices.Sort(names)
	rng := rand.New(rand.NewPCG(16, 2026))
	var pairs []Pair
	for len(pairs) < count {
		name := names[rng.IntN(len(names))]
		snap := schools[name]
		year := snap.Settings.CurrentYear(Today)
		w := year.Windows[rng.IntN(len(year.Windows))]
		var inWindow []int
		for i, sc := range snap.Scores {
			if sc.Kind == data.Screening && !sc.Date.Before(w.Start) && !sc.Date.After(w.End) {
				inWindow = append(inWindow, i)
			}
		}
		if len(inWindow) == 0 {
			continue
		}
		drop := inWindow[rng.IntN(len(inWindow))]
		sc := snap.Scores[drop]
		m := measureOf(snap, sc.Measure)
		cut, ok := m.Cut(sc.Grade, w.Name)
		if !ok || m.Code == "" {
			continue
		}
		before := snap
		before.Scores = slices.Delete(slices.Clone(snap.Scores), drop, drop+1)
		b, err := build(before, year, w.Name)
		if err != nil {
			return err
		}
		a, err := build(snap, year, w.Name)
		if err != nil {
			return err
		}
		pairs = append(pairs, Pair{Name: fmt.Sprintf("%s-%s-%d", name, w.Name, len(pairs)), Measure: m.Code,
			Before: b, After: a, Result: m.BandOf(sc.Value, cut) == data.AtOrAbove})
	}
	js, err := json.Marshal(pairs)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "pairs.json"), js, 0o600)
}

func build(snap data.Snapshot, year data.SchoolYear, w data.WindowName) (json.RawMessage, error) {
	s, err := summary.Build(snap, year, w, Today)
	if err != nil {
		return nil, err
	}
	return s.JSON()
}

func measureOf(snap data.Snapshot, id data.ID) data.Measure {
	for _, m := range snap.Measures {
		if m.ID == id {
			return m
		}
	}
	return data.Measure{}
}
