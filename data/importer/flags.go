package importer

import (
	"io"
	"reflect"

	"github.com/tierline/tierline/data"
)

// localIDColumns are the names a student's SIS id goes by in school exports.
var localIDColumns = []string{"local_id", "localid", "student_id", "studentid", "sis_id", "identifier", "student_number", "id"}

// flagColumns are the program flags OneRoster lacks, by their usual names.
var flagColumns = []struct {
	names []string
	set   func(*data.Student, bool)
}{
	{[]string{"el", "english_learner", "ell", "lep", "englishlearner"}, func(s *data.Student, v bool) { s.EnglishLearner = v }},
	{[]string{"disability", "iep", "swd", "sped", "students_with_disabilities"}, func(s *data.Student, v bool) { s.Disability = v }},
	{[]string{"section504", "504", "section_504"}, func(s *data.Student, v bool) { s.Section504 = v }},
	{[]string{"econ", "economically_disadvantaged", "econ_disadvantaged", "frl", "ed", "low_income"}, func(s *data.Student, v bool) { s.EconDisadvantaged = v }},
}

// Flags reads a CSV of local ids and program flags (EL, disability/IEP,
// 504, economically disadvantaged) as Y/N, true/false or 1/0, any case.
// An empty cell leaves the flag as it is.
func Flags(name string, r io.Reader, existing []data.Student) (*Report, error) {
	rep := &Report{Kind: "program flags"}
	t, err := readTable(name, r, rep)
	if err != nil {
		return nil, err
	}
	cols, err := t.require(map[string][]string{"local": localIDColumns})
	if err != nil {
		return nil, err
	}
	type flagCol struct {
		index int
		set   func(*data.Student, bool)
	}
	var flags []flagCol
	for _, fc := range flagColumns {
		if i, ok := t.column(fc.names...); ok {
			flags = append(flags, flagCol{i, fc.set})
		}
	}
	if len(flags) == 0 {
		return nil, fileError(name, "has none of the flag columns el, disability, section504, econ (its columns are: %s)", t.headerNames())
	}
	ix := indexStudents(existing)
	seen := map[string]int{}
	for _, r := range t.rows {
		local := r.field(cols["local"])
		st, ok := ix.local(local)
		if !ok {
			rep.refuse(t, r.line, t.nameOf(cols["local"]), "no student has the local id %s", data.Clip(local))
			continue
		}
		if first, dup := seen[local]; dup {
			rep.refuse(t, r.line, t.nameOf(cols["local"]), "%s is also on line %d", data.Clip(local), first)
			continue
		}
		seen[local] = r.line
		before, refused := st, false
		for _, f := range flags {
			text := r.field(f.index)
			if text == "" {
				continue
			}
			v, err := parseBool(text)
			if err != nil {
				rep.refuse(t, r.line, t.nameOf(f.index), "%v", err)
				refused = true
				break
			}
			f.set(&st, v)
		}
		if refused {
			continue
		}
		same := reflect.DeepEqual(before, st)
		rep.count(true, same)
		if !same {
			rep.Records.Students = append(rep.Records.Students, st)
		}
	}
	return rep, nil
}
