package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInitSetsUpAnEmptyStore(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := tierline(t, "init", "--school", "Maple Grove Elementary", "--code", "0777", "--district", "12",
		"--year", "2026-2027", "--windows", "winter=2027-01-11..2027-02-05", "--k", "12", "--measures", "dibels8-orf", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "Set up Maple Grove Elementary (school 0777, district 12)") ||
		!strings.Contains(stdout, "Winter screening: 2027-01-11 to 2027-02-05") || !strings.Contains(stdout, "Fall screening: 2026-08-24 to 2026-09-30") ||
		!strings.Contains(stdout, "Measures: DIBELS 8 ORF.") {
		t.Fatalf("init: exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, _ = tierline(t, "measure", "list", "--data", dir, "--json")
	var measures []struct{ Name, Catalog string }
	if err := json.Unmarshal([]byte(stdout), &measures); err != nil || code != 0 || len(measures) != 1 || measures[0].Catalog != "dibels8-orf" {
		t.Fatalf("measure list: exit %d, %q (%v)", code, stdout, err)
	}
	// A school is set up once.
	code, _, stderr = tierline(t, "init", "--school", "Other", "--code", "1", "--district", "2", "--data", dir)
	if code != 1 || !strings.Contains(stderr, "already holds a school") {
		t.Errorf("a second init: exit %d, %q", code, stderr)
	}
	code, stdout, _ = tierline(t, "check", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "consistent") {
		t.Errorf("check: exit %d, %q", code, stdout)
	}
}

func TestInitErrorsNameTheFlag(t *testing.T) {
	base := []string{"init", "--school", "Maple", "--code", "0777", "--district", "12"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"init", "--code", "0777", "--district", "12"}, "--school: school name is required"},
		{[]string{"init", "--school", "Maple", "--district", "12"}, "--code: the school code is required"},
		{[]string{"init", "--school", "Maple", "--code", "07 77", "--district", "12"}, `--code: the school code "07 77" must be 1 to 20 letters`},
		{[]string{"init", "--school", "Maple", "--code", "0777"}, "--district: the district code is required"},
		{append(base, "--k", "3"), "--k: school minimum group size 3 must be between 5 and 30"},
		{append(base, "--year", "2026-2028"), `--year: the school year "2026-2028" is not a year such as 2026-2027`},
		{append(base, "--year", "next"), `--year: the school year "next" is not`},
		{append(base, "--start", "2026-13-01"), "--start: "},
		{append(base, "--end", "2026-08-01"), `--end: school year end "2026-08-01" must be after the start 2026-08-17`},
		{append(base, "--windows", "autumn=2026-09-01..2026-09-30"), `--windows "autumn=2026-09-01..2026-09-30": expected WINDOW=FIRST..LAST`},
		{append(base, "--windows", "fall=2026-09-01"), `--windows "fall=2026-09-01": expected WINDOW=FIRST..LAST`},
		{append(base, "--windows", "winter=2027-02-01..2027-01-05"), `--windows: 2026-2027 winter window end "2027-01-05" is before its start 2027-02-01`},
		{append(base, "--windows", "spring=2027-04-26..2027-07-30"), `--windows: 2026-2027 spring window end "2027-07-30" is after the end of the school year 2027-06-11`},
		{append(base, "--measures", "dibels9"), `--measures: "dibels9" is not in the measure catalog (the codes are: acadience-fsf, acadience-maze, acadience-nwf-cls, acadience-orf, acadience-psf, ` +
			`acadience-reading-composite, acadience-retell, dibels8-nwf-cls, dibels8-nwf-wrc, dibels8-orf, dibels8-psf, dibels8-wrf, hasbrouck-tindal-2017-orf)`},
	} {
		dir := t.TempDir()
		code, _, stderr := tierline(t, append(tc.args, "--data", dir)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("tierline %s: exit %d, %q; want 2 and %q", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
		// Nothing was written: the store is still empty, and init works on it.
		if code, _, stderr := tierline(t, "init", "--school", "Maple", "--code", "0777", "--district", "12", "--data", dir); code != 0 {
			t.Errorf("after a refused init, init: exit %d, %q", code, stderr)
		}
	}
}

func TestInitFromASettingsFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(t.TempDir(), "school.json")
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"school": "Cedar Park", "code": "C-1", "district": "9", "year": "2026-2027", "k": 11, "measures": ["acadience-orf", "hasbrouck-tindal-2017-orf"]}`)
	// The command line wins over the file.
	code, stdout, stderr := tierline(t, "init", "--settings", file, "--k", "15", "--data", dir, "--json")
	var out struct {
		School   string
		K        int
		Measures []string
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || code != 0 || out.School != "Cedar Park" || out.K != 15 || len(out.Measures) != 2 {
		t.Fatalf("init --settings: exit %d, %q %q (%v)", code, stdout, stderr, err)
	}
	for _, tc := range []struct{ file, want string }{
		{`{"school": "Cedar Park", "cod": "C-1"}`, `unknown field "cod"`},
		{"{\n\"school\": \"Cedar Park\",\n\"k\": }", "line 3"},
		{`{"school": "Cedar Park", "k": "ten"}`, `"k" must be a whole number`},
	} {
		write(tc.file)
		if code, _, stderr := tierline(t, "init", "--settings", file, "--data", t.TempDir()); code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("settings %s: exit %d, %q; want %q", tc.file, code, stderr, tc.want)
		}
	}
}

func TestMeasureAndInterventionCommands(t *testing.T) {
	dir := t.TempDir()
	// Before init, they say what to do.
	for _, args := range [][]string{{"measure", "list"}, {"measure", "add", "--catalog", "dibels8-orf"}, {"intervention", "list"},
		{"import", "oneroster", "../../data/importer/testdata/oneroster11"}, {"review"}, {"groups", "--measure", "ORF", "--window", "fall"},
		{"summary", "--window", "fall"}} {
		if code, _, stderr := tierline(t, append(args, "--data", dir)...); code != 1 || !strings.Contains(stderr, "set it up first with 'tierline init") {
			t.Errorf("%v before init: exit %d, %q", args, code, stderr)
		}
	}
	if code, _, stderr := tierline(t, "init", "--school", "Maple", "--code", "0777", "--district", "12", "--data", dir); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, _ := tierline(t, "measure", "list", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "no measures yet: add a published one with 'tierline measure add --catalog CODE'") {
		t.Errorf("an empty list: %q", stdout)
	}
	code, stdout, _ = tierline(t, "measure", "list", "--catalog", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "hasbrouck-tindal-2017-orf: ORF (Hasbrouck & Tindal 2017) (Hasbrouck & Tindal, 2017), grades 1 to 6") {
		t.Errorf("the catalog: %q", stdout)
	}
	code, stdout, stderr := tierline(t, "measure", "add", "--catalog", "hasbrouck-tindal-2017-orf", "--name", "ORF", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "Added the measure ORF (reading, wcpm) with 17 cuts for Grade 1 to Grade 6.") {
		t.Fatalf("add from the catalog: exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, stderr = tierline(t, "measure", "add", "--name", "Math Facts", "--area", "math", "--unit", "digits", "--max", "120",
		"--cut", "3:fall=20/12", "--cut", "03:winter=27/18", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "with 2 cuts for Grade 3 to Grade 3") {
		t.Fatalf("add my own: exit %d, %q %q", code, stdout, stderr)
	}
	// A school's own measure is sent only once it has a catalog code.
	if code, _, stderr := tierline(t, "measure", "edit", "math facts", "--code", "Math facts, Given1", "--data", dir); code != 2 || !strings.Contains(stderr, "is not a catalog code") {
		t.Errorf("a free-text code: exit %d, %q", code, stderr)
	}
	if code, _, stderr := tierline(t, "measure", "edit", "math facts", "--code", "acadience-math-comp", "--data", dir); code != 0 {
		t.Fatalf("set a code: exit %d, %q", code, stderr)
	}
	if code, stdout, _ := tierline(t, "measure", "list", "--json", "--data", dir); code != 0 || !strings.Contains(stdout, "acadience-math-comp") {
		t.Errorf("the code is not kept: %q", stdout)
	}
	code, stdout, stderr = tierline(t, "measure", "edit", "math facts", "--cut", "3:fall=22/14", "--cut", "K:spring=10/5", "--remove-cut", "3:winter", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "Saved the measure Math Facts (math, digits) with 2 cuts for Kindergarten to Grade 3.") {
		t.Fatalf("edit: exit %d, %q %q", code, stdout, stderr)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"measure", "add", "--catalog", "dibels9"}, 2, `--catalog: "dibels9" is not in the measure catalog`},
		{[]string{"measure", "add", "--unit", "wcpm"}, 2, "--name or --catalog is needed"},
		{[]string{"measure", "add", "--name", "orf", "--unit", "wcpm"}, 2, `--name: measure name "orf" is already used`},
		{[]string{"measure", "add", "--name", "Maze", "--unit", "items", "--area", "science"}, 2, `--area: measure area "science" is not one of reading`},
		{[]string{"measure", "add", "--name", "Maze", "--unit", "items", "--cut", "3:fall=83"}, 2, `--cut "3:fall=83": expected GRADE:WINDOW=BENCHMARK/WELLBELOW`},
		{[]string{"measure", "add", "--name", "Maze", "--unit", "items", "--cut", "13:fall=8/5"}, 2, `--cut "13:fall=8/5": "13" is not a grade`},
		{[]string{"measure", "add", "--name", "Maze", "--unit", "items", "--cut", "3:fall=5/8"}, 2, "--cut: Maze cut for 03 fall well-below cut 8 is better than the benchmark 5"},
		{[]string{"measure", "add", "--name", "Maze", "--unit", "items", "--max", "lots"}, 2, `--max: "lots" is not a number`},
		{[]string{"measure", "edit", "Maze", "--unit", "items"}, 1, `no measure named "Maze"`},
		{[]string{"measure", "edit", "ORF", "--remove-cut", "8:fall"}, 2, "ORF has no cut for Grade 8 fall"},
		{[]string{"measure", "drop"}, 2, `unknown measure command "drop"`},
		{[]string{"intervention", "add", "--name", "Reading Mastery", "--tier", "4"}, 2, "--tier: intervention tier 4 must be 2 or 3"},
		{[]string{"intervention", "add", "--name", "Reading Mastery", "--minutes", "500"}, 2, "--minutes: intervention minutes per session 500 must be between 5 and 180"},
		{[]string{"intervention", "add", "--tier", "3"}, 2, "--name: intervention name is required"},
	} {
		if code, _, stderr := tierline(t, append(tc.args, "--data", dir)...); code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("tierline %s: exit %d, %q; want %d and %q", strings.Join(tc.args, " "), code, stderr, tc.code, tc.want)
		}
	}
	code, stdout, stderr = tierline(t, "intervention", "add", "--name", "Reading Mastery", "--tier", "3", "--sessions", "5", "--minutes", "45", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "Added the intervention Reading Mastery (Tier 3, reading, 5 × 45 minutes a week).") {
		t.Fatalf("intervention add: exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, _ = tierline(t, "intervention", "list", "--data", dir)
	if code != 0 || strings.TrimSpace(stdout) != "Reading Mastery: Tier 3, reading, 5 × 45 minutes a week" {
		t.Errorf("intervention list: %q", stdout)
	}
}

func TestScoresBeforeAnyMeasureSayWhatToDo(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := tierline(t, "init", "--school", "Maple", "--code", "0777", "--district", "12", "--data", dir); code != 0 {
		t.Fatal(stderr)
	}
	file := filepath.Join(t.TempDir(), "scores.csv")
	if err := os.WriteFile(file, []byte("local_id,date,value\n70001,2026-11-20,12\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := tierline(t, "import", "scores", file, "--data", dir)
	if code != 1 || !strings.Contains(stderr, "the school has no measures yet, so no score can be imported: add one first") ||
		!strings.Contains(stderr, "tierline measure add --catalog CODE") {
		t.Errorf("scores with no measure: exit %d, %q", code, stderr)
	}
}

func TestRosterOfAnotherSchoolNeedsYes(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := tierline(t, "init", "--school", "Maple Grove Elementary", "--code", "0777", "--district", "45", "--data", dir); code != 0 {
		t.Fatal(stderr)
	}
	roster := "../../data/importer/testdata/rosters/api-dump-1p1"
	code, _, stderr := tierline(t, "import", "oneroster", roster, "--org", "cp-0778", "--data", dir)
	if code != 1 || !strings.Contains(stderr, "this roster is of Cedar Park Elementary (identifier CP-0778), but this store is Maple Grove Elementary (school code 0777)") ||
		!strings.Contains(stderr, "confirm with --yes; nothing was imported") {
		t.Fatalf("another school: exit %d, %q", code, stderr)
	}
	code, stdout, stderr := tierline(t, "import", "oneroster", roster, "--org", "cp-0778", "--yes", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "Imported 2 records") || !strings.Contains(stdout, `Note: 2 students have no race/ethnicity`) {
		t.Fatalf("--yes: exit %d, %q %q", code, stdout, stderr)
	}
	code, _, stderr = tierline(t, "import", "oneroster", roster, "--org", "Pine Hill", "--data", dir)
	if code != 1 || !strings.Contains(stderr, `has no student in the school "Pine Hill"; the roster's schools are: `) || !strings.Contains(stderr, "Cedar Park Elementary, identifier CP-0778, 2 students") {
		t.Errorf("a wrong --org: exit %d, %q", code, stderr)
	}
}

