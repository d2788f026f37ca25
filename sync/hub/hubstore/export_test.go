package hubstore

import (
	"encoding/binary"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// WriteSchemaOne makes the store at path look as a hub of schema 1 left
// it, holding one current summary whole.
func WriteSchemaOne(t *testing.T, path string, c Current, year, window string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint64(nil, 1)); err != nil {
			return err
		}
		return tx.Bucket(bucketCurrent).Put(joinKey(c.School, year, window), c.marshal())
	})
	if err != nil {
		t.Fatal(err)
	}
}
