package outbox

import (
	"fmt"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/summary"
)

// Queuer is the store's side of queuing: the record of each window's last
// send, and the outbox.
type Queuer interface {
	SentWindow(year string, window data.WindowName) (data.SentWindow, bool, error)
	QueueSent(sent data.SentWindow) (data.Submission, error)
}

// Plan is what sending a window's summary today would do: the exact
// summary that would leave (a correction's included) and whether it may.
// A window's summary is sent once the window has ended; a later send is a
// correction, made only when the records of k or more students behind the
// window changed since the last send, and confirmed by the user.
type Plan struct {
	Label      string    // "Fall 2026-2027"
	Opens      data.Date // the first day it may be sent: the day after the window's end
	Today      data.Date
	Previous   *data.SentWindow // the version last sent, if any
	Correction summary.Correction
	Summary    summary.Summary // exactly what would be sent
	Body       []byte
	next       data.SentWindow
}

// PlanSend works out what sending a window's summary today would do.
func PlanSend(q Queuer, snap data.Snapshot, year data.SchoolYear, window data.WindowName, today data.Date) (Plan, error) {
	s, err := summary.Build(snap, year, window, today)
	if err != nil {
		return Plan{}, err
	}
	w := year.Window(window)
	p := Plan{Label: window.Title() + " " + year.Label(), Opens: w.End.AddDays(1), Today: today, Summary: s}
	asOf, _ := data.ParseDate(s.AsOf)
	ledger := summary.Ledger(snap, year, window, asOf)
	prev, found, err := q.SentWindow(year.Label(), window)
	if err != nil {
		return Plan{}, err
	}
	version := 1
	if found {
		p.Previous = &prev
		version = prev.Version + 1
		first, err := summary.DecodeBytes(prev.Body)
		if err != nil {
			return Plan{}, fmt.Errorf("the %s summary sent on %s: %w", p.Label, prev.SentOn, err)
		}
		p.Summary, p.Correction = summary.Correct(first, prev.Students, s, ledger)
	}
	if p.Body, err = p.Summary.JSON(); err != nil {
		return Plan{}, err
	}
	p.next = data.SentWindow{Year: year.Label(), Window: window, Version: version, SentOn: today, Body: p.Body, Students: ledger}
	return p, nil
}

// IsCorrection reports a send of a window sent before.
func (p Plan) IsCorrection() bool { return p.Previous != nil }

// Version is the version this send would be: 1, then 2 for the first correction.
func (p Plan) Version() int { return p.next.Version }

// Needed is how many more changed students a correction waits for (0 when none).
func (p Plan) Needed() int {
	if !p.IsCorrection() {
		return 0
	}
	return max(p.Summary.K-p.Correction.Changed, 0)
}

// Ready says why the summary cannot be sent today, or nil when it can.
func (p Plan) Ready() error {
	switch {
	case p.Today.Before(p.Opens):
		return data.Errorf(data.EINVALID, "the %s window ends on %s: its summary can be sent from %s, once every score of the window is in", p.Label, p.Opens.AddDays(-1), p.Opens)
	case p.IsCorrection() && p.Needed() > 0:
		return data.Errorf(data.EINVALID, "the %s summary was sent on %s (version %d); a correction waits until the records of %d students behind it have changed (%d so far, %d more), so that no single student's change can be read from the two versions",
			p.Label, p.Previous.SentOn, p.Previous.Version, p.Summary.K, p.Correction.Changed, p.Needed())
	}
	return nil
}

// Explain says in plain words when and as what the summary can be sent.
func (p Plan) Explain() string {
	if err := p.Ready(); err != nil {
		return "Not yet: " + err.Error() + "."
	}
	if p.IsCorrection() {
		return fmt.Sprintf("This would be correction %d of the %s summary sent on %s: the records of %d students changed since; %d cells with %d or more changed students are sent anew and %d keep the value first sent.",
			p.Version(), p.Label, p.Previous.SentOn, p.Correction.Changed, p.Correction.Republished, p.Summary.K, p.Correction.Kept)
	}
	return fmt.Sprintf("The %s window has ended: its summary can be sent (version 1).", p.Label)
}

// ErrUnconfirmed is returned when a correction is queued without the user's confirmation.
var ErrUnconfirmed = data.Errorf(data.ECONFLICT, "this is a correction of a summary already sent: confirm it")

// Queue puts the planned summary in the outbox and records it as the
// window's last version. A correction needs confirmed.
func Queue(q Queuer, p Plan, confirmed bool) (data.Submission, error) {
	if err := p.Ready(); err != nil {
		return data.Submission{}, err
	}
	if p.IsCorrection() && !confirmed {
		return data.Submission{}, fmt.Errorf("the %s summary (version %d sent on %s): %w", p.Label, p.Previous.Version, p.Previous.SentOn, ErrUnconfirmed)
	}
	return q.QueueSent(p.next)
}
