package data_test

import (
	"math"
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
)

// validationCase mutates a valid record and names the error it must cause.
type validationCase[T any] struct {
	name   string
	mutate func(*T)
	want   string // the exact message
	field  string
}

// checkValidation takes a constructor, so that each case mutates its own
// copy of the record's slices and maps.
func checkValidation[T interface{ Validate() error }](t *testing.T, valid func() T, cases []validationCase[T]) {
	t.Helper()
	if err := valid().Validate(); err != nil {
		t.Fatalf("the valid record is refused: %v", err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := valid()
			tc.mutate(&v)
			err := v.Validate()
			if err == nil {
				t.Fatalf("accepted, want %q", tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("got %q, want %q", err, tc.want)
			}
			if data.ErrorCode(err) != data.EINVALID {
				t.Errorf("code %q, want %q", data.ErrorCode(err), data.EINVALID)
			}
			var e *data.Error
			if tc.field != "" && (!asError(err, &e) || e.Field != tc.field) {
				t.Errorf("field %v, want %q", e, tc.field)
			}
		})
	}
}

func asError(err error, target **data.Error) bool {
	e, ok := err.(*data.Error)
	*target = e
	return ok
}

func validSettings() data.Settings {
	return data.Settings{Name: "Oak Street Elementary", SchoolCode: "0123", DistrictCode: "45",
		Years: []data.SchoolYear{data.DefaultSchoolYear(2025), data.DefaultSchoolYear(2026)}, K: 10}
}

func TestSettingsValidate(t *testing.T) {
	checkValidation(t, validSettings, []validationCase[data.Settings]{
		{"no name", func(s *data.Settings) { s.Name = " " }, "school name is required", "name"},
		{"no school code", func(s *data.Settings) { s.SchoolCode = "" }, "the school code is required", "school code"},
		{"bad school code", func(s *data.Settings) { s.SchoolCode = "01 23" }, `the school code "01 23" must be 1 to 20 letters, digits, - or _`, "school code"},
		{"bad district code", func(s *data.Settings) { s.DistrictCode = "45/2" }, `the district code "45/2" must be 1 to 20 letters, digits, - or _`, "district code"},
		{"k too small", func(s *data.Settings) { s.K = 4 }, "school minimum group size 4 must be between 5 and 30", "minimum group size"},
		{"k too large", func(s *data.Settings) { s.K = 31 }, "school minimum group size 31 must be between 5 and 30", "minimum group size"},
		{"no year", func(s *data.Settings) { s.Years = nil }, "school school year is required", "school year"},
		{"overlapping years", func(s *data.Settings) {
			s.Years = []data.SchoolYear{data.DefaultSchoolYear(2026), data.DefaultSchoolYear(2026)}
		},
			`school year start "2026-08-17" overlaps the school year 2026-2027`, "start"},
		{"end before start", func(s *data.Settings) { s.Years[1].End = data.NewDate(2026, 8, 1) },
			`school year end "2026-08-01" must be after the start 2026-08-17`, "end"},
		{"year too long", func(s *data.Settings) { s.Years[1].End = data.NewDate(2027, 9, 1) },
			`school year end "2027-09-01" is 380 days after the start (a school year is at most one year)`, "end"},
		{"window out of order", func(s *data.Settings) { s.Years[1].Windows[1].Start = data.NewDate(2026, 9, 15) },
			`2026-2027 winter window start "2026-09-15" must be after 2026-09-30`, "start"},
		{"window ends before it starts", func(s *data.Settings) { s.Years[1].Windows[0].End = data.NewDate(2026, 8, 20) },
			`2026-2027 fall window end "2026-08-20" is before its start 2026-08-24`, "end"},
		{"window after the year", func(s *data.Settings) { s.Years[1].Windows[2].End = data.NewDate(2027, 7, 1) },
			`2026-2027 spring window end "2027-07-01" is after the end of the school year 2027-06-11`, "end"},
		{"window misnamed", func(s *data.Settings) { s.Years[1].Windows[0].Name = "autumn" },
			`2026-2027 fall window name "autumn" must be fall`, "name"},
		{"window date in 2200", func(s *data.Settings) { s.Years[1].Windows[0].Start = data.Date{Year: 2200, Month: 1, Day: 1} },
			`2026-2027 fall window start "2200-01-01" is outside the years 1990 to 2099`, "start"},
	})
}

