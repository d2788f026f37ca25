package hub

import (
	"bytes"
	"crypto/subtle"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/summary"
)

//go:embed templates/*.html
var templateFiles embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"pct": func(v float64) string { return fmt.Sprintf("%.0f%%", v) },
}).ParseFS(templateFiles, "templates/*.html"))

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

func (s *Server) routeWeb(mux *http.ServeMux) {
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.signedIn(s.logout))
	mux.HandleFunc("GET /{$}", s.signedIn(s.districtPage))
	mux.HandleFunc("GET /schools/{code}", s.signedIn(s.schoolPage))
	mux.HandleFunc("GET /export.csv", s.signedIn(s.exportCSV))
	mux.HandleFunc("GET /admin", s.signedIn(s.adminPage))
	mux.HandleFunc("POST /admin/enroll", s.signedIn(s.enroll))
	mux.HandleFunc("POST /admin/revoke", s.signedIn(s.revoke))
	mux.HandleFunc("POST /admin/users", s.signedIn(s.addUser))
}

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

func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, name, data); err != nil {
		s.cfg.Logger.Error("render", "template", name, "err", err)
		http.Error(w, "The page could not be drawn; the hub's log says why.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes()) //nolint:errcheck // the browser went away
}

// safeNext keeps a post-sign-in redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
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

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.PostFormValue("next"))
	fail := func(status int, msg string) {
		s.render(w, status, "login.html", map[string]string{"Next": next, "Error": msg})
	}
	if wait := s.logins.take(clientAddress(r), s.cfg.Now()); wait > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		fail(http.StatusTooManyRequests, "Too many sign-in attempts from this computer: wait a few minutes.")
		return
	}
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

// summaries returns the current summaries, of one school or all.
func (s *Server) summaries(school string) []summary.Summary {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []summary.Summary
	for k, r := range s.current {
		if school == "" || k.school == school {
			out = append(out, r.summary)
		}
	}
	// Map order is random; pages and exports are not.
	slices.SortFunc(out, func(a, b summary.Summary) int {
		return strings.Compare(a.School+a.Year+a.Window, b.School+b.Year+b.Window)
	})
	return out
}

// option is an entry of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// schoolRow is a line of the schools table.
type schoolRow struct {
	Code, Name, LastSync, Status string
	Windows                      int
	Stale, Revoked               bool
}

// staleAfter: a school not heard from for this long is marked.
const staleAfter = 60 * 24 * time.Hour

