// Package hub is the district's server: it receives the schools'
// de-identified summaries over a small authenticated API, re-checks every
// suppression rule, keeps the newest summary of each school and window,
// and shows a district dashboard (server-rendered HTML, SVG charts) to
// signed-in district staff.
package hub

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/rollup"
	"github.com/tierline/tierline/sync/hubapi"
	"github.com/tierline/tierline/sync/summary"
)

// Config tunes a hub.
type Config struct {
	// District, when set, is the only district code accepted.
	District string
	// K is the smallest district cell the dashboard shows.
	K int
	// Rate and Burst limit each school's requests (per second, and at once).
	Rate  float64
	Burst int
	// Secure marks cookies Secure: set when serving TLS.
	Secure     bool
	SessionTTL time.Duration
	Logger     *slog.Logger
	Now        func() time.Time
}

// DefaultMemoryLimit is a serving hub's soft memory limit (Go's
// runtime/debug.SetMemoryLimit): the garbage collector works harder as the
// heap nears it, instead of letting it grow with GOGC's doubling. The hub
// keeps no summaries in memory, so its heap is the requests in flight and
// the roll-up cache, whatever the history; 256 MiB leaves room under the
// 300 MB a hub should stay within.
const DefaultMemoryLimit = 256 << 20

// DefaultConfig is a hub's configuration unless told otherwise.
func DefaultConfig() Config {
	return Config{K: 10, Rate: 5, Burst: 20, SessionTTL: 12 * time.Hour, Logger: slog.Default(), Now: time.Now}
}

// Server is a running hub's state over its store.
type Server struct {
	store  hubstore.Store
	cfg    Config
	limits *limiter
	// Sign-in: a coarse limit per client address before any parsing, a
	// finer one per address and account, a backoff per account from
	// anywhere, and the key tying the sign-in form to its cookie.
	logins        *limiter
	accountLogins *limiter
	backoff       *backoff
	loginKey      []byte

	cache rollupCache // the district's roll-ups, per window
}

// New returns a hub over an open store. It loads nothing: the store holds
// the summaries as cells, and roll-ups are computed from them when asked.
func New(st hubstore.Store, cfg Config) (*Server, error) {
	def := DefaultConfig()
	if cfg.K == 0 {
		cfg.K = def.K
	}
	if cfg.Rate == 0 {
		cfg.Rate, cfg.Burst = def.Rate, def.Burst
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = def.SessionTTL
	}
	if cfg.Logger == nil {
		cfg.Logger = def.Logger
	}
	if cfg.Now == nil {
		cfg.Now = def.Now
	}
	s := &Server{store: st, cfg: cfg, limits: newLimiter(cfg.Rate, cfg.Burst),
		logins: newLimiter(1, 100), accountLogins: newLimiter(0.2, 10), backoff: newBackoff(),
		loginKey: make([]byte, 32), cache: rollupCache{windows: map[rollup.Window]cachedTotals{}}}
	if _, err := rand.Read(s.loginKey); err != nil {
		return nil, err
	}
	return s, nil
}

// HTTPServer returns a server for the hub with every timeout set, so that
// slow or stalled clients cannot hold connections open.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelWarn),
	}
}

// Handler routes the API and the dashboard.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+hubapi.PathSummaries, s.postSummary)
	mux.HandleFunc("GET "+hubapi.PathMe, s.getMe)
	s.routeWeb(mux)
	return s.logRequests(securityHeaders(mux))
}

// apiFailure is a refusal of the API: a status, a code and words.
type apiFailure struct {
	status     int
	code       string
	message    string
	retryAfter time.Duration
}

func (s *Server) refuse(w http.ResponseWriter, f apiFailure) {
	if f.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(f.retryAfter.Seconds()))))
	}
	writeJSON(w, f.status, hubapi.APIError{Error: f.message, Code: f.code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) //nolint:errcheck // the client went away
}

// authenticate finds the school of the request's bearer token, then
// applies the school's rate limit.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (hubstore.School, bool) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		s.refuse(w, apiFailure{http.StatusUnauthorized, hubapi.CodeUnauthorized, "no token: send Authorization: Bearer <the school's token>", 0})
		return hubstore.School{}, false
	}
	sc, revoked, err := s.store.Authenticate(token)
	switch {
	case errors.Is(err, hubstore.ErrNotFound):
		s.refuse(w, apiFailure{http.StatusUnauthorized, hubapi.CodeUnauthorized, "this token is not one the hub gave", 0})
		return sc, false
	case err != nil:
		s.internal(w, r, err)
		return sc, false
	case revoked:
		s.refuse(w, apiFailure{http.StatusForbidden, hubapi.CodeRevoked, "this school's token was revoked: ask the district for a new one", 0})
		return sc, false
	}
	setLogSchool(r, sc.Code)
	if wait := s.limits.take(sc.Code, s.cfg.Now()); wait > 0 {
		s.refuse(w, apiFailure{http.StatusTooManyRequests, hubapi.CodeRateLimited, "too many requests from this school: wait and try again", wait})
		return sc, false
	}
	return sc, true
}

func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.cfg.Logger.Error("request failed", "path", r.URL.Path, "err", err)
	s.refuse(w, apiFailure{http.StatusInternalServerError, hubapi.CodeInternal, "the hub could not do this; its log says why", 0})
}