func validStudent() data.Student {
	return data.Student{ID: data.NewID(), LocalID: "70001", GivenName: "Ana", FamilyName: "Ramírez",
		BirthDate: data.NewDate(2018, 3, 2), Grade: "03", Sex: data.Female, Race: data.Hispanic, EnglishLearner: true}
}

func TestStudentValidate(t *testing.T) {
	checkValidation(t, validStudent, []validationCase[data.Student]{
		{"no local id", func(s *data.Student) { s.LocalID = "" }, "student local id is required", "local id"},
		{"local id with comma", func(s *data.Student) { s.LocalID = "70,001" }, `student local id "70,001" may not contain spaces at its ends, commas, quotes or line breaks`, "local id"},
		{"local id too long", func(s *data.Student) { s.LocalID = strings.Repeat("9", 65) }, "student local id is 65 characters long (at most 64)", "local id"},
		{"no given name", func(s *data.Student) { s.GivenName = "" }, "student given name is required", "given name"},
		{"binary name", func(s *data.Student) { s.FamilyName = "Ra\x00mírez" }, "student family name \"Ra\\x00mírez\" contains characters that are not text", "family name"},
		{"invalid utf-8", func(s *data.Student) { s.GivenName = "An\xffa" }, "student given name \"An\\xffa\" contains characters that are not text", "given name"},
		{"bad grade", func(s *data.Student) { s.Grade = "13" }, `student grade "13" is not a grade (expected KG, 01..12, PK, TK, PR or IT)`, "grade"},
		{"bad sex", func(s *data.Student) { s.Sex = "F" }, `student sex "F" is not one of female, male, other, unspecified`, "sex"},
		{"bad race", func(s *data.Student) { s.Race = "latino" }, `student race/ethnicity "latino" is not one of the seven federal categories or not_reported`, "race/ethnicity"},
		{"birth date in 1900", func(s *data.Student) { s.BirthDate = data.Date{Year: 1900, Month: 1, Day: 1} }, `student birth date "1900-01-01" is outside the years 1990 to 2099`, "birth date"},
		{"blank custom group", func(s *data.Student) { s.CustomGroups = []string{" "} }, `student custom group " " is blank`, "custom group"},
		{"custom group twice", func(s *data.Student) { s.CustomGroups = []string{"Reading club", "Reading club"} }, `student custom group "Reading club" is listed twice`, "custom group"},
		{"withdrawn without date", func(s *data.Student) { s.Withdrawn = true }, "student withdrawn on is required", "withdrawn on"},
		{"withdrawal date while enrolled", func(s *data.Student) { s.WithdrawnOn = data.NewDate(2026, 1, 1) }, `student withdrawn on "2026-01-01" is set but the student is not withdrawn`, "withdrawn on"},
	})
}

func validMeasure() data.Measure {
	return data.Measure{ID: data.NewID(), Name: "ORF", Area: data.Reading, Unit: "wcpm", MaxScore: 300,
		Cuts:       []data.Cut{{Grade: "03", Window: data.Fall, Benchmark: 83, WellBelow: 58}},
		TypicalROI: map[data.Grade]float64{"03": 0.9}}
}

