package importer

import (
	"archive/zip"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"reflect"
	"sort"
	"strings"

	"github.com/tierline/tierline/data"
)

// Roster files, by OneRoster name.
const (
	usersFile        = "users.csv"
	rolesFile        = "roles.csv"
	demographicsFile = "demographics.csv"
	orgsFile         = "orgs.csv"
)

// RosterOptions tune a roster import.
type RosterOptions struct {
	Org   string    // the sourcedId of the school to import, when the roster holds several
	Today data.Date // the withdrawal date of students the roster marks "tobedeleted"
}

// Org is a school (or district) of a roster.
type Org struct {
	SourcedID, Name string
	Students        int
}

// OrgChoiceError says the roster holds students of several schools: the
// user picks one (the CLI's --org, a list in the GUI).
type OrgChoiceError struct {
	Orgs []Org
}

func (e *OrgChoiceError) Error() string {
	parts := make([]string, len(e.Orgs))
	for i, o := range e.Orgs {
		students := "students"
		if o.Students == 1 {
			students = "student"
		}
		parts[i] = fmt.Sprintf("%s (%s, %d %s)", o.SourcedID, o.Name, o.Students, students)
	}
	return fmt.Sprintf("the roster holds students of %d schools; choose one: %s", len(e.Orgs), strings.Join(parts, "; "))
}

// OpenRoster opens a OneRoster folder or .zip file. The CSV files may sit at
// its top or in one folder below it.
func OpenRoster(p string) (fsys fs.FS, closeFn func() error, err error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, nil, fmt.Errorf("open the roster %s: %w", p, err)
	}
	if info.IsDir() {
		fsys = os.DirFS(p)
		closeFn = func() error { return nil }
	} else {
		zr, err := zip.OpenReader(p)
		if err != nil {
			return nil, nil, fileError(p, "is neither a folder nor a .zip file of OneRoster CSV files (%v)", err)
		}
		fsys, closeFn = zr, zr.Close
	}
	if _, err := fs.Stat(fsys, usersFile); err == nil {
		return fsys, closeFn, nil
	}
	entries, _ := fs.ReadDir(fsys, ".")
	for _, e := range entries {
		if e.IsDir() {
			if _, err := fs.Stat(fsys, path.Join(e.Name(), usersFile)); err == nil {
				sub, err := fs.Sub(fsys, e.Name())
				return sub, closeFn, err
			}
		}
	}
	closeFn()
	return nil, nil, fileError(p, "has no users.csv: it is not a OneRoster export")
}

// readFile reads one CSV file of a roster; ok is false when it is absent.
func readFile(fsys fs.FS, name string, rep *Report) (*table, bool, error) {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	t, err := readTable(name, f, rep)
	return t, err == nil, err
}

// rosterStudent is a student row of users.csv with its org memberships.
type rosterStudent struct {
	row  row
	orgs []string
}

