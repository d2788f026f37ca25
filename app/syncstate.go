package app

import (
	"fmt"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/outbox"
)

// syncState is where the school's summaries stand: the hub settings, the
// last delivery outcome and how many wait in the outbox.
type syncState struct {
	hub     data.Hub
	status  data.SyncStatus
	waiting int
}

// line says it in a sentence, for the dashboard and the Sync screen.
func (s syncState) line() string { return outbox.StatusLine(s.hub, s.status, s.waiting) }

// badge says it in a few words, for the top bar.
func (s syncState) badge(today data.Date) string {
	switch {
	case !s.hub.Configured():
		return ""
	case s.status.LastError != "" && s.waiting > 0:
		return fmt.Sprintf("○ Not sent · %d waiting", s.waiting)
	case s.waiting > 0:
		return fmt.Sprintf("○ %d waiting", s.waiting)
	case s.status.LastSent.IsZero():
		return "○ Nothing sent yet"
	case data.DateOf(s.status.LastSent) == today:
		return "● Synced " + s.status.LastSent.Local().Format("15:04")
	}
	return "● Synced " + data.DateOf(s.status.LastSent).Short()
}

// refreshSync reads the sync state in the background and shows it.
func (u *UI) refreshSync() {
	u.work(func() (func(), error) {
		var st syncState
		var err error
		if st.hub, err = u.svc.Store.Hub(); err != nil {
			return nil, err
		}
		if st.status, st.waiting, err = u.svc.Store.SyncStatus(); err != nil {
			return nil, err
		}
		return func() { u.setSync(st) }, nil
	}, "Could not read the sync status")
}

func (u *UI) setSync(st syncState) {
	u.syncStatus = st
	u.status.SetText(st.badge(u.today()))
	u.dashboard.SyncStatus.SetText(st.line())
	u.sync.showStatus(st)
	u.settings.showHub(st.hub)
}

// sendNow asks the background sender to try now.
func (u *UI) sendNow() {
	if u.svc.Sender != nil {
		u.svc.Sender.Wake()
	}
}
