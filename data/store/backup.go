package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/tierline/tierline/data"
	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the live store to dst (a hot backup:
// the store stays usable). The copy is written beside dst and renamed into
// place, so dst is never a half-written file.
func (s *Store) Backup(dst string) error {
	return writeFileAtomically(dst, func(f *os.File) error {
		return s.view(func(tx *bolt.Tx) error {
			_, err := tx.WriteTo(f)
			return err
		})
	})
}

func writeFileAtomically(dst string, write func(f *os.File) error) (err error) {
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return writeError(fmt.Errorf("create the folder for %s: %w", dst, err))
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), filepath.Base(dst)+".*.tmp")
	if err != nil {
		return writeError(fmt.Errorf("write %s: %w", dst, err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if err := write(tmp); err != nil {
		return writeError(fmt.Errorf("write %s: %w", dst, err))
	}
	if err := tmp.Sync(); err != nil {
		return writeError(fmt.Errorf("write %s: %w", dst, err))
	}
	if err := tmp.Close(); err != nil {
		return writeError(fmt.Errorf("write %s: %w", dst, err))
	}
	return writeError(os.Rename(tmp.Name(), dst))
}

// VerifyBackup checks that path holds a whole, consistent Tierline store of
// a schema this build knows: the file is as long as its header says, bbolt's
// page check passes and every record passes the domain checks.
func VerifyBackup(path string) (err error) {
	if err := checkFileLength(path); err != nil {
		return err
	}
	db, err := openFile(path, true)
	if err != nil {
		return err
	}
	defer db.Close()
	// A damaged file can still fault the memory map; turn a fault into an
	// error instead of a crash.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = data.Errorf(data.EINVALID, "%s is damaged (%v)", path, r)
		}
	}()
	return db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return data.Errorf(data.EINVALID, "%s is a bbolt file but not a Tierline store", path)
		}
		if v := schemaVersion(meta); v == 0 || v > uint64(len(migrations)) {
			return data.Errorf(data.EINVALID, "%s has schema version %d; this Tierline knows 1 to %d", path, v, len(migrations))
		}
		for err := range tx.Check() {
			return data.Errorf(data.EINVALID, "%s is damaged: %v", path, err)
		}
		if problems := checkRecords(tx); len(problems) > 0 {
			return data.Errorf(data.EINVALID, "%s is inconsistent: %v", path, problems[0])
		}
		return nil
	})
}

// checkFileLength refuses a truncated bbolt file before it is memory-mapped:
// reading past the end of a mapped file kills the process (SIGBUS).
func checkFileLength(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	notStore := data.Errorf(data.EINVALID, "%s is not a Tierline store, or it is damaged", path)
	// The bbolt header: a 16-byte page header, then magic(4) version(4)
	// pageSize(4) flags(4) root(16) freelist(8) pgid(8). Two meta pages.
	const magic = 0xED0CDAED
	head := make([]byte, 64)
	if _, err := io.ReadFull(f, head); err != nil {
		return notStore
	}
	if binary.LittleEndian.Uint32(head[16:]) != magic {
		return notStore
	}
	pageSize := int64(binary.LittleEndian.Uint32(head[24:]))
	if pageSize < 512 || pageSize > 1<<20 {
		return notStore
	}
	need := int64(0)
	for i := int64(0); i < 2; i++ {
		if _, err := f.ReadAt(head, i*pageSize); err != nil {
			return notStore
		}
		if binary.LittleEndian.Uint32(head[16:]) == magic {
			need = max(need, int64(binary.LittleEndian.Uint64(head[56:]))*pageSize)
		}
	}
	if info.Size() < need {
		return data.Errorf(data.EINVALID, "%s is truncated: %d bytes of %d", path, info.Size(), need)
	}
	return nil
}

// Restore replaces the live store with a verified backup. The replaced
// store is kept beside it as "<name>.before-restore". When anything fails,
// the live store is left as it was.
func (s *Store) Restore(src string) error {
	if err := VerifyBackup(src); err != nil {
		return fmt.Errorf("restore from %s: %w", src, err)
	}
	// A verified copy of what is about to be replaced, with the automatic
	// backups, besides the replaced file itself.
	before := filepath.Join(s.BackupsDir(), "tierline-before-restore-"+s.Now().UTC().Format("20060102T150405")+".db")
	if err := s.Backup(before); err != nil {
		return fmt.Errorf("restore: back up the live store first: %w", err)
	}
	if err := VerifyBackup(before); err != nil {
		return fmt.Errorf("restore: back up the live store first: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	incoming := s.path + ".restoring"
	err := writeFileAtomically(incoming, func(f *os.File) error {
		in, err := os.Open(src)
		if err != nil {
			return err
		}
		defer in.Close()
		_, err = io.Copy(f, in)
		return err
	})
	if err != nil {
		return fmt.Errorf("restore from %s: %w", src, err)
	}
	defer os.Remove(incoming)
	if s.db != nil {
		if err := s.db.Close(); err != nil {
			return fmt.Errorf("restore: close the live store: %w", err)
		}
		s.db = nil
	}
	previous := s.path + ".before-restore"
	if err := os.Rename(s.path, previous); err != nil && !errors.Is(err, os.ErrNotExist) {
		return errors.Join(fmt.Errorf("restore: keep the live store: %w", err), s.reopen())
	}
	if err := os.Rename(incoming, s.path); err != nil {
		return errors.Join(fmt.Errorf("restore: %w", err), os.Rename(previous, s.path), s.reopen())
	}
	if err := s.reopen(); err != nil {
		os.Remove(s.path)
		return errors.Join(fmt.Errorf("restore: open the restored store: %w", err), os.Rename(previous, s.path), s.reopen())
	}
	return nil
}
