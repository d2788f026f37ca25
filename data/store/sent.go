package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
)

// Each window's last sent summary and what it counted of each student
// (data.SentWindow), keyed "year/window": a correction is decided against
// it. Kept only here, like the record keys.
var bucketSentWindows = []byte("sent_windows")

func sentKey(year string, window data.WindowName) []byte { return []byte(year + "/" + string(window)) }

// SentWindow returns the record of the last summary queued of a window.
func (s *Store) SentWindow(year string, window data.WindowName) (sent data.SentWindow, found bool, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		sent, found, err = get[data.SentWindow](tx.Bucket(bucketSentWindows), sentKey(year, window))
		return err
	})
	return sent, found, err
}

// QueueSent puts a window's summary in the outbox and keeps its record
// as the window's last sent version, in one transaction: a crash leaves
// both or neither.
func (s *Store) QueueSent(sent data.SentWindow) (data.Submission, error) {
	sub := data.Submission{ID: data.NewID(), Year: sent.Year, Window: sent.Window, Queued: s.Now().UTC(), Body: sent.Body}
	err := s.update(func(tx *bolt.Tx) error {
		if err := queueTx(tx, &sub); err != nil {
			return err
		}
		return put(tx.Bucket(bucketSentWindows), sentKey(sent.Year, sent.Window), sent)
	})
	if err != nil {
		return data.Submission{}, fmt.Errorf("queue the %s summary: %w", sub.Label(), err)
	}
	return sub, nil
}
