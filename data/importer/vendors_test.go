package importer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/importer"
	"github.com/tierline/tierline/data/store"
)

// vendorSchool is the test store's school with the measures the vendor
// files send scores to.
func vendorSchool(t *testing.T) (*store.Store, data.Snapshot) {
	t.Helper()
	s := newStore(t)
	var extra []data.Measure
	for _, name := range []string{"Maze", "Composite", "MAP Math", "MAP Reading", "i-Ready Reading", "Star Reading"} {
		extra = append(extra, data.Measure{Name: name, Area: data.Reading, Unit: "points", MaxScore: 1000})
	}
	must(t, s.SaveRecords(&data.Records{Measures: extra}))
	return s, snapshot(t, s)
}

func measureNamed(t *testing.T, snap data.Snapshot, name string) data.Measure {
	t.Helper()
	for _, m := range snap.Measures {
		if m.Name == name {
			return m
		}
	}
	t.Fatalf("no measure %s", name)
	return data.Measure{}
}

// readVendor reads a file of testdata/vendors with its named layout.
func readVendor(t *testing.T, snap data.Snapshot, layout string, opt importer.ScoreOptions) (*importer.Report, error) {
	t.Helper()
	opt.Layout, opt.Measures = layout, snap.Measures
	if opt.Year.Start.IsZero() {
		opt.Year = data.DefaultSchoolYear(2026)
	}
	return importer.ReadFile(importer.Request{Kind: importer.KindScores, Path: filepath.Join("testdata", "vendors", layout+".csv"),
		Scores: opt, Today: today}, snap)
}

// Every named layout reads its vendor's file with at most a measure map.
func TestVendorLayouts(t *testing.T) {
	_, snap := vendorSchool(t)
	orf := measureNamed(t, snap, "ORF")
	for _, tc := range []struct {
		layout  string
		measure string            // --measure
		mapping map[string]string // --measure-map
		scores  int
		kind    data.ScoreKind
		check   func(t *testing.T, scores []data.Score)
		note    string
	}{
		{layout: "mclass-benchmark", mapping: map[string]string{"ORF": "ORF", "Maze": "Maze", "Composite": "Composite"}, scores: 8, kind: data.Screening,
			note: "left out the subtests LNF, PSF, NWF-CLS, NWF-WRC, WRF, ORF-Accu"},
		{layout: "mclass-progress", scores: 3, kind: data.Progress},
		{layout: "dibels-data-system", mapping: map[string]string{"ORF": "ORF", "Maze": "Maze"}, scores: 10, kind: data.Screening,
			note: "4 scores have no date in the file: dated at the start of their window in 2026-2027",
			check: func(t *testing.T, scores []data.Score) {
				winter := data.DefaultSchoolYear(2026).Window(data.Winter).Start
				var found bool
				for _, s := range scores {
					if s.Measure == orf.ID && s.Value == 102 {
						found = s.Date == winter && s.Errors == 0 && s.Grade == "03"
					}
				}
				if !found {
					t.Error("Imani's middle-of-year ORF is not dated in the winter window with its errors")
				}
			}},
		{layout: "acadience-benchmark", mapping: map[string]string{"ORF": "ORF", "Maze": "Maze", "Composite": "Composite"}, scores: 6, kind: data.Screening,
			check: func(t *testing.T, scores []data.Score) {
				for _, s := range scores {
					if s.Measure == orf.ID && s.Value == 96 && s.Date != data.NewDate(2026, 9, 15) {
						t.Errorf("the Excel day number 46280 read as %s", s.Date)
					}
				}
			}},
		{layout: "aimswebplus", mapping: map[string]string{"Oral Reading Fluency": "ORF"}, scores: 2, kind: data.Screening},
		{layout: "aimswebplus", measure: "ORF", scores: 2, kind: data.Screening, note: `column MeasureName names "Oral Reading Fluency", not a measure of the school: its scores are read as ORF (--measure)`},
		{layout: "fastbridge-screening", measure: "ORF", scores: 3, kind: data.Screening,
			check: func(t *testing.T, scores []data.Score) {
				for _, s := range scores {
					if s.Value == 84 && (s.Date != data.NewDate(2027, 1, 11) || s.Errors != 3) {
						t.Errorf("the winter score: %+v", s)
					}
				}
			}},
		{layout: "fastbridge-progress", measure: "ORF", scores: 2, kind: data.Progress},
		{layout: "iready-diagnostic", measure: "i-Ready Reading", scores: 2, kind: data.Screening},
		{layout: "map-growth", mapping: map[string]string{"Mathematics": "MAP Math", "Reading": "MAP Reading"}, scores: 3, kind: data.Screening,
			check: func(t *testing.T, scores []data.Score) {
				math := measureNamed(t, snap, "MAP Math")
				for _, s := range scores {
					if (s.Value == 181 || s.Value == 199) != (s.Measure == math.ID) {
						t.Errorf("a score went to the wrong subject: %+v", s)
					}
				}
			}},
		{layout: "star", measure: "Star Reading", scores: 2, kind: data.Screening},
	} {
		t.Run(tc.layout, func(t *testing.T) {
			opt := importer.ScoreOptions{MeasureMap: tc.mapping}
			if tc.measure != "" {
				opt.Measure = measureNamed(t, snap, tc.measure)
			}
			rep, err := readVendor(t, snap, tc.layout, opt)
			must(t, err)
			if len(rep.Problems) != 0 || rep.Added != tc.scores || len(rep.Records.Scores) != tc.scores {
				t.Fatalf("%s %v", rep.Summary(), rep.Problems)
			}
			for _, s := range rep.Records.Scores {
				if s.Kind != tc.kind {
					t.Errorf("kind %v, want %v", s.Kind, tc.kind)
				}
			}
			if tc.note != "" && !strings.Contains(strings.Join(rep.Notes, "\n"), tc.note) {
				t.Errorf("notes %q, want %q", rep.Notes, tc.note)
			}
			if tc.check != nil {
				tc.check(t, rep.Records.Scores)
			}
		})
	}
	if len(importer.Layouts) != 10 {
		t.Errorf("%d layouts; each needs its file here", len(importer.Layouts))
	}
}

