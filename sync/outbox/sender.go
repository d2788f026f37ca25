package outbox

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hubapi"
)

// Outbox is what the sender needs of the school's store.
type Outbox interface {
	Hub() (data.Hub, error)
	Outbox() ([]data.Submission, error)
	Delivered(id data.ID, at time.Time) error
	Refused(id data.ID, reason string, at time.Time) error
	Resequence(hubHighest uint64) error
	SyncStatus() (data.SyncStatus, int, error)
	SetSyncStatus(data.SyncStatus) error
}

// Sender delivers the outbox to the hub, oldest first, in the background.
// A summary leaves the outbox only when the hub's 2xx receipt names it;
// failures are retried with full-jitter exponential backoff, a hub's
// Retry-After is honoured, and a refused token waits for new settings.
type Sender struct {
	Outbox    Outbox
	HTTP      *http.Client
	UserAgent string
	Now       func() time.Time
	// Backoff: the n-th retry in a row waits a random time in
	// [0, min(Cap, Base·2ⁿ)).
	Base, Cap time.Duration
	// OnChange, when set, is called after each delivery pass (from the
	// sender's goroutine) so that a UI can show the new status.
	OnChange func()

	wake chan struct{}
}

// NewSender returns a sender that gives a request 30 s (a slow school
// network) and backs off from 1 s up to 5 min, so a hub that is down for
// hours sees a trickle, not a flood, when it returns.
func NewSender(o Outbox, userAgent string) *Sender {
	return &Sender{Outbox: o, HTTP: NewHTTPClient(30 * time.Second), UserAgent: userAgent, Now: time.Now,
		Base: time.Second, Cap: 5 * time.Minute, wake: make(chan struct{}, 1)}
}

// Wake asks the sender to try now: a summary was queued, the hub settings
// changed, or the user pressed "Send now".
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// ErrNoHub is returned while the hub's address or token is missing.
var ErrNoHub = data.Errorf(data.EINVALID, "Set the district hub's address and this school's token in Settings: the summaries wait until then.")

// Result is what a delivery pass did.
type Result struct {
	Sent, Refused, Waiting int
}

// maxResequence bounds the passes a pass makes after the hub says a
// sequence was taken: a hub that says it forever is broken.
const maxResequence = 3

// SendPending makes one delivery pass over the outbox and records the
// status. A summary whose contents the hub refuses for good (the code of
// its answer says so: hubapi.Definitive) leaves the outbox, its reason
// kept in the status, and the pass goes on; any other failure, a 400 about
// headers or the sequence included, stops the pass with the summary still
// waiting, for the caller to retry later.
func (s *Sender) SendPending(ctx context.Context) (Result, error) {
	res, err := s.pass(ctx)
	s.finish(err, 0)
	return res, err
}

// finish records a failed pass, in plain words, with when the next try is.
func (s *Sender) finish(err error, retryIn time.Duration) {
	if err != nil && !errors.Is(err, ErrNoHub) {
		if st, _, serr := s.Outbox.SyncStatus(); serr == nil {
			now := s.Now()
			st.LastAttempt, st.Online, st.LastError, st.NextTry = now, false, Explain(err), time.Time{}
			if retryIn > 0 {
				st.NextTry = now.Add(retryIn)
			}
			s.Outbox.SetSyncStatus(st) //nolint:errcheck // the status is advisory; the outbox is what matters
		}
	}
	if s.OnChange != nil {
		s.OnChange()
	}
}

func (s *Sender) pass(ctx context.Context) (res Result, err error) {
	// Counting the outbox does not decode it; the summaries themselves are
	// read once per attempt, after resequencing.
	defer func() {
		if _, n, werr := s.Outbox.SyncStatus(); werr == nil {
			res.Waiting = n
		}
	}()
	hub, err := s.Outbox.Hub()
	if err != nil {
		return res, err
	}
	if _, n, err := s.Outbox.SyncStatus(); err != nil || n == 0 {
		return res, err
	}
	if !hub.Configured() {
		return res, ErrNoHub
	}
	c := Client{Hub: hub, HTTP: s.HTTP, UserAgent: s.UserAgent}
	for attempt := 0; ; attempt++ {
		waiting, err := s.resequence(ctx, c)
		if err != nil {
			return res, err
		}
		retry := false
		for _, sub := range waiting {
			r, err := c.Send(ctx, sub)
			var he *HubError
			switch {
			case err == nil && r.ID != sub.ID.String():
				return res, &HubError{Message: "its receipt names another summary"}
			case err == nil:
				if err := s.Outbox.Delivered(sub.ID, s.Now()); err != nil {
					return res, err
				}
				res.Sent++
			case errors.As(err, &he) && he.Code == hubapi.CodeSequenceUsed && attempt < maxResequence:
				retry = true // another summary took the number: renumber and start over
			case errors.As(err, &he) && hubapi.Definitive(he.Code):
				if err := s.Outbox.Refused(sub.ID, fmt.Sprintf("The district hub refused the %s summary: %s", sub.Label(), he.Message), s.Now()); err != nil {
					return res, err
				}
				res.Refused++
			default:
				return res, err
			}
			if retry {
				break
			}
		}
		if !retry {
			return res, nil
		}
	}
}

