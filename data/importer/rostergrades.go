package importer

import (
	"io/fs"
	"slices"
	"strings"

	"github.com/tierline/tierline/data"
)

const (
	classesFile = "classes.csv"
	coursesFile = "courses.csv"
)

// classGrades are the grades of the classes each student is enrolled in,
// by the student's sourcedId. Many rosters (LMS exports, SIS feeds that
// leave users.grades empty) give a student's grade only through their
// classes: classes.csv grades (grade in OneRoster 1.0), else the class's
// course's grades in courses.csv.
type classGrades map[string][]data.Grade

// readClassGrades reads enrollments.csv, classes.csv and courses.csv, when
// the roster has them; a roster without them gives no class grades. A file
// it cannot read is not an error here: the grades are a fallback, and a
// student left without one is refused with a reason.
func readClassGrades(fsys fs.FS) classGrades {
	quiet := &Report{}
	classes, ok, err := readFile(fsys, classesFile, quiet)
	if !ok || err != nil {
		return nil
	}
	enrollments, ok, err := readFile(fsys, enrollmentsFile, quiet)
	if !ok || err != nil {
		return nil
	}
	courseGrades := map[string][]data.Grade{}
	if courses, ok, err := readFile(fsys, coursesFile, quiet); ok && err == nil {
		id, _ := courses.column("sourcedId")
		grades, _ := courses.column("grades", "grade")
		for _, r := range courses.rows {
			courseGrades[r.field(id)] = gradeList(r.field(grades))
		}
	}
	gradesOf := map[string][]data.Grade{}
	classID, _ := classes.column("sourcedId")
	classCol, hasGrades := classes.column("grades", "grade")
	course, _ := classes.column("courseSourcedId")
	for _, r := range classes.rows {
		g := gradeList(r.field(classCol))
		if !hasGrades || len(g) == 0 {
			g = courseGrades[r.field(course)]
		}
		gradesOf[r.field(classID)] = g
	}
	user, _ := enrollments.column("userSourcedId")
	class, _ := enrollments.column("classSourcedId")
	role, _ := enrollments.column("role")
	out := classGrades{}
	for _, r := range enrollments.rows {
		if !strings.EqualFold(r.field(role), "student") {
			continue
		}
		u := r.field(user)
		for _, g := range gradesOf[r.field(class)] {
			if !slices.Contains(out[u], g) {
				out[u] = append(out[u], g)
			}
		}
	}
	return out
}

// of returns the student's grade when their classes agree on one; a
// student in classes of several grades (a class "09,10,11", or a grade 3
// and a grade 4 class) gets none, since picking one would be a guess.
func (c classGrades) of(sourcedID string) (data.Grade, bool) {
	if g := c[sourcedID]; len(g) == 1 {
		return g[0], true
	}
	return "", false
}

// any reports whether any of the students has a grade through their classes.
func (c classGrades) any(students []rosterStudent, sourced int) bool {
	for _, s := range students {
		if _, ok := c.of(s.row.field(sourced)); ok {
			return true
		}
	}
	return false
}

// gradeList reads a OneRoster grades field ("09,10,11"), keeping the grades
// Tierline follows.
func gradeList(s string) []data.Grade {
	var out []data.Grade
	for _, part := range strings.Split(s, ",") {
		if g, ok := oneRosterGrade(part); ok && strings.TrimSpace(part) != "" {
			out = append(out, g)
		}
	}
	return out
}

// why says, for a refusal, why the student's classes gave no grade.
func (c classGrades) why(sourcedID string) string {
	if g := c[sourcedID]; len(g) > 1 {
		names := make([]string, len(g))
		for i, x := range g {
			names[i] = string(x)
		}
		return ", and the student's classes are of several grades (" + strings.Join(names, ", ") + ")"
	}
	return ""
}

// anyGrade reports whether users.csv gives any of the students a grade.
func anyGrade(students []rosterStudent, gradeCol int) bool {
	for _, s := range students {
		if s.row.field(gradeCol) != "" {
			return true
		}
	}
	return false
}

// gradeColumnName names the grade column in a refusal: users.csv's own
// header, or OneRoster's name when the file has no such column.
func gradeColumnName(users *table, gradeCol int) string {
	if gradeCol < 0 {
		return "grades"
	}
	return users.nameOf(gradeCol)
}
