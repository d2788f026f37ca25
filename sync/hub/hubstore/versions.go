package hubstore

import (
	"bytes"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"
)

// Every summary a school sends is kept as a version of its window, so
// that the dashboard can say what changed since a date and when each
// window first arrived: a correction replaces the current summary, never
// the history.
var bucketVersions = []byte("versions") // code 0 year 0 window 0 sequence → Current record

func versionKey(school, year, window string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(append(joinKey(school, year, window), 0), seq)
}

// putVersion keeps a received summary as a version of its window.
func putVersion(tx *bolt.Tx, c Current, year, window string) error {
	return tx.Bucket(bucketVersions).Put(versionKey(c.School, year, window, c.Sequence), c.marshal())
}

// ensureVersions makes the versions bucket; a store from before it starts
// its history with the current summaries, the only versions it kept.
func ensureVersions(tx *bolt.Tx) error {
	if tx.Bucket(bucketVersions) != nil {
		return nil
	}
	versions, err := tx.CreateBucket(bucketVersions)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketCurrent).ForEach(func(k, v []byte) error {
		c, err := unmarshalCurrent(v)
		if err != nil {
			return err
		}
		parts := bytes.SplitN(k, []byte{0}, 3)
		if len(parts) != 3 {
			return nil
		}
		return versions.Put(versionKey(c.School, string(parts[1]), string(parts[2]), c.Sequence), bytes.Clone(v))
	})
}

// Version is one summary a school sent for a window.
type Version struct {
	Current
	Year, Window string
	// IsCurrent: the store's current summary of the window, the one the
	// dashboard and export read. It is the highest sequence, except after
	// the district resets a school's sequence (SequenceResetter).
	IsCurrent bool
}

// Versions returns every summary version the hub received, by school,
// year, window and sequence.
func (s *Bolt) Versions() ([]Version, error) {
	var out []Version
	err := s.db.View(func(tx *bolt.Tx) error {
		current := tx.Bucket(bucketCurrent)
		return tx.Bucket(bucketVersions).ForEach(func(k, v []byte) error {
			c, err := unmarshalCurrent(v)
			if err != nil {
				return err
			}
			window := k[:len(k)-9]
			parts := bytes.SplitN(window, []byte{0}, 3)
			if len(parts) != 3 {
				return nil
			}
			isCurrent := false
			if raw := current.Get(window); raw != nil {
				cur, err := unmarshalCurrent(raw)
				if err != nil {
					return err
				}
				isCurrent = cur.ID == c.ID
			}
			out = append(out, Version{Current: c, Year: string(parts[1]), Window: string(parts[2]), IsCurrent: isCurrent})
			return nil
		})
	})
	return out, err
}

// VersionKeeper is a store that keeps every summary version it received
// (Bolt and hubpg do); the hub falls back to the current summaries without one.
type VersionKeeper interface {
	Versions() ([]Version, error)
}

var _ VersionKeeper = (*Bolt)(nil)
