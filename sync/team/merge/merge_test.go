package merge_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/tierline/tierline/sync/team/merge"
)

// device is one simulated laptop: its own clock, the changes it made, and its merged state.
type device struct {
	name  string
	clock merge.Clock
	made  []merge.Change
	state *merge.State
}

var entities = []struct {
	name string
	kind merge.Kind
}{{"student", merge.Edited}, {"plan", merge.Edited}, {"measure", merge.Edited},
	{"score", merge.Logged}, {"session", merge.Logged}, {"tier", merge.Logged}}

// TestDevicesConverge: 3-5 devices make random edits of every kind, exchange them in random
// orders with duplicates and partial deliveries, and after everything is delivered all reach the
// same records and the same conflict list; no change is lost without a later one on its record.
func TestDevicesConverge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(3, 5).Draw(t, "devices")
		devs := make([]*device, n)
		for i := range devs {
			devs[i] = &device{name: fmt.Sprintf("dev%d", i), state: merge.New()}
		}
		var all []merge.Change
		now := int64(1000)
		steps := rapid.IntRange(1, 60).Draw(t, "steps")
		for step := range steps {
			d := devs[rapid.IntRange(0, n-1).Draw(t, "who")]
			// clocks disagree: each device's wall time may lag or run ahead
			now += rapid.Int64Range(-5, 5).Draw(t, "drift")
			if rapid.Bool().Draw(t, "sync") {
				from := devs[rapid.IntRange(0, n-1).Draw(t, "from")]
				got := rapid.SliceOfN(rapid.SampledFrom(append(from.made, merge.Change{ID: "none"})), 0, 10).Draw(t, "delivery")
				for _, c := range got {
					if c.ID == "none" {
						continue
					}
					d.clock = d.clock.Observe(c.Clock, now)
					d.state.Apply(c)
				}
				continue
			}
			e := entities[rapid.IntRange(0, len(entities)-1).Draw(t, "entity")]
			d.clock = d.clock.Tick(now)
			c := merge.Change{
				ID:      fmt.Sprintf("%s-%d", d.name, step),
				Device:  d.name,
				Clock:   d.clock,
				Kind:    e.kind,
				Ref:     merge.Ref{Entity: e.name, Key: fmt.Sprint(rapid.IntRange(0, 3).Draw(t, "key"))},
				Deleted: rapid.IntRange(0, 4).Draw(t, "delete") == 0,
			}
			if !c.Deleted {
				c.Body = []byte(fmt.Sprint(rapid.IntRange(0, 2).Draw(t, "value")))
				if head, ok := d.state.Winner(c.Ref); ok {
					c.Since = head.Epoch()
				}
			}
			if e.kind == merge.Logged {
				c.Parent = &merge.Ref{Entity: "student", Key: fmt.Sprint(rapid.IntRange(0, 3).Draw(t, "parent"))}
			}
			d.made = append(d.made, c)
			d.state.Apply(c)
			all = append(all, c)
		}
		for _, d := range devs {
			order := rapid.Permutation(all).Draw(t, "final order")
			d.state.Apply(order...)
			d.state.Apply(order[:len(order)/2]...) // duplicates change nothing
		}
		want, wantConflicts := devs[0].state.Records(), devs[0].state.Conflicts()
		for _, d := range devs[1:] {
			if got := d.state.Records(); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s records %v, dev0 %v", d.name, got, want)
			}
			if got := d.state.Conflicts(); !reflect.DeepEqual(got, wantConflicts) {
				t.Fatalf("%s conflicts %v, dev0 %v", d.name, got, wantConflicts)
			}
		}
		assertNothingLost(t, all, want, wantConflicts)
	})
}

// assertNothingLost: a change is either the record's winner, in the conflict list, superseded by
// a later change to the same record, or a logged duplicate of the winner's value.
func assertNothingLost(t *rapid.T, all, records []merge.Change, conflicts []merge.Conflict) {
	kept := map[string]bool{}
	winner := map[merge.Ref]merge.Change{}
	for _, c := range records {
		kept[c.ID] = true
		winner[c.Ref] = c
	}
	for _, c := range conflicts {
		kept[c.Change.ID] = true
	}
	latest := map[merge.Ref]merge.Change{}
	for _, c := range all {
		if l, ok := latest[c.Ref]; !ok || c.Compare(l) > 0 {
			latest[c.Ref] = c
		}
	}
	for _, c := range all {
		if kept[c.ID] || c.Deleted {
			continue
		}
		l := latest[c.Ref]
		if l.ID == c.ID {
			t.Fatalf("change %s is the latest of %v but not kept", c.ID, c.Ref)
		}
		if c.Kind == merge.Logged && !l.Deleted && string(l.Body) != string(c.Body) && !keptValue(conflicts, c) {
			t.Fatalf("logged change %s lost under %s", c.ID, l.ID)
		}
		if l.Deleted && c.Clock.Compare(l.Clock) > 0 && !keptLater(conflicts, c) {
			t.Fatalf("change %s, edited after the delete %s without knowing of it, is not listed", c.ID, l.ID)
		}
	}
}

// keptValue: the conflict list holds c's value for its record.
func keptValue(conflicts []merge.Conflict, c merge.Change) bool {
	return slices.ContainsFunc(conflicts, func(k merge.Conflict) bool {
		return k.Change.Ref == c.Ref && string(k.Change.Body) == string(c.Body)
	})
}

