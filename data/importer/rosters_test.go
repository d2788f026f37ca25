package importer_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/importer"
)

// mapleGrove is the store's school in these tests: a new school, no students.
var mapleGrove = data.Snapshot{Settings: data.Settings{Name: "Maple Grove Elementary", SchoolCode: "0777", DistrictCode: "45",
	Years: []data.SchoolYear{data.DefaultSchoolYear(2026)}, K: 10}}

func readRoster(t *testing.T, dir, org string, snap data.Snapshot) (*importer.Report, error) {
	t.Helper()
	return importer.ReadFile(importer.Request{Kind: importer.KindRoster, Path: "testdata/rosters/" + dir, Org: org, Today: today}, snap)
}

func hasNote(rep *importer.Report, parts ...string) bool {
	for _, n := range rep.Notes {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(n, p)
		}
		if all {
			return true
		}
	}
	return false
}

// Rosters in the shapes public OneRoster sets come in: each imports, and
// says what it lacked and how it was read.
func TestRostersAsDistrictsSendThem(t *testing.T) {
	t.Run("an API's dump: orgs by orgId, two schools, no demographics", func(t *testing.T) {
		_, err := readRoster(t, "api-dump-1p1", "", mapleGrove)
		var choice *importer.OrgChoiceError
		if !errors.As(err, &choice) || len(choice.Orgs) != 2 || choice.Orgs[0].Name != "Maple Grove Elementary" || choice.Orgs[0].Students != 4 {
			t.Fatalf("two schools: %v", err)
		}
		for _, org := range []string{"Maple Grove Elementary", " maple grove  elementary", "MG-0777", "6b1f0c2e-0001-4c1a-9d11-aa0000000001"} {
			rep, err := readRoster(t, "api-dump-1p1", org, mapleGrove)
			if err != nil || rep.Added != 4 || len(rep.Problems) != 0 {
				t.Fatalf("--org %q: %v %+v", org, err, rep)
			}
			if !hasNote(rep, "4 students have no race/ethnicity", "the roster has no demographics.csv", `imported as "not reported"`) {
				t.Errorf("notes %q", rep.Notes)
			}
			for _, st := range rep.Records.Students {
				if st.Race != data.RaceNotReported || !strings.HasPrefix(st.LocalID, "MG") {
					t.Errorf("student %+v", st)
				}
			}
		}
		_, err = readRoster(t, "api-dump-1p1", "Oak Street", mapleGrove)
		if err == nil || !strings.Contains(err.Error(), `has no student in the school "Oak Street"; the roster's schools are: `+
			"6b1f0c2e-0001-4c1a-9d11-aa0000000001 (Maple Grove Elementary, identifier MG-0777, 4 students); 6b1f0c2e-0002-4c1a-9d11-aa0000000002 (Cedar Park Elementary, identifier CP-0778, 2 students)") {
			t.Errorf("a wrong --org: %v", err)
		}
		// The other school's students: the store is Maple Grove, so it asks first.
		_, err = readRoster(t, "api-dump-1p1", "Cedar Park Elementary", mapleGrove)
		var other *importer.OtherSchoolError
		if !errors.As(err, &other) || other.Roster.Name != "Cedar Park Elementary" {
			t.Fatalf("another school's roster: %v", err)
		}
		rep, err := importer.ReadFile(importer.Request{Kind: importer.KindRoster, Path: "testdata/rosters/api-dump-1p1", Org: "CP-0778",
			OtherSchool: true, Today: today}, mapleGrove)
		if err != nil || rep.Added != 2 {
			t.Fatalf("confirmed: %v %+v", err, rep)
		}
	})

	t.Run("1.2 without roles.csv: students by enrollments.csv, CRLF", func(t *testing.T) {
		rep, err := readRoster(t, "enrollments-1p2", "", mapleGrove)
		if err != nil || rep.Added != 3 || len(rep.Problems) != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
		if !hasNote(rep, "no roles.csv", "enrollments.csv") || !hasNote(rep, "1 student has no race/ethnicity", "demographics.csv sets no race flag", "line 4") {
			t.Errorf("notes %q", rep.Notes)
		}
		got := byLocal(rep.Records.Students)
		if got["mia.chen"].Race != data.Asian || got["leo.garcia"].Race != data.Hispanic || got["leo.garcia"].FamilyName != "García" ||
			got["zoe.adams"].Race != data.RaceNotReported || got["zoe.adams"].Grade != "01" {
			t.Errorf("students %+v", got)
		}
	})

	t.Run("every field quoted, a BOM, no identifiers, grades as SIS write them", func(t *testing.T) {
		rep, err := readRoster(t, "quoted-bom-1p1", "", mapleGrove)
		if err != nil || rep.Added != 7 || len(rep.Skipped) != 2 || len(rep.Problems) != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
		grades := map[string]data.Grade{}
		for _, st := range rep.Records.Students {
			grades[st.GivenName] = st.Grade
		}
		// PK and TK are grades of their own; ungraded and grade 13 are not followed.
		if want := map[string]data.Grade{"Ana": "KG", "Ben": "04", "Cai": "KG", "Dev": "PK", "Eli": "TK", "Fay": "04", "Gus": "KG"}; !mapsEqual(grades, want) {
			t.Errorf("grades %v, want %v", grades, want)
		}
		if rep.Skipped[0].Error() != `users.csv line 9, column grades: "UG" is not a grade Tierline follows (infant/toddler to grade 12): the student is skipped` ||
			!strings.Contains(rep.Skipped[1].Error(), `line 10, column grades: "13" is not a grade Tierline follows`) {
			t.Errorf("skipped %v", rep.Skipped)
		}
		if !hasNote(rep, "7 students' local id is the username", "the identifier (the SIS id) is empty", "users.csv lines 2, 3, 4, 5, 6, 7 and 8") {
			t.Errorf("notes %q", rep.Notes)
		}
		if _, ok := byLocal(rep.Records.Students)["user01"]; !ok {
			t.Error("the username is not the local id")
		}
	})

	t.Run("no grades column: one clear error", func(t *testing.T) {
		_, err := readRoster(t, "no-grades-1p1", "", mapleGrove)
		if err == nil || err.Error() != "users.csv: has no column grades (its columns are: sourcedId, enabledUser, status, dateLastModified, "+
			"orgSourcedIds, role, username, userId, givenName, familyName, identifier, email, sms, phone, agents, ext_vendor_databaseId, "+
			"ext_vendor_ssoId, ext_vendor_studentPassword, ext_vendor_studentGrade, ext_vendor_language, … and 2 more), "+
			"and no class of its students names a grade; "+
			"Tierline needs each student's grade: export the roster with grades, or give the grade of its students (--grade, such as --grade 3)" {
			t.Errorf("error %v", err)
		}
		// With the grade given, they import, and the report says what was filled in.
		rep, err := importer.ReadFile(importer.Request{Kind: importer.KindRoster, Path: "testdata/rosters/no-grades-1p1", Grade: "03", Today: today}, mapleGrove)
		if err != nil || rep.Added != 2 || !hasNote(rep, "2 students have no grade in the roster (users.csv lines 2 and 3): given Grade 3, as asked (--grade)") ||
			!hasNote(rep, "2 students have no race/ethnicity", "demographics.csv sets no race flag") {
			t.Fatalf("--grade 3: %v %+v", err, rep)
		}
		if got := byLocal(rep.Records.Students); got["MG 1001"].Grade != "03" {
			t.Errorf("students %+v", got)
		}
	})

	t.Run("a few columns only: no identifier, no grades, names in Japanese", func(t *testing.T) {
		rep, err := importer.ReadFile(importer.Request{Kind: importer.KindRoster, Path: "testdata/rosters/minimal-columns", Grade: "KG", Today: today}, mapleGrove)
		if err != nil || rep.Added != 2 || !hasNote(rep, "2 students' local id is the username, because the identifier (the SIS id) is not in users.csv") {
			t.Fatalf("%v %+v", err, rep)
		}
		if got := byLocal(rep.Records.Students); got["k1002"].GivenName != "太郎　一" || got["k1002"].Grade != "KG" {
			t.Errorf("students %+v", got)
		}
	})

	t.Run("ragged roles.csv", func(t *testing.T) {
		rep, err := readRoster(t, "ragged-roles-1p2", "", mapleGrove)
		if err != nil || rep.Added != 3 || rep.Withdrawn != 1 || len(rep.Problems) != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
		if !hasNote(rep, "roles.csv: 3 rows have fewer fields than the header (lines 2, 3 and 5)") ||
			!hasNote(rep, "1 student has no race/ethnicity", "line 3") {
			t.Errorf("notes %q", rep.Notes)
		}
		got := byLocal(rep.Records.Students)
		if got["1001"].Race != data.Hispanic || got["1002"].Race != data.RaceNotReported || got["1003"].Race != data.White {
			t.Errorf("students %+v", got)
		}
	})
}

