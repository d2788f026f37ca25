package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestReadCommandsOpenTheStoreReadOnly reproduces issue 22 item 9 from the
// side this machine can show whatever the user: the read commands took the
// store's exclusive lock and opened it for writing, so a read-only folder
// failed them all. Opened read-only, they share the file with another
// reader (a shared lock), as they work in a read-only folder.
func TestReadCommandsOpenTheStoreReadOnly(t *testing.T) {
	dir := demoDir(t)
	other, err := bolt.Open(storePath(dir), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for _, args := range [][]string{
		{"check"},
		{"review", "--json"},
		{"groups", "--measure", "ORF", "--window", "fall", "--json"},
		{"export", "students", filepath.Join(t.TempDir(), "students.csv")},
		{"backup", filepath.Join(t.TempDir(), "copy.db")},
	} {
		if code, _, stderr := tierline(t, append(args, "--data", dir)...); code != 0 {
			t.Errorf("%s beside another reader: exit %d, %s", args[0], code, stderr)
		}
	}
}

// TestAReadOnlyFolderIsSaidInWords: in a folder the user cannot write,
// reading works and a write says why in words, not "open X: open X:
// read-only file system". Root writes anywhere, so the chmod half needs
// another user; the read-only open itself is tested above.
func TestAReadOnlyFolderIsSaidInWords(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores a folder's permissions: see TestReadCommandsOpenTheStoreReadOnly and the store's TestReadOnlyOpenErrorsInWords")
	}
	dir := demoDir(t)
	if err := os.Chmod(storePath(dir), 0o400); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700) //nolint:errcheck // the test's own folder
	if code, stdout, stderr := tierline(t, "check", "--data", dir); code != 0 || !strings.Contains(stdout, "consistent") {
		t.Fatalf("check in a read-only folder: exit %d, %q %q", code, stdout, stderr)
	}
	code, _, stderr := tierline(t, "measure", "add", "Maze", "--data", dir)
	if code == 0 || !strings.Contains(stderr, "the store folder "+dir+" is read-only") || strings.Contains(stderr, "read-only file system") {
		t.Fatalf("a write in a read-only folder: exit %d, %q", code, stderr)
	}
}
