package hub_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tierline/tierline/sync/hub"
)

// clock is a settable time for the hub's limits.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// fromAddress lets a test say which address a request comes from.
func fromAddress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a := r.Header.Get("X-Test-Address"); a != "" {
			r.RemoteAddr = a + ":40000"
		}
		next.ServeHTTP(w, r)
	})
}

// person is a browser at an address.
type person struct {
	t       *testing.T
	c       *http.Client
	base    string
	address string
}

func newPerson(t *testing.T, base, address string) *person {
	jar, _ := cookiejar.New(nil)
	return &person{t, &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base, address}
}

func (p *person) do(method, path string, form url.Values) (int, string) {
	p.t.Helper()
	req, _ := http.NewRequest(method, p.base+path, strings.NewReader(form.Encode()))
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("X-Test-Address", p.address)
	resp, err := p.c.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// formToken opens the sign-in form and returns its token.
func (p *person) formToken() string {
	p.t.Helper()
	_, page := p.do(http.MethodGet, "/login", nil)
	return between(page, `name="csrf" value="`, `"`)
}

// signIn opens the form and posts it: the status of the post.
func (p *person) signIn(name, password string) int {
	p.t.Helper()
	status, _ := p.do(http.MethodPost, "/login", url.Values{"name": {name}, "password": {password}, "csrf": {p.formToken()}})
	return status
}

func hubWithUsers(t *testing.T, clk *clock) *testHub {
	h := newTestHub(t, hub.Config{Now: clk.Now}, fromAddress)
	for _, name := range []string{"dana", "lee"} {
		if err := hub.AddUser(h.Store, name, "correct horse battery", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// TestAGuesserBehindTheNATLocksOutOnlyTheAccountItGuesses reproduces issue
// 22 item 8: the sign-in limit was per address only, so one guesser behind
// a school's NAT kept everyone there out, right passwords refused.
func TestAGuesserBehindTheNATLocksOutOnlyTheAccountItGuesses(t *testing.T) {
	clk := &clock{now: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	h := hubWithUsers(t, clk)
	attacker := newPerson(t, h.URL, "10.0.0.1")
	limited := false
	for range 30 {
		if attacker.signIn("dana", "a wrong password!") == http.StatusTooManyRequests {
			limited = true
		}
	}
	if !limited {
		t.Fatal("30 wrong passwords in a row were never slowed down")
	}
	colleague := newPerson(t, h.URL, "10.0.0.1") // the same school, the same address
	if status := colleague.signIn("lee", "correct horse battery"); status != http.StatusSeeOther {
		t.Fatalf("another account's right password from the guesser's address: %d", status)
	}
}

// TestAnAccountBacksOffFromAnywhere: after five wrong passwords an account
// waits, from every address, twice as long after each further failure;
// once the wait is over the right password works and starts it afresh.
func TestAnAccountBacksOffFromAnywhere(t *testing.T) {
	clk := &clock{now: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	h := hubWithUsers(t, clk)
	for i := range 5 {
		if status := newPerson(t, h.URL, fmt.Sprintf("10.0.1.%d", i+1)).signIn("dana", "a wrong password!"); status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i+1, status)
		}
	}
	dana := newPerson(t, h.URL, "192.0.2.7")
	if status := dana.signIn("dana", "correct horse battery"); status != http.StatusTooManyRequests {
		t.Fatalf("the right password during the backoff: %d, want 429", status)
	}
	if status := newPerson(t, h.URL, "192.0.2.8").signIn("lee", "correct horse battery"); status != http.StatusSeeOther {
		t.Fatalf("another account during dana's backoff: %d", status)
	}
	clk.add(2 * time.Second)
	if status := dana.signIn("dana", "correct horse battery"); status != http.StatusSeeOther {
		t.Fatalf("the right password after the backoff: %d", status)
	}
	if status := dana.signIn("dana", "a wrong password!"); status != http.StatusUnauthorized {
		t.Fatalf("a success starts afresh: %d", status)
	}
}

// TestSignInNeedsTheFormsToken: a sign-in posted from another site (login
// CSRF) has no pre-session cookie, or a token that is not its cookie's.
func TestSignInNeedsTheFormsToken(t *testing.T) {
	clk := &clock{now: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	h := hubWithUsers(t, clk)
	victim := newPerson(t, h.URL, "192.0.2.1")
	form := url.Values{"name": {"dana"}, "password": {"correct horse battery"}}
	if status, _ := victim.do(http.MethodPost, "/login", form); status != http.StatusForbidden {
		t.Fatalf("a sign-in without the form's token: %d", status)
	}
	// The attacker's own form's token, with the victim's cookie.
	form.Set("csrf", newPerson(t, h.URL, "192.0.2.2").formToken())
	victim.formToken()
	if status, _ := victim.do(http.MethodPost, "/login", form); status != http.StatusForbidden {
		t.Fatalf("a sign-in with another browser's token: %d", status)
	}
	if status := victim.signIn("dana", "correct horse battery"); status != http.StatusSeeOther {
		t.Fatalf("the form's own token: %d", status)
	}
}
