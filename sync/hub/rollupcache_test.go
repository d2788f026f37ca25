package hub_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/hubtest"
	"github.com/tierline/tierline/sync/hub/rollup"
)

// countingStore counts the roll-ups asked of the store.
type countingStore struct {
	hubstore.Store
	totals atomic.Int64
}

func (s *countingStore) Totals(year, window, school string) (rollup.Totals, error) {
	s.totals.Add(1)
	return s.Store.Totals(year, window, school)
}

// The district's roll-ups are computed once per window and again only for
// a window a receipt changed.
func TestRollupsAreCachedPerWindow(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	st := &countingStore{Store: hubtest.OpenStore(t)}
	token, err := st.Enroll("0123", "Oak Street Elementary", now)
	if err != nil {
		t.Fatal(err)
	}
	h := serveOn(t, st, token, now)
	for i, w := range []data.WindowName{data.Fall, data.Winter} {
		if a := h.post(t, token, uuid.NewString(), uint64(i+1), summaryJSON(t, 2025, w)); a.status != 201 {
			t.Fatalf("post: %d %s", a.status, a.body)
		}
	}
	b, _ := signIn(t, h, "correct horse battery") // and shown the district page
	if n := st.totals.Load(); n != 2 {
		t.Errorf("the first district page asked for %d roll-ups, want 2 (one per window)", n)
	}
	asked := func(path string) int64 {
		before := st.totals.Load()
		if status, _ := b.get(path); status != 200 {
			t.Fatalf("%s: %d", path, status)
		}
		return st.totals.Load() - before
	}
	if n := asked("/"); n != 0 {
		t.Errorf("the district page again asked for %d roll-ups, want 0 (cached)", n)
	}
	if n := asked("/?dimension=el&grade=2"); n != 0 {
		t.Errorf("another view of the district asked for %d roll-ups, want 0 (cached)", n)
	}
	if a := h.post(t, token, uuid.NewString(), 3, summaryJSON(t, 2025, data.Winter)); a.status != 201 {
		t.Fatalf("post: %d %s", a.status, a.body)
	}
	if n := asked("/"); n != 1 {
		t.Errorf("after a winter correction the page asked for %d roll-ups, want 1 (winter's)", n)
	}
}
