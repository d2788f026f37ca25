package importer

import (
	"io/fs"
	"strings"

	"github.com/tierline/tierline/data"
)

// enrolment is a student's enrolment as a roster's enrollments.csv gives
// it: the earliest beginDate of their student enrollments and the latest
// endDate (zero when any enrollment is open-ended).
type enrolment struct {
	from, until data.Date
}

// readEnrolments reads the students' enrolment dates from enrollments.csv,
// when it has the columns; a date that is not one is refused, naming the
// line and column.
func readEnrolments(fsys fs.FS, rep *Report) (map[string]enrolment, error) {
	t, ok, err := readFile(fsys, enrollmentsFile, rep)
	if err != nil || !ok {
		return nil, err
	}
	user, hasUser := t.column("userSourcedId")
	begin, hasBegin := t.column("beginDate")
	end, hasEnd := t.column("endDate")
	if !hasUser || (!hasBegin && !hasEnd) {
		return nil, nil
	}
	role, hasRole := t.column("role")
	out := map[string]enrolment{}
	open := map[string]bool{}
	for _, r := range t.rows {
		if hasRole && !strings.EqualFold(r.field(role), "student") {
			continue
		}
		id := r.field(user)
		e, seen := out[id]
		date := func(col int) (data.Date, bool) {
			text := r.field(col)
			if text == "" {
				return data.Date{}, true
			}
			d, err := data.ParseDate(text)
			if err != nil {
				rep.refuse(t, r.line, t.nameOf(col), "%s is not a date (expected YYYY-MM-DD)", data.Clip(text))
				return data.Date{}, false
			}
			return d, true
		}
		from, okFrom := date(begin)
		until, okUntil := date(end)
		if !okFrom || !okUntil {
			continue
		}
		if !hasBegin {
			from = data.Date{}
		}
		if !seen || (!from.IsZero() && (e.from.IsZero() || from.Before(e.from))) {
			e.from = from
		}
		if until.IsZero() || !hasEnd {
			open[id] = true
		} else if until.After(e.until) {
			e.until = until
		}
		out[id] = e
	}
	for id := range open {
		e := out[id]
		e.until = data.Date{}
		out[id] = e
	}
	return out, nil
}
