package store

import (
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
)

// OpenReadOnly opens a store for the commands that only read (check,
// review, progress, exports, backups): bbolt's read-only mode, which
// writes nothing to the file or its folder and takes a shared lock, so it
// works in a read-only folder and beside another reader. A store of an
// older schema needs its migrations, which write: it is opened for
// writing instead, which a read-only folder refuses in words.
func OpenReadOnly(path string) (*Store, error) {
	db, err := openFile(path, true)
	if err != nil {
		return nil, err
	}
	var version uint64
	db.View(func(tx *bolt.Tx) error { //nolint:errcheck // a read of one key
		version = schemaVersion(tx.Bucket(bucketMeta))
		return nil
	})
	switch {
	case version > uint64(len(migrations)):
		db.Close()
		return nil, data.Errorf(data.EINVALID, "this store was written by a newer Tierline (schema %d; this version knows up to %d): update Tierline to open it", version, len(migrations))
	case version < uint64(len(migrations)):
		db.Close()
		return Open(path)
	}
	return &Store{path: path, Now: time.Now, db: db}, nil
}

// readOnlyFolder says why a store cannot be opened for writing, instead
// of "open X: open X: read-only file system".
func readOnlyFolder(path string) error {
	return data.Errorf(data.EUNAVAILABLE, "the store folder %s is read-only: Tierline cannot save to %s. Check the permissions of the folder and of the file (or the disk's), or copy the folder somewhere writable and give it with --data; the commands that only read (check, review, progress, exports, backup) still work", filepath.Dir(path), path)
}
