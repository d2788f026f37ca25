package hubapi

import (
	"time"
)

// The district hub's API, shared by the school's sender and the hub.
const (
	PathSummaries = "/api/v1/summaries"
	PathMe        = "/api/v1/schools/me"

	HeaderIdempotencyKey = "Idempotency-Key"
	// HeaderSequence carries the submission's per-school sequence: the hub
	// keeps, for each window, the summary with the highest.
	HeaderSequence = "Tierline-Sequence"
)

// Receipt is the hub's acknowledgement of a summary. A repeat of the same
// Idempotency-Key gets the first receipt again.
type Receipt struct {
	ID       string    `json:"id"`
	School   string    `json:"school"`
	Year     string    `json:"year"`
	Window   string    `json:"window"`
	Sequence uint64    `json:"sequence"`
	Received time.Time `json:"received"`
	// Current is false when the hub already held a newer summary of the
	// window (a higher sequence), which it kept.
	Current bool `json:"current"`
}

// SchoolInfo is what GET /api/v1/schools/me returns.
type SchoolInfo struct {
	School          string    `json:"school"`
	Name            string    `json:"name"`
	HighestSequence uint64    `json:"highest_sequence"`
	LastSync        time.Time `json:"last_sync"`
}

// APIError is the body of every refusal.
type APIError struct {
	Error string `json:"error"`
	// Code tells refusals apart for programs: see the Code* constants.
	Code string `json:"code"`
}

// Refusal codes.
const (
	CodeUnauthorized   = "unauthorized"    // no token, or not a valid one
	CodeRevoked        = "revoked"         // the school's token was revoked
	CodeSchoolMismatch = "school_mismatch" // the summary is another school's
	CodeTooLarge       = "too_large"
	CodeBadRequest     = "bad_request" // the request, not its summary: bad headers, content type
	CodeBadSummary     = "bad_summary" // the body is not a summary: malformed, unknown fields
	CodeInvalid        = "invalid"     // a summary that breaks a rule (suppression, ranges)
	CodeKeyReused      = "key_reused"  // the Idempotency-Key was used for another body
	CodeSequenceUsed   = "sequence_used"
	// CodeSequenceRange: the sequence is past data.MaxSequence or too far
	// above the school's highest; the summary itself may be fine.
	CodeSequenceRange = "sequence_out_of_range"
	CodeRateLimited   = "rate_limited"
	CodeInternal      = "internal"
)

// Definitive reports a refusal of the summary's contents, which no retry
// of the same bytes can change: the sender drops such a summary and says
// why. Every other refusal (headers, sequence, token, the hub's faults)
// leaves the summary waiting.
func Definitive(code string) bool {
	switch code {
	case CodeBadSummary, CodeInvalid, CodeTooLarge, CodeKeyReused:
		return true
	}
	return false
}
