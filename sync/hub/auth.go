package hub

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tierline/tierline/sync/hub/hubstore"
)

const sessionCookie = "tierline_hub_session"

// MinPasswordLength is the shortest password a district user may have.
const MinPasswordLength = 12

// HashPassword hashes a district user's password with bcrypt.
func HashPassword(password string) ([]byte, error) {
	if len(password) < MinPasswordLength {
		return nil, fmt.Errorf("a password needs at least %d characters", MinPasswordLength)
	}
	if len(password) > 72 {
		return nil, errors.New("a password may have at most 72 bytes (bcrypt's limit)")
	}
	return bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
}

// dummyHash makes a sign-in with an unknown name cost as much as one with
// a wrong password, so that timing does not tell which names exist.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a password of anyone's"), bcrypt.DefaultCost)

// signedIn lets a request through with a live session; a page asked for
// without one goes to the sign-in form, and a form posted without the
// session's CSRF token is refused.
func (s *Server) signedIn(h func(http.ResponseWriter, *http.Request, hubstore.Session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var sess hubstore.Session
		c, err := r.Cookie(sessionCookie)
		if err == nil {
			sess, err = s.store.Session(c.Value, s.cfg.Now())
		}
		if err != nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			http.Error(w, "Sign in first.", http.StatusForbidden)
			return
		}
		if r.Method == http.MethodPost {
			if refused := readForm(w, r); refused != nil {
				http.Error(w, refused.message, refused.status)
				return
			}
			if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(sess.CSRF)) != 1 {
				http.Error(w, "This form has expired: reload the page and try again.", http.StatusForbidden)
				return
			}
		}
		h(w, r, sess)
	}
}

// safeNext keeps a post-sign-in redirect on this site. It judges the path
// after parsing, the way a browser will: browsers drop tabs and newlines and
// read a backslash as a slash, so "/\t/evil.example" is "//evil.example".
func safeNext(next string) string {
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	if !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.HasPrefix(next, "//") {
		return "/"
	}
	return u.RequestURI()
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "login.html", map[string]string{"Next": safeNext(r.URL.Query().Get("next")), "CSRF": s.loginForm(w, r)})
}

// loginCookie holds a random value before any session: the sign-in form
// carries its HMAC, so another site cannot post a sign-in (login CSRF)
// into someone's browser.
const loginCookie = "tierline_hub_login"

// loginForm keeps the browser's pre-session cookie, or gives it one, and
// returns the token the sign-in form carries.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(loginCookie); err == nil && len(c.Value) == 64 {
		if _, err := hex.DecodeString(c.Value); err == nil {
			return s.loginToken(c.Value)
		}
	}
	value := make([]byte, 32)
	rand.Read(value) //nolint:errcheck // crypto/rand does not fail on supported systems
	c := &http.Cookie{Name: loginCookie, Value: hex.EncodeToString(value), Path: "/login", HttpOnly: true, Secure: s.cfg.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(time.Hour.Seconds())}
	http.SetCookie(w, c)
	return s.loginToken(c.Value)
}

func (s *Server) loginToken(cookie string) string {
	mac := hmac.New(sha256.New, s.loginKey)
	mac.Write([]byte(cookie))
	return hex.EncodeToString(mac.Sum(nil))
}

// loginCSRFValid checks the posted form's token against the cookie.
func (s *Server) loginCSRFValid(r *http.Request) bool {
	c, err := r.Cookie(loginCookie)
	return err == nil && hmac.Equal([]byte(r.PostFormValue("csrf")), []byte(s.loginToken(c.Value)))
}

