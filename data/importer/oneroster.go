package importer

import (
	"archive/zip"
	"errors"
	"fmt"
	"io/fs"
	"os"
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
	enrollmentsFile  = "enrollments.csv"
)

// RosterOptions tune a roster import.
type RosterOptions struct {
	// Org is the school to import when the roster holds several: its
	// sourcedId, identifier or name (any case).
	Org   string
	Today data.Date // the withdrawal date of students the roster marks "tobedeleted"
	// Grade is the grade of students the roster gives none (an LMS export
	// of one class may carry no grades); without it they are refused.
	Grade data.Grade
	// School is the store's school. A roster whose school has another
	// name and identifier is refused with an OtherSchoolError unless
	// OtherSchool is set (the user said it is theirs).
	School      data.Settings
	OtherSchool bool
}

// Org is a school (or district) of a roster.
type Org struct {
	SourcedID, Name, Identifier string
	Students                    int
}

func (o Org) describe() string {
	students := "students"
	if o.Students == 1 {
		students = "student"
	}
	parts := []string{fmt.Sprintf("%d %s", o.Students, students)}
	if o.Identifier != "" {
		parts = append([]string{"identifier " + o.Identifier}, parts...)
	}
	if o.Name != "" {
		parts = append([]string{o.Name}, parts...)
	}
	return fmt.Sprintf("%s (%s)", o.SourcedID, strings.Join(parts, ", "))
}

// OtherSchoolError says the roster is of another school than the store's:
// the user confirms before it is imported (the CLI's --yes, a question in
// the window).
type OtherSchoolError struct {
	Roster Org
	School data.Settings
}

