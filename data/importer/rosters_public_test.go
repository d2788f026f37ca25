package importer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/importer"
)

// The shapes of the public OneRoster sets that would not import as
// published (oat-sa, catalyst, vossenv, lepo-project): each file here is
// our own, written to the shape of one of them.
func TestPublicRosterShapes(t *testing.T) {
	t.Run("1.0 with no grades column: grades from the classes, else refused with the reason", func(t *testing.T) {
		rep, err := readRoster(t, "class-grades-1p0", "", mapleGrove)
		if err != nil || rep.Added != 2 || len(rep.Problems) != 2 {
			t.Fatalf("%v %+v", err, rep)
		}
		got := byLocal(rep.Records.Students)
		if got["MG2001"].Grade != "03" || got["MG2002"].Grade != "04" || got["MG2002"].FamilyName != "Díaz" {
			t.Errorf("students %+v", got)
		}
		if !hasNote(rep, "2 students have no grade in users.csv (lines 2 and 3): given the grade of the classes they are enrolled in") {
			t.Errorf("notes %q", rep.Notes)
		}
		want := []string{
			"users.csv line 4, column grades: is empty, and the student's classes are of several grades (03, 04) (expected KG, 01..12, PK, TK, PR or IT; --grade gives the grade of students without one)",
			"users.csv line 5, column grades: is empty (expected KG, 01..12, PK, TK, PR or IT; --grade gives the grade of students without one)",
		}
		for i, p := range rep.Problems {
			if p.Error() != want[i] {
				t.Errorf("refusal %d: %s\nwant %s", i, p.Error(), want[i])
			}
		}
		// With a grade given, the two others import in it; the class grades still win.
		rep, err = importer.ReadFile(importer.Request{Kind: importer.KindRoster, Path: "testdata/rosters/class-grades-1p0", Grade: "05", Today: today}, mapleGrove)
		if err != nil || rep.Added != 4 || len(rep.Problems) != 0 {
			t.Fatalf("--grade 05: %v %+v", err, rep)
		}
		if got := byLocal(rep.Records.Students); got["MG2001"].Grade != "03" || got["MG2003"].Grade != "05" || got["MG2004"].Grade != "05" {
			t.Errorf("students %+v", got)
		}
	})

	t.Run("a database dump: Users.csv, orgs in Schools.csv by orgId", func(t *testing.T) {
		_, err := readRoster(t, "db-dump-schools", "", mapleGrove)
		var choice *importer.OrgChoiceError
		if !errors.As(err, &choice) || !strings.Contains(err.Error(), "0c6f1a52-7a1e-4a55-9d01-000000000001 (Maple Grove Elementary, identifier MG-0777, 2 students)") {
			t.Fatalf("two schools, named from Schools.csv: %v", err)
		}
		rep, err := readRoster(t, "db-dump-schools", "mg-0777", mapleGrove)
		if err != nil || rep.Added != 2 || len(rep.Problems) != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
		if got := byLocal(rep.Records.Students); got["MG-3001"].Grade != "02" || got["MG-3002"].Race != data.RaceNotReported {
			t.Errorf("students %+v", got)
		}
		if !hasNote(rep, "2 students have no race/ethnicity", "no demographics.csv") {
			t.Errorf("notes %q", rep.Notes)
		}
	})

	t.Run("an LMS's 1.2 export: BOM, every field quoted, CRLF, no grade anywhere, a department", func(t *testing.T) {
		_, err := readRoster(t, "lms-no-grades-1p2", "", mapleGrove)
		if err == nil || err.Error() != "users.csv: gives none of its 2 students a grade (the column grades is empty), and no class of theirs names one; "+
			"Tierline needs each student's grade: export the roster with grades, or give the grade of its students (--grade, such as --grade 3)" {
			t.Fatalf("one error for the whole roster: %v", err)
		}
		req := importer.Request{Kind: importer.KindRoster, Path: "testdata/rosters/lms-no-grades-1p2", Grade: "KG", Today: today}
		_, err = importer.ReadFile(req, mapleGrove)
		var other *importer.OtherSchoolError
		if !errors.As(err, &other) || other.Roster.Name != "Reading Department" {
			t.Fatalf("a department of another name: %v", err)
		}
		req.OtherSchool = true
		rep, err := importer.ReadFile(req, mapleGrove)
		if err != nil || rep.Added != 2 || len(rep.Problems) != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
		if got := byLocal(rep.Records.Students); got["user01"].Grade != "KG" || got["user02"].GivenName != "GN 02" {
			t.Errorf("students %+v", got)
		}
		for _, n := range []string{"local id is the username", "given Kindergarten, as asked (--grade)", "no race/ethnicity"} {
			if !hasNote(rep, n) {
				t.Errorf("no note %q in %q", n, rep.Notes)
			}
		}
	})
}
