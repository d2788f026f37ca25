package app

import (
	"strings"

	"github.com/tierline/tierline/sync/team/folder"
)

// Team sync in the window: the syncer (Services.Team) syncs in the background, and every outcome
// comes here, on the UI goroutine, to the top bar and Settings → Team. Nothing waits on it.

// setTeam shows a team sync outcome; when other laptops' changes came in, the school is read
// again so they are on screen.
func (u *UI) setTeam(o folder.Outcome) {
	u.teamStatus.SetText(o.Line(u.today()))
	if o.Synced {
		u.settings.Team.synced(o)
	}
	if o.Report.Applied.New > 0 {
		u.reload()
	}
}

// refreshTeam reads where team sync stands, off the UI goroutine.
func (u *UI) refreshTeam() { u.background(func() { u.team.Peek() }) }

// written is told of every save: the top bar counts the change waiting, and the syncer syncs it
// shortly.
func (u *UI) written() {
	u.team.Written()
	u.refreshTeam()
}

// syncTeam syncs now, off the UI goroutine.
func (u *UI) syncTeam() { u.background(func() { u.team.Once() }) }

// refusedLines says why segments were not applied, one a line.
func refusedLines(rep folder.Report) string {
	var lines []string
	for _, r := range rep.Refused {
		lines = append(lines, r.Error())
	}
	return strings.Join(lines, "\n")
}