func (e *OtherSchoolError) Error() string {
	return fmt.Sprintf("this roster is of %s (identifier %s), but this store is %s (school code %s): "+
		"check it is the right file; to import it anyway, confirm", orDash(e.Roster.Name), orDash(e.Roster.Identifier), e.School.Name, e.School.SchoolCode)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// OrgChoiceError says the roster holds students of several schools: the
// user picks one (the CLI's --org, a list in the GUI).
type OrgChoiceError struct {
	Orgs []Org
}

func (e *OrgChoiceError) Error() string {
	parts := make([]string, len(e.Orgs))
	for i, o := range e.Orgs {
		parts[i] = o.describe()
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
	if _, ok := findFile(fsys, usersFile); ok {
		return fsys, closeFn, nil
	}
	entries, _ := fs.ReadDir(fsys, ".")
	for _, e := range entries {
		if e.IsDir() {
			sub, err := fs.Sub(fsys, e.Name())
			if _, ok := findFile(sub, usersFile); ok || err != nil {
				return sub, closeFn, err
			}
		}
	}
	closeFn()
	return nil, nil, fileError(p, "has no users.csv: it is not a OneRoster export")
}

// readFile reads one CSV file of a roster; ok is false when it is absent.
func readFile(fsys fs.FS, name string, rep *Report) (*table, bool, error) {
	name, _ = findFile(fsys, name)
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
	cols, err := users.require(map[string][]string{"sourcedId": {"sourcedId"},
		"givenName": {"givenName"}, "familyName": {"familyName"}})
	if err != nil {
		return nil, err
	}
	gradeCol, hasGrades := users.column("grades")
	orgs := readOrgs(fsys)
	students, err := rosterStudents(fsys, users, orgs, rep)
	if err != nil {
		return nil, err
	}
	classes := readClassGrades(fsys)
	if opt.Grade == "" && !anyGrade(students, gradeCol) && !classes.any(students, cols["sourcedId"]) {
		const fix = "Tierline needs each student's grade: export the roster with grades, or give the grade of its students (--grade, such as --grade 3)"
		if !hasGrades {
			return nil, fileError(users.name, "has no column grades (its columns are: %s), and no class of its students names a grade; "+fix, users.headerNames())
		}
		return nil, fileError(users.name, "gives none of its %d %s a grade (the column %s is empty), and no class of theirs names one; "+fix,
			len(students), plural(len(students), "student", "students"), users.nameOf(gradeCol))
	}
	students, org, err := chooseOrg(orgs.bySourced, students, opt.Org)
	if err != nil {
		return nil, err
	}
	if err := checkSchool(org, opt); err != nil {
		return nil, err
	}
	demo, err := readDemographics(fsys, rep)
	if err != nil {
		return nil, err
	}
	enrolments, err := readEnrolments(fsys, rep)
	if err != nil {
		return nil, err
	}
	rep.Rows = len(students) // the rows that matter: this school's students
	status, _ := users.column("status")
	ids := newLocalIDs(users)
	ix := indexStudents(existing)
	seen := map[string]int{}
	var notReported, givenGrade, classGrade []int
	for _, rs := range students {
		r := rs.row
		sourced := r.field(cols["sourcedId"])
		gradeText := strings.TrimSpace(strings.Split(r.field(gradeCol), ",")[0])
		grade, ok := oneRosterGrade(gradeText)
		if gradeText == "" {
			if g, found := classes.of(sourced); found {
				gradeText, grade, ok = string(g), g, true
				classGrade = append(classGrade, r.line)
			}
		}
		switch {
		case gradeText == "" && opt.Grade != "":
			grade = opt.Grade
			givenGrade = append(givenGrade, r.line)
		case gradeText == "":
			rep.refuse(users, r.line, gradeColumnName(users, gradeCol), "is empty%s ("+data.GradesExpected+"; --grade gives the grade of students without one)",
				classes.why(sourced))
			continue
		case !ok && knownOtherGrade(gradeText):
			rep.skip(users, r.line, gradeColumnName(users, gradeCol), "%s is not a grade Tierline follows (infant/toddler to grade 12): the student is skipped", data.Clip(gradeText))
			continue
		case !ok:
			rep.refuse(users, r.line, gradeColumnName(users, gradeCol), "%s is not a OneRoster grade ("+data.GradesExpected+")", data.Clip(gradeText))
			continue
		}
		local, idColumn := ids.of(r)
		if first, dup := seen[local]; dup {
			rep.refuse(users, r.line, idColumn, "%s is also the local id on line %d", data.Clip(local), first)
			continue
		}
		seen[local] = r.line
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
			// Never guessed: the student is counted in a group of their own.
			st.Race = data.RaceNotReported
			notReported = append(notReported, r.line)
		}
		if strings.EqualFold(r.field(status), "tobedeleted") {
			if !st.Withdrawn {
				st.Withdrawn, st.WithdrawnOn = true, opt.Today
				rep.Withdrawn++
			}
		} else if st.Withdrawn {
			st.Withdrawn, st.WithdrawnOn = false, data.Date{} // back on the roster: enrolled again
		}
		// The enrollments' dates, where the roster gives them: the first
		// day, and a last day already past ends the enrolment the day after.
		if e, ok := enrolments[sourced]; ok {
			if !e.from.IsZero() {
				st.EnrolledFrom = e.from
			}
			if !e.until.IsZero() && e.until.Before(opt.Today) && !st.Withdrawn {
				st.Withdrawn, st.WithdrawnOn = true, e.until.AddDays(1)
				rep.Withdrawn++
			}
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
	ids.report(rep)
	if len(classGrade) > 0 {
		rep.note("%d %s no grade in users.csv (%s): given the grade of the classes they are enrolled in (enrollments.csv, classes.csv or courses.csv)",
			len(classGrade), plural(len(classGrade), "student has", "students have"), lineList(classGrade))
	}
	if len(givenGrade) > 0 {
		rep.note("%d %s no grade in the roster (users.csv %s): given %s, as asked (--grade)",
			len(givenGrade), plural(len(givenGrade), "student has", "students have"), lineList(givenGrade), opt.Grade.Label())
	}
	if len(notReported) > 0 {
		why := "demographics.csv sets no race flag for them"
		if demo.t == nil {
			why = "the roster has no demographics.csv"
		}
		rep.note("%d %s no race/ethnicity (%s; users.csv %s): imported as \"not reported\", a group of its own, never guessed",
			len(notReported), plural(len(notReported), "student has", "students have"), why, lineList(notReported))
	}
	return rep, nil
}

// localIDs reads a student's local id: OneRoster's identifier (the SIS
// id), else, when it is empty or the column is absent, the username, else
// the sourcedId. The import says how many came from each fallback.
type localIDs struct {
	t                             *table
	identifier, username, sourced int
	fromUsername, fromSourced     []int
}

func newLocalIDs(t *table) *localIDs {
	ids := &localIDs{t: t}
	ids.identifier, _ = t.column("identifier")
	ids.username, _ = t.column("username")
	ids.sourced, _ = t.column("sourcedId")
	return ids
}

// of returns the row's local id and the column it came from.
func (ids *localIDs) of(r row) (id, column string) {
	if v := r.field(ids.identifier); v != "" {
		return v, ids.t.nameOf(ids.identifier)
	}
	if v := r.field(ids.username); v != "" {
		ids.fromUsername = append(ids.fromUsername, r.line)
		return v, ids.t.nameOf(ids.username)
	}
	ids.fromSourced = append(ids.fromSourced, r.line)
	return r.field(ids.sourced), ids.t.nameOf(ids.sourced)
}

func (ids *localIDs) report(rep *Report) {
	missing := "is empty"
	if ids.identifier < 0 {
		missing = "is not in users.csv"
	}
	for _, f := range []struct {
		lines []int
		field string
	}{{ids.fromUsername, "username"}, {ids.fromSourced, "sourcedId"}} {
		if len(f.lines) > 0 {
			rep.note("%d %s local id is the %s, because the identifier (the SIS id) %s (users.csv %s); scores files must use the same ids",
				len(f.lines), plural(len(f.lines), "student's", "students'"), f.field, missing, lineList(f.lines))
		}
	}
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
// 1.1 has role and orgSourcedIds in users.csv, 1.2 has roles.csv; a roster
// with neither tells students by enrollments.csv, as OneRoster 1.0 did.
// Org references are resolved through orgs.csv (see orgRefs).
func rosterStudents(fsys fs.FS, users *table, orgs *orgRefs, rep *Report) ([]rosterStudent, error) {
	var out []rosterStudent
	if role, ok := users.column("role"); ok {
		orgCol, hasOrgs := users.column("orgSourcedIds", "orgSourcedId", "orgId")
		for _, r := range users.rows {
			if !strings.EqualFold(r.field(role), "student") {
				continue
			}
			rs := rosterStudent{row: r}
			if hasOrgs {
				for _, o := range strings.Split(r.field(orgCol), ",") {
					if o = strings.TrimSpace(o); o != "" {
						rs.orgs = append(rs.orgs, orgs.resolve(o))
					}
				}
			}
			out = append(out, rs)
		}
		return out, nil
	}
	orgsOf, err := studentOrgs(fsys, rep)
	if err != nil {
		return nil, err
	}
	sourced, _ := users.column("sourcedId")
	primary, hasPrimary := users.column("primaryOrgSourcedId")
	for _, r := range users.rows {
		refs, isStudent := orgsOf[r.field(sourced)]
		if !isStudent {
			continue
		}
		var list []string
		for _, o := range refs {
			if o = orgs.resolve(o); !contains(list, o) {
				list = append(list, o)
			}
		}
		if p := r.field(primary); hasPrimary && p != "" && !contains(list, orgs.resolve(p)) {
			list = append(list, orgs.resolve(p))
		}
		out = append(out, rosterStudent{row: r, orgs: list})
	}
	return out, nil
}

// studentOrgs reads who is a student, and of which orgs, from roles.csv,
// or else from enrollments.csv.
func studentOrgs(fsys fs.FS, rep *Report) (map[string][]string, error) {
	file, columns := rolesFile, map[string][]string{"user": {"userSourcedId"}, "role": {"role"}, "org": {"orgSourcedId"}}
	t, ok, err := readFile(fsys, file, rep)
	if err != nil {
		return nil, err
	}
	if !ok {
		file, columns = enrollmentsFile, map[string][]string{"user": {"userSourcedId"}, "role": {"role"}, "org": {"schoolSourcedId"}}
		if t, ok, err = readFile(fsys, file, rep); err != nil {
			return nil, err
		}
		if !ok {
			return nil, fileError(usersFile, "has no role column and the roster has no roles.csv: Tierline cannot tell students from staff")
		}
		rep.note("the roster has no roles.csv and users.csv no role column: students are the users enrolled as students in enrollments.csv")
	}
	rc, err := t.require(columns)
	if err != nil {
		return nil, err
	}
	orgsOf := map[string][]string{}
	for _, r := range t.rows {
		if strings.EqualFold(r.field(rc["role"]), "student") {
			user, org := r.field(rc["user"]), r.field(rc["org"])
			if !contains(orgsOf[user], org) {
				orgsOf[user] = append(orgsOf[user], org)
			}
		}
	}
	return orgsOf, nil
}

// orgRefs are the orgs of orgs.csv. Users refer to them by sourcedId; some
// exports (database dumps behind OneRoster APIs) refer to them by their own
// orgId or by the org's identifier, which resolve maps to the sourcedId.
type orgRefs struct {
	bySourced map[string]Org
	alias     map[string]string // orgId or identifier → sourcedId
}

// readOrgs reads orgs.csv (or schools.csv), when the roster has one.
func readOrgs(fsys fs.FS) *orgRefs {
	refs := &orgRefs{bySourced: map[string]Org{}, alias: map[string]string{}}
	var t *table
	for _, name := range orgFiles {
		if found, ok, err := readFile(fsys, name, &Report{}); ok && err == nil {
			t = found
			break
		}
	}
	if t == nil {
		return refs
	}
	id, _ := t.column("sourcedId")
	name, _ := t.column("name")
	identifier, _ := t.column("identifier")
	orgID, _ := t.column("orgId")
	for _, r := range t.rows {
		o := Org{SourcedID: r.field(id), Name: r.field(name), Identifier: r.field(identifier)}
		refs.bySourced[o.SourcedID] = o
		for _, a := range []string{r.field(orgID), o.Identifier} {
			if _, taken := refs.alias[a]; a != "" && !taken {
				refs.alias[a] = o.SourcedID
			}
		}
	}
	return refs
}

func (o *orgRefs) resolve(ref string) string {
	if _, ok := o.bySourced[ref]; ok {
		return ref
	}
	if s, ok := o.alias[ref]; ok {
		return s
	}
	return ref
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// chooseOrg keeps the students of one school: the one asked for (by
// sourcedId, identifier or name), or the only one. It returns that school
// as far as the roster describes it.
func chooseOrg(orgs map[string]Org, students []rosterStudent, asked string) ([]rosterStudent, Org, error) {
	counts := map[string]int{}
	for _, s := range students {
		for _, o := range s.orgs {
			counts[o]++
		}
	}
	var withStudents []Org
	for id, n := range counts {
		o, ok := orgs[id]
		if !ok {
			o = Org{SourcedID: id}
		}
		o.Students = n
		withStudents = append(withStudents, o)
	}
	sort.Slice(withStudents, func(i, j int) bool { return withStudents[i].SourcedID < withStudents[j].SourcedID })
	if asked == "" {
		switch len(withStudents) {
		case 0:
			return students, Org{}, nil
		case 1:
			return students, withStudents[0], nil
		}
		return nil, Org{}, &OrgChoiceError{Orgs: withStudents}
	}
	chosen := -1
	want := strings.TrimSpace(asked)
	for i, o := range withStudents {
		if o.SourcedID == want {
			chosen = i
		}
	}
	for i, o := range withStudents {
		if chosen < 0 && (sameText(o.Identifier, want) || sameText(o.Name, want)) {
			chosen = i
		}
	}
	if chosen < 0 {
		valid := make([]string, len(withStudents))
		for i, o := range withStudents {
			valid[i] = o.describe()
		}
		if len(valid) == 0 {
			valid = []string{"none (no student names a school)"}
		}
		return nil, Org{}, fileError(usersFile, "has no student in the school %s; the roster's schools are: %s (--org takes a sourcedId, identifier or name)",
			data.Clip(asked), strings.Join(valid, "; "))
	}
	var out []rosterStudent
	for _, s := range students {
		if contains(s.orgs, withStudents[chosen].SourcedID) {
			out = append(out, s)
		}
	}
	return out, withStudents[chosen], nil
}

// sameText compares names and codes as people type them: any case, any spacing.
func sameText(a, b string) bool {
	a, b = strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " ")
	return a != "" && strings.EqualFold(a, b)
}

// checkSchool refuses a roster of another school than the store's, unless
// the user confirmed it. A roster that does not describe its school, or a
// store with no school, is not checked.
func checkSchool(org Org, opt RosterOptions) error {
	if opt.OtherSchool || opt.School.Name == "" || (org.Name == "" && org.Identifier == "") {
		return nil
	}
	if sameText(org.Identifier, opt.School.SchoolCode) || sameText(org.Name, opt.School.Name) {
		return nil
	}
	return &OtherSchoolError{Roster: org, School: opt.School}
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
	id, ok := t.column("sourcedId", "userSourcedId") // 1.0 and some 1.1 exports name the user
	if !ok {
		return d, fileError(demographicsFile, "has no column sourcedId (its columns are: %s)", t.headerNames())
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

// ParseRosterGrade reads a grade as rosters and people write it (see
// oneRosterGrade): K, KG, Kindergarten, 1..12, 01..12, PK, Pre-K, TK.
func ParseRosterGrade(s string) (data.Grade, bool) { return oneRosterGrade(s) }

// oneRosterGrade reads a grade Tierline follows as rosters write it:
// OneRoster's codes (IT, PR, PK, TK, KG, 01..12), and the K, Kindergarten,
// Pre-K and 1..12 of SIS exports that do not follow the code list.
func oneRosterGrade(s string) (data.Grade, bool) {
	g, err := data.ParseGrade(s)
	return g, err == nil
}

// knownOtherGrade reports OneRoster grades past 12 or outside grades:
// post-secondary, ungraded, other. Students in them are skipped, not refused.
func knownOtherGrade(s string) bool {
	switch strings.Join(strings.Fields(strings.ToUpper(strings.ReplaceAll(s, "-", " "))), " ") {
	case "13", "PS", "UG", "OTHER", "UNGRADED", "POSTGRADUATE":
		return true
	}
	return false
}