// resequence asks the hub for the highest sequence it holds from this
// school and renumbers the outbox above it when it lags (a store restored
// from an old backup); then it returns the outbox. The request also tells
// whether the token is good before any summary is sent.
func (s *Sender) resequence(ctx context.Context, c Client) ([]data.Submission, error) {
	me, err := c.Me(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Outbox.Resequence(me.HighestSequence); err != nil {
		return nil, err
	}
	return s.Outbox.Outbox()
}

// Explain puts a delivery failure in words a school's staff can act on.
func Explain(err error) string {
	var he *HubError
	if !errors.As(err, &he) {
		return data.ErrorMessage(err)
	}
	switch {
	case he.Status == 0:
		return "Could not reach the district hub (" + he.Message + "). The summaries wait in the outbox and Tierline tries again."
	case he.Code == hubapi.CodeSchoolMismatch:
		return "The district hub says this token belongs to another school: check the school code in Settings, or ask your district for this school's token."
	case he.Code == hubapi.CodeRevoked:
		return "The district hub refused the token, which the district has revoked: ask your district for a new one."
	case he.Unauthorized():
		return "The district hub refused the token: ask your district for a new one."
	case he.Status == http.StatusTooManyRequests:
		return "The district hub asked Tierline to wait before sending more; it tries again shortly."
	case he.Code == hubapi.CodeSequenceRange:
		return "The district hub refused this school's sequence number (" + he.Message + "). The summaries wait in the outbox; if this stays, ask your district to reset this school's sequence."
	case he.Status >= 500:
		return fmt.Sprintf("The district hub had a problem (%d %s); Tierline tries again.", he.Status, http.StatusText(he.Status))
	}
	if hubapi.Definitive(he.Code) {
		return "The district hub refused a summary: " + he.Message
	}
	return "The district hub did not take a summary (" + he.Message + "). The summaries wait in the outbox and Tierline tries again."
}

// Run delivers until ctx ends: a pass at start and whenever woken; after
// a temporary failure, again after the backoff (or the hub's Retry-After);
// after a refused token, only when woken (new settings).
func (s *Sender) Run(ctx context.Context) {
	failures := 0
	for {
		_, err := s.pass(ctx)
		if ctx.Err() != nil {
			return
		}
		var he *HubError
		var retry <-chan time.Time // nil: wait to be woken
		switch {
		case err == nil, errors.Is(err, ErrNoHub), errors.As(err, &he) && he.Unauthorized():
			failures = 0
			s.finish(err, 0)
		default:
			delay := s.backoff(failures)
			if errors.As(err, &he) && he.RetryAfter > delay {
				delay = he.RetryAfter
			}
			failures++
			s.finish(err, delay)
			retry = time.After(delay)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-retry:
		}
	}
}

// backoff is the full-jitter delay before retry n (0-based).
func (s *Sender) backoff(n int) time.Duration {
	ceiling := s.Cap
	if n < 30 && s.Base<<n < s.Cap && s.Base<<n > 0 {
		ceiling = s.Base << n
	}
	return time.Duration(rand.Int64N(int64(ceiling) + 1))
}

// StatusLine says where a school's summaries stand, in one sentence.
func StatusLine(hub data.Hub, st data.SyncStatus, waiting int) string {
	queued := fmt.Sprintf("%d summaries waiting", waiting)
	if waiting == 1 {
		queued = "1 summary waiting"
	}
	switch {
	case !hub.Configured():
		if waiting == 0 {
			return "Not connected to a district hub: nothing leaves this computer."
		}
		return "No district hub is set up (Settings): " + queued + "."
	case st.LastError != "":
		return st.LastError + " " + strings.ToUpper(queued[:1]) + queued[1:] + "."
	case st.LastSent.IsZero():
		return "Connected to " + hub.URL + ": nothing sent yet; " + queued + "."
	}
	return "Last sent to " + hub.URL + " on " + st.LastSent.Local().Format("2 Jan 2006 at 15:04") + "; " + queued + "."
}
