package hub

import (
	"crypto/subtle"
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
		if r.Method == http.MethodPost && subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(sess.CSRF)) != 1 {
			http.Error(w, "This form has expired: reload the page and try again.", http.StatusForbidden)
			return
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
	s.render(w, http.StatusOK, "login.html", map[string]string{"Next": safeNext(r.URL.Query().Get("next"))})
}

func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// maxLoginForm caps the sign-in form: a name, a password and a path.
const maxLoginForm = 16 << 10

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	next := "/"
	fail := func(status int, msg string) {
		s.render(w, status, "login.html", map[string]string{"Next": next, "Error": msg})
	}
	// The limiter comes before the body is read, and only a small URL-encoded
	// form is read: a multipart body would be spooled to disk by ParseForm.
	if wait := s.logins.take(clientAddress(r), s.cfg.Now()); wait > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		fail(http.StatusTooManyRequests, "Too many sign-in attempts from this computer: wait a few minutes.")
		return
	}
	if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); strings.TrimSpace(strings.ToLower(ct)) != "application/x-www-form-urlencoded" {
		fail(http.StatusUnsupportedMediaType, "The sign-in form must be sent as a plain form.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxLoginForm)
	if err := r.ParseForm(); err != nil {
		fail(http.StatusRequestEntityTooLarge, "The sign-in form is too large.")
		return
	}
	next = safeNext(r.PostFormValue("next"))
	name, password := r.PostFormValue("name"), r.PostFormValue("password")
	u, err := s.store.User(name)
	hash := u.PasswordHash
	if err != nil {
		hash = dummyHash
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || err != nil {
		fail(http.StatusUnauthorized, "That name and password do not match.")
		return
	}
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

// AddUser adds a district user or changes their password.
func AddUser(st hubstore.Store, name, password string, now time.Time) error {
	if name == "" || len(name) > 60 || strings.ContainsAny(name, " \t\r\n") {
		return errors.New("a user name is 1 to 60 characters without spaces")
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return st.SetUser(hubstore.User{Name: name, PasswordHash: hash, Added: now.UTC()})
}
