package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/importer"
	"github.com/tierline/tierline/data/store"
)

// maxProblemsShown bounds the refused rows printed; --json lists them all.
const maxProblemsShown = 50

type importFlags struct {
	dryRun, skipBad    bool
	otherSchool        bool
	grade              string
	org, measure, kind string
	columns            string
}

func runImport(c *invocation, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("what to import? oneroster, flags, scores, students, plans or sessions")
	}
	kind, args := args[0], args[1:]
	fs := c.flags("import " + kind)
	var f importFlags
	fs.BoolVar(&f.dryRun, "dry-run", false, "only report what the import would do")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "import the good rows even when some are refused")
	fs.StringVar(&f.org, "org", "", "oneroster: the school to import, by sourcedId, identifier or name")
	fs.BoolVar(&f.otherSchool, "yes", false, "oneroster: import a roster of another school than the store's")
	fs.StringVar(&f.grade, "grade", "", "oneroster: the grade of students the roster gives none, such as 3 or K")
	fs.StringVar(&f.measure, "measure", "", "scores: the measure of the file's scores")
	fs.StringVar(&f.kind, "kind", "screening", "scores: screening or progress, for rows without a kind column")
	fs.StringVar(&f.columns, "map", "", "scores: the file's column for a field, such as date=Test Date,value=Score")
	pos, err := parse(fs, args, "FILE")
	if err != nil {
		return err
	}
	switch kind {
	case "oneroster", "flags", "scores", "students", "plans", "sessions":
	default:
		return usagef("unknown import %q: expected oneroster, flags, scores, students, plans or sessions", kind)
	}
	return c.withStore(func(s *store.Store) error {
		read := s.Snapshot
		if kind != "plans" && kind != "sessions" {
			read = s.RosterAndScores // no plan history to read on a large school
		}
		snap, err := read()
		if err != nil {
			return err
		}
		rep, err := readImport(kind, pos[0], f, snap, c.today())
		var choice *importer.OrgChoiceError
		if errors.As(err, &choice) {
			return fmt.Errorf("%w; rerun with --org and one of their sourcedIds, identifiers or names", choice)
		}
		var other *importer.OtherSchoolError
		if errors.As(err, &other) {
			return fmt.Errorf("%w with --yes; nothing was imported", other)
		}
		if err != nil {
			return err
		}
		return c.applyImport(s, rep, f)
	})
}

// readImport reads a file of the given kind into a report; nothing is written.
func readImport(kind, path string, f importFlags, snap data.Snapshot, today data.Date) (*importer.Report, error) {
	req := importer.Request{Kind: importer.Kind(kind), Path: path, Name: path, Org: f.org, OtherSchool: f.otherSchool, Today: today}
	if f.grade != "" {
		g, ok := importer.ParseRosterGrade(f.grade)
		if !ok {
			return nil, usagef("--grade: %s is not a grade (expected K, 1..12)", data.Clip(f.grade))
		}
		req.Grade = g
	}
	if req.Kind != importer.KindScores {
		return importer.ReadFile(req, snap)
	}
	req.Scores.Measures = snap.Measures
	var err error
	if req.Scores.Kind, err = data.ParseScoreKind(f.kind); err != nil {
		return nil, usageError{err.Error()}
	}
	if f.measure != "" {
		found := false
		for _, m := range snap.Measures {
			if strings.EqualFold(m.Name, f.measure) {
				req.Scores.Measure, found = m, true
			}
		}
		if !found {
			return nil, data.Errorf(data.ENOTFOUND, "no measure named %q", f.measure)
		}
	}
	if req.Scores.Columns, err = parseColumnMap(f.columns); err != nil {
		return nil, err
	}
	return importer.ReadFile(req, snap)
}

