package importer_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/importer"
	"github.com/tierline/tierline/data/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "tierline.db"))
	must(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// reviewOf is the review list as the meeting sees it, without store ids.
func reviewOf(t *testing.T, s *store.Store) []string {
	t.Helper()
	in, err := s.ReviewData(today)
	must(t, err)
	var out []string
	for _, it := range analysis.ReviewList(in) {
		v := it.Progress.Current.Verdict
		out = append(out, strings.Join([]string{it.Need.Label(), it.Student.LocalID, it.Plan.ID.String(), it.Tier.Label(),
			it.Progress.Measure.Name, string(v.Kind), string(v.Rule), v.Explanation, it.Plan.Review.String(), it.DueText()}, "|"))
	}
	return out
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	must(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		must(t, err)
		out[e.Name()] = string(b)
	}
	return out
}

// The demo school moved into a fresh store exports the same files and
// gives the same review list.
func TestSchoolMoveRoundTrip(t *testing.T) {
	src, err := demo.School(demo.Options{Today: today, Size: demo.Small})
	must(t, err)
	from := openStore(t)
	must(t, from.Initialize(&src))
	snap := snapshot(t, from)
	if len(snap.TierChanges) == 0 || len(snap.Decisions) == 0 || len(snap.Sessions) == 0 {
		t.Fatalf("the demo school has no tier changes, decisions or sessions to move")
	}
	dirA := filepath.Join(t.TempDir(), "school")
	files, err := importer.ExportSchool(dirA, snap)
	must(t, err)
	if len(files) != 7 {
		t.Errorf("wrote %v", files)
	}
	moved, err := importer.ReadSchool(dirA)
	must(t, err)
	to := openStore(t)
	must(t, to.MoveIn(&moved))
	must(t, to.Check())
	dirB := filepath.Join(t.TempDir(), "again")
	_, err = importer.ExportSchool(dirB, snapshot(t, to))
	must(t, err)
	a, b := readDir(t, dirA), readDir(t, dirB)
	for name, body := range a {
		if b[name] != body {
			t.Errorf("%s differs after the move (%d bytes, want %d)", name, len(b[name]), len(body))
		}
	}
	if want, got := reviewOf(t, from), reviewOf(t, to); len(want) == 0 || !reflect.DeepEqual(want, got) {
		t.Errorf("review list: %d items, want %d the same", len(got), len(want))
	}
	// A store that holds a school is not written over.
	if err := to.MoveIn(&moved); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("moving into a full store: %v", err)
	}
	if _, err := importer.ExportSchool(dirA, snap); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("exporting over an export: %v", err)
	}
}

// A damaged school export is one error naming the file, line and column,
// and nothing is read from it.
func TestSchoolMoveRefusesDamagedExport(t *testing.T) {
	src, err := demo.School(demo.Options{Today: today, Size: demo.Small})
	must(t, err)
	dir := filepath.Join(t.TempDir(), "school")
	_, err = importer.ExportSchool(dir, src)
	must(t, err)
	damage := func(t *testing.T, file, old, new string) string {
		t.Helper()
		d := filepath.Join(t.TempDir(), "copy")
		must(t, os.MkdirAll(d, 0o755))
		for name, body := range readDir(t, dir) {
			if name == file {
				if !strings.Contains(body, old) {
					t.Fatalf("%s has no %q", file, old)
				}
				body = strings.Replace(body, old, new, 1)
			}
			must(t, os.WriteFile(filepath.Join(d, name), []byte(body), 0o644))
		}
		return d
	}
	for _, tc := range []struct{ file, old, new, want string }{
		{"sessions.csv", ",Y,", ",perhaps,", `sessions.csv line 2, column present: "perhaps" is not yes or no`},
		{"tiers.csv", "\n", "\nnobody,", `tiers.csv line 2: has 7 fields; the header has 6`},
		{"school.json", `"format": "tierline-school"`, `"format": "other"`, `school.json: is not a Tierline school file (its format is "other")`},
		{"school.json", `"MaxScore": `, `"MaxScore": -`, `school.json: measure 1`},
	} {
		if _, err := importer.ReadSchool(damage(t, tc.file, tc.old, tc.new)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s damaged: %v, want %q", tc.file, err, tc.want)
		}
	}
	if _, err := importer.ReadSchool(t.TempDir()); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("an empty folder: %v", err)
	}
}
