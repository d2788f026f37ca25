package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/importer"
	"github.com/tierline/tierline/data/setup"
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
	layout, measureMap string
	dates, year        string
}

func runImport(c *invocation, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("what to import? oneroster, flags, scores, students, plans, sessions, tiers, decisions or school")
	}
	kind, args := args[0], args[1:]
	switch kind {
	case "layouts":
		return printLayouts(c)
	case "school":
		return runImportSchool(c, args)
	}
	fs := c.flags("import " + kind)
	var f importFlags
	fs.BoolVar(&f.dryRun, "dry-run", false, "only report what the import would do")
	fs.BoolVar(&f.skipBad, "skip-bad", false, "import the good rows even when some are refused")
	fs.StringVar(&f.org, "org", "", "oneroster: the school to import, by sourcedId, identifier or name")
	fs.BoolVar(&f.otherSchool, "yes", false, "oneroster: import a roster of another school than the store's")
	fs.StringVar(&f.grade, "grade", "", "oneroster: the grade of students the roster gives none, such as 3 or K")
	fs.StringVar(&f.measure, "measure", "", "scores: the measure of the file's scores")
	fs.StringVar(&f.kind, "kind", "", "scores: screening or progress, for rows without a kind column (default: the layout's, else screening)")
	fs.StringVar(&f.columns, "map", "", "scores: the file's column for a field, such as date=Test Date,value=Score")
	fs.StringVar(&f.layout, "layout", "", "scores: a vendor's named layout, such as fastbridge-screening (tierline import layouts lists them)")
	fs.StringVar(&f.measureMap, "measure-map", "", "scores: the school's measure for each of the file's subjects or subtests, such as Mathematics=MAP Math,Reading=MAP Reading")
	fs.StringVar(&f.dates, "dates", "auto", "scores: how the file writes dates with slashes: mdy, dmy or auto")
	fs.StringVar(&f.year, "year", "", "scores: the school year of a wide export's undated scores (default: the current one)")
	pos, err := parse(fs, args, "FILE")
	if err != nil {
		return err
	}
	switch kind {
	case "oneroster", "flags", "scores", "students", "plans", "sessions", "tiers", "decisions":
	default:
		return usagef("unknown import %q: expected oneroster, flags, scores, students, plans, sessions, tiers, decisions or school", kind)
	}
	return c.withStore(func(s *store.Store) error {
		read := s.Snapshot
		if kind != "plans" && kind != "sessions" && kind != "tiers" && kind != "decisions" {
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
	if f.kind != "" {
		if req.Scores.Kind, err = data.ParseScoreKind(f.kind); err != nil {
			return nil, usageError{err.Error()}
		}
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
	if f.layout != "" {
		if _, err := importer.LayoutByName(f.layout); err != nil {
			return nil, usageError{err.Error() + "; tierline import layouts lists them"}
		}
		req.Scores.Layout = f.layout
	}
	if req.Scores.MeasureMap, err = importer.ParseMeasureMap(f.measureMap); err != nil {
		return nil, usagef("--measure-map %s", data.ErrorMessage(err))
	}
	if req.Scores.Dates, err = importer.ParseDateOrder(f.dates); err != nil {
		return nil, usageError{err.Error()}
	}
	if f.year != "" {
		y, ok := snap.Settings.YearByLabel(f.year)
		if !ok {
			return nil, usagef("--year %s: the school has no such year (its years: %s)", f.year, yearLabels(snap.Settings))
		}
		req.Scores.Year = y
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

func yearLabels(st data.Settings) string {
	var out []string
	for _, y := range st.Years {
		out = append(out, y.Label())
	}
	return strings.Join(out, ", ")
}

// printLayouts lists the named layouts of vendors' score files.
func printLayouts(c *invocation) error {
	type layout struct {
		Name   string `json:"name"`
		Title  string `json:"title"`
		Source string `json:"source"`
		Kind   string `json:"kind"`
		Wide   bool   `json:"wide"`
	}
	var out []layout
	for _, l := range importer.Layouts {
		kind := "screening"
		if l.Kind == data.Progress {
			kind = "progress"
		}
		out = append(out, layout{l.Name, l.Title, l.Source, kind, l.Wide()})
	}
	return c.print(out, func(w io.Writer) {
		for _, l := range out {
			fmt.Fprintf(w, "%-22s %s (%s)\n", l.Name, l.Title, l.Kind)
		}
	})
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

// runImportSchool moves a whole school exported by `tierline export
// school` into a store that holds none.
func runImportSchool(c *invocation, args []string) error {
	pos, err := parse(c.flags("import school"), args, "DIR")
	if err != nil {
		return err
	}
	return c.withStore(func(s *store.Store) error {
		move, err := setup.ReadMove(s, pos[0])
		if err != nil {
			return err
		}
		if err := move.Apply(s); err != nil {
			return err
		}
		return c.print(move.Counts(), func(w io.Writer) { fmt.Fprintf(w, "Moved in %s.\n", move.Describe()) })
	})
}

func runExport(c *invocation, args []string) error {
	if len(args) > 0 && args[0] == "school" {
		return runExportSchool(c, args[1:])
	}
	pos, err := parse(c.flags("export"), args, "KIND", "FILE")
	if err != nil {
		return err
	}
	kind, path := pos[0], pos[1]
	if !contains(importer.ExportKinds, kind) {
		return usagef("unknown export %q: expected %s or school", kind, strings.Join(importer.ExportKinds, ", "))
	}
	return c.readStore(func(s *store.Store) error {
		snap, err := s.Snapshot()
		if err != nil {
			return err
		}
		var n int
		err = writeFile(path, func(w io.Writer) error {
			n, err = importer.Export(w, kind, snap)
			return err
		})
		if err != nil {
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

// runExportSchool writes the whole school into a folder that `tierline
// import school` reads back.
func runExportSchool(c *invocation, args []string) error {
	pos, err := parse(c.flags("export school"), args, "DIR")
	if err != nil {
		return err
	}
	return c.withStore(func(s *store.Store) error {
		snap, err := s.Snapshot()
		if err != nil {
			return err
		}
		files, err := importer.ExportSchool(pos[0], snap)
		if err != nil {
			return err
		}
		return c.print(map[string]any{"export": "school", "dir": pos[0], "files": files}, func(w io.Writer) {
			fmt.Fprintf(w, "Wrote %s to %s (%d files): tierline import school %s moves it into a fresh store.\n",
				snap.Settings.Name, pos[0], len(files), pos[0])
		})
	})
}
