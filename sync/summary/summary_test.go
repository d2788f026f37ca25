package summary_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/sync/summary"
)

var today = data.NewDate(2026, 11, 23)

func demoSchool(t testing.TB, size demo.Size) data.Snapshot {
	t.Helper()
	snap, err := demo.School(demo.Options{Today: today, Size: size})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func build(t testing.TB, snap data.Snapshot, year int, w data.WindowName) summary.Summary {
	t.Helper()
	y, ok := snap.Settings.YearByLabel(fmt.Sprint(year))
	if !ok {
		t.Fatalf("no year %d", year)
	}
	s, err := summary.Build(snap, y, w, today)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func encode(t testing.TB, s summary.Summary) []byte {
	t.Helper()
	b, err := s.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDemoSummaries(t *testing.T) {
	snap := demoSchool(t, demo.Small)
	for _, yw := range analysis.StartedWindows(snap.Settings, today) {
		s := build(t, snap, yw.Year.Start.Year, yw.Window)
		if err := s.Validate(); err != nil {
			t.Errorf("%s: the school's own summary fails validation: %v", yw.Label(), err)
		}
		if len(s.Progress) == 0 || len(s.Tiers) == 0 {
			t.Errorf("%s: empty summary", yw.Label())
		}
		// Round trip through the hub's strict decoder.
		back, err := summary.DecodeBytes(encode(t, s))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(encode(t, back), encode(t, s)) {
			t.Errorf("%s: decoding changed the summary", yw.Label())
		}
	}
	if _, err := summary.Build(snap, snap.Settings.CurrentYear(today), data.Spring, today); err == nil || !strings.Contains(err.Error(), "has not started yet") {
		t.Errorf("a future window: %v", err)
	}
}

func TestShape(t *testing.T) {
	s := build(t, demoSchool(t, demo.Small), 2026, data.Fall)
	var generic map[string]any
	if err := json.Unmarshal(encode(t, s), &generic); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"schema", "school", "district", "year", "window", "k", "as_of", "progress", "tiers", "response"} {
		if _, ok := generic[field]; !ok {
			t.Errorf("no %q field", field)
		}
	}
	for _, field := range []string{"generated"} {
		if _, ok := generic[field]; ok {
			t.Errorf("a v2 summary has the v1 field %q", field)
		}
	}
	if generic["schema"] != "tierline.summary/v2" || generic["year"] != "2026-2027" || generic["window"] != "fall" {
		t.Errorf("header: %v %v %v", generic["schema"], generic["year"], generic["window"])
	}
	cell := generic["progress"].([]any)[0].(map[string]any)
	for _, field := range []string{"measure", "grade", "dimension", "group", "n", "pct_at_or_above"} {
		if _, ok := cell[field]; !ok {
			t.Errorf("a progress cell has no %q", field)
		}
	}
	raw := string(encode(t, s))
	for _, label := range []string{`"suppressed"`, `"reason"`, "primary", "complementary"} {
		if strings.Contains(raw, label) {
			t.Errorf("a v2 summary says %s", label)
		}
	}
	for _, c := range s.Progress {
		if c.Dimension == "custom" {
			t.Fatal("a custom group left the school")
		}
		if c.N == nil || *c.N < s.K || c.PctAtOrAbove == nil {
			t.Fatal("a v2 cell is published without n, under k or without its percentage")
		}
	}
}

func TestNoStudentLeaves(t *testing.T) {
	snap := demoSchool(t, demo.Small)
	var all []byte
	for _, yw := range analysis.StartedWindows(snap.Settings, today) {
		all = append(all, encode(t, build(t, snap, yw.Year.Start.Year, yw.Window))...)
	}
	for _, st := range snap.Students {
		for _, secret := range []string{st.LocalID, st.GivenName + " " + st.FamilyName, st.ID.String(), st.BirthDate.String(), st.SourcedID} {
			if secret != "" && bytes.Contains(all, []byte(secret)) {
				t.Fatalf("the summaries contain %q of a student", secret)
			}
		}
	}
	// The dates a summary may carry are its windows' ends (as_of), which
	// the school's calendar publishes anyway.
	for _, yw := range analysis.StartedWindows(snap.Settings, today) {
		all = bytes.ReplaceAll(all, []byte(yw.Year.Window(yw.Window).End.String()), nil)
	}
	for _, sc := range snap.Scores {
		if bytes.Contains(all, []byte(sc.Date.String())) && sc.Date != today {
			t.Fatalf("the summaries contain a score date %s", sc.Date)
		}
	}
}

// randomSchool makes a school of random students, groups and scores.
func randomSchool(t *rapid.T) data.Snapshot {
	year := data.DefaultSchoolYear(2026)
	orf := data.Measure{ID: data.NewID(), Name: "ORF", Area: data.Reading, Unit: "wcpm", MaxScore: 300}
	for _, g := range []data.Grade{"01", "02", "03"} {
		orf.Cuts = append(orf.Cuts, data.Cut{Grade: g, Window: data.Fall, Benchmark: 60, WellBelow: 40})
	}
	snap := data.Snapshot{Settings: data.Settings{Name: "R", SchoolCode: "0999", DistrictCode: "9", Years: []data.SchoolYear{year},
		K: rapid.IntRange(5, 30).Draw(t, "k")}, Records: data.Records{Measures: []data.Measure{orf}}}
	n := rapid.IntRange(1, 250).Draw(t, "students")
	seed := rapid.Uint64().Draw(t, "seed")
	rng := rand.New(rand.NewPCG(seed, 1))
	raceWeights := []int{30, 1, 6, 15, 1, 44, 5}
	for i := 0; i < n; i++ {
		race := data.TwoOrMore
		r := rng.IntN(102)
		for j, w := range raceWeights {
			if r < w {
				race = data.Races[j]
				break
			}
			r -= w
		}
		st := data.Student{ID: data.NewID(), LocalID: fmt.Sprintf("L%05d", i), GivenName: fmt.Sprintf("Given%d", i), FamilyName: fmt.Sprintf("Family%d", i),
			BirthDate: data.NewDate(2017, 1, 1).AddDays(rng.IntN(900)), Grade: []data.Grade{"01", "02", "03"}[rng.IntN(3)],
			Sex: data.Sexes[rng.IntN(2)], Race: race, EnglishLearner: rng.IntN(8) == 0, Disability: rng.IntN(7) == 0,
			Section504: rng.IntN(25) == 0, EconDisadvantaged: rng.IntN(2) == 0, CustomGroups: []string{"Secret club"}}
		snap.Students = append(snap.Students, st)
		if rng.IntN(10) > 0 {
			snap.Scores = append(snap.Scores, data.Score{Student: st.ID, Measure: orf.ID, Date: data.NewDate(2026, 9, 1+rng.IntN(20)),
				Kind: data.Screening, Value: float64(rng.IntN(120)), Errors: data.NoErrors, Grade: st.Grade})
		}
		if tier := rng.IntN(10); tier >= 7 {
			snap.TierChanges = append(snap.TierChanges, data.TierChange{ID: data.NewID(), Student: st.ID, Date: data.NewDate(2026, 9, 5), From: 1, To: data.Tier(2 + tier%2)})
		}
	}
	return snap
}

func TestSummaryProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		snap := randomSchool(t)
		year := snap.Settings.Years[0]
		s, err := summary.Build(snap, year, data.Fall, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range s.Progress {
			if !c.Suppressed && *c.N < s.K {
				t.Fatalf("a progress cell with n %d < k %d is published", *c.N, s.K)
			}
		}
		for _, c := range s.Tiers {
			if !c.Suppressed && *c.N < s.K {
				t.Fatalf("a tier cell with n %d < k %d is published", *c.N, s.K)
			}
		}
		// Validate runs the exact recovery check on every partition.
		if err := s.Validate(); err != nil {
			t.Fatalf("validation: %v", err)
		}
		b, err := s.JSON()
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range snap.Students {
			for _, secret := range []string{st.LocalID, st.GivenName, st.FamilyName, st.BirthDate.String(), "Secret club"} {
				if bytes.Contains(b, []byte(secret)) {
					t.Fatalf("the summary contains %q", secret)
				}
			}
		}
		// Deterministic, whatever the order of the records.
		shuffled := snap
		shuffled.Students = slices.Clone(snap.Students)
		rand.Shuffle(len(shuffled.Students), func(i, j int) {
			shuffled.Students[i], shuffled.Students[j] = shuffled.Students[j], shuffled.Students[i]
		})
		s2, _ := summary.Build(shuffled, year, data.Fall, today)
		b2, _ := s2.JSON()
		if !bytes.Equal(b, b2) {
			t.Fatal("the same school in another order gives another summary")
		}
	})
}