// A file that cannot be read as a whole is one error that says why, and
// nothing of it is read.
func TestVendorFilesRefusedWhole(t *testing.T) {
	_, snap := vendorSchool(t)
	for _, tc := range []struct {
		name    string
		layout  string
		opt     importer.ScoreOptions
		measure string
		want    string
	}{
		{"a subject with no measure", "map-growth", importer.ScoreOptions{}, "",
			`map-growth.csv: column Subject names "Mathematics" (line 2), "Reading" (line 3), which the school has no measure for`},
		{"only one subject mapped", "map-growth", importer.ScoreOptions{MeasureMap: map[string]string{"Reading": "MAP Reading"}}, "",
			`column Subject names "Mathematics" (line 2), which the school has no measure for`},
		{"--measure over two subjects", "map-growth", importer.ScoreOptions{}, "MAP Math",
			`map-growth.csv: column Subject holds scores of 2 subjects ("Mathematics", "Reading"): --measure MAP Math would put them all in one measure`},
		{"--measure over several subtests", "mclass-benchmark", importer.ScoreOptions{}, "ORF",
			"mclass-benchmark.csv: holds scores of 9 subtests (Composite, LNF, PSF"},
		{"a map to no measure", "map-growth", importer.ScoreOptions{MeasureMap: map[string]string{"Reading": "MAP Readin"}}, "",
			`--measure-map Reading=MAP Readin: the school has no measure "MAP Readin"`},
		{"no subtest the school has", "dibels-data-system", importer.ScoreOptions{Measures: []data.Measure{measureNamed(t, snap, "MAP Math")}}, "",
			"dibels-data-system.csv: none of its subtests (ORF, Maze, Composite) is a measure of the school (its measures: "},
		{"the wrong layout", "star", importer.ScoreOptions{Layout: "fastbridge-screening"}, "",
			`star.csv: is not a FastBridge screening export: it has none of its score columns`},
		{"a misspelled --map column", "star", importer.ScoreOptions{Columns: importer.ScoreColumns{Date: "AssesmentDate"}}, "Star Reading",
			`star.csv: has no column "AssesmentDate" (--map date=AssesmentDate); its columns are: "StudentLocalID", "StudentStateID", "StudentFirst", "StudentLast", "CurrentGrade", "SchoolName", "CourseName", "StudentAssessmentID", "AssessmentDate", "GradePlacement", "Grade", "ScaledScore", "SEM", "PercentileRank", "TestType" … and 1 more`},
		{"an unknown layout", "star", importer.ScoreOptions{Layout: "fastbrige"}, "Star Reading",
			`"fastbrige" is not a named layout (expected one of mclass-benchmark, mclass-progress`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := tc.opt
			if tc.measure != "" {
				opt.Measure = measureNamed(t, snap, tc.measure)
			}
			layout := tc.layout
			if opt.Layout != "" {
				layout, opt.Layout = opt.Layout, ""
			}
			opt.Layout = layout
			if opt.Measures == nil {
				opt.Measures = snap.Measures
			}
			rep, err := importer.ReadFile(importer.Request{Kind: importer.KindScores, Path: filepath.Join("testdata", "vendors", tc.layout+".csv"),
				Scores: opt, Today: today}, snap)
			if err == nil || !strings.Contains(err.Error(), tc.want) || rep != nil {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

// --measure wins over a vendor's own name for a measure; a row naming
// another of the school's measures is a conflict on that row.
func TestMeasureFlagAgainstMeasureColumn(t *testing.T) {
	s, snap := vendorSchool(t)
	file := filepath.Join(t.TempDir(), "pm.csv")
	must(t, os.WriteFile(file, []byte("local_id,date,value,assessment,kind\n"+
		"70001,2026-10-05 09:00,48,ORF,progress monitoring\n"+
		"70002,2026-10-05T09:00:00Z,12,Maze,PM\n"+
		"70003,46300,40,,progress\n"), 0o644))
	read := func(opt importer.ScoreOptions) *importer.Report {
		opt.Measures = snap.Measures
		rep, err := importer.ReadFile(importer.Request{Kind: importer.KindScores, Path: file, Scores: opt, Today: today}, snap)
		must(t, err)
		return rep
	}
	rep := read(importer.ScoreOptions{Measure: measureNamed(t, snap, "ORF")})
	want := `pm.csv line 3, column assessment: names the measure "Maze", but --measure says "ORF"`
	if len(rep.Problems) != 1 || !strings.HasPrefix(rep.Problems[0].Error(), want) || len(rep.Records.Scores) != 2 {
		t.Fatalf("%s %v; want %q", rep.Summary(), rep.Problems, want)
	}
	for _, sc := range rep.Records.Scores {
		if sc.Kind != data.Progress || sc.Measure != measureNamed(t, snap, "ORF").ID {
			t.Errorf("%+v: the kind column says progress, --measure ORF", sc)
		}
	}
	// Without --measure each row goes to the measure it names; the empty one has none.
	rep = read(importer.ScoreOptions{})
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Error(), "line 4, column assessment: is empty: the row names no measure") {
		t.Errorf("%v", rep.Problems)
	}
	before := snapshot(t, s)
	if rep.Ready(false) {
		t.Fatal("ready with a refused row")
	}
	if after := snapshot(t, s); !reflect.DeepEqual(before, after) {
		t.Error("the store changed")
	}
}

// A wide export's date may be missing; without a school year to date it
// in, the row says so.
func TestWideRowsKeepTheirOwnDates(t *testing.T) {
	_, snap := vendorSchool(t)
	rep, err := readVendor(t, snap, "dibels-data-system", importer.ScoreOptions{MeasureMap: map[string]string{"ORF": "ORF"}})
	must(t, err)
	seen := map[data.Date]int{}
	for _, s := range rep.Records.Scores {
		seen[s.Date]++
	}
	if seen[data.NewDate(2026, 9, 14)] != 1 || seen[data.NewDate(2026, 9, 15)] != 1 {
		t.Errorf("dates %v", seen)
	}
}

// No vendor file, however damaged, panics or passes an invalid score, in
// any layout.
func FuzzVendorLayouts(f *testing.F) {
	entries, _ := os.ReadDir("testdata/vendors")
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join("testdata", "vendors", e.Name())); err == nil {
			f.Add(b, uint8(0))
		}
	}
	ana := data.Student{ID: data.NewID(), LocalID: "70001", GivenName: "Ana", Grade: "03", Sex: data.Female, Race: data.Hispanic}
	orf := data.Measure{ID: data.NewID(), Name: "ORF", Area: data.Reading, Unit: "wcpm", MaxScore: 300}
	f.Fuzz(func(t *testing.T, b []byte, which uint8) {
		l := importer.Layouts[int(which)%len(importer.Layouts)]
		opt := importer.ScoreOptions{Layout: l.Name, Measures: []data.Measure{orf}, Year: data.DefaultSchoolYear(2026)}
		if l.Wide() {
			opt.MeasureMap = map[string]string{}
			for _, st := range l.Subtests {
				opt.MeasureMap[st.Label] = "ORF"
			}
		} else {
			opt.Measure = orf
		}
		rep, err := importer.Scores("f.csv", bytes.NewReader(b), []data.Student{ana}, nil, opt)
		if err != nil {
			return
		}
		for _, sc := range rep.Records.Scores {
			if err := sc.ValidateFor(orf); err != nil {
				t.Fatalf("an invalid score passed: %v", err)
			}
		}
	})
}