func (s *Server) schoolRows(only string) ([]schoolRow, error) {
	schools, err := s.store.Schools()
	if err != nil {
		return nil, err
	}
	windows := map[string]int{}
	s.mu.RLock()
	for k := range s.current {
		windows[k.school]++
	}
	s.mu.RUnlock()
	now := s.cfg.Now()
	var rows []schoolRow
	for _, sc := range schools {
		if only != "" && sc.Code != only {
			continue
		}
		row := schoolRow{Code: sc.Code, Name: sc.Name, Windows: windows[sc.Code], LastSync: "never", Status: "waiting for its first summary", Revoked: sc.Revoked}
		if !sc.LastSync.IsZero() {
			row.LastSync = sc.LastSync.Local().Format("2 Jan 2006 15:04")
			row.Status = "synced"
			if now.Sub(sc.LastSync) > staleAfter {
				row.Status, row.Stale = fmt.Sprintf("no summary for %d days", int(now.Sub(sc.LastSync).Hours()/24)), true
			}
		}
		if sc.Revoked {
			row.Status = "token revoked"
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// dashboard is what the district and school pages show.
type dashboard struct {
	Title, User, CSRF, School string
	K                         int
	Schools                   []schoolRow
	Measures, Dims, Grades    []option
	Measure                   string
	Empty                     bool

	ProgressSVG, GapSVG, TierSVG template.HTML
	Windows                      []string
	ProgressRows, GapRows        []tableRow
	TierWindow                   string
	TierRows                     []TierRow
	// Query keeps the chosen measure, groups and grade on the links to
	// each school; url.Values encodes it, so it is safe in a URL.
	Query template.URL
}

// tableRow is a group's figures across the windows.
type tableRow struct {
	Group string
	Cells []string
}

func (s *Server) districtPage(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	s.dashboardPage(w, r, sess, "")
}

func (s *Server) schoolPage(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	code := r.PathValue("code")
	if _, err := s.store.School(code); err != nil {
		http.Error(w, "No school with this code is enrolled.", http.StatusNotFound)
		return
	}
	s.dashboardPage(w, r, sess, code)
}

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request, sess hubstore.Session, school string) {
	rows, err := s.schoolRows(school)
	if err != nil {
		s.pageError(w, err)
		return
	}
	d := dashboard{Title: "District dashboard", User: sess.User, CSRF: sess.CSRF, School: school, K: s.cfg.K, Schools: rows}
	if school != "" {
		d.Title = rows[0].Name + " (" + school + ")"
	}
	sums := s.summaries(school)
	measures := Measures(sums)
	if len(measures) == 0 {
		d.Empty = true
		s.render(w, http.StatusOK, "dashboard.html", d)
		return
	}
	q := r.URL.Query()
	measure := pick(q.Get("measure"), measures, measures[0])
	dimNames := make([]string, len(summary.Dimensions))
	for i, dim := range summary.Dimensions {
		dimNames[i] = string(dim)
	}
	dim := data.Dimension(pick(q.Get("dimension"), dimNames, string(data.DimRace)))
	grades := gradesOf(sums, measure)
	grade := pick(q.Get("grade"), grades, summary.All)

	d.Measure = measure
	for _, m := range measures {
		d.Measures = append(d.Measures, option{m, m, m == measure})
	}
	for _, dn := range summary.Dimensions {
		d.Dims = append(d.Dims, option{string(dn), dn.Label(), dn == dim})
	}
	for _, g := range grades {
		label := "All grades"
		if g != summary.All {
			label = data.Grade(g).Label()
		}
		d.Grades = append(d.Grades, option{g, label, g == grade})
	}
	d.Query = template.URL("?" + url.Values{"measure": {measure}, "dimension": {string(dim)}, "grade": {grade}}.Encode()) //nolint:gosec // encoded above

	k := s.cfg.K
	progress := Progress(sums, measure, grade, dim, k)
	tables := make([]data.GroupTable, len(progress))
	for i, t := range progress {
		tables[i] = t.Table
		d.Windows = append(d.Windows, t.Window.Label())
	}
	gradeScope := data.AllGrades
	if grade != summary.All {
		gradeScope = data.Grade(grade)
	}
	in := charts.GroupsInput{Measure: data.Measure{Name: measure}, Dimension: dim, Grade: gradeScope, Tables: tables, K: k}
	d.ProgressSVG = svg(func(size charts.Size) (*charts.Chart, error) { return charts.Groups(in, size) })
	d.GapSVG = svg(func(size charts.Size) (*charts.Chart, error) { return charts.Gaps(in, size) })
	d.ProgressRows, d.GapRows = progressRows(progress, k)

	if ws := Windows(sums); len(ws) > 0 {
		last := ws[len(ws)-1]
		tierRows, tierCells := Tiers(sums, last, dim, k)
		d.TierWindow, d.TierRows = last.Label(), tierRows
		tin := charts.TiersInput{Dimension: dim, Cells: tierCells, On: last.date(), K: k}
		d.TierSVG = svg(func(size charts.Size) (*charts.Chart, error) { return charts.Tiers(tin, size) })
	}
	s.render(w, http.StatusOK, "dashboard.html", d)
}

// date is the window's last day in the default calendar, for a chart's title.
func (w Window) date() data.Date { return data.DefaultSchoolYear(w.startYear()).Window(w.Window).End }

func pick(v string, allowed []string, fallback string) string {
	if slices.Contains(allowed, v) {
		return v
	}
	return fallback
}

func gradesOf(sums []summary.Summary, measure string) []string {
	grades := []string{summary.All}
	for _, s := range sums {
		for _, c := range s.Progress {
			if c.Measure == measure && !slices.Contains(grades, c.Grade) {
				grades = append(grades, c.Grade)
			}
		}
	}
	slices.SortFunc(grades[1:], func(a, b string) int { return data.Grade(a).Index() - data.Grade(b).Index() })
	return grades
}

// svg draws a chart as inline SVG; a chart that cannot be drawn is left
// out, its table still shown.
func svg(draw func(charts.Size) (*charts.Chart, error)) template.HTML {
	c, err := draw(charts.Size{W: 800, H: 420})
	if err != nil {
		return ""
	}
	b, err := c.Encode(charts.SVG)
	if err != nil {
		return ""
	}
	if i := bytes.Index(b, []byte("<svg")); i > 0 {
		b = b[i:] // no XML declaration inside HTML
	}
	// The chart package escapes every label it writes into the SVG.
	return template.HTML(b) //nolint:gosec // see above
}

func progressRows(progress []ProgressTable, k int) (pct, gap []tableRow) {
	if len(progress) == 0 {
		return nil, nil
	}
	for i, c := range progress[0].Cells {
		row := tableRow{Group: charts.ShortLabel(c.Group)}
		gapRow := tableRow{Group: row.Group}
		for _, t := range progress {
			cell, all := t.Cells[i], t.Cells[0]
			row.Cells = append(row.Cells, cellText(cell, k))
			switch {
			case !cell.Shown || !all.Shown:
				gapRow.Cells = append(gapRow.Cells, "—")
			default:
				gapRow.Cells = append(gapRow.Cells, fmt.Sprintf("%+.0f", cell.Pct-all.Pct))
			}
		}
		pct = append(pct, row)
		if i > 0 {
			gap = append(gap, gapRow)
		}
	}
	return pct, gap
}

// cellText shows a rolled-up cell: "38% · n 412 · 9 schools (2 withheld)",
// or why it is not shown.
func cellText(c Cell, k int) string {
	if !c.Shown {
		if c.Schools == 0 && c.Hidden == 0 {
			return "—"
		}
		return fmt.Sprintf("n<%d", k)
	}
	approx := ""
	if c.Coded {
		approx = "≈"
	}
	text := fmt.Sprintf("%s%.0f%% · n %d", approx, c.Pct, c.N)
	if c.Schools > 1 || c.Hidden > 0 {
		text += fmt.Sprintf(" · %d school%s", c.Schools, map[bool]string{true: "s"}[c.Schools != 1])
		if c.Hidden > 0 {
			text += fmt.Sprintf(" (%d withheld)", c.Hidden)
		}
	}
	return text
}

func (s *Server) pageError(w http.ResponseWriter, err error) {
	s.cfg.Logger.Error("page", "err", err)
	http.Error(w, "The page could not be made; the hub's log says why.", http.StatusInternalServerError)
}

// exportCSV writes every current summary's cells, one row each.
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request, _ hubstore.Session) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="tierline-district.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"school", "year", "window", "section", "measure", "grade", "dimension", "group", "n", "pct_at_or_above", "pct_tier2", "pct_tier3", "risk_ratio_tier3", "pct_adequate", "suppressed", "reason"}) //nolint:errcheck // cw.Error below
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	num := func(p *int) string {
		if p == nil {
			return ""
		}
		return fmt.Sprint(*p)
	}
	for _, sum := range s.summaries("") {
		head := []string{sum.School, sum.Year, sum.Window}
		row := func(cells ...string) {
			for i, c := range cells {
				cells[i] = spreadsheetSafe(c)
			}
			cw.Write(append(slices.Clone(head), cells...)) //nolint:errcheck // cw.Error below
		}
		for _, c := range sum.Progress {
			row("progress", c.Measure, c.Grade, c.Dimension, c.Group, num(c.N), str(c.PctAtOrAbove), "", "", "", "", fmt.Sprint(c.Suppressed), c.Reason)
		}
		for _, c := range sum.Tiers {
			rr := ""
			if c.RiskRatioTier3 != nil {
				rr = fmt.Sprint(*c.RiskRatioTier3)
			}
			row("tiers", "", summary.All, c.Dimension, c.Group, num(c.N), "", str(c.PctTier2), str(c.PctTier3), rr, "", fmt.Sprint(c.Suppressed), c.Reason)
		}
		for _, c := range sum.Response {
			row("response", c.Measure, summary.All, c.Dimension, c.Group, num(c.N), "", "", "", "", str(c.PctAdequate), fmt.Sprint(c.Suppressed), c.Reason)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.cfg.Logger.Warn("export", "err", err)
	}
}

// spreadsheetSafe keeps a value a spreadsheet would run as a formula
// (a school-supplied measure name starting with =) as text.
func spreadsheetSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) && !isNumber(v) {
		return "'" + v
	}
	return v
}

