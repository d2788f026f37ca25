package hub_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubstore"
)

// signInAs signs a user in (adding them with a role first) and returns
// the browser and the CSRF token of its session, read from the page.
func signInAs(t *testing.T, h *testHub, name, role string) (*browser, string) {
	t.Helper()
	if err := hub.SaveUser(h.Store, name, "correct horse battery", role, time.Now()); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(h.URL+"/login", url.Values{"name": {name}, "password": {"correct horse battery"}, "next": {"/"}, "csrf": {loginToken(t, c, h.URL)}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	b := &browser{t, c, h.URL}
	_, page := b.get("/")
	m := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no CSRF token on the dashboard", name)
	}
	return b, m[1]
}

// A viewer reads the dashboard but gets a 403 in words on every admin
// route, and cannot reset another user's password; an administrator can.
func TestViewerCannotAdminister(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	viewer, vcsrf := signInAs(t, h, "val", hubstore.RoleViewer)
	admin, acsrf := signInAs(t, h, "ada", hubstore.RoleAdmin)
	before, _ := h.Store.User("ada")

	if status, page := viewer.get("/"); status != http.StatusOK || strings.Contains(page, `href="/admin"`) {
		t.Errorf("a viewer's dashboard: %d, admin link shown: %v", status, strings.Contains(page, `href="/admin"`))
	}
	for _, tc := range []struct {
		method, path string
		form         url.Values
	}{
		{http.MethodGet, "/admin", nil},
		{http.MethodPost, "/admin/enroll", url.Values{"code": {"0999"}, "name": {"Sneaky School"}}},
		{http.MethodPost, "/admin/revoke", url.Values{"code": {"0123"}}},
		{http.MethodPost, "/admin/users", url.Values{"name": {"ada"}, "password": {"a new password of val's"}, "role": {"admin"}}},
		{http.MethodPost, "/admin/users", url.Values{"name": {"val"}, "password": {"promote me please", "x"}, "role": {"admin"}}},
	} {
		var status int
		var page string
		if tc.method == http.MethodGet {
			status, page = viewer.get(tc.path)
		} else {
			tc.form.Set("csrf", vcsrf)
			status, page = viewer.post(tc.path, tc.form)
		}
		if status != http.StatusForbidden || !strings.Contains(page, "viewer") {
			t.Errorf("a viewer's %s %s: %d %q", tc.method, tc.path, status, page)
		}
	}
	if after, _ := h.Store.User("ada"); string(after.PasswordHash) != string(before.PasswordHash) {
		t.Error("a viewer reset an administrator's password")
	}
	if u, _ := h.Store.User("val"); u.Admin() {
		t.Error("a viewer made themself an administrator")
	}
	if _, err := h.Store.School("0999"); err == nil {
		t.Error("a viewer enrolled a school")
	}
	if sc, _ := h.Store.School("0123"); sc.Revoked {
		t.Error("a viewer revoked a school")
	}

	// The administrator resets the viewer's password and adds a viewer.
	if status, _ := admin.get("/admin"); status != http.StatusOK {
		t.Fatalf("an administrator's /admin: %d", status)
	}
	if status, page := admin.post("/admin/users", url.Values{"csrf": {acsrf}, "name": {"val"}, "password": {"a fresh password for val"}, "role": {"viewer"}}); status != http.StatusOK || !strings.Contains(page, "The user was saved") {
		t.Fatalf("an administrator resets a password: %d %q", status, page)
	}
	if status, _ := admin.post("/admin/users", url.Values{"csrf": {acsrf}, "name": {"vic"}, "password": {"another viewer here"}, "role": {"viewer"}}); status != http.StatusOK {
		t.Fatalf("an administrator adds a viewer: %d", status)
	}
	if u, err := h.Store.User("vic"); err != nil || u.Admin() {
		t.Errorf("vic: %+v %v", u, err)
	}
	jar, _ := cookiejar.New(nil)
	val := &http.Client{Jar: jar}
	resp, err := val.PostForm(h.URL+"/login", url.Values{"name": {"val"}, "password": {"a fresh password for val"}, "next": {"/"}, "csrf": {loginToken(t, val, h.URL)}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		t.Errorf("val signs in with the new password: %d at %s", resp.StatusCode, resp.Request.URL)
	}
}

// Users stored before roles existed have no role: they are
// administrators, and resetting a password keeps a user's role.
func TestUsersBeforeRolesAreAdministrators(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	hash, _ := hub.HashPassword("correct horse battery")
	if err := h.Store.SetUser(hubstore.User{Name: "old", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	if u, _ := h.Store.User("old"); !u.Admin() {
		t.Error("a user from before roles is not an administrator")
	}
	if err := hub.SaveUser(h.Store, "v", "correct horse battery", hubstore.RoleViewer, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := hub.AddUser(h.Store, "v", "another long password", time.Now()); err != nil {
		t.Fatal(err)
	}
	if u, _ := h.Store.User("v"); u.Admin() {
		t.Error("a password reset made a viewer an administrator")
	}
	if err := hub.SaveUser(h.Store, "w", "correct horse battery", "owner", time.Now()); err == nil {
		t.Error("an unknown role was accepted")
	}
}
