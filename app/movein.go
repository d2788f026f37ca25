package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/tierline/tierline/data/setup"
)

// The first-run screen's "Import a school folder…": the same use case as
// `tierline import school DIR` (setup.ReadMove, then Move.Apply), read off
// the UI goroutine, and written only once the user has seen what it holds.

// chooseSchoolFolder asks for the folder a school was exported to.
func (s *setupScreen) chooseSchoolFolder() {
	dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
		if err == nil && dir != nil {
			s.readSchoolFolder(dir.Path())
		}
	}, s.ui.window())
}

// readSchoolFolder reads and checks every file of the folder in the
// background, then asks before moving the school in.
func (s *setupScreen) readSchoolFolder(dir string) {
	s.Error.SetText("")
	s.enable(false)
	s.busy("Reading the school folder " + dir + ": its settings, measures, students, scores, plans, sessions, tiers and decisions…")
	st := s.ui.store()
	s.ui.work(func() (func(), error) {
		move, err := setup.ReadMove(st, dir)
		return func() {
			s.busy("")
			if err != nil {
				s.enable(true)
				s.showError(err)
				return
			}
			s.confirmMove(move)
		}, nil
	}, "Could not read the school folder")
}

// confirmMove says what the folder holds and what will happen, and moves
// the school in when the user agrees.
func (s *setupScreen) confirmMove(move *setup.Move) {
	d := dialog.NewConfirm("Import a school folder", "Move in "+move.Describe()+"?\n\n"+
		"The whole school is written into this new store, as it was exported, in one step: if anything fails, nothing is written. "+
		"The folder "+move.Dir+" is left as it is.", func(ok bool) {
		if !ok {
			s.enable(true)
			return
		}
		s.busy("Moving " + move.Snapshot.Settings.Name + " in…")
		s.start(func() error { return move.Apply(s.ui.store()) }, dashboardPage)
	}, s.ui.window())
	d.SetConfirmText("Move the school in")
	d.SetDismissText("Cancel")
	s.ui.track(d)
	d.Show()
}

// busy shows what is under way with a progress bar, or hides both ("").
func (s *setupScreen) busy(what string) {
	s.Status.SetText(what)
	if what == "" {
		s.Progress.Hide()
		return
	}
	s.Progress.Show()
}
