package store

import (
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tierline/tierline/data"
)

// TestReadOnlyOpenErrorsInWords: the file system's refusal to open a store
// for writing (a read-only disk, a folder without write permission) is
// said in words naming the folder, not "open X: open X: read-only file
// system" (issue 22 item 9). As root no folder refuses, so the refusal is
// made here as the file system makes it.
func TestReadOnlyOpenErrorsInWords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "school", "tierline.db")
	for _, errno := range []syscall.Errno{syscall.EROFS, syscall.EACCES} {
		refused := &fs.PathError{Op: "open", Path: path, Err: errno}
		if !isReadOnlyFS(refused) {
			t.Fatalf("%v is not taken for a read-only store", errno)
		}
		err := readOnlyFolder(path)
		want := "the store folder " + filepath.Dir(path) + " is read-only: Tierline cannot save to " + path
		if msg := data.ErrorMessage(err); !strings.HasPrefix(msg, want) {
			t.Fatalf("%q\nwant it to start %q", msg, want)
		}
	}
}