// A student already in the store keeps their race when the roster has none
// for them: "not reported" is for students the school knows nothing about.
func TestRosterKeepsAKnownRace(t *testing.T) {
	first, err := readRoster(t, "enrollments-1p2", "", mapleGrove)
	must(t, err)
	known := mapleGrove
	known.Students = slices.Clone(first.Records.Students)
	for i := range known.Students {
		known.Students[i].ID = data.NewID()
		if known.Students[i].LocalID == "zoe.adams" {
			known.Students[i].Race = data.Black
		}
	}
	rep, err := readRoster(t, "enrollments-1p2", "", known)
	must(t, err)
	if rep.Unchanged != 3 || len(rep.Notes) != 1 {
		t.Fatalf("%s, notes %q", rep.Summary(), rep.Notes)
	}
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

// The enrollments' beginDate and endDate give a student's enrolment: the
// earliest beginDate is its first day, an endDate already past ends it the
// day after; a date that is not one is refused, naming the line and column.
func TestRosterReadsEnrolmentDates(t *testing.T) {
	dir := t.TempDir()
	src := "testdata/rosters/enrollments-1p2"
	files, err := os.ReadDir(src)
	must(t, err)
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(src, f.Name()))
		must(t, err)
		if f.Name() == "enrollments.csv" {
			// Zoe left on 31 October; Leo's class started later than his first.
			b = []byte(strings.Replace(string(b), "usr-555-1003,student,false,2026-08-17,2027-06-11", "usr-555-1003,student,false,2026-08-17,2026-10-31", 1) +
				"enr-s-5,active,2026-05-01T18:25:43.511Z,cls-3,org-sch-555-1,usr-555-1002,student,false,2026-09-01,\n")
		}
		must(t, os.WriteFile(filepath.Join(dir, f.Name()), b, 0o600))
	}
	rep, err := importer.ReadFile(importer.Request{Kind: importer.KindRoster, Path: dir, Today: today}, mapleGrove)
	must(t, err)
	byID := map[string]data.Student{}
	for _, s := range rep.Records.Students {
		byID[s.LocalID] = s
	}
	from := data.NewDate(2026, 8, 17)
	if s := byID["mia.chen"]; s.EnrolledFrom != from || s.Withdrawn {
		t.Errorf("mia.chen: enrolled from %s, withdrawn %v", s.EnrolledFrom, s.Withdrawn)
	}
	if s := byID["leo.garcia"]; s.EnrolledFrom != from || s.Withdrawn {
		t.Errorf("leo.garcia: enrolled from %s (the earliest of his enrollments), withdrawn %v", s.EnrolledFrom, s.Withdrawn)
	}
	if s := byID["zoe.adams"]; !s.Withdrawn || s.WithdrawnOn != data.NewDate(2026, 11, 1) || s.EnrolledOn(data.NewDate(2026, 11, 1)) || !s.EnrolledOn(data.NewDate(2026, 10, 31)) {
		t.Errorf("zoe.adams: withdrawn %v on %s", s.Withdrawn, s.WithdrawnOn)
	}

	bad := filepath.Join(dir, "enrollments.csv")
	b, err := os.ReadFile(bad)
	must(t, err)
	must(t, os.WriteFile(bad, []byte(strings.Replace(string(b), "2026-09-01", "1 Sept", 1)), 0o600))
	rep, err = importer.ReadFile(importer.Request{Kind: importer.KindRoster, Path: dir, Today: today}, mapleGrove)
	must(t, err)
	if len(rep.Problems) != 1 || rep.Problems[0].Column != "beginDate" || rep.Problems[0].Line != 7 || !strings.Contains(rep.Problems[0].Reason, `"1 Sept" is not a date`) {
		t.Errorf("a bad beginDate: %+v", rep.Problems)
	}
}
