package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProgressJSON(t *testing.T) {
	dir := demoDir(t)
	code, stdout, stderr := tierline(t, "review", "--data", dir, "--json")
	if code != 0 {
		t.Fatalf("review: exit %d: %s", code, stderr)
	}
	var rows []reviewRow
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil || len(rows) < 40 {
		t.Fatalf("review --json: %d rows, %v", len(rows), err)
	}
	needs := []string{"Needs a change", "Goal too low", "Check fidelity", "Review due", "On track", "Too early"}
	rank := func(need string) int {
		for i, n := range needs {
			if n == need {
				return i
			}
		}
		t.Fatalf("unknown need %q", need)
		return -1
	}
	for i := 1; i < len(rows); i++ {
		if rank(rows[i].Need) < rank(rows[i-1].Need) {
			t.Fatalf("row %d (%s) after %s", i, rows[i].Need, rows[i-1].Need)
		}
	}

	first := rows[0]
	code, stdout, stderr = tierline(t, "progress", first.LocalID, "--measure", first.Measure, "--data", dir, "--json")
	if code != 0 {
		t.Fatalf("progress: exit %d: %s", code, stderr)
	}
	var report map[string]any
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"student", "measure", "points", "baseline", "goal_roi", "trend_roi", "trend_se", "projection", "verdict", "rule", "explanation", "fidelity_warning"} {
		if _, ok := report[field]; !ok {
			t.Errorf("progress --json lacks %q", field)
		}
	}
	if report["verdict"] != first.Verdict || report["rule"] != first.Rule {
		t.Errorf("progress says %v by %v, the review list %s by %s", report["verdict"], report["rule"], first.Verdict, first.Rule)
	}
	verdicts := map[string]bool{"collect_more_data": true, "continue": true, "intensify": true, "raise_goal": true}
	if !verdicts[report["verdict"].(string)] {
		t.Errorf("verdict %v", report["verdict"])
	}

	code, stdout, _ = tierline(t, "progress", first.LocalID, "--measure", first.Measure, "--data", dir)
	if code != 0 || !strings.Contains(stdout, "Verdict") || !strings.Contains(stdout, "Trend") {
		t.Errorf("progress text: exit %d, %q", code, stdout)
	}
}

