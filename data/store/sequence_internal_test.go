package store

import (
	"math"
	"path/filepath"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
)

// TestTheOutboxSequenceNeverWraps: a store whose counter an old hub's
// answer set to 2⁶⁴−1 (issue 22 item 2) queued its next summary as 0,
// which every hub refuses. Now the counter starts low again and a send
// renumbers above the hub's highest.
func TestTheOutboxSequenceNeverWraps(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "tierline.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.update(func(tx *bbolt.Tx) error { return tx.Bucket(bucketOutbox).SetSequence(math.MaxUint64) }); err != nil {
		t.Fatal(err)
	}
	sub, err := s.Queue("2025-2026", data.Fall, []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if sub.Sequence == 0 || sub.Sequence > data.MaxSequence {
		t.Fatalf("queued with sequence %d", sub.Sequence)
	}
	if err := s.Resequence(math.MaxUint64); err != data.ErrHubSequence {
		t.Fatalf("a hub at 2⁶⁴−1: %v", err)
	}
	// A counter far above the hub's highest (the district reset it) comes down.
	if err := s.update(func(tx *bbolt.Tx) error { return tx.Bucket(bucketOutbox).SetSequence(data.MaxSequence) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Queue("2025-2026", data.Winter, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.Resequence(7); err != nil {
		t.Fatal(err)
	}
	waiting, err := s.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	if len(waiting) != 2 || waiting[0].Sequence != 8 || waiting[1].Sequence != 9 || waiting[1].Window != data.Winter {
		t.Fatalf("after resequencing above 7: %+v", waiting)
	}
}
