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
	// Since is, for a put, the clock of the latest delete of the record its device had seen
	// when it wrote it (zero: none); see Compare.
	Since Clock
}

// Epoch is the delete a change comes after: a tombstone's own clock, a put's Since. A put
// written over c takes c's Epoch as its Since.
func (c Change) Epoch() Clock {
	if c.Deleted {
		return c.Clock
	}
	return c.Since
}

// Compare orders changes to one record. A delete wins over every put written without knowledge
// of it, whatever the clocks say (DESIGN §10: a delete wins over concurrent edits): changes are
// ordered first by the delete they come after (a tombstone comes after itself), so a put beats a
// tombstone only when its device had seen that tombstone (re-entering a deleted score). Within
// one epoch the later clock wins, then the device, then the id, so ties between devices break
// the same way everywhere. It is a total order, so each record's winner is the maximum of its
// changes whatever order they arrive in.
func (c Change) Compare(o Change) int {
	if r := c.Epoch().Compare(o.Epoch()); r != 0 {
		return r
	}
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
	// EditedWhileDeleted: the record was deleted on one device while another, not knowing,
	// edited it later; the delete wins and the edit is kept here.
	EditedWhileDeleted ConflictReason = "edited elsewhere while it was deleted"
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
	// each record's greatest put, kept when a tombstone wins so an edit the delete overrode is
	// listed, not lost
	puts map[Ref]Change
}

// New returns an empty state.
func New() *State {
	return &State{seen: map[string]bool{}, winners: map[Ref]Change{}, logged: map[Ref][]Change{}, puts: map[Ref]Change{}}
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
		if old, ok := s.puts[c.Ref]; !c.Deleted && (!ok || c.Compare(old) > 0) {
			s.puts[c.Ref] = c
		}
	}
	return added
}

// Winner returns the winning change of a record, and false when no change of it was seen.
func (s *State) Winner(ref Ref) (Change, bool) {
	c, ok := s.winners[ref]
	return c, ok
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
// records (one per value, its latest change), edits a concurrent delete overrode, and live
// records whose parent was deleted (they stay in Records too, so nothing is lost; the list tells
// the coordinator to look).
func (s *State) Conflicts() []Conflict {
	var out []Conflict
	for ref, all := range s.logged {
		winner := s.winners[ref]
		if winner.Deleted {
			continue // the record was deleted on purpose; its old values are not in dispute
		}
		latest := map[string]Change{} // value → its greatest change
		for _, c := range all {
			if old, ok := latest[string(c.Body)]; !c.Deleted && !bytes.Equal(c.Body, winner.Body) && (!ok || c.Compare(old) > 0) {
				latest[string(c.Body)] = c
			}
		}
		for _, c := range latest {
			out = append(out, Conflict{Change: c, Reason: LoggedTwice})
		}
	}
	for ref, winner := range s.winners {
		// A put later by the clock than the tombstone that beat it was written without knowing of
		// the delete: a concurrent edit.
		if p, ok := s.puts[ref]; winner.Deleted && ok && p.Clock.Compare(winner.Clock) > 0 {
			out = append(out, Conflict{Change: p, Reason: EditedWhileDeleted})
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
