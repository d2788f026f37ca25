package setup

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/importer"
)

// A school folder moves into an empty store whole, says what it holds
// first, and is refused by a store that holds a school; a folder with a
// damaged row writes nothing.
func TestMoveASchoolFolder(t *testing.T) {
	snap, err := demo.School(demo.Options{Today: data.NewDate(2026, 11, 23), Size: demo.Small})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "school")
	if _, err := importer.ExportSchool(dir, snap); err != nil {
		t.Fatal(err)
	}
	s := openStore(t)
	move, err := ReadMove(s, dir)
	if err != nil {
		t.Fatal(err)
	}
	if empty, _ := s.IsEmpty(); !empty {
		t.Fatal("reading the folder wrote to the store")
	}
	if d := move.Describe(); !strings.HasPrefix(d, snap.Settings.Name+" (school code "+snap.Settings.SchoolCode) ||
		!strings.Contains(d, ": "+itoa(len(snap.Students))+" students, "+itoa(len(snap.Measures))+" measures") {
		t.Errorf("Describe = %q", d)
	}
	if err := move.Apply(s); err != nil {
		t.Fatal(err)
	}
	students, _ := s.Students()
	if len(students) != len(snap.Students) || move.Counts()["scores"] != len(snap.Scores) {
		t.Errorf("%d students moved in, want %d", len(students), len(snap.Students))
	}
	if _, err := ReadMove(s, dir); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("a store with a school: %v", err)
	}

	// One damaged score row: the whole folder is refused, nothing written.
	bad := filepath.Join(t.TempDir(), "bad")
	if _, err := importer.ExportSchool(bad, snap); err != nil {
		t.Fatal(err)
	}
	scores := filepath.Join(bad, "scores.csv")
	raw, _ := os.ReadFile(scores)
	lines := strings.SplitN(string(raw), "\n", 3)
	lines[1] = strings.Replace(lines[1], ",", ",x", 1)
	if err := os.WriteFile(scores, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := openStore(t)
	if _, err := ReadMove(fresh, bad); err == nil || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("a damaged folder: %v", err)
	}
	if empty, _ := fresh.IsEmpty(); !empty {
		t.Error("a refused folder wrote to the store")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
