package store_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/tierline/tierline/data/store"
)

func TestMigrationFromPreviousSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tierline.db")
	s, err := store.Open(path)
	must(t, err)
	seed(t, s)
	before := snapshot(t, s)
	v, err := s.Version()
	must(t, err)
	must(t, s.Close())

	// The next version of Tierline adds a bucket and fills it from the
	// existing records.
	undo := store.AddMigrationForTest("count students", func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("stats"))
		if err != nil {
			return err
		}
		n := tx.Bucket([]byte("students")).Stats().KeyN
		return b.Put([]byte("students"), []byte{byte(n)})
	})
	s, err = store.Open(path)
	must(t, err)
	got, err := s.Version()
	must(t, err)
	if got != v+1 {
		t.Errorf("schema version %d after the migration, want %d", got, v+1)
	}
	if after := snapshot(t, s); !reflect.DeepEqual(before, after) {
		t.Error("the migration changed the school's records")
	}
	must(t, s.Check())
	// The store as it was before the migration was kept, whole.
	copies, err := filepath.Glob(filepath.Join(s.BackupsDir(), fmt.Sprintf("tierline-before-schema-%d-*.db", v)))
	if err != nil || len(copies) != 1 {
		t.Fatalf("backups before the migration: %v %v", copies, err)
	}
	must(t, store.VerifyBackup(copies[0]))
	must(t, s.Close())

	// This build, without the new step, refuses the newer store.
	undo()
	_, err = store.Open(path)
	want := fmt.Sprintf("this store was written by a newer Tierline (schema %d; this version knows up to %d)", v+1, v)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("opening a newer store: got %v", err)
	}
}

func TestFailedMigrationChangesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tierline.db")
	s, err := store.Open(path)
	must(t, err)
	seed(t, s)
	must(t, s.Close())

	undo := store.AddMigrationForTest("breaks halfway", func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte("students")); err != nil {
			return err
		}
		return berrors.ErrBucketNotFound
	})
	_, err = store.Open(path)
	undo()
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("migration %d (breaks halfway)", store.SchemaVersion()+1)) {
		t.Fatalf("got %v", err)
	}
	s, err = store.Open(path)
	must(t, err)
	defer s.Close()
	if students, err := s.Students(); err != nil || len(students) != 1 {
		t.Fatalf("the failed migration lost students: %v, %v", students, err)
	}
	must(t, s.Check())
}
