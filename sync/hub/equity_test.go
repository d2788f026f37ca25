package hub_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/hubtest"
	"github.com/tierline/tierline/sync/summary"
)

// fixtureSchool is a hand-written summary: its cells are the test's own
// so that every figure on the page can be worked out by hand.
type fixtureSchool struct {
	code, name, year, window string
	progress, tiers          []string // "group n pct" / "group n t2 t3"
	response                 []string // "group n pct"
	received                 time.Time
	asOf                     string // the window's end; 2026-09-30 unless given
}

func (f fixtureSchool) body(t testing.TB) []byte {
	t.Helper()
	dim := func(g string) string {
		if g == "all" {
			return "all"
		}
		return "race"
	}
	var progress, tiers, response []map[string]any
	for _, c := range f.progress {
		var g, pct string
		var n int
		fmt.Sscan(c, &g, &n, &pct)
		progress = append(progress, map[string]any{"measure": "ORF", "grade": "all", "dimension": dim(g), "group": g, "n": n, "pct_at_or_above": pct})
	}
	for _, c := range f.tiers {
		var g, t2, t3 string
		var n int
		fmt.Sscan(c, &g, &n, &t2, &t3)
		tiers = append(tiers, map[string]any{"dimension": dim(g), "group": g, "n": n, "pct_tier2": t2, "pct_tier3": t3, "risk_ratio_tier3": nil})
	}
	for _, c := range f.response {
		var g, pct string
		var n int
		fmt.Sscan(c, &g, &n, &pct)
		response = append(response, map[string]any{"measure": "ORF", "dimension": dim(g), "group": g, "n": n, "pct_adequate": pct})
	}
	asOf := f.asOf
	if asOf == "" {
		asOf = "2026-09-30"
	}
	b, err := json.Marshal(map[string]any{"schema": "tierline.summary/v2", "school": f.code, "district": "45", "year": f.year, "window": f.window,
		"k": 10, "as_of": asOf, "progress": progress, "tiers": tiers, "response": response})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// submission is the school's summary as the hub stores it: its body and cells.
func (f fixtureSchool) submission(t testing.TB, seq uint64, at time.Time) hubstore.Submission {
	t.Helper()
	body := f.body(t)
	sum, err := summary.DecodeBytes(body)
	if err != nil {
		t.Fatal(err)
	}
	return hubstore.Submission{School: f.code, ID: uuid.NewString(), Sequence: seq, Year: f.year, Window: f.window, Body: body,
		Cells: hubstore.CellsOf(sum, seq), Received: at}
}

// fixtureHub stores the schools' summaries (in order, each a new
// sequence), then starts a hub over them and signs an administrator in.
func fixtureHub(t *testing.T, cfg hub.Config, schools ...fixtureSchool) (*testHub, *browser) {
	t.Helper()
	// bbolt, or PostgreSQL when TIERLINE_HUB_STORE=postgres: every
	// view's figures are checked on both stores.
	st := hubtest.OpenStore(t)
	for i, f := range schools {
		if _, err := st.School(f.code); err != nil {
			if _, err := st.Enroll(f.code, f.name, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		at := f.received
		if at.IsZero() {
			at = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
		}
		if _, _, err := st.Submit(f.submission(t, uint64(i+1), at)); err != nil {
			t.Fatal(err)
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv, err := hub.New(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	h := &testHub{hubtest.Hub{Server: ts, Store: st}}
	b, _ := signIn(t, h, "correct horse battery")
	return h, b
}

// The four schools of the roll-up tests (sync/hub/rollup/compare_test.go), fall 2026.
func equityFixture() []fixtureSchool {
	return []fixtureSchool{
		{code: "A", name: "Alder", year: "2026-2027", window: "fall", progress: []string{"all 100 60", "black 20 30", "white 60 75"},
			tiers: []string{"all 100 20 10", "black 20 30 25", "white 60 15 5"}, response: []string{"all 20 50", "black 10 30"}},
		{code: "B", name: "Birch", year: "2026-2027", window: "fall", progress: []string{"all 50 40", "black 10 20"},
			tiers: []string{"all 50 10 10", "black 10 20 30"}, response: []string{"all 12 25"}},
		{code: "C", name: "Cedar", year: "2026-2027", window: "fall", progress: []string{"all 80 50", "white 40 60"}},
		{code: "D", name: "Dogwood", year: "2026-2027", window: "fall", progress: []string{"all 40 50", "asian 12 ≥95"}},
	}
}

// row returns the text of the table row of a section that starts with cells.
func row(t *testing.T, page, section string, cells ...string) string {
	t.Helper()
	i := strings.Index(page, `id="`+section+`"`)
	if i < 0 {
		t.Fatalf("no section %s", section)
	}
	part := page[i:]
	if j := strings.Index(part, "</section>"); j > 0 {
		part = part[:j]
	}
	pattern := `<tr[^>]*>`
	for _, c := range cells {
		pattern += `<td>` + regexp.QuoteMeta(c) + `</td>`
	}
	m := regexp.MustCompile(pattern + `.*?</tr>`).FindString(part)
	if m == "" {
		t.Errorf("section %s has no row %q in\n%s", section, cells, part)
	}
	return m
}

func TestEquityPageFigures(t *testing.T) {
	_, b := fixtureHub(t, hub.Config{}, equityFixture()...)
	status, page := b.get("/equity?measure=ORF&dimension=race&grade=all&window=2026-2027/fall")
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, page)
	}
	if asOf := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC).Local().Format("2 Jan 2006 15:04"); !strings.Contains(page, "As of <strong>"+asOf+"</strong>") {
		t.Error("the equity page does not say as of when")
	}
	// Schools side by side, widest gap to the rest first: Dogwood's Asian
	// students (97.5 against 8.3 of 28 = 29.6), then Alder's Black
	// students (30 against 54 of 80 = 67.5).
	first := regexp.MustCompile(`id="schools"[\s\S]*?<tr><td>([^<]*)</td><td>([^<]*)</td>`).FindStringSubmatch(page)
	if first == nil || first[1] != "Dogwood (D)" || first[2] != "Asian" {
		t.Errorf("the widest gap first: %q", first)
	}
	row(t, page, "schools", "Alder (A)", "Black", "30% · n 20", "60% · n 100", "-30", "68% · n 80")
	// District Black: A and B, 8 of 30 = 26.7% against 80 of 150 = 53.3%
	// (gap -27) and the rest 72 of 120 = 60% (gap -33).
	if r := row(t, page, "versus", "Black", "27% · n 30", "53% · n 150", "-27", "60% · n 120"); !strings.Contains(r, "-33") || !strings.Contains(r, "2 of 4 schools") {
		t.Errorf("district Black: %s", r)
	}
	// Asian: one school of four, drawn as uncertain.
	if r := row(t, page, "versus", "Asian", "≈98% · n 12"); !strings.Contains(r, `class="uncertain"`) || !strings.Contains(r, "1 of 4 schools") {
		t.Errorf("district Asian: %s", r)
	}
	// Risk ratios: district Black 4.6 (Tier 3) and 2.7 (Tier 2+3), flagged.
	if r := row(t, page, "risk", "Black", "30", "27%", "53%"); !strings.Contains(r, "4.6 <span class=\"flag\">") || !strings.Contains(r, "2.7 <span class=\"flag\">") {
		t.Errorf("district Black risk: %s", r)
	}
	if r := row(t, page, "risk", "Alder (A)", "White", "60", "5%", "20%"); !strings.Contains(r, "0.3") || strings.Contains(r, "flag") {
		t.Errorf("Alder White risk: %s", r)
	}
	// Tier placement over the year's windows, with its All students row.
	row(t, page, "risk", "All students", "10% · 27% · 2 schools")
	// Response: Black 3 of 10 against Alder's 10 of 20, the rest 7 of 10.
	if r := row(t, page, "response", "Black", "30% · n 10", "50% · n 20", "-20", "70% · n 10"); !strings.Contains(r, "uncertain") || !strings.Contains(r, `<td class="warn">-40</td>`) {
		t.Errorf("response Black: %s", r)
	}
	// Every year: the tier table has a column per window of every year.
	twoYears := append(equityFixture(), fixtureSchool{code: "A", name: "Alder", year: "2025-2026", window: "spring", progress: []string{"all 90 55"},
		tiers: []string{"all 90 20 10"}, asOf: "2026-06-04"})
	_, b2 := fixtureHub(t, hub.Config{}, twoYears...)
	_, every := b2.get("/equity?measure=ORF&dimension=race&window=2026-2027/fall&year=all")
	if !strings.Contains(every, "<th>Spring 2025-2026</th><th>Fall 2026-2027</th>") {
		t.Error("every year: the tier table has not both years' windows")
	}
	// A's spring: 9 of 90 in Tier 3, 27 in 2 or 3; one school.
	row(t, every, "risk", "All students", "10% · 30% · 1 school", "10% · 27% · 2 schools")
	// The dashboard's tier table names its all-students row.
	if _, dash := b.get("/?measure=ORF&dimension=race"); !strings.Contains(dash, "<tr><td>All students</td>\n<td>150</td>") {
		t.Error("the dashboard's tier table has no All students row of 150")
	}
	row(t, page, "response", "Alder (A)", "Black", "30% · n 10", "50% · n 20", "-20", "70% · n 10")
	// The order can be changed: by school, Alder's Black row first.
	_, bySchool := b.get("/equity?measure=ORF&dimension=race&grade=all&window=2026-2027/fall&sort=school")
	first = regexp.MustCompile(`id="schools"[\s\S]*?<tr><td>([^<]*)</td><td>([^<]*)</td>`).FindStringSubmatch(bySchool)
	if first == nil || first[1] != "Alder (A)" || first[2] != "Black" {
		t.Errorf("by school: %q", first)
	}
}

// The dashboard's district cells say how many schools they cover and
// draw one school's cell as uncertain, its gap too.
func TestDashboardSaysItsCoverage(t *testing.T) {
	_, b := fixtureHub(t, hub.Config{}, equityFixture()...)
	_, page := b.get("/?measure=ORF&dimension=race&grade=all")
	for _, want := range []string{
		"<td>All students</td><td>52% · n 270 · 4 schools</td>",
		"<td>Black</td><td>27% · n 30 · 2 schools</td>",
		`<td>Asian</td><td class="uncertain">≈98% · n 12 · 1 school</td>`,
		// 26.7 against every school's 51.9 (the equity page sets it against A and B's 53.3).
		// Each says it is against schools the group is not in.
		"<td>Black</td><td>-25 · group in 2 of 4 schools</td>",
		`<td>Asian</td><td class="uncertain">&#43;46 · group in 1 of 4 schools</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the dashboard has no %q", want)
		}
	}
	// Both charts draw Asian's one-school figure faded and say so; a
	// school's own page is that school's whole figure, never faded.
	if n := strings.Count(page, "Faded and dotted: an uncertain figure."); n != 2 {
		t.Errorf("%d charts explain faded figures, want the progress and gap charts", n)
	}
	if status, own := b.get("/schools/D?measure=ORF&dimension=race&grade=all"); status != http.StatusOK || strings.Contains(own, "Faded and dotted") {
		t.Error("a school's own page draws its figures faded")
	}
}

// A correction after the board's meeting is listed, the district figures
// then and now are both shown, and the dashboard says as of when.
func TestChangedSinceADate(t *testing.T) {
	nov := func(day int) time.Time { return time.Date(2026, 11, day, 12, 0, 0, 0, time.Local) }
	_, b := fixtureHub(t, hub.Config{},
		fixtureSchool{code: "A", name: "Alder", year: "2026-2027", window: "fall", progress: []string{"all 100 60", "black 20 30"}, received: nov(1)},
		fixtureSchool{code: "B", name: "Birch", year: "2026-2027", window: "fall", progress: []string{"all 50 40", "black 10 20"}, received: nov(2)},
		// Alder corrects its fall summary after the meeting of the 10th.
		fixtureSchool{code: "A", name: "Alder", year: "2026-2027", window: "fall", progress: []string{"all 100 62", "black 20 40"}, received: nov(20)},
	)
	_, dash := b.get("/")
	if !strings.Contains(dash, "As of <strong>20 Nov 2026 12:00</strong>") {
		t.Error("the dashboard does not say as of the correction")
	}
	_, page := b.get("/history?since=2026-11-10&measure=ORF&dimension=race&window=2026-2027/fall")
	row(t, page, "changes", "Alder (A)", "Fall 2026-2027", "20 Nov 2026 12:00", "correction (version 2)")
	if strings.Contains(page, "Birch (B)") {
		t.Error("Birch's summary from before the date is listed")
	}
	// Black then: (6 + 2) of 30 = 27%; now (8 + 2) of 30 = 33%: +7 points.
	// The rest then: (60 - 6) + (20 - 2) = 72 of 120 = 60%, gap -33; now
	// (62 - 8) + 18 = 72 of 120, gap -27.
	row(t, page, "then-now", "Black", "27% · n 30 · 2 schools", "33% · n 30 · 2 schools", "&#43;7", "-33", "-27")
	// All students then: 80 of 150 = 53%; now 82 of 150 = 55%.
	row(t, page, "then-now", "All students", "53% · n 150 · 2 schools", "55% · n 150 · 2 schools", "&#43;1")
	if status, bad := b.get("/history?since=10/11/2026"); status != http.StatusOK || !strings.Contains(bad, "is not a date") {
		t.Errorf("a bad date: %d", status)
	}
}

// Fall ends on 30 September and the hub gives 14 days: Alder's summary of
// 5 October is on time, Birch's of the 20th six days late (its correction
// does not change when it first arrived), Cedar's is missing.
func TestCompletenessPage(t *testing.T) {
	oct := func(day int) time.Time { return time.Date(2026, 10, day, 12, 0, 0, 0, time.Local) }
	now := func() time.Time { return time.Date(2026, 11, 1, 9, 0, 0, 0, time.Local) }
	h, b := fixtureHub(t, hub.Config{Now: now, ReportDays: 14},
		fixtureSchool{code: "A", name: "Alder", year: "2026-2027", window: "fall", progress: []string{"all 100 60"}, received: oct(5)},
		fixtureSchool{code: "B", name: "Birch", year: "2026-2027", window: "fall", progress: []string{"all 50 40"}, received: oct(20)},
		fixtureSchool{code: "B", name: "Birch", year: "2026-2027", window: "fall", progress: []string{"all 50 42"}, received: oct(25)},
	)
	if _, err := h.Store.Enroll("C", "Cedar", now()); err != nil {
		t.Fatal(err)
	}
	// Cedar's summary of fall 2022, four years back: the table starts
	// three years back unless asked.
	cedar2022 := fixtureSchool{code: "C", year: "2022-2023", window: "fall", progress: []string{"all 80 50"}, asOf: "2022-09-30"}
	if _, _, err := h.Store.Submit(cedar2022.submission(t, 1, time.Date(2022, 10, 3, 12, 0, 0, 0, time.Local))); err != nil {
		t.Fatal(err)
	}
	status, page := b.get("/completeness")
	if status != http.StatusOK {
		t.Fatalf("%d", status)
	}
	for _, want := range []string{
		"Fall 2026-2027<br><span class=\"muted\">by 14 Oct 2026</span>",
		// Fall 2026 is the last of seven windows shown (fall 2024 on), the
		// six before it missing.
		`<td class="ok">on time, 5 Oct</td><td>1 of 7 on time</td>`,
		`<td class="warn">late by 6 days, 20 Oct 2026 · 2 versions</td><td>0 of 7 on time</td>`,
		`<td class="warn missing">missing</td><td>0 of 7 on time</td>`,
		"<th>2 of 3 sent, 1 on time</th>",
		// Alder sent none of spring 2024-2025 to spring 2025-2026.
		`<td>Alder (A)</td><td class="warn missing">missing</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the completeness page has no %q", want)
		}
	}
	if strings.Contains(page, "Fall 2022-2023<br>") || strings.Contains(page, "Fall 2023-2024<br>") || !strings.Contains(page, "Fall 2024-2025<br>") {
		t.Error("the table does not start three school years back")
	}
	if _, all := b.get("/completeness?from=2022-2023"); !strings.Contains(all, "<td>Cedar (C)</td><td class=\"ok\">on time, 3 Oct</td>") {
		t.Error("from 2022-2023: Cedar's fall 2022 is not shown on time")
	}
}

// After the district resets a school's sequence, its new summary (of a
// lower sequence than the old one) is the current one on the equity page,
// as on the dashboard.
func TestEquityReadsTheCurrentSummaryAfterAReset(t *testing.T) {
	alder := fixtureSchool{code: "A", name: "Alder", year: "2026-2027", window: "fall", progress: []string{"all 100 60", "black 20 30"}}
	h, b := fixtureHub(t, hub.Config{}, alder)
	at := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	alder.progress = []string{"all 100 60", "black 20 40"}
	if _, _, err := h.Store.Submit(alder.submission(t, 50, at)); err != nil {
		t.Fatal(err)
	}
	if err := h.Store.(hubstore.SequenceResetter).ResetSequence("A"); err != nil {
		t.Fatal(err)
	}
	alder.progress = []string{"all 100 60", "black 20 50"}
	if _, _, err := h.Store.Submit(alder.submission(t, 2, at.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	_, page := b.get("/equity?measure=ORF&dimension=race&grade=all&window=2026-2027/fall")
	row(t, page, "schools", "Alder (A)", "Black", "50% · n 20", "60% · n 100")
	if _, dash := b.get("/?measure=ORF&dimension=race&grade=all"); !strings.Contains(dash, ">50% · n 20 · 1 school</td>") {
		t.Error("the dashboard does not show the summary after the reset")
	}
}