func TestMeasureValidate(t *testing.T) {
	checkValidation(t, validMeasure, []validationCase[data.Measure]{
		{"no name", func(m *data.Measure) { m.Name = "" }, "measure name is required", "name"},
		{"bad area", func(m *data.Measure) { m.Area = "science" }, `measure area "science" is not one of reading, math, behavior, attendance, sel`, "area"},
		{"no unit", func(m *data.Measure) { m.Unit = "" }, "measure unit is required", "unit"},
		{"no maximum", func(m *data.Measure) { m.MaxScore = 0 }, "measure maximum score 0 must be a number above 0", "maximum score"},
		{"NaN maximum", func(m *data.Measure) { m.MaxScore = math.NaN() }, "measure maximum score NaN must be a number above 0", "maximum score"},
		{"bad cut grade", func(m *data.Measure) { m.Cuts = []data.Cut{{Grade: "3", Window: data.Fall, Benchmark: 1}} },
			`ORF cut for 3 fall grade "3" is not a grade (expected KG, 01..12, PK, TK, PR or IT)`, "grade"},
		{"bad cut window", func(m *data.Measure) { m.Cuts = []data.Cut{{Grade: "03", Window: "summer", Benchmark: 1}} },
			`ORF cut for 03 summer window "summer" is not fall, winter or spring`, "window"},
		{"two cuts", func(m *data.Measure) { m.Cuts = append(m.Cuts, m.Cuts[0]) }, `ORF cut for 03 fall grade and window "03/fall" has two cuts`, "grade and window"},
		{"benchmark above maximum", func(m *data.Measure) { m.Cuts[0].Benchmark = 400 }, "ORF cut for 03 fall benchmark 400 must be between 0 and 300", "benchmark"},
		{"infinite cut", func(m *data.Measure) { m.Cuts[0].WellBelow = math.Inf(1) }, "ORF cut for 03 fall well-below cut +Inf must be between 0 and 300", "well-below cut"},
		{"well-below above benchmark", func(m *data.Measure) { m.Cuts[0].WellBelow = 90 }, "ORF cut for 03 fall well-below cut 90 is better than the benchmark 83", "well-below cut"},
		{"negative ROI", func(m *data.Measure) { m.TypicalROI["03"] = -1 }, "measure typical ROI for grade 03 -1 must be a number above 0", "typical ROI for grade 03"},
	})
	// Lower-is-better measures put the well-below cut above the benchmark.
	lower := validMeasure()
	lower.Lower = true
	lower.Cuts[0] = data.Cut{Grade: "03", Window: data.Fall, Benchmark: 3, WellBelow: 6}
	if err := lower.Validate(); err != nil {
		t.Errorf("a lower-is-better measure is refused: %v", err)
	}
}

func validScore() data.Score {
	return data.Score{Student: data.NewID(), Measure: data.NewID(), Date: data.NewDate(2026, 11, 3), Kind: data.Progress, Value: 52, Errors: 3, Grade: "03"}
}

func TestScoreValidate(t *testing.T) {
	checkValidation(t, validScore, []validationCase[data.Score]{
		{"no student", func(s *data.Score) { s.Student = data.ID{} }, "score student is required", "student"},
		{"no measure", func(s *data.Score) { s.Measure = data.ID{} }, "score measure is required", "measure"},
		{"no date", func(s *data.Score) { s.Date = data.Date{} }, "score date is required", "date"},
		{"date in 2200", func(s *data.Score) { s.Date = data.Date{Year: 2200, Month: 1, Day: 1} }, `score date "2200-01-01" is outside the years 1990 to 2099`, "date"},
		{"bad kind", func(s *data.Score) { s.Kind = 9 }, `score kind "kind(9)" is not screening or progress`, "kind"},
		{"negative value", func(s *data.Score) { s.Value = -1 }, "score value -1 must be a number of 0 or more", "value"},
		{"NaN value", func(s *data.Score) { s.Value = math.NaN() }, "score value NaN must be a number of 0 or more", "value"},
		{"infinite value", func(s *data.Score) { s.Value = math.Inf(1) }, "score value +Inf must be a number of 0 or more", "value"},
		{"negative errors", func(s *data.Score) { s.Errors = -2 }, "score errors -2 must be a count between 0 and 10000", "errors"},
		{"bad grade", func(s *data.Score) { s.Grade = "P3" }, `score grade "P3" is not a grade (expected KG, 01..12, PK, TK, PR or IT)`, "grade"},
	})
	sc := validScore()
	sc.Value = 301
	if err := sc.ValidateFor(validMeasure()); err == nil || err.Error() != "score value 301 is above the highest ORF score, 300 wcpm" {
		t.Errorf("a score above the measure's maximum: got %v", err)
	}
}