func TestPlanAddErrorsNameTheFlag(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"init", "--school", "Maple Grove Elementary", "--code", "0777", "--district", "45", "--measures", "dibels8-orf"},
		{"import", "oneroster", "../../data/importer/testdata/rosters/enrollments-1p2"},
	} {
		if code, _, stderr := tierline(t, append(args, "--data", dir)...); code != 0 {
			t.Fatal(stderr)
		}
	}
	base := []string{"plan", "add", "mia.chen", "--measure", "DIBELS 8 ORF", "--target", "94", "--interventionist", "Ms. Hill"}
	code, _, stderr := tierline(t, append(base, "--intervention", "Reading", "--data", dir)...)
	if code != 2 || !strings.Contains(stderr, "--intervention: the school has no interventions yet") {
		t.Errorf("no interventions: exit %d, %q", code, stderr)
	}
	if code, _, stderr := tierline(t, "intervention", "add", "--name", "Repeated reading", "--data", dir); code != 0 {
		t.Fatal(stderr)
	}
	base = append(base, "--intervention", "repeated reading")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--tier", "1"}, "--tier: plan tier 1 must be 2 or 3"},
		{[]string{"--target", "lots"}, `--target: "lots" is not a number`},
		{[]string{"--measure", "MAP"}, `--measure: no measure named "MAP"`},
		{[]string{"--intervention", "Reading Recovery"}, `--intervention: no intervention named "Reading Recovery" (the interventions are: Repeated reading)`},
		{[]string{"--start", "someday"}, "--start: "},
	} {
		if code, _, stderr := tierline(t, append(append(append([]string{}, base...), tc.args...), "--data", dir)...); code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("plan add %v: exit %d, %q; want %q", tc.args, code, stderr, tc.want)
		}
	}
	code, stdout, stderr := tierline(t, append(base, "--tier", "3", "--start", "2026-10-05", "--data", dir)...)
	if code != 0 || !strings.Contains(stdout, "Started Repeated reading for Mia Chen (Tier 3): 3 × 30 minutes a week, goal 94 words correct by 2027-06-04, review on 2026-11-16.") ||
		!strings.Contains(stdout, "Mia C. moved to Tier 3 from 2026-10-05.") {
		t.Errorf("plan add: exit %d, %q %q", code, stdout, stderr)
	}
	if code, _, stderr := tierline(t, "plan", "add", "nobody", "--data", dir); code != 1 || !strings.Contains(stderr, "nobody") {
		t.Errorf("an unknown student: exit %d, %q", code, stderr)
	}
}
