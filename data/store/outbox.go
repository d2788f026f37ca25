package store

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/tierline/tierline/data"
	bolt "go.etcd.io/bbolt"
)

// The outbox holds summaries waiting for the district hub, keyed by their
// sequence (big-endian, so oldest first); the sync bucket holds the hub
// settings and the delivery status.
var (
	bucketOutbox = []byte("outbox")
	bucketSync   = []byte("sync")
	keyHub       = []byte("hub")
	keyStatus    = []byte("status")
)

// Hub returns the hub settings (empty when not set up).
func (s *Store) Hub() (data.Hub, error) {
	var h data.Hub
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		h, _, err = get[data.Hub](tx.Bucket(bucketSync), keyHub)
		return err
	})
	return h, err
}

// SetHub saves the hub settings. Changing the hub clears the last error,
// which was about the old one.
func (s *Store) SetHub(h data.Hub) error {
	if err := h.Validate(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSync)
		st, _, err := get[data.SyncStatus](b, keyStatus)
		if err != nil {
			return err
		}
		st.LastError, st.Online, st.NextTry = "", false, time.Time{}
		if err := put(b, keyStatus, st); err != nil {
			return err
		}
		return put(b, keyHub, h)
	})
}

// SyncStatus returns the delivery status and the number of summaries waiting.
func (s *Store) SyncStatus() (data.SyncStatus, int, error) {
	var st data.SyncStatus
	pending := 0
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		st, _, err = get[data.SyncStatus](tx.Bucket(bucketSync), keyStatus)
		pending = tx.Bucket(bucketOutbox).Stats().KeyN
		return err
	})
	return st, pending, err
}

// SetSyncStatus records the outcome of a delivery attempt.
func (s *Store) SetSyncStatus(st data.SyncStatus) error {
	return s.update(func(tx *bolt.Tx) error { return put(tx.Bucket(bucketSync), keyStatus, st) })
}

// Queue puts a summary in the outbox with a new submission id and the
// school's next sequence, in one transaction. A summary of the same window
// still waiting is replaced: the hub would keep only the newer one.
func (s *Store) Queue(year string, window data.WindowName, body []byte) (data.Submission, error) {
	sub := data.Submission{ID: data.NewID(), Year: year, Window: window, Queued: s.Now().UTC(), Body: body}
	if err := s.update(func(tx *bolt.Tx) error { return queueTx(tx, &sub) }); err != nil {
		return data.Submission{}, fmt.Errorf("queue the %s summary: %w", sub.Label(), err)
	}
	return sub, nil
}

// queueTx puts sub in the outbox under the next sequence, replacing a
// waiting summary of the same window.
func queueTx(tx *bolt.Tx, sub *data.Submission) error {
	b := tx.Bucket(bucketOutbox)
	waiting, err := list[data.Submission](b)
	if err != nil {
		return err
	}
	for _, w := range waiting {
		if w.Year == sub.Year && w.Window == sub.Window {
			if err := b.Delete(sequenceKey(w.Sequence)); err != nil {
				return err
			}
		}
	}
	if b.Sequence() >= data.MaxSequence {
		// Left by a hub that took any sequence: start low again, above
		// the summaries still waiting, for the next send's Resequence to
		// lift above the hub's highest; never wrap.
		var restart uint64
		for _, w := range waiting {
			if w.Sequence < data.MaxSequence {
				restart = max(restart, w.Sequence)
			}
		}
		if err := b.SetSequence(restart); err != nil {
			return err
		}
	}
	if sub.Sequence, err = b.NextSequence(); err != nil {
		return err
	}
	return put(b, sequenceKey(sub.Sequence), *sub)
}

// Outbox lists the waiting summaries, oldest first.
func (s *Store) Outbox() ([]data.Submission, error) {
	var out []data.Submission
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = list[data.Submission](tx.Bucket(bucketOutbox))
		return err
	})
	return out, err
}

// Delivered removes a summary the hub has acknowledged and records the
// success. The sequence is part of the key, so a summary renumbered since
// it was read is found by its id.
func (s *Store) Delivered(id data.ID, at time.Time) error {
	return s.leaveOutbox(id, func(st *data.SyncStatus) {
		st.LastSent, st.LastAttempt, st.Online, st.LastError, st.NextTry = at, at, true, "", time.Time{}
	})
}

// Refused removes a summary the hub will never accept, recording why in
// the status. Nothing a teacher typed is lost: a summary is rebuilt from
// the school's data whenever it is queued again.
func (s *Store) Refused(id data.ID, reason string, at time.Time) error {
	return s.leaveOutbox(id, func(st *data.SyncStatus) {
		st.LastAttempt, st.Online, st.LastError = at, true, reason
	})
}

// leaveOutbox removes a summary and updates the status in one transaction.
func (s *Store) leaveOutbox(id data.ID, update func(st *data.SyncStatus)) error {
	return s.update(func(tx *bolt.Tx) error {
		if err := deleteSubmission(tx, id); err != nil {
			return err
		}
		b := tx.Bucket(bucketSync)
		st, _, err := get[data.SyncStatus](b, keyStatus)
		if err != nil {
			return err
		}
		update(&st)
		return put(b, keyStatus, st)
	})
}

func deleteSubmission(tx *bolt.Tx, id data.ID) error {
	b := tx.Bucket(bucketOutbox)
	waiting, err := list[data.Submission](b)
	if err != nil {
		return err
	}
	for _, w := range waiting {
		if w.ID == id {
			return b.Delete(sequenceKey(w.Sequence))
		}
	}
	return nil // already gone: a second acknowledgement of the same summary
}

// Resequence renumbers the waiting summaries, in order, above the highest
// sequence the hub has seen from this school. It is needed when the store
// was restored from a backup older than the last delivery: its sequence
// counter went back, and the hub would take its new summaries for old ones.
// A counter too far above the hub's highest (past data.MaxSequence, or
// data.MaxSequenceAhead above it, after the district reset the school's
// sequence) comes down to just above it, which the hub accepts. A hub's
// highest past data.MaxSequence is refused: nothing is above it.
func (s *Store) Resequence(hubHighest uint64) error {
	if hubHighest > data.MaxSequence {
		return data.ErrHubSequence
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		waiting, err := list[data.Submission](b)
		if err != nil {
			return err
		}
		ceiling := hubHighest + data.MaxSequenceAhead
		ahead := b.Sequence() > ceiling
		behind := b.Sequence() < hubHighest
		for _, w := range waiting {
			behind = behind || w.Sequence <= hubHighest
			ahead = ahead || w.Sequence > ceiling
		}
		if !behind && !ahead {
			return nil
		}
		next := max(b.Sequence(), hubHighest)
		if ahead {
			next = hubHighest
		}
		if err := b.SetSequence(next); err != nil {
			return err
		}
		// Every waiting summary moves, so that they keep their order.
		for _, w := range waiting {
			if err := b.Delete(sequenceKey(w.Sequence)); err != nil {
				return err
			}
		}
		for _, w := range waiting {
			if w.Sequence, err = b.NextSequence(); err != nil {
				return err
			}
			if err := put(b, sequenceKey(w.Sequence), w); err != nil {
				return err
			}
		}
		return nil
	})
}

func sequenceKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }
