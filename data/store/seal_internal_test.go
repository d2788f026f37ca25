package store

import (
	"encoding/binary"
	"path/filepath"
	"reflect"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
)

// unsealForTest turns a store back into schema 6: every record without
// its seal, as Tierline wrote them before checksums.
func unsealForTest(tx *bolt.Tx) error {
	strip := func(b *bolt.Bucket) error {
		var keys, values [][]byte
		b.ForEach(func(k, v []byte) error {
			if isSealed(v) {
				keys, values = append(keys, k), append(values, append([]byte(nil), v[1:len(v)-4]...))
			}
			return nil
		})
		for i := range keys {
			if err := b.Put(keys[i], values[i]); err != nil {
				return err
			}
		}
		return nil
	}
	for _, name := range sealedBuckets {
		if err := strip(tx.Bucket(name)); err != nil {
			return err
		}
	}
	meta := tx.Bucket(bucketMeta)
	settings := append([]byte(nil), meta.Get(keySettings)...)
	if err := meta.Put(keySettings, settings[1:len(settings)-4]); err != nil {
		return err
	}
	return meta.Put(keySchemaVersion, binary.BigEndian.AppendUint64(nil, sealedSchema-1))
}

// TestStoresOfSchema6AreSealedAtOpen: a store written before checksums is
// read as it is, and sealed by its migration with nothing changed.
func TestStoresOfSchema6AreSealedAtOpen(t *testing.T) {
	snap, err := demo.School(demo.Options{Today: data.NewDate(2026, 11, 23), Size: demo.Small})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tierline.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Initialize(&snap); err != nil {
		t.Fatal(err)
	}
	before, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.update(unsealForTest); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(); err != nil {
		t.Fatalf("an unsealed store of schema 6: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.Version(); v != SchemaVersion() {
		t.Fatalf("schema %d after opening", v)
	}
	if err := s.view(func(tx *bolt.Tx) error {
		for _, name := range sealedBuckets {
			tx.Bucket(name).ForEach(func(k, v []byte) error {
				if !isSealed(v) {
					t.Errorf("%s %x is not sealed after the migration", name, k)
				}
				return nil
			})
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	after, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Fatal("sealing changed the school's records")
	}
	// In a sealed store, a record without its seal is damage.
	if err := s.update(func(tx *bolt.Tx) error {
		k, v := tx.Bucket(bucketMeasures).Cursor().First()
		return tx.Bucket(bucketMeasures).Put(append([]byte(nil), k...), append([]byte(nil), v[1:len(v)-4]...))
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(); err == nil {
		t.Fatal("check took an unsealed record in a sealed store")
	}
}
