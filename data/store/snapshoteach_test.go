package store_test

import (
	"reflect"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

// SnapshotEachSession reads the school Snapshot reads, its sessions passed
// one by one in the same order instead of gathered.
func TestSnapshotEachSessionPassesTheSnapshotsSessionsInOrder(t *testing.T) {
	s, err := store.Open(demoStoreFile(t))
	must(t, err)
	defer s.Close()
	whole, err := s.Snapshot()
	must(t, err)
	var passed []data.Session
	snap, err := s.SnapshotEachSession(func(ss data.Session) { passed = append(passed, ss) })
	must(t, err)
	if snap.Sessions != nil {
		t.Fatalf("%d sessions gathered", len(snap.Sessions))
	}
	if len(passed) == 0 || !reflect.DeepEqual(passed, whole.Sessions) {
		t.Fatalf("%d sessions passed, the snapshot has %d (or their order differs)", len(passed), len(whole.Sessions))
	}
	whole.Sessions = nil
	if !reflect.DeepEqual(snap, whole) {
		t.Fatal("the other records differ from the snapshot's")
	}
}
