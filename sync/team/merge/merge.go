// Package merge is the deterministic merge of team sync: given the changes every device has
// made, it computes one state that every device reaches whatever order, duplicates or delays the
// changes arrive in. It does no I/O; the store and the folder transport feed it changes.
//
// The state is a function of the set of changes seen, never of their order: each key's winner is
// the maximum of its changes by (clock, device, change id), so folding the same set in any order
// gives the same state.
package merge

import (
	"bytes"
	"cmp"
	"slices"
)

// Clock is a hybrid logical clock: wall time in milliseconds and a counter for events within one
// millisecond or after a remote clock ran ahead, so causally later changes always compare later
// even when laptops' clocks disagree.
type Clock struct {
	Wall    int64
	Logical uint32
}

// Compare orders clocks: wall time first, then the counter.
func (c Clock) Compare(o Clock) int {
	if r := cmp.Compare(c.Wall, o.Wall); r != 0 {
		return r
	}
	return cmp.Compare(c.Logical, o.Logical)
}

// Tick returns the clock for a local event at wall time now (milliseconds).
func (c Clock) Tick(now int64) Clock {
	if now > c.Wall {
		return Clock{Wall: now}
	}
	return Clock{Wall: c.Wall, Logical: c.Logical + 1}
}

// Observe returns the clock after receiving a remote clock at wall time now, so the next local
// event is later than everything seen.
func (c Clock) Observe(remote Clock, now int64) Clock {
	next := c
	if remote.Compare(next) > 0 {
		next = remote
	}
	if now > next.Wall {
		return Clock{Wall: now}
	}
	return Clock{Wall: next.Wall, Logical: next.Logical + 1}
}

// Kind says how an entity merges.
type Kind int

const (
	// Edited records (student, plan, measure, intervention, settings): last writer wins.
	Edited Kind = iota
	// Logged records (scores, sessions, tier changes, decisions): kept by natural key; a second
	// value for one key is a conflict, never dropped.
	Logged
)

// Ref names one record: its entity (e.g. "student") and its key (record id or natural key).
type Ref struct {
	Entity string
	Key    string
}

func (r Ref) compare(o Ref) int {
	if c := cmp.Compare(r.Entity, o.Entity); c != 0 {
		return c
	}
	return cmp.Compare(r.Key, o.Key)
}

// Change is one write on one device.
type Change struct {
	ID      string // unique per change (a UUID v7 in the store)
	Device  string
	Clock   Clock
	Kind    Kind
	Ref     Ref
	Deleted bool   // a tombstone
	Body    []byte // the record's encoding; empty for a tombstone
	Parent  *Ref   // the record this one belongs to (a score's student), if any
}

// Compare orders changes to one record: the later clock wins, then the device, then the id, so
// ties between devices break the same way everywhere.
func (c Change) Compare(o Change) int {
	if r := c.Clock.Compare(o.Clock); r != 0 {
		return r
	}
	if r := cmp.Compare(c.Device, o.Device); r != 0 {
		return r
	}
	return cmp.Compare(c.ID, o.ID)
}

// ConflictReason says why a change is in the conflict list.
type ConflictReason string

const (
	// LoggedTwice: another value for the same logged record won; this one is kept here.
	LoggedTwice ConflictReason = "another value for the same record"
	// Orphaned: the record's parent was deleted; the record is kept here, not lost.
	Orphaned ConflictReason = "its parent was deleted"
)

// Conflict is a change the merge did not keep in the state, with the reason, so the coordinator
// can look at it and undo.
type Conflict struct {
	Change Change
	Reason ConflictReason
}

// State is the merged result of a set of changes.
type State struct {
	seen    map[string]bool
	winners map[Ref]Change
	// every change to a logged record, so its conflicts are computed from the set, not from the
	// order the changes arrived in
	logged map[Ref][]Change
}

// New returns an empty state.
func New() *State {
	return &State{seen: map[string]bool{}, winners: map[Ref]Change{}, logged: map[Ref][]Change{}}
}

// Apply folds changes into the state; a change already seen is ignored, so delivering a
// segment twice is harmless. It reports how many changes were new.
func (s *State) Apply(changes ...Change) int {
	added := 0
	for _, c := range changes {
		if s.seen[c.ID] {
			continue
		}
		s.seen[c.ID] = true
		added++
		if c.Kind == Logged {
			s.logged[c.Ref] = append(s.logged[c.Ref], c)
		}
		if old, ok := s.winners[c.Ref]; !ok || c.Compare(old) > 0 {
			s.winners[c.Ref] = c
		}
	}
	return added
}

// Records returns the live records (winners that are not tombstones), ordered by record.
func (s *State) Records() []Change {
	var out []Change
	for _, c := range s.winners {
		if !c.Deleted {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b Change) int { return a.Ref.compare(b.Ref) })
	return out
}

// Conflicts lists what the merge set aside, in a deterministic order: losing values of logged
// records, and live records whose parent was deleted (they stay in Records too, so nothing is
// lost; the list tells the coordinator to look).
func (s *State) Conflicts() []Conflict {
	var out []Conflict
	for ref, all := range s.logged {
		winner := s.winners[ref]
		if winner.Deleted {
			continue // the record was deleted on purpose; its old values are not in dispute
		}
		for _, c := range all {
			if !c.Deleted && !bytes.Equal(c.Body, winner.Body) {
				out = append(out, Conflict{Change: c, Reason: LoggedTwice})
			}
		}
	}
	for _, c := range s.winners {
		if c.Deleted || c.Parent == nil {
			continue
		}
		if p, ok := s.winners[*c.Parent]; ok && p.Deleted {
			out = append(out, Conflict{Change: c, Reason: Orphaned})
		}
	}
	slices.SortFunc(out, func(a, b Conflict) int {
		if r := a.Change.Ref.compare(b.Change.Ref); r != 0 {
			return r
		}
		if r := cmp.Compare(a.Reason, b.Reason); r != 0 {
			return r
		}
		return a.Change.Compare(b.Change)
	})
	return out
}

// Winners returns every record's winning change, tombstones included, ordered by record: what a
// store writes (a put) or removes (a tombstone) to reach the merged state.
func (s *State) Winners() []Change {
	out := make([]Change, 0, len(s.winners))
	for _, c := range s.winners {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Change) int { return a.Ref.compare(b.Ref) })
	return out
}
