package app

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
)

// TestScreenshots renders every screen of the demo school, light and dark,
// to PNG files in $TIERLINE_SCREENSHOTS (make screenshots), so anyone can
// look at the app without running it: at 1366×768 (the most common school
// laptop), and in light at 1024×700 (a small window, where text clips and
// axis labels collide first).
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("TIERLINE_SCREENSHOTS")
	if dir == "" {
		t.Skip("set TIERLINE_SCREENSHOTS=DIR (make screenshots)")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	shots := []struct {
		variant, prefix string
		size            fyne.Size
	}{{themeLight, themeLight, fyne.NewSize(1366, 768)}, {themeDark, themeDark, fyne.NewSize(1366, 768)}, {themeLight, "small", fyne.NewSize(1024, 700)}}
	for _, sh := range shots {
		variant, size := sh.variant, sh.size
		u, _ := newTestUI(t, true)
		u.settings.Theme.SetSelected(variant)
		u.win.Resize(size)
		shot := func(name string) {
			t.Helper()
			img := u.win.Canvas().Capture()
			if got := u.win.Canvas().Size(); got.Width > size.Width || got.Height > size.Height {
				t.Errorf("%s grew the window to %.0f×%.0f", name, got.Width, got.Height)
			}
			f, err := os.Create(filepath.Join(dir, sh.prefix+"-"+name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := png.Encode(f, img); err != nil {
				t.Fatal(err)
			}
		}
		shot("dashboard")
		u.show(u.students)
		shot("students")
		// The student with a phase change, the richest chart.
		for _, it := range u.school.review {
			if len(it.Plan.Phases) > 1 {
				u.openStudent(it.Student.ID)
				break
			}
		}
		shot("student")
		u.show(u.interventions)
		shot("interventions")
		u.show(u.review)
		u.review.choose(0)
		shot("review")
		u.win.Canvas().Focus(u.review.Skip) // the focus colour, as a keyboard user sees it
		shot("review-focus")
		u.review.Meeting.SetChecked(true)
		shot("review-meeting")
		u.review.Meeting.SetChecked(false)
		u.show(u.groups)
		shot("groups")
		u.show(u.imports)
		u.imports.Kind.SetSelected(importRoster)
		u.imports.setPath("../data/importer/testdata/oneroster12")
		u.imports.check()
		u.imports.Org.SetSelectedIndex(0)
		u.imports.check()
		shot("import")
		u.show(u.sync)
		shot("sync")
		u.show(u.settings)
		shot("settings")
		u.openStudent(u.school.review[0].Student.ID)
		planDialog(u, u.student.student, nil, u.student.measure)
		shot("plan-dialog")

		empty, _ := newTestUI(t, false)
		applyTheme(empty.app, variant, false)
		empty.win.Resize(size)
		u = empty
		shot("first-run")
	}
}