// Roster reads a OneRoster 1.1 or 1.2 export and reports what it changes
// in the school's students. Only students are imported, of one school.
// Students are matched by sourcedId, then by identifier (the local id);
// what the roster does not carry (program flags, custom groups) is kept.
// A student the roster marks "tobedeleted" is withdrawn, never deleted.
func Roster(fsys fs.FS, existing []data.Student, opt RosterOptions) (*Report, error) {
	rep := &Report{Kind: "OneRoster roster"}
	users, ok, err := readFile(fsys, usersFile, rep)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fileError(usersFile, "is missing: it is not a OneRoster export")
	}
	cols, err := users.require(map[string][]string{"sourcedId": {"sourcedId"}, "identifier": {"identifier"},
		"givenName": {"givenName"}, "familyName": {"familyName"}, "grades": {"grades"}})
	if err != nil {
		return nil, err
	}
	students, err := rosterStudents(fsys, users, rep)
	if err != nil {
		return nil, err
	}
	students, err = chooseOrg(fsys, students, opt.Org, rep)
	if err != nil {
		return nil, err
	}
	demo, err := readDemographics(fsys, rep)
	if err != nil {
		return nil, err
	}
	rep.Rows = len(students) // the rows that matter: this school's students
	status, _ := users.column("status")
	ix := indexStudents(existing)
	seen := map[string]int{}
	for _, rs := range students {
		r := rs.row
		sourced, local := r.field(cols["sourcedId"]), r.field(cols["identifier"])
		if local == "" {
			rep.refuse(users, r.line, users.nameOf(cols["identifier"]), "is empty: Tierline needs the student's local (SIS) id")
			continue
		}
		if first, dup := seen[local]; dup {
			rep.refuse(users, r.line, users.nameOf(cols["identifier"]), "%s is also the identifier on line %d", data.Clip(local), first)
			continue
		}
		seen[local] = r.line
		grades := strings.Split(r.field(cols["grades"]), ",")
		gradeText := strings.TrimSpace(grades[0])
		grade, ok := oneRosterGrade(gradeText)
		switch {
		case gradeText == "":
			rep.refuse(users, r.line, users.nameOf(cols["grades"]), "is empty (expected KG, 01..12)")
			continue
		case !ok && knownOtherGrade(gradeText):
			rep.skip(users, r.line, users.nameOf(cols["grades"]), "%s is not a grade Tierline follows (KG to 12): the student is skipped", data.Clip(gradeText))
			continue
		case !ok:
			rep.refuse(users, r.line, users.nameOf(cols["grades"]), "%s is not a OneRoster grade (expected KG, 01..12)", data.Clip(gradeText))
			continue
		}
		st, found := data.Student{}, false
		if i, ok := ix.bySourced[sourced]; ok && sourced != "" {
			st, found = ix.students[i], true
		} else if s, ok := ix.local(local); ok {
			st, found = s, true
		}
		before := st
		st.SourcedID, st.LocalID, st.Grade = sourced, local, grade
		st.GivenName, st.FamilyName = r.field(cols["givenName"]), r.field(cols["familyName"])
		if !found {
			st.Sex, st.Race = data.Unspecified, ""
		}
		if d, ok := demo.rows[sourced]; ok {
			if err := applyDemographics(&st, demo, d); err != nil {
				rep.Problems = append(rep.Problems, *err)
				continue
			}
		}
		if st.Race == "" {
			rep.refuse(users, r.line, "", "student %s has no race/ethnicity in demographics.csv", sourced)
			continue
		}
		if strings.EqualFold(r.field(status), "tobedeleted") {
			if !st.Withdrawn {
				st.Withdrawn, st.WithdrawnOn = true, opt.Today
				rep.Withdrawn++
			}
		} else if st.Withdrawn {
			st.Withdrawn, st.WithdrawnOn = false, data.Date{} // back on the roster: enrolled again
		}
		if err := st.Validate(); err != nil {
			rep.refuse(users, r.line, "", "%v", data.ErrorMessage(err))
			continue
		}
		rep.count(found, reflect.DeepEqual(before, st))
		if !found || !reflect.DeepEqual(before, st) {
			rep.Records.Students = append(rep.Records.Students, st)
		}
	}
	return rep, nil
}

// count tallies a record as added, updated or unchanged.
func (r *Report) count(existed, same bool) {
	switch {
	case !existed:
		r.Added++
	case same:
		r.Unchanged++
	default:
		r.Updated++
	}
}

