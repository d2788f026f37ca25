package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tierline/tierline/sync/hub/hubstore"
)

// reportSummary is a hand-written v2 summary of fall 2026-2027 with race
// cells of ORF ("group n pct") and tier cells ("group n t2 t3").
func reportSummary(school, district string, progress, tiers []string) []byte {
	dim := func(g string) string {
		if g == "all" {
			return "all"
		}
		return "race"
	}
	var p, tc []string
	for _, c := range progress {
		f := strings.Fields(c)
		p = append(p, fmt.Sprintf(`{"measure":"ORF","grade":"all","dimension":%q,"group":%q,"n":%s,"pct_at_or_above":%q}`, dim(f[0]), f[0], f[1], f[2]))
	}
	for _, c := range tiers {
		f := strings.Fields(c)
		tc = append(tc, fmt.Sprintf(`{"dimension":%q,"group":%q,"n":%s,"pct_tier2":%q,"pct_tier3":%q,"risk_ratio_tier3":null}`, dim(f[0]), f[0], f[1], f[2], f[3]))
	}
	return fmt.Appendf(nil, `{"schema":"tierline.summary/v2","school":%q,"district":%q,"year":"2026-2027","window":"fall","k":10,"as_of":"2026-09-30","progress":[%s],"tiers":[%s],"response":[]}`,
		school, district, strings.Join(p, ","), strings.Join(tc, ","))
}

// The public report of the four schools of the hub's equity tests, plus
// a district of one school: district figures of two schools or more only.
func TestPublicReport(t *testing.T) {
	dir := t.TempDir()
	st, err := hubstore.Open(filepath.Join(dir, "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range []struct {
		code, district, name string
		progress, tiers      []string
	}{
		{"A", "45", "Alder", []string{"all 100 60", "black 20 30", "white 60 75"}, []string{"all 100 20 10", "black 20 30 25", "white 60 15 5"}},
		{"B", "45", "Birch", []string{"all 50 40", "black 10 20"}, []string{"all 50 10 10", "black 10 20 30"}},
		{"C", "45", "Cedar", []string{"all 80 50", "white 40 60"}, nil},
		{"D", "45", "Dogwood", []string{"all 40 50", "asian 12 ≥95"}, nil},
		{"E", "46", "Elm", []string{"all 200 50", "black 50 40"}, nil},
	} {
		if _, err := st.Enroll(s.code, s.name, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.Submit(hubstore.Submission{School: s.code, ID: fmt.Sprint("id-", i), Sequence: uint64(i + 1), Year: "2026-2027", Window: "fall",
			Body: reportSummary(s.code, s.district, s.progress, s.tiers), Received: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	out := filepath.Join(dir, "report")
	code, stdout, stderr := hubCLI(t, "", "report", "--out", out, "--data", dir)
	if code != 0 {
		t.Fatalf("report: exit %d %s %s", code, stdout, stderr)
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	// District 46 has one school: nothing of it can be published.
	if strings.Join(names, ",") != "district-45.csv,district-45.html" {
		t.Fatalf("files %q", names)
	}
	csv, _ := os.ReadFile(filepath.Join(out, "district-45.csv"))
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	want := []string{
		"district,year,window,section,measure,dimension,group,n,schools,pct_at_or_above,pct_tier3,pct_tier2_or_3,gap_to_all,gap_to_rest,risk_ratio_tier3,risk_ratio_tier2_or_3,risk_ratio_tier3_at_least,risk_ratio_tier2_or_3_at_least",
		// All students: 140 of 270 at/above.
		"45,2026-2027,fall,progress,ORF,all,All students,270,4,52,,,,,,,,",
		// Black (A and B): 8 of 30 against 80 of 150 and the rest's 72 of 120.
		"45,2026-2027,fall,progress,ORF,Race/ethnicity,Black or African American,30,2,27,,,-27,-33,,,,",
		// White (A and C): 69 of 100 against 100 of 180; the rest 31 of 80.
		"45,2026-2027,fall,progress,ORF,Race/ethnicity,White,100,2,69,,,13,30,,,,",
		// Tiers: all students 15 and 40 of 150; Black 8 and 16 of 30, risk
		// ratios (8/30)/(7/120) = 4.6 and (16/30)/(24/120) = 2.7.
		"45,2026-2027,fall,tiers,,all,All students,150,2,,10,27,,,,,,",
		"45,2026-2027,fall,tiers,,Race/ethnicity,Black or African American,30,2,,27,53,,,4.6,2.7,,",
	}
	if len(lines) != len(want) {
		t.Fatalf("report CSV:\n%s", csv)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i, lines[i], want[i])
		}
	}
	html, _ := os.ReadFile(filepath.Join(out, "district-45.html"))
	page := string(html)
	for _, absent := range []string{"Alder", "Dogwood", "Asian", "Elm"} {
		if strings.Contains(page, absent) || strings.Contains(string(csv), absent) {
			t.Errorf("the report names %q (a school, or a group from one school)", absent)
		}
	}
	if !strings.Contains(page, "Black or African American students are 4.6× as likely") || !strings.Contains(page, `href="district-45.csv"`) {
		t.Error("the page has no flagged ratio or no link to its CSV")
	}
	if code, _, _ := hubCLI(t, "", "report", "--data", dir); code != 2 {
		t.Errorf("report without --out: exit %d", code)
	}
}