func validIntervention() data.Intervention {
	return data.Intervention{ID: data.NewID(), Name: "Repeated reading", Area: data.Reading, Tier: 2, SessionsPerWeek: 3, MinutesPerSession: 30}
}

func TestInterventionValidate(t *testing.T) {
	checkValidation(t, validIntervention, []validationCase[data.Intervention]{
		{"no name", func(i *data.Intervention) { i.Name = "" }, "intervention name is required", "name"},
		{"tier 1", func(i *data.Intervention) { i.Tier = 1 }, "intervention tier 1 must be 2 or 3", "tier"},
		{"bad area", func(i *data.Intervention) { i.Area = "" }, `intervention area "" is not one of reading, math, behavior, attendance, sel`, "area"},
		{"no sessions", func(i *data.Intervention) { i.SessionsPerWeek = 0 }, "intervention sessions per week 0 must be between 1 and 10", "sessions per week"},
		{"negative minutes", func(i *data.Intervention) { i.MinutesPerSession = -30 }, "intervention minutes per session -30 must be between 5 and 180", "minutes per session"},
	})
}

func validPlan() data.Plan {
	return data.Plan{ID: data.NewID(), Student: data.NewID(), Tier: 2, Interventionist: "Ms Grant",
		Goal:   data.Goal{Measure: data.NewID(), Target: 80, TargetDate: data.NewDate(2027, 4, 26)},
		Phases: []data.Phase{{Start: data.NewDate(2026, 10, 5), Intervention: data.NewID(), SessionsPerWeek: 3, MinutesPerSession: 30}},
		Status: data.Active}
}

func TestPlanValidate(t *testing.T) {
	checkValidation(t, validPlan, []validationCase[data.Plan]{
		{"no student", func(p *data.Plan) { p.Student = data.ID{} }, "plan student is required", "student"},
		{"tier 1", func(p *data.Plan) { p.Tier = 1 }, "plan tier 1 must be 2 or 3", "tier"},
		{"no interventionist", func(p *data.Plan) { p.Interventionist = "" }, "plan interventionist is required", "interventionist"},
		{"no phase", func(p *data.Plan) { p.Phases = nil }, "plan intervention is required", "intervention"},
		{"phase out of order", func(p *data.Plan) {
			p.Phases = append(p.Phases, data.Phase{Start: data.NewDate(2026, 10, 1), Intervention: data.NewID(), SessionsPerWeek: 3, MinutesPerSession: 30})
		}, `phase start "2026-10-01" must be after the previous phase's start 2026-10-05`, "start"},
		{"no goal measure", func(p *data.Plan) { p.Goal.Measure = data.ID{} }, "goal measure is required", "measure"},
		{"goal before start", func(p *data.Plan) { p.Goal.TargetDate = data.NewDate(2026, 9, 1) }, `goal target date "2026-09-01" must be after the plan's start 2026-10-05`, "target date"},
		{"negative target", func(p *data.Plan) { p.Goal.Target = -5 }, "goal target -5 must be a number of 0 or more", "target"},
		{"NaN baseline", func(p *data.Plan) { p.Goal.BaselineDate = data.NewDate(2026, 10, 5); p.Goal.Baseline = math.NaN() }, "goal baseline NaN must be a number of 0 or more", "baseline"},
		{"minutes out of range", func(p *data.Plan) { p.Phases[0].MinutesPerSession = 500 }, "plan minutes per session 500 must be between 5 and 180", "minutes per session"},
		{"planned end before start", func(p *data.Plan) { p.PlannedEnd = data.NewDate(2026, 9, 1) }, `plan planned end "2026-09-01" is before the start 2026-10-05`, "planned end"},
		{"bad status", func(p *data.Plan) { p.Status = "paused" }, `plan status "paused" is not active, completed or discontinued`, "status"},
		{"ended without date", func(p *data.Plan) { p.Status = data.Completed }, "plan end date is required", "end date"},
		{"active with end date", func(p *data.Plan) { p.Ended = data.NewDate(2027, 1, 1) }, `plan end date "2027-01-01" is set on an active plan`, "end date"},
	})
}