func TestValidateRefuses(t *testing.T) {
	good := build(t, demoSchool(t, demo.Small), 2025, data.Spring)
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	intp := func(v int) *int { return &v }
	strp := func(v string) *string { return &v }
	firstPublished := func(s *summary.Summary) int {
		for i, c := range s.Progress {
			if c.Dimension == "race" {
				return i
			}
		}
		t.Fatal("no published race cell")
		return -1
	}
	for _, tc := range []struct {
		name   string
		tamper func(s *summary.Summary)
		want   string
	}{
		{"schema", func(s *summary.Summary) { s.Schema = "tierline.summary/v3" }, `schema "tierline.summary/v3"`},
		{"v1 sent anew", func(s *summary.Summary) { s.Schema = summary.SchemaV1 }, "no longer accepted"},
		{"v1 field", func(s *summary.Summary) { s.Generated = "2026-10-01" }, `unknown field "generated"`},
		{"school code", func(s *summary.Summary) { s.School = "Oak Street" }, `school "Oak Street" is not a school code`},
		{"year", func(s *summary.Summary) { s.Year = "2025-2027" }, `year "2025-2027" is not a school year`},
		{"window", func(s *summary.Summary) { s.Window = "summer" }, `window "summer"`},
		{"k", func(s *summary.Summary) { s.K = 3 }, "k 3 is outside 5 to 30"},
		{"n under k", func(s *summary.Summary) {
			i := firstPublished(s)
			s.Progress[i].N = intp(9)
		}, "threshold: publishes n = 9, under k = 10"},
		{"uncoded extreme", func(s *summary.Summary) {
			i := firstPublished(s)
			s.Progress[i].PctAtOrAbove = strp("100")
		}, "coding:"},
		{"suppression label", func(s *summary.Summary) {
			i := firstPublished(s)
			s.Progress[i].N, s.Progress[i].PctAtOrAbove, s.Progress[i].Suppressed, s.Progress[i].Reason = nil, nil, true, "primary"
		}, "carries a suppression label"},
		{"reason on a published cell", func(s *summary.Summary) { s.Tiers[0].Reason = "complementary" }, "carries a suppression label"},
		{"null n", func(s *summary.Summary) {
			s.Response = append(s.Response, summary.ResponseCell{Measure: "dibels8-orf", Dimension: "all", Group: "all"})
		}, "has no n"},
		{"custom group", func(s *summary.Summary) { s.Progress[1].Dimension = "custom" }, `"custom" is not a dimension a summary carries`},
		{"duplicate cell", func(s *summary.Summary) { s.Progress = append(s.Progress, s.Progress[1]) }, "appears twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s summary.Summary
			if err := json.Unmarshal(encode(t, good), &s); err != nil {
				t.Fatal(err)
			}
			tc.tamper(&s)
			err := s.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestDecodeIsStrict(t *testing.T) {
	good := string(encode(t, build(t, demoSchool(t, demo.Small), 2026, data.Fall)))
	for _, tc := range []struct {
		name, body, want string
	}{
		{"unknown field", strings.Replace(good, `"k":`, `"extra":1,"k":`, 1), "unknown field"},
		{"trailing data", good + `{"x":1}`, "data after its end"},
		{"duplicate key", strings.Replace(good, `"k":10`, `"k":10,"k":5`, 1), `the key "k" twice`},
		{"escaped duplicate key", strings.Replace(good, `"k":10`, `"k":10,"\u006b":5`, 1), `the key "k" twice`},
		{"duplicate key in a cell", strings.Replace(good, `"grade":"all"`, `"grade":"all","grade":"03"`, 1), `the key "grade" twice`},
		{"wrong type", strings.Replace(good, `"k":10`, `"k":"10"`, 1), `field "k": expected a number`},
		{"not JSON", "hello", "not valid JSON"},
		{"too large", `{"schema":"` + strings.Repeat("x", summary.MaxSize) + `"}`, "larger than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := summary.DecodeBytes([]byte(tc.body))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func BenchmarkBuildSummary(b *testing.B) {
	snap := demoSchool(b, demo.Large)
	year := snap.Settings.CurrentYear(today)
	for b.Loop() {
		if _, err := summary.Build(snap, year, data.Fall, today); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeValidate(b *testing.B) {
	body := encode(b, build(b, demoSchool(b, demo.Small), 2026, data.Fall))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		s, err := summary.DecodeBytes(body)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	body := encode(b, build(b, demoSchool(b, demo.Small), 2026, data.Fall))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := summary.DecodeBytes(body); err != nil {
			b.Fatal(err)
		}
	}
}
