package hub

import (
	"sync"

	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/rollup"
)

// rollupCache keeps the district's roll-up of each window at the version
// the store gave it. A receipt that changes a window's current summaries
// raises its version (in any hub process on the store), and the next page
// computes that window again; the others stay.
type rollupCache struct {
	mu      sync.Mutex
	windows map[rollup.Window]cachedTotals
}

type cachedTotals struct {
	version uint64
	totals  rollup.Totals
}

// rollups returns the roll-ups of every window, of one school (not
// cached: a school's are small) or of the district, in time order.
func (s *Server) rollups(school string) ([]rollup.WindowTotals, error) {
	windows, err := s.store.Windows(school)
	if err != nil {
		return nil, err
	}
	out := make([]rollup.WindowTotals, 0, len(windows))
	for _, w := range windows {
		totals, err := s.windowTotals(w, school)
		if err != nil {
			return nil, err
		}
		out = append(out, rollup.WindowTotals{Window: w.Window, Totals: totals})
	}
	rollup.SortWindowTotals(out)
	return out, nil
}

func (s *Server) windowTotals(w hubstore.WindowVersion, school string) (rollup.Totals, error) {
	if school != "" {
		return s.store.Totals(w.Year, string(w.Window.Window), school)
	}
	c := &s.cache
	c.mu.Lock()
	cached, ok := c.windows[w.Window]
	c.mu.Unlock()
	if ok && cached.version == w.Version {
		return cached.totals, nil
	}
	totals, err := s.store.Totals(w.Year, string(w.Window.Window), "")
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	// Two pages may compute a window at once: the newer version stays.
	if prev, ok := c.windows[w.Window]; !ok || prev.version <= w.Version {
		c.windows[w.Window] = cachedTotals{w.Version, totals}
	}
	c.mu.Unlock()
	return totals, nil
}