func TestPlanPhases(t *testing.T) {
	p := validPlan()
	second := data.Phase{Start: data.NewDate(2026, 11, 9), Intervention: data.NewID(), SessionsPerWeek: 5, MinutesPerSession: 45}
	if err := p.ChangePhase(second); err != nil {
		t.Fatal(err)
	}
	if got := p.PhaseAt(data.NewDate(2026, 11, 8)); got != 0 {
		t.Errorf("phase on 8 Nov: got %d, want 0", got)
	}
	if got := p.PhaseAt(data.NewDate(2026, 11, 9)); got != 1 {
		t.Errorf("phase on 9 Nov: got %d, want 1", got)
	}
	if got := p.PhaseEnd(0); got != data.NewDate(2026, 11, 8) {
		t.Errorf("end of phase 0: got %s", got)
	}
	if got := p.PhaseEnd(1); !got.IsZero() {
		t.Errorf("end of the open phase: got %s, want none", got)
	}
	if err := p.End(data.Completed, data.NewDate(2027, 4, 26), "Goal met"); err != nil {
		t.Fatal(err)
	}
	if err := p.ChangePhase(second); err == nil || err.Error() != `plan status "completed" is not active: an ended plan cannot change` {
		t.Errorf("changing an ended plan: got %v", err)
	}
}

func TestSessionTierDecisionValidate(t *testing.T) {
	checkValidation(t, func() data.Session {
		return data.Session{Plan: data.NewID(), Date: data.NewDate(2026, 11, 3), Minutes: 30, Present: true}
	}, []validationCase[data.Session]{
		{"no plan", func(s *data.Session) { s.Plan = data.ID{} }, "session plan is required", "plan"},
		{"negative minutes", func(s *data.Session) { s.Minutes = -5 }, "session minutes -5 must be between 0 and 240", "minutes"},
		{"absent with minutes", func(s *data.Session) { s.Present = false }, "session minutes 30 must be 0 when the student was absent", "minutes"},
	})
	checkValidation(t, func() data.TierChange {
		return data.TierChange{Student: data.NewID(), Date: data.NewDate(2026, 10, 5), From: 1, To: 2}
	}, []validationCase[data.TierChange]{
		{"no student", func(c *data.TierChange) { c.Student = data.ID{} }, "tier change student is required", "student"},
		{"tier 4", func(c *data.TierChange) { c.To = 4 }, "tier change to tier 4 must be 1, 2 or 3", "to tier"},
		{"same tier", func(c *data.TierChange) { c.To = 1 }, "tier change to tier 1 is the tier the student is already in", "to tier"},
	})
	checkValidation(t, func() data.Decision {
		return data.Decision{Student: data.NewID(), Date: data.NewDate(2026, 11, 20), Decision: data.DecideContinue}
	}, []validationCase[data.Decision]{
		{"unknown decision", func(d *data.Decision) { d.Decision = "wait" }, `decision decision "wait" is not one of continue, intensify, change, fade, move_tier`, "decision"},
		{"review before meeting", func(d *data.Decision) { d.NextReview = data.NewDate(2026, 11, 1) }, `decision next review "2026-11-01" is before the meeting date 2026-11-20`, "next review"},
	})
}

func TestTierOn(t *testing.T) {
	student := data.NewID()
	changes := []data.TierChange{
		{Student: student, Date: data.NewDate(2026, 10, 5), From: 1, To: 2},
		{Student: student, Date: data.NewDate(2026, 11, 9), From: 2, To: 3},
	}
	for _, tc := range []struct {
		on   data.Date
		want data.Tier
	}{{data.NewDate(2026, 10, 4), 1}, {data.NewDate(2026, 10, 5), 2}, {data.NewDate(2026, 11, 8), 2}, {data.NewDate(2026, 11, 9), 3}} {
		if got := data.TierOn(changes, tc.on); got != tc.want {
			t.Errorf("TierOn %s: got %d, want %d", tc.on, got, tc.want)
		}
		if got := data.TiersOn(changes, tc.on)[student]; max(got, 1) != tc.want {
			t.Errorf("TiersOn %s: got %d, want %d", tc.on, got, tc.want)
		}
	}
}

