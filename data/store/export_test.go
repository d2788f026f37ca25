package store

import (
	bolt "go.etcd.io/bbolt"
)

// AddMigrationForTest appends a migration step, as a later version of
// Tierline would, and returns the function that takes it away again.
func AddMigrationForTest(name string, apply func(tx *bolt.Tx) error) (undo func()) {
	saved := migrations
	migrations = append(migrations[:len(migrations):len(migrations)], migration{name, apply})
	return func() { migrations = saved }
}

// DeleteRawForTest removes a key behind the store's back, as a damaged file
// or a bug would, so that tests can see Check find the damage.
func DeleteRawForTest(s *Store, bucket string, key []byte) error {
	return s.update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucket)).Delete(key) })
}

// FullDiskForTest makes stores opened from now on unable to grow past
// maxSize bytes, as on a full disk, until undo.
func FullDiskForTest(maxSize int) (undo func()) {
	saved := maxFileSize
	maxFileSize = maxSize
	return func() { maxFileSize = saved }
}

// OpenReadOnlyForTest opens a store's file read-only, as on a read-only
// disk: reads work and every write is refused.
func OpenReadOnlyForTest(path string) (*Store, error) { return OpenReadOnly(path) }

// SetWallClockForTest makes the change log read its wall time from now, as a laptop whose
// clock runs ahead or behind would, until undo.
func SetWallClockForTest(now func() int64) (undo func()) {
	saved := wallClock
	wallClock = now
	return func() { wallClock = saved }
}
