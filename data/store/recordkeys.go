package store

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
)

// Record keys are the per-student secrets of the summaries' cell-key
// perturbation: a uniform random 32-bit number made once per student and
// kept only here. They are not part of the student record, so no export,
// CSV or team-sync change carries them; a backup (a copy of the file)
// keeps them, so a restored school publishes the same noise as before.
var bucketRecordKeys = []byte("record_keys") // student id → 4 bytes, big-endian

// ensureRecordKey gives a student a record key when it has none yet.
func ensureRecordKey(tx *bolt.Tx, id data.ID) error {
	b := tx.Bucket(bucketRecordKeys)
	if b.Get(id[:]) != nil {
		return nil
	}
	var key [4]byte
	if _, err := rand.Read(key[:]); err != nil {
		return fmt.Errorf("make a record key: %w", err)
	}
	return b.Put(id[:], key[:])
}

// putRecordKeys stores given record keys (a generated school's); the
// students without one get a random key when they are saved.
func putRecordKeys(tx *bolt.Tx, keys map[data.ID]uint32) error {
	b := tx.Bucket(bucketRecordKeys)
	for id, k := range keys {
		if err := b.Put(id[:], binary.BigEndian.AppendUint32(nil, k)); err != nil {
			return err
		}
	}
	return nil
}

// addRecordKeys creates the record-key bucket and a key for every student.
func addRecordKeys(tx *bolt.Tx) error {
	if _, err := tx.CreateBucketIfNotExists(bucketRecordKeys); err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketRecordKeys, err)
	}
	return tx.Bucket(bucketStudents).ForEach(func(k, _ []byte) error {
		return ensureRecordKey(tx, idFrom(k))
	})
}

// RecordKeys returns every student's record key, for building summaries.
func (s *Store) RecordKeys() (keys map[data.ID]uint32, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		keys, err = readRecordKeys(tx)
		return err
	})
	return keys, err
}

func readRecordKeys(tx *bolt.Tx) (map[data.ID]uint32, error) {
	out := map[data.ID]uint32{}
	err := tx.Bucket(bucketRecordKeys).ForEach(func(k, v []byte) error {
		if len(k) != len(data.ID{}) || len(v) != 4 {
			return data.Errorf(data.EINVALID, "record key of %x is damaged (%d bytes)", k, len(v))
		}
		out[idFrom(k)] = binary.BigEndian.Uint32(v)
		return nil
	})
	return out, err
}
