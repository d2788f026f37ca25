package hub_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/hubtest"
	"github.com/tierline/tierline/sync/hubapi"
	"github.com/tierline/tierline/sync/summary"
)

var today = data.NewDate(2026, 11, 23)

// testHub is a hub on 127.0.0.1 with one enrolled school, "0123".
type testHub struct{ hubtest.Hub }

func newTestHub(t testing.TB, cfg hub.Config, wrap func(http.Handler) http.Handler) *testHub {
	t.Helper()
	return &testHub{hubtest.StartWith(t, cfg, wrap)}
}

var demoSnapshot = func() func(t testing.TB) data.Snapshot {
	var snap *data.Snapshot
	return func(t testing.TB) data.Snapshot {
		t.Helper()
		if snap == nil {
			s, err := demo.School(demo.Options{Today: today, Size: demo.Small})
			if err != nil {
				t.Fatal(err)
			}
			snap = &s
		}
		return *snap
	}
}()

// summaryJSON builds the demo school's summary of a window.
func summaryJSON(t testing.TB, year int, w data.WindowName) []byte {
	t.Helper()
	snap := demoSnapshot(t)
	y, _ := snap.Settings.YearByLabel(fmt.Sprint(year))
	s, err := summary.Build(snap, y, w, today)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) code() string {
	var e hubapi.APIError
	json.Unmarshal(a.body, &e)
	return e.Code
}

func (h *testHub) post(t testing.TB, token, key string, seq uint64, body []byte) answer {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.URL+hubapi.PathSummaries, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set(hubapi.HeaderIdempotencyKey, key)
	req.Header.Set(hubapi.HeaderSequence, fmt.Sprint(seq))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, b}
}

func (h *testHub) counts(t testing.TB) (receipts, current int) {
	t.Helper()
	r, c, err := h.Store.Counts()
	if err != nil {
		t.Fatal(err)
	}
	return r, c
}

func TestRefusalsStoreNothing(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	other, err := h.Store.Enroll("0456", "Elm Middle", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	revoked, _ := h.Store.Enroll("0789", "Pine K-8", time.Now())
	if err := h.Store.Revoke("0789"); err != nil {
		t.Fatal(err)
	}
	good := summaryJSON(t, 2026, data.Fall)
	tamper := func(edit func(m map[string]any)) []byte {
		var m map[string]any
		json.Unmarshal(good, &m)
		edit(m)
		b, _ := json.Marshal(m)
		return b
	}
	smallCell := tamper(func(m map[string]any) {
		for _, c := range m["progress"].([]any) {
			cell := c.(map[string]any)
			if cell["dimension"] == "race" {
				cell["n"] = 7
				return
			}
		}
	})
	key := uuid.NewString()
	for _, tc := range []struct {
		name   string
		token  string
		key    string
		body   []byte
		status int
		code   string
		says   string
	}{
		{"no token", "", key, good, 401, hubapi.CodeUnauthorized, "no token"},
		{"wrong token", strings.Repeat("ab", 32), key, good, 401, hubapi.CodeUnauthorized, "not one the hub gave"},
		{"revoked token", revoked, key, good, 403, hubapi.CodeRevoked, "revoked"},
		{"another school's code", other, key, good, 403, hubapi.CodeSchoolMismatch, "this token is school 0456's"},
		{"2 MiB body", h.Token, key, bytes.Repeat([]byte(" "), 2<<20), 413, hubapi.CodeTooLarge, "at most"},
		{"unknown field", h.Token, key, bytes.Replace(good, []byte(`"k":`), []byte(`"student":"Ana","k":`), 1), 400, hubapi.CodeBadSummary, "unknown field"},
		{"trailing data", h.Token, key, slices.Concat(bytes.TrimSpace(good), []byte(`{}`)), 400, hubapi.CodeBadSummary, "after its end"},
		{"duplicate key", h.Token, key, bytes.Replace(good, []byte(`"k":10`), []byte(`"k":10,"k":5`), 1), 400, hubapi.CodeBadSummary, "twice"},
		{"a cell under k", h.Token, key, smallCell, 422, hubapi.CodeInvalid, "threshold: publishes n = 7"},
		{"not a key", h.Token, "17", good, 400, hubapi.CodeBadRequest, "Idempotency-Key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := h.post(t, tc.token, tc.key, 1, tc.body)
			if a.status != tc.status || a.code() != tc.code || !strings.Contains(string(a.body), tc.says) {
				t.Errorf("got %d %s, want %d %s saying %q", a.status, a.body, tc.status, tc.code, tc.says)
			}
			if r, c := h.counts(t); r != 0 || c != 0 {
				t.Errorf("a refused summary was stored: %d receipts, %d current", r, c)
			}
		})
	}
}

