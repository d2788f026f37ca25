package importer

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/tierline/tierline/data"
)

// Kind is what an import file holds.
type Kind string

// The kinds of import file.
const (
	KindRoster    Kind = "oneroster" // a OneRoster 1.1/1.2 folder or .zip
	KindFlags     Kind = "flags"     // program flags: EL, IEP, 504, economically disadvantaged
	KindScores    Kind = "scores"    // screening or progress-monitoring scores
	KindStudents  Kind = "students"  // a Tierline students export
	KindPlans     Kind = "plans"     // a Tierline plans export
	KindSessions  Kind = "sessions"  // a Tierline sessions export
	KindTiers     Kind = "tiers"     // a Tierline tier changes export
	KindDecisions Kind = "decisions" // a Tierline review decisions export
)

// Request says which file to read and how.
type Request struct {
	Kind Kind
	Path string
	// Name is how messages name the file ("scores.csv line 4: ..."); the
	// path's last element when empty.
	Name string
	Org  string // the roster's school, when the roster holds several
	// OtherSchool imports a roster whose school is not the store's
	// (the user confirmed an OtherSchoolError).
	OtherSchool bool
	Grade       data.Grade // the grade of roster students without one
	Scores      ScoreOptions
	Today       data.Date
}

// ReadFile reads the file of req's kind against the school's records into a
// report of what an import would change; it writes nothing. The window's
// Import screen and `tierline import` both read through it, so a file is
// accepted or refused the same way in either.
func ReadFile(req Request, snap data.Snapshot) (*Report, error) {
	name := req.Name
	if name == "" {
		name = filepath.Base(req.Path)
	}
	if req.Kind == KindScores && len(snap.Measures) == 0 {
		return nil, data.Errorf(data.ENOTFOUND, "the school has no measures yet, so no score can be imported: add one first "+
			"(Settings → Add measure in the window, or 'tierline measure add --catalog CODE'; 'tierline measure list --catalog' lists the published ones)")
	}
	if req.Kind == KindRoster {
		fsys, closeFn, err := OpenRoster(req.Path)
		if err != nil {
			return nil, err
		}
		defer closeFn()
		return Roster(fsys, snap.Students, RosterOptions{Org: req.Org, Today: req.Today, School: snap.Settings, OtherSchool: req.OtherSchool, Grade: req.Grade})
	}
	f, err := os.Open(req.Path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	switch req.Kind {
	case KindFlags:
		return Flags(name, f, snap.Students)
	case KindStudents:
		return Students(name, f, snap.Students)
	case KindPlans:
		return Plans(name, f, snap)
	case KindSessions:
		return Sessions(name, f, snap)
	case KindTiers:
		return Tiers(name, f, snap)
	case KindDecisions:
		return Decisions(name, f, snap)
	case KindScores:
		if req.Scores.Year.Start.IsZero() {
			req.Scores.Year = snap.Settings.CurrentYear(req.Today)
		}
		return Scores(name, f, snap.Students, snap.Scores, req.Scores)
	}
	return nil, data.Errorf(data.EINVALID, "%q is not a kind of import file (expected oneroster, flags, scores, students, plans, sessions, tiers or decisions)", req.Kind)
}