func (s *Server) getMe(w http.ResponseWriter, r *http.Request) {
	sc, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, hubapi.SchoolInfo{School: sc.Code, Name: sc.Name, HighestSequence: sc.Highest, LastSync: sc.LastSync})
}

func (s *Server) postSummary(w http.ResponseWriter, r *http.Request) {
	sc, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	bad := func(msg string) { s.refuse(w, apiFailure{http.StatusBadRequest, hubapi.CodeBadRequest, msg, 0}) }
	id, err := uuid.Parse(r.Header.Get(hubapi.HeaderIdempotencyKey))
	if err != nil {
		bad("the Idempotency-Key header must be the submission's UUID")
		return
	}
	seq, err := strconv.ParseUint(r.Header.Get(hubapi.HeaderSequence), 10, 64)
	if err != nil || seq == 0 {
		bad("the Tierline-Sequence header must be a positive whole number")
		return
	}
	if seq > data.MaxSequence || seq > sc.Highest+data.MaxSequenceAhead {
		s.refuse(w, apiFailure{http.StatusBadRequest, hubapi.CodeSequenceRange, fmt.Sprintf(
			"the Tierline-Sequence %d is out of range: at most %d, and at most %d above this school's highest, %d", seq, uint64(data.MaxSequence), data.MaxSequenceAhead, sc.Highest), 0})
		return
	}
	if mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); r.Header.Get("Content-Type") != "" && mediaType != "application/json" {
		s.refuse(w, apiFailure{http.StatusUnsupportedMediaType, hubapi.CodeBadRequest, "a summary is sent as application/json", 0})
		return
	}
	tooLarge := apiFailure{http.StatusRequestEntityTooLarge, hubapi.CodeTooLarge, fmt.Sprintf("a summary is at most %d bytes", summary.MaxSize), 0}
	if r.ContentLength > summary.MaxSize {
		s.refuse(w, tooLarge)
		return
	}
	var buf bytes.Buffer
	buf.Grow(int(max(r.ContentLength, 0)) + bytes.MinRead)
	_, err = buf.ReadFrom(http.MaxBytesReader(w, r.Body, summary.MaxSize))
	body := buf.Bytes()
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		s.refuse(w, tooLarge)
		return
	case err != nil:
		bad("the body could not be read: " + err.Error())
		return
	}
	sum, err := summary.DecodeBytes(body)
	if err != nil {
		s.refuse(w, apiFailure{http.StatusBadRequest, hubapi.CodeBadSummary, err.Error(), 0})
		return
	}
	if sum.School != sc.Code {
		s.refuse(w, apiFailure{http.StatusForbidden, hubapi.CodeSchoolMismatch, fmt.Sprintf("this token is school %s's; the summary is school %s's", sc.Code, sum.School), 0})
		return
	}
	invalid := func(msg string) { s.refuse(w, apiFailure{http.StatusUnprocessableEntity, hubapi.CodeInvalid, msg, 0}) }
	if s.cfg.District != "" && sum.District != s.cfg.District {
		invalid(fmt.Sprintf("district %q: this hub is district %q's", sum.District, s.cfg.District))
		return
	}
	if err := sum.Validate(); err != nil {
		invalid(err.Error())
		return
	}
	receipt, created, err := s.store.Submit(hubstore.Submission{School: sc.Code, ID: id.String(), Sequence: seq,
		Year: sum.Year, Window: sum.Window, Body: body, Cells: hubstore.CellsOf(sum, seq), Received: s.cfg.Now()})
	switch {
	case errors.Is(err, hubstore.ErrKeyReused):
		s.refuse(w, apiFailure{http.StatusUnprocessableEntity, hubapi.CodeKeyReused, err.Error(), 0})
		return
	case errors.Is(err, hubstore.ErrSequenceUsed):
		s.refuse(w, apiFailure{http.StatusConflict, hubapi.CodeSequenceUsed, err.Error() + ": ask " + hubapi.PathMe + " for the highest", 0})
		return
	case err != nil:
		s.internal(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, receipt)
}

// ResetSequence lets a school number its summaries from 1 again (see
// hubstore.SequenceResetter).
func (s *Server) ResetSequence(code string) error {
	resetter, ok := s.store.(hubstore.SequenceResetter)
	if !ok {
		return errors.New("this hub's store cannot reset a school's sequence")
	}
	return resetter.ResetSequence(code)
}

// securityHeaders keeps the dashboard out of frames and other sites'
// scripts out of it.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// logEntry collects what a request's log line says: never a body.
type logEntry struct {
	school string
}

type logKey struct{}

func setLogSchool(r *http.Request, code string) {
	if e, ok := r.Context().Value(logKey{}).(*logEntry); ok {
		e.school = code
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusRecorder) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (the export
// moves its write deadline).
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// logRequests writes one structured line per request: method, path,
// status, duration, sizes and school — no payload, no token, no query.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		entry := &logEntry{}
		rec := &statusRecorder{ResponseWriter: w}
		req := r.WithContext(context.WithValue(r.Context(), logKey{}, entry))
		next.ServeHTTP(rec, req)
		// The server removes the temporary files of r's multipart form, not
		// of the copy the handlers saw: remove those here.
		if req.MultipartForm != nil && req.MultipartForm != r.MultipartForm {
			req.MultipartForm.RemoveAll() //nolint:errcheck // nothing to tell the client
		}
		s.cfg.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"ms", float64(time.Since(start).Microseconds())/1000, "in", r.ContentLength, "out", rec.bytes, "school", entry.school)
	})
}