func TestReceiptsSequencesAndReplacement(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	fall := summaryJSON(t, 2026, data.Fall)
	newer, older := uuid.NewString(), uuid.NewString()

	first := h.post(t, h.Token, newer, 5, fall)
	if first.status != http.StatusCreated {
		t.Fatalf("first post: %d %s", first.status, first.body)
	}
	var r hubapi.Receipt
	json.Unmarshal(first.body, &r)
	if r.ID != newer || !r.Current || r.Sequence != 5 || r.Window != "fall" {
		t.Fatalf("receipt %+v", r)
	}
	again := h.post(t, h.Token, newer, 5, fall)
	if again.status != http.StatusOK || !bytes.Equal(again.body, first.body) {
		t.Fatalf("a repeat gets %d %s, want the first receipt", again.status, again.body)
	}
	// Same key, another body: refused.
	if a := h.post(t, h.Token, newer, 5, summaryJSON(t, 2025, data.Spring)); a.status != 422 || a.code() != hubapi.CodeKeyReused {
		t.Fatalf("same key, other body: %d %s", a.status, a.body)
	}
	// A lower sequence of the same window arrives late: acknowledged, not current.
	late := h.post(t, h.Token, older, 3, fall)
	json.Unmarshal(late.body, &r)
	if late.status != http.StatusCreated || r.Current {
		t.Fatalf("a late older summary: %d %+v", late.status, r)
	}
	// Another summary may not take a sequence already used.
	if a := h.post(t, h.Token, uuid.NewString(), 5, summaryJSON(t, 2025, data.Fall)); a.status != 409 || a.code() != hubapi.CodeSequenceUsed {
		t.Fatalf("a used sequence: %d %s", a.status, a.body)
	}
	if receipts, current := h.counts(t); receipts != 2 || current != 1 {
		t.Fatalf("%d receipts, %d current; want 2 and 1", receipts, current)
	}
	if cur := hubtest.Current(t, h.Store); len(cur) != 1 || cur[0].Sequence != 5 {
		t.Fatal("the late, older summary replaced the newer one")
	}

	req, _ := http.NewRequest(http.MethodGet, h.URL+hubapi.PathMe, nil)
	req.Header.Set("Authorization", "Bearer "+h.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var me hubapi.SchoolInfo
	json.NewDecoder(resp.Body).Decode(&me)
	if me.School != "0123" || me.HighestSequence != 5 {
		t.Fatalf("me: %+v", me)
	}
}

func TestRateLimitSaysWhenToComeBack(t *testing.T) {
	h := newTestHub(t, hub.Config{Rate: 0.5, Burst: 2}, nil)
	body := summaryJSON(t, 2026, data.Fall)
	var last answer
	for i := range 3 {
		last = h.post(t, h.Token, uuid.NewString(), uint64(i+1), body)
	}
	if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") != "2" {
		t.Fatalf("third request at 0.5/s: %d, Retry-After %q", last.status, last.header.Get("Retry-After"))
	}
}

// browser is a signed-in dashboard user.
type browser struct {
	t    *testing.T
	c    *http.Client
	base string
}

