package data

import (
	"net"
	"net/url"
	"strings"
	"time"
)

// Hub is the district hub a school sends its summaries to, and the token
// the district gave the school.
type Hub struct {
	URL   string `json:"url"`
	Token string `json:"token"`
}

// Configured reports whether summaries have somewhere to go.
func (h Hub) Configured() bool { return h.URL != "" && h.Token != "" }

// MaskedToken shows enough of the token to recognise it, never all of it.
func (h Hub) MaskedToken() string {
	if len(h.Token) < 12 {
		return strings.Repeat("•", len(h.Token))
	}
	return "••••••••" + h.Token[len(h.Token)-4:]
}

// Validate checks the hub settings. A token travels in every request, so
// plain http is allowed only to this computer (a hub being tried out).
func (h Hub) Validate() error {
	if h.URL == "" && h.Token == "" {
		return nil // not set up: summaries wait in the outbox
	}
	u, err := url.Parse(h.URL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return invalid("hub", "URL", h.URL, "is not a web address such as https://hub.district.example")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return invalid("hub", "URL", h.URL, "must start with https:// (the school's token would cross the network in the clear)")
	}
	if len(h.Token) < 32 || len(h.Token) > 200 || strings.ContainsAny(h.Token, " \t\r\n") {
		return &Error{Code: EINVALID, Field: "token", Message: "the hub token is not one the district hub gives (64 letters and digits, one per school)"}
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// MaxSequence bounds a submission's sequence: far beyond any school's
// count of summaries, and exact in a JSON number (2⁵³). The hub refuses a
// sequence above it, and the app's counter never goes past it, so that it
// can never wrap to 0.
const MaxSequence = 1 << 53

// MaxSequenceAhead is how far above the hub's highest a sequence may be:
// a school queues a few summaries a window, so a sequence this far ahead
// is a fault, not a school.
const MaxSequenceAhead = 1 << 20

// ErrHubSequence: the hub holds a sequence from this school past
// MaxSequence (a hub before issue 22 took any), which no summary can get
// above without wrapping; they wait until the district resets it.
var ErrHubSequence = Errorf(EUNAVAILABLE, "The district hub holds a sequence number from this school beyond what Tierline sends: ask your district to reset this school's sequence (Reset sequence on the hub's admin page, or tierline-hub reset-sequence). The summaries wait in the outbox.")

// Submission is a summary waiting in the outbox: its body is the exact
// JSON that will be sent, its ID the Idempotency-Key, and its sequence
// (per school, increasing) lets the hub keep the newest of a window.
type Submission struct {
	ID       ID         `json:"id"`
	Sequence uint64     `json:"sequence"`
	Year     string     `json:"year"`
	Window   WindowName `json:"window"`
	Queued   time.Time  `json:"queued"`
	Body     []byte     `json:"body"`
}

// Label names the submission for people: "Fall 2026-2027".
func (s Submission) Label() string { return s.Window.Title() + " " + s.Year }

// SyncStatus is what the last delivery attempts came to.
type SyncStatus struct {
	LastSent    time.Time `json:"last_sent"`
	LastAttempt time.Time `json:"last_attempt"`
	// Online: the last authenticated request to the hub succeeded.
	Online bool `json:"online"`
	// LastError is in plain words, empty after a success.
	LastError string `json:"last_error,omitempty"`
	// NextTry is when the sender tries again after a failure (zero: when woken).
	NextTry time.Time `json:"next_try"`
}

// SentWindow is the school's own record of the last summary it sent of a
// window: its version (1 for the first send, then one more for each
// correction), the day it was queued, the summary as sent and what it
// counted of each student (their groups and hashes of their records),
// from which a correction tells which students changed since. It never
// leaves the store.
type SentWindow struct {
	Year     string         `json:"year"`
	Window   WindowName     `json:"window"`
	Version  int            `json:"version"`
	SentOn   Date           `json:"sent_on"`
	Body     []byte         `json:"body"`
	Students map[ID]Counted `json:"students"`
}

// Counted is what a window's summary counted of one student: the grade and
// group of each summary dimension, and a hash of each facet of their
// records that a section counts (a measure's screening results, its plans,
// the tier), keyed by facet.
type Counted struct {
	Groups []string          `json:"groups"`
	Facets map[string]uint64 `json:"facets"`
}
