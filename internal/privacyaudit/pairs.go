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

// Pair is a window's summary as first sent and as corrected after one
// student's make-up score (the target) and the changes of other students
// that let the correction go (k or more changed students in all);
// Result is the target's band (at/above benchmark or not), which the
// differencing attacker guesses, knowing the target's grade and groups.
type Pair struct {
	Name    string            `json:"name"`
	Measure string            `json:"measure"`
	Before  json.RawMessage   `json:"before"`
	After   json.RawMessage   `json:"after"`
	Result  bool              `json:"at_or_above"`
	Grade   string            `json:"grade"`
	Groups  map[string]string `json:"groups"`
	Changed int               `json:"changed"`
}

// WritePairs writes count simulated make-up scores, spread over the
// schools' windows, to dir/pairs.json. With each make-up score, k − 1 to
// 2k − 1 other students of the window get theirs too (a correction waits
// for k changed students): the first version leaves them all out, the
// correction is summary.Correct's.
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
		target := snap.Scores[inWindow[rng.IntN(len(inWindow))]]
		m := measureOf(snap, target.Measure)
		cut, ok := m.Cut(target.Grade, w.Name)
		if !ok || m.Code == "" {
			continue
		}
		k := snap.Settings.K
		others := map[data.ID]bool{}
		for range k - 1 + rng.IntN(k) {
			others[snap.Scores[inWindow[rng.IntN(len(inWindow))]].Student] = true
		}
		delete(others, target.Student)
		before := snap
		before.Scores = slices.DeleteFunc(slices.Clone(snap.Scores), func(sc data.Score) bool {
			return sc == target || (others[sc.Student] && sc.Kind == data.Screening && sc.Date.Within(w.Start, w.End))
		})
		b, a, changed, err := correction(before, snap, year, w)
		if err != nil {
			return err
		}
		st := studentOf(snap, target.Student)
		groups := map[string]string{}
		for _, d := range summary.Dimensions {
			groups[string(d)] = st.GroupValue(d)
		}
		pairs = append(pairs, Pair{Name: fmt.Sprintf("%s-%s-%d", name, w.Name, len(pairs)), Measure: m.Code,
			Before: b, After: a, Result: m.BandOf(target.Value, cut) == data.AtOrAbove, Grade: string(target.Grade), Groups: groups, Changed: changed})
	}
	js, err := json.Marshal(pairs)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "pairs.json"), js, 0o600)
}

// correction builds the first send of a window from before and its
// correction from after, as the school would send them.
func correction(before, after data.Snapshot, year data.SchoolYear, w data.Window) (first, corrected json.RawMessage, changed int, err error) {
	b, err := summary.Build(before, year, w.Name, Today)
	if err != nil {
		return nil, nil, 0, err
	}
	a, err := summary.Build(after, year, w.Name, Today)
	if err != nil {
		return nil, nil, 0, err
	}
	c, rep := summary.Correct(b, summary.Ledger(before, year, w.Name, w.End), a, summary.Ledger(after, year, w.Name, w.End))
	if first, err = b.JSON(); err != nil {
		return nil, nil, 0, err
	}
	corrected, err = c.JSON()
	return first, corrected, rep.Changed, err
}

func studentOf(snap data.Snapshot, id data.ID) data.Student {
	for _, s := range snap.Students {
		if s.ID == id {
			return s
		}
	}
	return data.Student{}
}

func measureOf(snap data.Snapshot, id data.ID) data.Measure {
	for _, m := range snap.Measures {
		if m.ID == id {
			return m
		}
	}
	return data.Measure{}
}