func signIn(t *testing.T, h *testHub, password string) (*browser, int) {
	t.Helper()
	if err := hub.AddUser(h.Store, "dana", "correct horse battery", time.Now()); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(h.URL+"/login", url.Values{"name": {"dana"}, "password": {password}, "next": {"/"}, "csrf": {loginToken(t, c, h.URL)}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return &browser{t, c, h.URL}, resp.StatusCode
}

// loginToken opens the sign-in form, as a browser would before posting
// it, and returns the token it carries (its cookie stays in c's jar).
func loginToken(t testing.TB, c *http.Client, base string) string {
	t.Helper()
	resp, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	token := between(string(page), `name="csrf" value="`, `"`)
	if token == "" {
		t.Fatal("the sign-in form carries no token")
	}
	return token
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func (b *browser) post(path string, form url.Values) (int, string) {
	b.t.Helper()
	resp, err := b.c.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestDashboardNeedsASignIn(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, path := range []string{"/", "/schools/0123", "/export.csv", "/admin"} {
		resp, err := noRedirect.Get(h.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("%s without signing in: %d %s", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if _, status := signIn(t, h, "wrong password!"); status != http.StatusUnauthorized {
		t.Errorf("a wrong password: %d", status)
	}
	noRedirect.Jar, _ = cookiejar.New(nil)
	resp, err := noRedirect.PostForm(h.URL+"/login", url.Values{"name": {"dana"}, "password": {"correct horse battery"}, "csrf": {loginToken(t, noRedirect, h.URL)}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookie := resp.Header.Get("Set-Cookie")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Strict") {
		t.Errorf("signing in: %d, cookie %q", resp.StatusCode, cookie)
	}
}

func TestDashboardShowsTheSchoolsAndEscapesTheirText(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	// A measure is a catalog code: markup or a spreadsheet formula in its
	// place is refused, so it can reach neither the page nor the CSV.
	for _, hostile := range []string{"<script>alert(1)</script>", "=HYPERLINK(1)"} {
		body := bytes.ReplaceAll(summaryJSON(t, 2026, data.Fall), []byte(`"measure":"dibels8-orf"`), []byte(`"measure":"`+hostile+`"`))
		if a := h.post(t, h.Token, uuid.NewString(), 1, body); a.status != http.StatusUnprocessableEntity || !strings.Contains(string(a.body), "not a catalog code") {
			t.Fatalf("post of measure %s: %d %s", hostile, a.status, a.body)
		}
	}
	if a := h.post(t, h.Token, uuid.NewString(), 1, summaryJSON(t, 2026, data.Fall)); a.status != http.StatusCreated {
		t.Fatalf("post: %d %s", a.status, a.body)
	}
	if a := h.post(t, h.Token, uuid.NewString(), 2, summaryJSON(t, 2025, data.Spring)); a.status != http.StatusCreated {
		t.Fatalf("post: %d %s", a.status, a.body)
	}
	b, _ := signIn(t, h, "correct horse battery")
	for _, path := range []string{"/", "/schools/0123", "/?measure=%3Cscript%3Ealert(1)%3C/script%3E&dimension=el&grade=03"} {
		status, page := b.get(path)
		if status != 200 || !strings.Contains(page, "Oak Street Elementary") || !strings.Contains(page, "<svg") {
			t.Fatalf("%s: %d, no school or no chart", path, status)
		}
		if strings.Contains(page, "<script>alert") {
			t.Fatalf("%s: a school's text reached the page unescaped", path)
		}
	}
	_, page := b.get("/?measure=dibels8-orf&dimension=el&grade=03")
	if !strings.Contains(page, `href="/schools/0123?dimension=el&amp;grade=03&amp;measure=dibels8-orf"`) {
		t.Error("the link to the school does not keep the chosen measure, groups and grade")
	}
	for _, want := range []string{"Spring 2025-2026", "Fall 2026-2027", "% at or above benchmark — dibels8-orf", "Tier placement"} {
		if !strings.Contains(page, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
	status, csv := b.get("/export.csv")
	if status != 200 || !strings.HasPrefix(csv, "school,year,window,section") || !strings.Contains(csv, "0123,2025-2026,spring,progress") {
		t.Fatalf("export: %d %.200s", status, csv)
	}
	if status, _ := b.get("/schools/9999"); status != http.StatusNotFound {
		t.Errorf("an unknown school: %d", status)
	}
}

func TestAdminEnrollsAndRevokesWhileServing(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	b, _ := signIn(t, h, "correct horse battery")
	if status, _ := b.post("/admin/enroll", url.Values{"code": {"0456"}, "name": {"Elm Middle"}}); status != http.StatusForbidden {
		t.Fatalf("a form without its CSRF token: %d", status)
	}
	_, page := b.get("/admin")
	csrf := between(page, `name="csrf" value="`, `"`)
	status, page := b.post("/admin/enroll", url.Values{"code": {"0456"}, "name": {"Elm Middle"}, "csrf": {csrf}})
	token := between(page, `<p class="token">`, `</p>`)
	if status != 200 || len(token) != 64 {
		t.Fatalf("enroll: %d, token %q", status, token)
	}
	body := bytes.ReplaceAll(summaryJSON(t, 2026, data.Fall), []byte(`"school":"0123"`), []byte(`"school":"0456"`))
	if a := h.post(t, token, uuid.NewString(), 1, body); a.status != http.StatusCreated {
		t.Fatalf("the new school's first summary: %d %s", a.status, a.body)
	}
	if status, _ := b.post("/admin/revoke", url.Values{"code": {"0456"}, "csrf": {csrf}}); status != 200 {
		t.Fatalf("revoke: %d", status)
	}
	if a := h.post(t, token, uuid.NewString(), 2, body); a.status != http.StatusForbidden || a.code() != hubapi.CodeRevoked {
		t.Fatalf("after revoking: %d %s", a.status, a.body)
	}
	status, page = b.post("/admin/enroll", url.Values{"code": {"bad code!"}, "name": {"X"}, "csrf": {csrf}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "school code") {
		t.Fatalf("a bad code: %d", status)
	}
	status, page = b.post("/admin/users", url.Values{"name": {"lee"}, "password": {"short"}, "csrf": {csrf}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "at least 12") {
		t.Fatalf("a short password: %d", status)
	}
}

func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	j := strings.Index(s, end)
	if j < 0 {
		return ""
	}
	return s[:j]
}

// A hub keeps the v1 summaries it stored before v2: the dashboard and
// export.csv read them as the v1 code wrote them (measure names, hidden
// cells with n null and their labels), beside the v2 ones.
func TestDashboardAndExportReadStoredV1Summaries(t *testing.T) {
	v1, err := os.ReadFile("testdata/v1/oak-fall-2026.json")
	if err != nil {
		t.Fatal(err)
	}
	stored, err := summary.DecodeBytes(v1)
	if err != nil {
		t.Fatal(err)
	}
	h := &testHub{hubtest.StartSeeded(t, hub.Config{}, nil, func(st hubstore.Store) {
		if _, _, err := st.Submit(hubstore.Submission{School: "0123", ID: uuid.NewString(), Sequence: 1, Year: "2026-2027",
			Window: "fall", Body: v1, Cells: hubstore.CellsOf(stored, 1), Received: time.Now()}); err != nil {
			t.Fatal(err)
		}
	})}
	if a := h.post(t, h.Token, uuid.NewString(), 2, summaryJSON(t, 2025, data.Spring)); a.status != http.StatusCreated {
		t.Fatalf("post v2: %d %s", a.status, a.body)
	}
	b, _ := signIn(t, h, "correct horse battery")
	status, page := b.get("/?measure=Math+Computation")
	if status != 200 {
		t.Fatalf("dashboard: %d", status)
	}
	for _, want := range []string{"Fall 2026-2027", "Math Computation", "<svg"} {
		if !strings.Contains(page, want) {
			t.Errorf("the dashboard over a stored v1 summary lacks %q", want)
		}
	}
	if status, page := b.get("/schools/0123?measure=ORF"); status != 200 || !strings.Contains(page, "Oak Street Elementary") {
		t.Errorf("school page over a stored v1 summary: %d", status)
	}
	status, csv := b.get("/export.csv")
	if status != 200 {
		t.Fatalf("export: %d", status)
	}
	for _, want := range []string{"0123,2026-2027,fall,progress,Math Computation,all,all,all,24,33", "0123,2026-2027,fall,progress,ORF,all,all,all,,,,,,,true,complementary", "0123,2026-2027,fall,tiers", "0123,2025-2026,spring,progress"} {
		if !strings.Contains(csv, want) {
			t.Errorf("export.csv lacks %q:\n%.600s", want, csv)
		}
	}
}