func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	next := "/"
	fail := func(status int, msg string) {
		s.render(w, status, "login.html", map[string]string{"Next": next, "Error": msg, "CSRF": s.loginForm(w, r)})
	}
	wait := func(d time.Duration, msg string) {
		w.Header().Set("Retry-After", fmt.Sprint(int(d.Seconds())+1))
		fail(http.StatusTooManyRequests, msg)
	}
	now := s.cfg.Now()
	// The coarse limiter comes before the body is read, and only a small
	// URL-encoded form is read: a multipart body would be spooled to disk.
	address := clientAddress(r)
	if d := s.logins.take(address, now); d > 0 {
		wait(d, "Too many sign-in attempts from this computer: wait a few minutes.")
		return
	}
	if refused := readForm(w, r); refused != nil {
		fail(refused.status, refused.message)
		return
	}
	next = safeNext(r.PostFormValue("next"))
	if !s.loginCSRFValid(r) {
		fail(http.StatusForbidden, "This sign-in form has expired: sign in again.")
		return
	}
	name, password := r.PostFormValue("name"), r.PostFormValue("password")
	// A user name has at most 60 bytes: a longer one names no account, and
	// cut short it keeps the limiters' tables small whatever is posted.
	account := name[:min(len(name), 64)]
	// Guessing one account from one address (a school's NAT) stops that
	// account there, not the address's other users; the account's own
	// backoff slows guessing it from anywhere.
	if d := s.accountLogins.take(address+"\x00"+account, now); d > 0 {
		wait(d, "Too many sign-in attempts at this name from this computer: wait a few minutes.")
		return
	}
	if d := s.backoff.wait(account, now); d > 0 {
		wait(d, fmt.Sprintf("Too many wrong passwords for this name: wait %d seconds and try again.", int(d.Seconds())+1))
		return
	}
	u, err := s.store.User(name)
	hash := u.PasswordHash
	if err != nil {
		hash = dummyHash
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || err != nil {
		s.backoff.failed(account, now)
		fail(http.StatusUnauthorized, "That name and password do not match.")
		return
	}
	s.backoff.succeeded(account)
	token, _, err := s.store.NewSession(u.Name, s.cfg.Now().Add(s.cfg.SessionTTL))
	if err != nil {
		s.cfg.Logger.Error("new session", "err", err)
		fail(http.StatusInternalServerError, "The hub could not sign you in; its log says why.")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.cfg.Secure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(s.cfg.SessionTTL.Seconds())})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, _ hubstore.Session) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.store.EndSession(c.Value) //nolint:errcheck // the cookie is cleared either way
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// AddUser adds a district user or changes their password; a new user is
// an administrator, an existing one keeps their role.
func AddUser(st hubstore.Store, name, password string, now time.Time) error {
	return SaveUser(st, name, password, "", now)
}

// SaveUser adds a district user with a role (hubstore.RoleAdmin or
// RoleViewer), or changes an existing user's password and, when role is
// not empty, their role.
func SaveUser(st hubstore.Store, name, password, role string, now time.Time) error {
	if name == "" || len(name) > 60 || strings.ContainsAny(name, " \t\r\n") {
		return errors.New("a user name is 1 to 60 characters without spaces")
	}
	if role != "" && role != hubstore.RoleAdmin && role != hubstore.RoleViewer {
		return fmt.Errorf("role %q: a user is an %s or a %s", role, hubstore.RoleAdmin, hubstore.RoleViewer)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	u := hubstore.User{Name: name, PasswordHash: hash, Added: now.UTC(), Role: role}
	switch old, err := st.User(name); {
	case err == nil:
		u.Added = old.Added
		if role == "" {
			u.Role = old.Role
		}
	case !errors.Is(err, hubstore.ErrNotFound):
		return err
	}
	if u.Role == "" {
		u.Role = hubstore.RoleAdmin
	}
	return st.SetUser(u)
}

// adminOnly lets through only a signed-in administrator; a viewer is told
// in words that the page is not theirs (403). The role is read on every
// request, so a demoted user loses the pages at once.
func (s *Server) adminOnly(h func(http.ResponseWriter, *http.Request, hubstore.Session)) http.HandlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
		u, err := s.store.User(sess.User)
		if err != nil || !u.Admin() {
			http.Error(w, "Only a district administrator can enrol schools, add users or reset passwords: you are signed in as a viewer. Ask an administrator.", http.StatusForbidden)
			return
		}
		h(w, r, sess)
	})
}

// isAdmin says whether the session's user is an administrator, for the
// pages' navigation.
func (s *Server) isAdmin(sess hubstore.Session) bool {
	u, err := s.store.User(sess.User)
	return err == nil && u.Admin()
}
