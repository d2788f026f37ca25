package app

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/importer"
)

// exportedSchool writes the demo school to a folder, as Export does on
// another computer.
func exportedSchool(t *testing.T) (dir, name string, students int) {
	t.Helper()
	snap, err := demo.School(demo.Options{Today: testToday, Size: demo.Small})
	if err != nil {
		t.Fatal(err)
	}
	dir = filepath.Join(t.TempDir(), "tierline-school")
	if _, err := importer.ExportSchool(dir, snap); err != nil {
		t.Fatal(err)
	}
	return dir, snap.Settings.Name, len(snap.Students)
}

// The first-run screen moves a whole school in from its folder: it says
// what the folder holds, writes only once confirmed, then opens the school.
func TestFirstRunImportsASchoolFolder(t *testing.T) {
	u, s := newTestUI(t, false)
	c := u.win.Canvas()
	if b := button(t, c, "Import a school folder…"); b.Disabled() {
		t.Fatal("the button is disabled")
	}
	dir, name, students := exportedSchool(t)

	// Cancel: nothing is written, the screen is as it was.
	u.setup.readSchoolFolder(dir)
	if !onScreen(c, "Move in "+name+" (school code") || !onScreen(c, " students, ") {
		t.Fatal("the confirmation does not say what the folder holds")
	}
	test.Tap(button(t, c, "Cancel"))
	if empty, _ := s.IsEmpty(); !empty || u.setup.MoveIn.Disabled() || u.setup.Create.Disabled() {
		t.Fatal("cancelled, yet the store was written or the screen is still busy")
	}

	u.setup.readSchoolFolder(dir)
	test.Tap(button(t, c, "Move the school in"))
	got, err := s.Students()
	if err != nil || len(got) != students {
		t.Fatalf("%d students moved in, want %d (%v)", len(got), students, err)
	}
	if u.win.Content() != u.shell || u.school == nil || !strings.Contains(u.win.Title(), name) {
		t.Errorf("the window did not open the school: title %q", u.win.Title())
	}
	if u.setup.Progress.Visible() {
		t.Error("the progress bar is still shown")
	}
}

// A folder that is not a school export is refused on the screen, in
// words, and nothing is written.
func TestFirstRunRefusesAFolderThatIsNoSchool(t *testing.T) {
	u, s := newTestUI(t, false)
	u.setup.readSchoolFolder(t.TempDir())
	if !strings.Contains(u.setup.Error.Text, "is not a school export: it has no school.json") {
		t.Errorf("error %q", u.setup.Error.Text)
	}
	if empty, _ := s.IsEmpty(); !empty || u.setup.MoveIn.Disabled() || u.setup.Status.Text != "" || u.setup.Progress.Visible() {
		t.Error("a refused folder left the store written or the screen busy")
	}
}