func TestGroupsJSON(t *testing.T) {
	dir := demoDir(t)
	code, stdout, stderr := tierline(t, "groups", "--measure", "ORF", "--window", "fall", "--data", dir, "--json")
	if code != 0 {
		t.Fatalf("groups: exit %d: %s", code, stderr)
	}
	var out struct {
		K      int        `json:"k"`
		Groups []groupRow `json:"groups"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	all := out.Groups[0]
	if all.Dimension != "all" || all.N < 200 {
		t.Fatalf("all students: %+v", all)
	}
	// The race/ethnicity groups partition the students assessed.
	sum := 0
	for _, g := range out.Groups {
		if g.Dimension == "race" {
			sum += g.N
			if g.TooFew != (g.N < out.K) {
				t.Errorf("%s: n %d, too few %v", g.Label, g.N, g.TooFew)
			}
		}
	}
	if sum != all.N {
		t.Errorf("race groups sum to %d, all students %d", sum, all.N)
	}
	// Last year's spring, by label.
	if code, _, stderr := tierline(t, "groups", "--measure", "orf", "--window", "spring", "--year", "2025-2026", "--data", dir); code != 0 {
		t.Errorf("last spring: exit %d: %s", code, stderr)
	}
}

func TestAnalysisErrors(t *testing.T) {
	dir := demoDir(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"progress", "99999", "--measure", "ORF"}, 1, `no student with local id "99999"`},
		{[]string{"progress", "70001", "--measure", "Spelling"}, 1, `no measure named "Spelling" (the measures are: ORF, PSF, Math Computation)`},
		{[]string{"progress", "70001"}, 2, "--measure is required"},
		{[]string{"progress", "70001", "--measure", "ORF", "--trend", "median"}, 2, `--trend "median": expected ols or tri-split`},
		{[]string{"groups", "--measure", "ORF", "--window", "summer"}, 2, `"summer" is not a screening window`},
		{[]string{"groups", "--measure", "ORF", "--window", "spring"}, 1, "the spring window of 2026-2027 has not started yet"},
		{[]string{"groups", "--measure", "ORF", "--window", "fall", "--year", "1999"}, 1, `no school year "1999"`},
	} {
		code, _, stderr := tierline(t, append(tc.args, "--data", dir)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("tierline %s: exit %d, %q; want exit %d and %q", strings.Join(tc.args, " "), code, stderr, tc.code, tc.want)
		}
	}
}

func TestChartCommand(t *testing.T) {
	dir := demoDir(t)
	out := t.TempDir()
	code, stdout, stderr := tierline(t, "review", "--data", dir, "--json")
	if code != 0 {
		t.Fatal(stderr)
	}
	var rows []reviewRow
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args  []string
		magic string
	}{
		{[]string{"chart", "student", rows[0].LocalID, "--measure", rows[0].Measure, "-o", out + "/s.png"}, "\x89PNG"},
		{[]string{"chart", "student", rows[0].LocalID, "--measure", rows[0].Measure, "-o", out + "/s.svg"}, "<svg"},
		{[]string{"chart", "groups", "--measure", "ORF", "--dimension", "race", "-o", out + "/g.svg"}, "<svg"},
		{[]string{"chart", "gaps", "--measure", "ORF", "--dimension", "econ", "-o", out + "/gap.png", "--size", "1600x900"}, "\x89PNG"},
		{[]string{"chart", "tiers", "--dimension", "el", "-o", out + "/t.png"}, "\x89PNG"},
	} {
		code, _, stderr := tierline(t, append(tc.args, "--data", dir)...)
		if code != 0 {
			t.Errorf("tierline %s: exit %d: %s", strings.Join(tc.args, " "), code, stderr)
			continue
		}
		file := tc.args[len(tc.args)-1]
		if tc.args[len(tc.args)-2] == "--size" {
			file = tc.args[len(tc.args)-3]
		}
		b, err := os.ReadFile(file)
		if err != nil || !strings.Contains(string(b[:min(len(b), 200)]), tc.magic) {
			t.Errorf("%s: not a %q file (%v)", file, tc.magic, err)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"chart", "student", "70001", "--measure", "ORF", "-o", out + "/x.gif"}, "the chart format comes from the extension, .png or .svg"},
		{[]string{"chart", "groups", "--measure", "ORF", "-o", out + "/x.png", "--size", "9x9"}, `--size "9x9"`},
		{[]string{"chart", "groups", "--measure", "ORF", "--dimension", "eye colour", "-o", out + "/x.png"}, `"eye colour" is not a group dimension`},
		{[]string{"chart", "pie", "-o", out + "/x.png"}, `unknown chart "pie"`},
		{[]string{"chart", "groups", "--measure", "ORF"}, "-o FILE is required"},
	} {
		if code, _, stderr := tierline(t, append(tc.args, "--data", dir)...); code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("tierline %s: exit %d, %q; want %q", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}
}

// The review list as CSV is the list the command prints, in its order,
// through the same writer as the Review screen's export.
func TestReviewCSVIsTheListInItsOrder(t *testing.T) {
	dir := demoDir(t)
	_, stdout, stderr := tierline(t, "review", "--data", dir, "--json")
	var rows []reviewRow
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatalf("review --json: %v (%s)", err, stderr)
	}
	path := filepath.Join(t.TempDir(), "review.csv")
	if code, _, stderr := tierline(t, "review", "--data", dir, "--csv", path); code != 0 {
		t.Fatalf("review --csv: exit %d: %s", code, stderr)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != len(rows)+1 || records[0][0] != "need" || records[0][2] != "local_id" {
		t.Fatalf("%d CSV rows (header %v) for %d listed", len(records), records[0], len(rows))
	}
	for i, r := range rows {
		if got := records[i+1]; got[0] != r.Need || got[2] != r.LocalID || got[7] != r.Measure {
			t.Fatalf("row %d: %v, listed as %+v", i+1, got, r)
		}
	}
	if code, _, stderr := tierline(t, "review", "--data", dir, "--csv", filepath.Join(t.TempDir(), "no", "such", "dir.csv")); code == 0 || !strings.Contains(stderr, "dir.csv") {
		t.Fatalf("a CSV into a missing folder: exit %d, %q", code, stderr)
	}
}