// keptLater: the conflict list holds an edit of c's record overridden by a delete, c or one
// that came after it.
func keptLater(conflicts []merge.Conflict, c merge.Change) bool {
	return slices.ContainsFunc(conflicts, func(k merge.Conflict) bool {
		return k.Change.Ref == c.Ref && k.Reason == merge.EditedWhileDeleted && k.Change.Compare(c) >= 0
	})
}

// TestDeleteWinsOverConcurrentEdit: laptop A deletes a student while laptop B, whose clock runs
// ahead and which has not seen the delete, edits them. The delete wins on both, whatever order
// the changes arrive in, and B's edit is in the conflict list. A put made after seeing the
// delete (the student entered again) wins over it.
func TestDeleteWinsOverConcurrentEdit(t *testing.T) {
	student := merge.Ref{Entity: "student", Key: "s1"}
	made := merge.Change{ID: "m", Device: "A", Clock: merge.Clock{Wall: 1}, Ref: student, Body: []byte("v1")}
	del := merge.Change{ID: "d", Device: "A", Clock: merge.Clock{Wall: 5}, Ref: student, Deleted: true}
	edit := merge.Change{ID: "e", Device: "B", Clock: merge.Clock{Wall: 9}, Ref: student, Body: []byte("v2"), Since: made.Epoch()}
	for _, order := range [][]merge.Change{{made, del, edit}, {made, edit, del}, {edit, del, made}} {
		s := merge.New()
		s.Apply(order...)
		if w, _ := s.Winner(student); w.ID != "d" {
			t.Fatalf("order %v: winner %s, want the delete", order, w.ID)
		}
		if c := s.Conflicts(); len(c) != 1 || c[0].Change.ID != "e" || c[0].Reason != merge.EditedWhileDeleted {
			t.Fatalf("order %v: conflicts %v, want B's edit", order, c)
		}
	}
	again := merge.Change{ID: "a", Device: "B", Clock: merge.Clock{Wall: 10}, Ref: student, Body: []byte("v3"), Since: del.Epoch()}
	s := merge.New()
	s.Apply(again, edit, del, made)
	if w, _ := s.Winner(student); w.ID != "a" {
		t.Fatalf("winner %s, want the put made after the delete", w.ID)
	}
	if c := s.Conflicts(); len(c) != 0 {
		t.Fatalf("conflicts %v, want none", c)
	}
}

func TestLoggedConflictKeepsBoth(t *testing.T) {
	score := merge.Ref{Entity: "score", Key: "s1|orf|2026-10-01"}
	a := merge.Change{ID: "a", Device: "A", Clock: merge.Clock{Wall: 10}, Kind: merge.Logged, Ref: score, Body: []byte("42")}
	b := merge.Change{ID: "b", Device: "B", Clock: merge.Clock{Wall: 11}, Kind: merge.Logged, Ref: score, Body: []byte("45")}
	s := merge.New()
	s.Apply(b, a, a)
	if r := s.Records(); len(r) != 1 || r[0].ID != "b" {
		t.Fatalf("records %v, want b", r)
	}
	if c := s.Conflicts(); len(c) != 1 || c[0].Change.ID != "a" || c[0].Reason != merge.LoggedTwice {
		t.Fatalf("conflicts %v, want a listed", c)
	}
}

func TestDeleteListsOrphans(t *testing.T) {
	student := merge.Ref{Entity: "student", Key: "s1"}
	put := merge.Change{ID: "p", Device: "A", Clock: merge.Clock{Wall: 1}, Ref: student, Body: []byte("x")}
	score := merge.Change{ID: "sc", Device: "B", Clock: merge.Clock{Wall: 2}, Kind: merge.Logged,
		Ref: merge.Ref{Entity: "score", Key: "k"}, Body: []byte("9"), Parent: &student}
	del := merge.Change{ID: "d", Device: "A", Clock: merge.Clock{Wall: 3}, Ref: student, Deleted: true}
	s := merge.New()
	s.Apply(score, del, put)
	if r := s.Records(); len(r) != 1 || r[0].ID != "sc" {
		t.Fatalf("records %v, want only the score", r)
	}
	if c := s.Conflicts(); len(c) != 1 || c[0].Change.ID != "sc" || c[0].Reason != merge.Orphaned {
		t.Fatalf("conflicts %v, want the orphaned score", c)
	}
}

func TestClockOrdersCausally(t *testing.T) {
	var a, b merge.Clock
	a = a.Tick(100)
	b = b.Observe(a, 50) // b's wall clock lags behind a's
	if b.Compare(a) <= 0 {
		t.Fatalf("observed clock %v not after %v", b, a)
	}
	if next := b.Tick(50); next.Compare(b) <= 0 {
		t.Fatalf("tick %v not after %v", next, b)
	}
}

// BenchmarkApply50000: a term of another device's changes (50,000 scores, sessions and edits on
// 2,000 records) folded into a state. The store's apply adds the transaction on top.
func BenchmarkApply50000(b *testing.B) {
	changes := make([]merge.Change, 50000)
	for i := range changes {
		e := entities[i%len(entities)]
		changes[i] = merge.Change{ID: fmt.Sprint(i), Device: "remote", Clock: merge.Clock{Wall: int64(i)},
			Kind: e.kind, Ref: merge.Ref{Entity: e.name, Key: fmt.Sprint(i % 2000)}, Body: []byte(fmt.Sprint(i % 7))}
	}
	for b.Loop() {
		s := merge.New()
		s.Apply(changes...)
		_ = s.Conflicts()
	}
}
