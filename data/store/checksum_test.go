package store_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/store"
)

// demoStoreFile writes the small demo school to a closed store file.
func demoStoreFile(t *testing.T) string {
	t.Helper()
	snap, err := demo.School(demo.Options{Today: data.NewDate(2026, 11, 23), Size: demo.Small})
	must(t, err)
	path := filepath.Join(t.TempDir(), "tierline.db")
	s, err := store.Open(path)
	must(t, err)
	must(t, s.Initialize(&snap))
	must(t, s.Close())
	return path
}

// tenthRecord returns the tenth key and value of a bucket of a closed
// store: inside a page, so that a changed key keeps the page's order and
// only the checksum can tell.
func tenthRecord(t *testing.T, path, bucket string) (k, v []byte) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	must(t, err)
	defer db.Close()
	must(t, db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket([]byte(bucket)).Cursor()
		k, v = c.First()
		for range 9 {
			k, v = c.Next()
		}
		k, v = bytes.Clone(k), bytes.Clone(v)
		return nil
	}))
	return k, v
}

// flip XORs one byte of the file at the single place where want is.
func flip(t *testing.T, path string, want []byte, at int) {
	t.Helper()
	file, err := os.ReadFile(path)
	must(t, err)
	i := bytes.Index(file, want)
	if i < 0 || bytes.Count(file, want) != 1 {
		t.Fatalf("%d copies of the record in the file", bytes.Count(file, want))
	}
	file[i+at] ^= 0x20
	must(t, os.WriteFile(path, file, 0o600))
}

// TestAFlippedByteIsFoundByCheckBackupAndRestore reproduces issue 22 item
// 5: a byte XORed in the file changed a session's id while check said the
// store was consistent and backup called its copy verified.
func TestAFlippedByteIsFoundByCheckBackupAndRestore(t *testing.T) {
	for _, tc := range []struct {
		name, bucket string
		inKey        bool // the byte is in the key (a session's id), else in the value
	}{
		{"a student's name", "students", false},
		{"a session's id", "sessions", true},
		{"a score's value", "scores", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := demoStoreFile(t)
			k, v := tenthRecord(t, path, tc.bucket)
			at := len(k) + len(v)/2
			if tc.inKey {
				at = len(k) - 3
			}
			flip(t, path, append(k, v...), at)
			damaged := k
			if tc.inKey {
				damaged = bytes.Clone(k)
				damaged[len(k)-3] ^= 0x20
			}

			s, err := store.Open(path)
			must(t, err)
			defer s.Close()
			want := fmt.Sprintf("%s %x: its checksum does not match", tc.bucket, damaged)
			if err := s.Check(); err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("check: %v\nwant %q", err, want)
			}
			backup := filepath.Join(t.TempDir(), "copy.db")
			must(t, s.Backup(backup))
			if err := store.VerifyBackup(backup); err == nil || !strings.Contains(err.Error(), "checksum does not match") {
				t.Fatalf("the backup of a damaged store was verified: %v", err)
			}
			if err := s.Restore(backup); err == nil || !strings.Contains(err.Error(), "checksum does not match") {
				t.Fatalf("a restore from a damaged copy: %v", err)
			}
		})
	}
}