func TestGrades(t *testing.T) {
	for in, want := range map[string]data.Grade{"K": "KG", "kg": "KG", "Kindergarten": "KG", "3": "03", "03": "03", "12": "12",
		"PK": "PK", "Pre-K": "PK", "pre-kindergarten": "PK", "PreK": "PK", "TK": "TK", "Transitional Kindergarten": "TK",
		"PR": "PR", "Preschool": "PR", "IT": "IT", "infant/toddler": "IT"} {
		if got, err := data.ParseGrade(in); err != nil || got != want {
			t.Errorf("ParseGrade(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"PS", "13", "UG", "Grade 3", "P K 1", ""} {
		if _, err := data.ParseGrade(in); err == nil {
			t.Errorf("ParseGrade(%q) accepted", in)
		}
	}
}

// Names are one line of text: NUL, CR, LF, TAB and the bidirectional
// overrides that reached the hub's SVG and CSV are refused, naming the
// field; a note keeps its line breaks but not an override.
func TestNamesRefuseControlCharacters(t *testing.T) {
	for _, bad := range []string{"OR\x00F", "ORF\r", "ORF\nretest", "ORF\tx", "ORF \u202Eevil", "\u2066ORF\u2069"} {
		m := validMeasure()
		m.Name = bad
		if err := m.Validate(); err == nil || data.ErrorCode(err) != data.EINVALID || !strings.Contains(err.Error(), "name") {
			t.Errorf("measure name %q: %v", bad, err)
		}
		st := validStudent()
		st.FamilyName = bad
		if err := st.Validate(); err == nil || !strings.Contains(err.Error(), "family name") {
			t.Errorf("family name %q: %v", bad, err)
		}
	}
	iv := validIntervention()
	iv.Description = "Line one\nline two"
	if err := iv.Validate(); err != nil {
		t.Errorf("a description with a line break: %v", err)
	}
	iv.Description = "text \u202E reversed"
	if err := iv.Validate(); err == nil {
		t.Error("a description with a right-to-left override was accepted")
	}
}

// The early-childhood grades order before kindergarten but take stored codes
// after grade 12, so the scores an older store holds read the same.
func TestGradeCodesAndOrder(t *testing.T) {
	for n := 0; n <= 12; n++ {
		g := data.GradeOfNumber(n)
		if code, ok := g.Code(); !ok || int(code) != n || g.Number() != n {
			t.Errorf("grade %s: code %d, number %d", g, code, g.Number())
		}
	}
	seen := map[byte]bool{}
	for i, g := range data.Grades {
		code, ok := g.Code()
		if back, _ := data.GradeOfCode(code); !ok || back != g || seen[code] || g.Index() != i {
			t.Errorf("grade %s: code %d", g, code)
		}
		seen[code] = true
	}
	if _, ok := data.GradeOfCode(byte(len(data.Grades))); ok {
		t.Error("a code past the list reads as a grade")
	}
	if data.Grade("PK").Index() >= data.Grade("KG").Index() || !data.Grade("TK").EarlyChildhood() || data.Grade("KG").EarlyChildhood() {
		t.Error("PK and TK are not before kindergarten")
	}
	for g, want := range map[data.Grade]string{"PK": "Pre-kindergarten", "TK": "Transitional kindergarten", "KG": "Kindergarten", "03": "Grade 3"} {
		if g.Label() != want {
			t.Errorf("%s label %q", g, g.Label())
		}
	}
	if data.Grade("03").Before(1) != "02" || data.Grade("KG").Before(1) != "" || data.Grade("PK").Before(1) != "" {
		t.Error("Before")
	}
}