func isNumber(v string) bool {
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}

// adminView is the admin page.
type adminView struct {
	User, CSRF string
	Schools    []schoolRow
	Users      []string
	Message    string
	Error      string
	// Token is shown once, right after enrolling.
	Token, TokenSchool string
}

func (s *Server) adminView(sess hubstore.Session) (adminView, error) {
	v := adminView{User: sess.User, CSRF: sess.CSRF}
	var err error
	if v.Schools, err = s.schoolRows(""); err != nil {
		return v, err
	}
	v.Users, err = s.store.Users()
	return v, err
}

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	v, err := s.adminView(sess)
	if err != nil {
		s.pageError(w, err)
		return
	}
	v.Message = map[string]string{"revoked": "The token was revoked.", "user": "The user was saved."}[r.URL.Query().Get("done")]
	s.render(w, http.StatusOK, "admin.html", v)
}

// adminRefusal shows the admin page again with what was refused.
func (s *Server) adminRefusal(w http.ResponseWriter, sess hubstore.Session, refused error) {
	v, err := s.adminView(sess)
	if err != nil {
		s.pageError(w, err)
		return
	}
	v.Error = refused.Error()
	s.render(w, http.StatusUnprocessableEntity, "admin.html", v)
}

func (s *Server) enroll(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	code, name := strings.TrimSpace(r.PostFormValue("code")), strings.TrimSpace(r.PostFormValue("name"))
	token, err := s.store.Enroll(code, name, s.cfg.Now())
	if err != nil {
		s.adminRefusal(w, sess, err)
		return
	}
	v, err := s.adminView(sess)
	if err != nil {
		s.pageError(w, err)
		return
	}
	s.cfg.Logger.Info("enrolled", "school", code, "by", sess.User)
	v.Token, v.TokenSchool = token, code
	s.render(w, http.StatusOK, "admin.html", v)
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	code := r.PostFormValue("code")
	if err := s.store.Revoke(code); err != nil {
		s.adminRefusal(w, sess, err)
		return
	}
	s.cfg.Logger.Info("revoked", "school", code, "by", sess.User)
	http.Redirect(w, r, "/admin?done=revoked", http.StatusSeeOther)
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	if err := AddUser(s.store, name, r.PostFormValue("password"), s.cfg.Now()); err != nil {
		s.adminRefusal(w, sess, err)
		return
	}
	s.cfg.Logger.Info("user saved", "user", name, "by", sess.User)
	http.Redirect(w, r, "/admin?done=user", http.StatusSeeOther)
}

// AddUser adds a district user or changes their password.
func AddUser(st *hubstore.Store, name, password string, now time.Time) error {
	if name == "" || len(name) > 60 || strings.ContainsAny(name, " \t\r\n") {
		return errors.New("a user name is 1 to 60 characters without spaces")
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return st.SetUser(hubstore.User{Name: name, PasswordHash: hash, Added: now.UTC()})
}