// parseColumnMap reads --map "date=Test Date,value=Score".
func parseColumnMap(s string) (importer.ScoreColumns, error) {
	var cols importer.ScoreColumns
	if s == "" {
		return cols, nil
	}
	fields := map[string]*string{"local_id": &cols.LocalID, "date": &cols.Date, "value": &cols.Value, "errors": &cols.Errors,
		"kind": &cols.Kind, "measure": &cols.Measure, "grade": &cols.Grade}
	for _, pair := range strings.Split(s, ",") {
		field, column, ok := strings.Cut(pair, "=")
		target, known := fields[strings.TrimSpace(field)]
		if !ok || !known || strings.TrimSpace(column) == "" {
			return cols, usagef("--map %q: expected FIELD=COLUMN pairs, FIELD one of local_id, date, value, errors, kind, measure, grade", pair)
		}
		*target = strings.TrimSpace(column)
	}
	return cols, nil
}

// importReport is the JSON of an import.
type importReport struct {
	Kind      string   `json:"kind"`
	Rows      int      `json:"rows"`
	Added     int      `json:"added"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"`
	Withdrawn int      `json:"withdrawn"`
	Skipped   []string `json:"skipped"`
	Refused   []string `json:"refused"`
	Notes     []string `json:"notes"`
	Written   bool     `json:"written"`
}

func (c *invocation) applyImport(s *store.Store, rep *importer.Report, f importFlags) error {
	out := importReport{Kind: rep.Kind, Rows: rep.Rows, Added: rep.Added, Updated: rep.Updated, Unchanged: rep.Unchanged, Withdrawn: rep.Withdrawn,
		Skipped: problemStrings(rep.Skipped), Refused: problemStrings(rep.Problems), Notes: rep.Notes}
	write := !f.dryRun && rep.Ready(f.skipBad)
	if write && rep.Records.Count() > 0 {
		if err := s.SaveRecords(&rep.Records); err != nil {
			return fmt.Errorf("nothing was imported: %w", err)
		}
	}
	out.Written = write
	err := c.print(out, func(w io.Writer) {
		fmt.Fprintf(w, "%s: %s.\n", strings.ToUpper(rep.Kind[:1])+rep.Kind[1:], rep.Summary())
		for _, n := range rep.Notes {
			fmt.Fprintf(w, "Note: %s.\n", n)
		}
		printProblems(w, "Skipped", rep.Skipped)
		printProblems(w, "Refused", rep.Problems)
		switch {
		case f.dryRun:
			fmt.Fprintln(w, "Dry run: nothing was written.")
		case !write:
			fmt.Fprintln(w, "Nothing was imported: fix the refused rows, or rerun with --skip-bad to import the others.")
		case rep.Records.Count() == 0:
			fmt.Fprintln(w, "Nothing to change: the store already holds all of it.")
		default:
			fmt.Fprintf(w, "Imported %d records.\n", rep.Records.Count())
		}
	})
	if err != nil {
		return err
	}
	if len(rep.Problems) > 0 && !(write && f.skipBad) {
		return fmt.Errorf("%d rows refused", len(rep.Problems))
	}
	return nil
}

func problemStrings(ps []importer.Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Error()
	}
	return out
}

func printProblems(w io.Writer, title string, ps []importer.Problem) {
	if len(ps) == 0 {
		return
	}
	fmt.Fprintf(w, "%s (%d):\n", title, len(ps))
	for i, p := range ps {
		if i == maxProblemsShown {
			fmt.Fprintf(w, "  … and %d more (--json lists them all)\n", len(ps)-maxProblemsShown)
			break
		}
		fmt.Fprintf(w, "  %s\n", p.Error())
	}
}

func runExport(c *invocation, args []string) error {
	pos, err := parse(c.flags("export"), args, "KIND", "FILE")
	if err != nil {
		return err
	}
	kind, path := pos[0], pos[1]
	if !contains(importer.ExportKinds, kind) {
		return usagef("unknown export %q: expected %s", kind, strings.Join(importer.ExportKinds, ", "))
	}
	return c.withStore(func(s *store.Store) error {
		snap, err := s.Snapshot()
		if err != nil {
			return err
		}
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("create %s: %w", path, err)
		}
		n, err := importer.Export(f, kind, snap)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return err
		}
		return c.print(map[string]any{"export": kind, "file": path, "rows": n}, func(w io.Writer) {
			fmt.Fprintf(w, "Wrote %d %s to %s.\n", n, kind, path)
		})
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
