package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/store"
)

// A store cut short below its data end (a full disk, a half-copied file)
// crashed every command with SIGBUS; it is refused in words, pointing to
// the backups, and nothing in it is touched.
func TestATruncatedStoreIsRefusedInWords(t *testing.T) {
	snap, err := demo.School(demo.Options{Today: data.NewDate(2026, 11, 23), Size: demo.Small})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tierline.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Initialize(&snap); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int64{64 << 10, 3 * 4096, 4096 + 100} {
		if err := os.Truncate(path, size); err != nil {
			t.Fatal(err)
		}
		_, err := store.Open(path)
		if err == nil || data.ErrorCode(err) != data.EINVALID || !strings.Contains(err.Error(), "the store is damaged: restore a backup (Settings → Backups lists them)") {
			t.Fatalf("cut to %d bytes: %v", size, err)
		}
		if after, _ := os.Stat(path); after.Size() != size {
			t.Fatalf("opening the damaged store changed its size to %d", after.Size())
		}
	}
}
