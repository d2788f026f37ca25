package app

import (
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/team/folder"
)

// teamAuthors is who entered a student's records (scores, plans, sessions, tier changes and
// decisions), for a laptop in a team: every change carries
// its device, and the team's segments carry each member's name.
type teamAuthors struct {
	student data.ID
	entered store.EnteredBy
	names   map[string]string // device → member name; empty outside a team
}

// by is " · entered by NAME" for a record's device, or nothing outside a team or for a record
// entered before the change log.
func (a teamAuthors) by(device string) string {
	if len(a.names) == 0 || device == "" {
		return ""
	}
	if name, ok := a.names[device]; ok {
		return " · entered by " + name
	}
	return " · entered on another laptop"
}

// loadEnteredBy reads who entered the student's records off the UI goroutine, then shows it.
func (s *studentScreen) loadEnteredBy() {
	st, db := s.student.ID, s.ui.store()
	s.ui.quietly(func() {
		names, err := folder.MemberNames(db)
		if err != nil || len(names) == 0 {
			return
		}
		entered, err := db.StudentEnteredBy(st)
		if err != nil {
			return
		}
		s.ui.onUI(func() {
			if s.student.ID != st {
				return // another student is on screen by now
			}
			s.team = teamAuthors{student: st, entered: entered, names: names}
			s.History.Refresh()
			s.Decisions.Refresh()
			s.Scores.Refresh()
			s.Plans.List.Refresh()
			s.Sessions.List.Refresh()
		})
	})
}
