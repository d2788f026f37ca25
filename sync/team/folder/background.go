package folder

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

// Background sync timings: on start, every few minutes, and shortly after a write (a burst of
// writes, such as a group's scores entered one after another, waits for the last).
const (
	SyncEvery      = 3 * time.Minute
	SyncAfterWrite = 15 * time.Second
)

// Syncer runs team sync in the background while the window is open. Every sync of the process
// goes through it, one at a time: two syncs at once would both publish the same segment.
type Syncer struct {
	store *store.Store
	now   func() time.Time
	// Every and AfterWrite are how often Run syncs and how long after a write (SyncEvery and
	// SyncAfterWrite unless set before Run).
	Every, AfterWrite time.Duration
	// OnSynced, when set, is told each outcome; it runs on the syncing goroutine.
	OnSynced func(Outcome)

	mu      sync.Mutex
	lastErr error // the last sync's failure, nil after a sync that worked
	wake    chan struct{}
}

// Outcome is where team sync stands after a sync, or after a write (then Report is empty).
type Outcome struct {
	InTeam bool
	Synced bool // a sync was tried (not only a look after a write)
	Status Status
	Report Report
	Err    error // the last sync's failure
}

// NewSyncer makes a syncer of the store; Run starts its background loop.
func NewSyncer(s *store.Store, now func() time.Time) *Syncer {
	if now == nil {
		now = time.Now
	}
	return &Syncer{store: s, now: now, Every: SyncEvery, AfterWrite: SyncAfterWrite, wake: make(chan struct{}, 1)}
}

// Once syncs now (nothing, when the store is in no team) and reports the outcome.
func (y *Syncer) Once() Outcome {
	y.mu.Lock()
	defer y.mu.Unlock()
	rep, err := Sync(y.store, y.now())
	if errors.Is(err, ErrNoTeam) {
		err = nil
	}
	y.lastErr = err
	o := y.outcome()
	o.Synced, o.Report = o.InTeam, rep
	y.tell(o)
	return o
}

// Peek reports where team sync stands without syncing: after a write, the changes now waiting.
func (y *Syncer) Peek() Outcome {
	y.mu.Lock()
	defer y.mu.Unlock()
	o := y.outcome()
	y.tell(o)
	return o
}

func (y *Syncer) outcome() Outcome {
	st, err := TeamStatus(y.store)
	switch {
	case errors.Is(err, ErrNoTeam):
		return Outcome{}
	case err != nil:
		return Outcome{InTeam: true, Err: err}
	}
	return Outcome{InTeam: true, Status: st, Err: y.lastErr}
}

func (y *Syncer) tell(o Outcome) {
	if y.OnSynced != nil {
		y.OnSynced(o)
	}
}

// Written says the store was written: Run syncs AfterWrite later. It never blocks.
func (y *Syncer) Written() {
	select {
	case y.wake <- struct{}{}:
	default:
	}
}

// Run syncs on start, every Every, and AfterWrite after a write, until ctx ends.
func (y *Syncer) Run(ctx context.Context) {
	y.Once()
	tick := time.NewTicker(y.Every)
	defer tick.Stop()
	soon := time.NewTimer(y.AfterWrite)
	soon.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			y.Once()
		case <-y.wake:
			soon.Reset(y.AfterWrite)
		case <-soon.C:
			y.Once()
		}
	}
}

// Line says the outcome in a few words, for the window's top bar: "Team: synced 9:40", "3
// changes waiting for the team folder", "Team folder not reachable: S:\MTSS"; empty when the
// store is in no team.
func (o Outcome) Line(today data.Date) string {
	switch {
	case !o.InTeam:
		return ""
	case data.ErrorCode(o.Err) == data.EUNAVAILABLE:
		return "Team folder not reachable: " + o.Status.Folder
	case o.Err != nil:
		return "Team sync failed: " + data.ErrorMessage(o.Err)
	case o.Status.Waiting == 1:
		return "1 change waiting for the team folder"
	case o.Status.Waiting > 1:
		return fmt.Sprintf("%d changes waiting for the team folder", o.Status.Waiting)
	case o.Status.LastSync.IsZero():
		return "Team: not synced yet"
	case data.DateOf(o.Status.LastSync) == today:
		return "Team: synced " + o.Status.LastSync.Local().Format("15:04")
	}
	return "Team: synced " + data.DateOf(o.Status.LastSync).Short()
}