// rosterStudents finds the students of users.csv and their orgs: OneRoster
// 1.1 has role and orgSourcedIds in users.csv, 1.2 has roles.csv.
func rosterStudents(fsys fs.FS, users *table, rep *Report) ([]rosterStudent, error) {
	var out []rosterStudent
	if role, ok := users.column("role"); ok {
		orgs, hasOrgs := users.column("orgSourcedIds")
		for _, r := range users.rows {
			if !strings.EqualFold(r.field(role), "student") {
				continue
			}
			rs := rosterStudent{row: r}
			if hasOrgs {
				for _, o := range strings.Split(r.field(orgs), ",") {
					if o = strings.TrimSpace(o); o != "" {
						rs.orgs = append(rs.orgs, o)
					}
				}
			}
			out = append(out, rs)
		}
		return out, nil
	}
	roles, ok, err := readFile(fsys, rolesFile, rep)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fileError(usersFile, "has no role column and the roster has no roles.csv: Tierline cannot tell students from staff")
	}
	rc, err := roles.require(map[string][]string{"user": {"userSourcedId"}, "role": {"role"}, "org": {"orgSourcedId"}})
	if err != nil {
		return nil, err
	}
	orgsOf := map[string][]string{}
	for _, r := range roles.rows {
		if strings.EqualFold(r.field(rc["role"]), "student") {
			user := r.field(rc["user"])
			orgsOf[user] = append(orgsOf[user], r.field(rc["org"]))
		}
	}
	sourced, _ := users.column("sourcedId")
	primary, hasPrimary := users.column("primaryOrgSourcedId")
	for _, r := range users.rows {
		orgs, isStudent := orgsOf[r.field(sourced)]
		if !isStudent {
			continue
		}
		if hasPrimary && r.field(primary) != "" && !contains(orgs, r.field(primary)) {
			orgs = append(orgs, r.field(primary))
		}
		out = append(out, rosterStudent{row: r, orgs: orgs})
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// chooseOrg keeps the students of one school: the one asked for, or the only one.
func chooseOrg(fsys fs.FS, students []rosterStudent, org string, rep *Report) ([]rosterStudent, error) {
	counts := map[string]int{}
	for _, s := range students {
		for _, o := range s.orgs {
			counts[o]++
		}
	}
	if org == "" {
		if len(counts) <= 1 {
			return students, nil
		}
		names := orgNames(fsys)
		choice := &OrgChoiceError{}
		for o, n := range counts {
			choice.Orgs = append(choice.Orgs, Org{SourcedID: o, Name: names[o], Students: n})
		}
		sort.Slice(choice.Orgs, func(i, j int) bool { return choice.Orgs[i].SourcedID < choice.Orgs[j].SourcedID })
		return nil, choice
	}
	if counts[org] == 0 {
		return nil, fileError(usersFile, "has no student in the org %s", data.Clip(org))
	}
	var out []rosterStudent
	for _, s := range students {
		if contains(s.orgs, org) {
			out = append(out, s)
		}
	}
	return out, nil
}

// orgNames reads the names of orgs.csv, when the roster has one.
func orgNames(fsys fs.FS) map[string]string {
	names := map[string]string{}
	t, ok, err := readFile(fsys, orgsFile, &Report{})
	if err != nil || !ok {
		return names
	}
	id, _ := t.column("sourcedId")
	name, _ := t.column("name")
	for _, r := range t.rows {
		names[r.field(id)] = r.field(name)
	}
	return names
}

// demographics is demographics.csv by user sourcedId.
type demographics struct {
	t    *table
	rows map[string]row
	cols map[string]int
}

var raceColumns = []struct {
	column string
	race   data.Race
}{
	{"americanIndianOrAlaskaNative", data.AmericanIndian},
	{"asian", data.Asian},
	{"blackOrAfricanAmerican", data.Black},
	{"nativeHawaiianOrOtherPacificIslander", data.PacificIslander},
	{"white", data.White},
}

func readDemographics(fsys fs.FS, rep *Report) (demographics, error) {
	d := demographics{rows: map[string]row{}, cols: map[string]int{}}
	t, ok, err := readFile(fsys, demographicsFile, rep)
	if err != nil || !ok {
		return d, err
	}
	d.t = t
	id, ok := t.column("sourcedId")
	if !ok {
		return d, fileError(demographicsFile, "has no column sourcedId (its columns are: %s)", strings.Join(t.header, ", "))
	}
	for _, name := range []string{"sex", "birthDate", "hispanicOrLatinoEthnicity", "demographicRaceTwoOrMoreRaces",
		"americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white"} {
		if i, ok := t.column(name); ok {
			d.cols[name] = i
		}
	}
	for _, r := range t.rows {
		d.rows[r.field(id)] = r
	}
	return d, nil
}

// applyDemographics sets sex, birth date and race/ethnicity from a
// demographics row: Hispanic/Latino of any race; two or more races when more
// than one race flag is true.
func applyDemographics(st *data.Student, d demographics, r row) *Problem {
	bad := func(col, format string, args ...any) *Problem {
		return &Problem{File: d.t.name, Line: r.line, Column: d.t.nameOf(d.cols[col]), Reason: fmt.Sprintf(format, args...)}
	}
	flag := func(col string) (bool, *Problem) {
		i, ok := d.cols[col]
		if !ok || r.field(i) == "" {
			return false, nil
		}
		v, err := parseBool(r.field(i))
		if err != nil {
			return false, bad(col, "%v", err)
		}
		return v, nil
	}
	if i, ok := d.cols["sex"]; ok {
		switch v := strings.ToLower(r.field(i)); v {
		case "male", "m":
			st.Sex = data.Male
		case "female", "f":
			st.Sex = data.Female
		case "other":
			st.Sex = data.OtherSex
		case "", "unspecified":
			st.Sex = data.Unspecified
		default:
			return bad("sex", "%s is not a OneRoster sex (expected male, female, other or unspecified)", data.Clip(r.field(i)))
		}
	}
	if i, ok := d.cols["birthDate"]; ok && r.field(i) != "" {
		bd, err := data.ParseDate(r.field(i))
		if err != nil {
			return bad("birthDate", "%v", err)
		}
		st.BirthDate = bd
	}
	hispanic, p := flag("hispanicOrLatinoEthnicity")
	if p != nil {
		return p
	}
	twoOrMore, p := flag("demographicRaceTwoOrMoreRaces")
	if p != nil {
		return p
	}
	var races []data.Race
	for _, rc := range raceColumns {
		on, p := flag(rc.column)
		if p != nil {
			return p
		}
		if on {
			races = append(races, rc.race)
		}
	}
	switch {
	case hispanic:
		st.Race = data.Hispanic
	case twoOrMore || len(races) > 1:
		st.Race = data.TwoOrMore
	case len(races) == 1:
		st.Race = races[0]
	}
	return nil
}

// oneRosterGrade reads a OneRoster grade Tierline follows: KG, 01..12.
func oneRosterGrade(s string) (data.Grade, bool) {
	if g := data.Grade(strings.ToUpper(s)); g.Index() >= 0 {
		return g, true
	}
	return "", false
}

// knownOtherGrade reports OneRoster grades outside KG-12: pre-school,
// post-secondary, ungraded. Students in them are skipped, not refused.
func knownOtherGrade(s string) bool {
	switch strings.ToUpper(s) {
	case "IT", "PR", "PK", "TK", "13", "PS", "UG", "OTHER":
		return true
	}
	return false
}
