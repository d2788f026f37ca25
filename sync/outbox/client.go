package outbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hubapi"
)

// Client talks to the district hub for one school.
type Client struct {
	Hub       data.Hub
	HTTP      *http.Client
	UserAgent string
}

// NewHTTPClient returns a client whose every phase has a time limit, so
// that a hub that hangs costs a delivery attempt, never a stuck sender.
func NewHTTPClient(timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: min(timeout, 10*time.Second)}).DialContext,
			TLSHandshakeTimeout:   min(timeout, 10*time.Second),
			ResponseHeaderTimeout: timeout,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConnsPerHost:   2,
			ForceAttemptHTTP2:     true,
		},
		// A redirect would carry the token somewhere else.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// HubError is a failed request: a network failure (Status 0) or a refusal.
type HubError struct {
	Status     int
	Code       string // the hub's refusal code, when it gave one
	Message    string // the hub's words, or the network error
	RetryAfter time.Duration
}

func (e *HubError) Error() string {
	if e.Status == 0 {
		return "district hub: " + e.Message
	}
	return fmt.Sprintf("the district hub answered %d: %s", e.Status, e.Message)
}

// Temporary reports a failure worth retrying: the network, the hub's own
// faults, a request to slow down.
func (e *HubError) Temporary() bool {
	return e.Status == 0 || e.Status >= 500 || e.Status == http.StatusTooManyRequests || e.Status == http.StatusRequestTimeout
}

// Unauthorized reports a token the hub does not accept, or not for this
// school: retrying cannot help until the settings change.
func (e *HubError) Unauthorized() bool {
	return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
}

// Me asks the hub who this school is and the highest sequence it has.
func (c Client) Me(ctx context.Context) (hubapi.SchoolInfo, error) {
	var info hubapi.SchoolInfo
	err := c.do(ctx, http.MethodGet, hubapi.PathMe, nil, nil, &info)
	return info, err
}

// Send delivers a submission and returns the hub's receipt.
func (c Client) Send(ctx context.Context, sub data.Submission) (hubapi.Receipt, error) {
	var r hubapi.Receipt
	headers := map[string]string{
		hubapi.HeaderIdempotencyKey: sub.ID.String(),
		hubapi.HeaderSequence:       strconv.FormatUint(sub.Sequence, 10),
		"Content-Type":              "application/json",
	}
	err := c.do(ctx, http.MethodPost, hubapi.PathSummaries, sub.Body, headers, &r)
	return r, err
}

// maxAnswer bounds what is read of the hub's answers.
const maxAnswer = 64 << 10

func (c Client) do(ctx context.Context, method, path string, body []byte, headers map[string]string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.Hub.URL, "/")+path, bytes.NewReader(body))
	if err != nil {
		return &HubError{Message: err.Error()}
	}
	req.Header.Set("Authorization", "Bearer "+c.Hub.Token)
	req.Header.Set("User-Agent", c.UserAgent)
	req.Header.Set("Accept", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		var netErr net.Error
		msg := "cannot connect: " + err.Error()
		if errors.As(err, &netErr) && netErr.Timeout() {
			msg = "no answer in time"
		}
		return &HubError{Message: msg}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		// The connection dropped mid-answer: the hub may have stored the
		// summary, which the retry's Idempotency-Key takes care of.
		return &HubError{Message: "the answer was cut off: " + err.Error()}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := &HubError{Status: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"), time.Now())}
		var apiErr hubapi.APIError
		if json.Unmarshal(raw, &apiErr) == nil && apiErr.Error != "" {
			e.Code, e.Message = apiErr.Code, shorten(apiErr.Error, 300)
		} else {
			e.Message = http.StatusText(resp.StatusCode)
		}
		return e
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return &HubError{Message: "its answer is not what a Tierline hub sends"}
	}
	return nil
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// shorten bounds a hub's message shown to people; it stays as the hub wrote it.
func shorten(s string, max int) string {
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}
