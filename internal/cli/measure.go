package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/catalog"
	"github.com/tierline/tierline/data/store"
)

// listFlag is a flag given any number of times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// measureFlags are the fields of a measure on the command line.
type measureFlags struct {
	name, area, unit, max, catalog, code string
	lower, lowerSet                      bool // lowerSet: --lower was given (edit may turn it off)
	cuts, removeCuts                     listFlag
}

func runMeasure(c *invocation, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("expected add, list or edit")
	}
	verb, args := args[0], args[1:]
	fs := c.flags("measure " + verb)
	var f measureFlags
	fs.StringVar(&f.name, "name", "", "the measure's name")
	fs.StringVar(&f.area, "area", "", "reading, math, behavior, attendance or sel")
	fs.StringVar(&f.unit, "unit", "", "the unit of its scores, such as wcpm")
	fs.StringVar(&f.code, "code", "", "the catalog code the district knows it by, such as dibels8-orf (a measure without one is not sent)")
	fs.StringVar(&f.max, "max", "", "the highest score that can be entered")
	fs.BoolVar(&f.lower, "lower", false, "lower scores are better (errors, referrals)")
	fs.Var(&f.cuts, "cut", "a benchmark, GRADE:WINDOW=BENCHMARK/WELLBELOW such as 3:fall=83/59 (repeat for more)")
	fs.Var(&f.removeCuts, "remove-cut", "edit: remove the cut GRADE:WINDOW (repeat for more)")
	listCatalog := false
	if verb == "list" {
		fs.BoolVar(&listCatalog, "catalog", false, "list the catalog of published measures instead")
	} else {
		fs.StringVar(&f.catalog, "catalog", "", "add: the catalog code of a published measure (tierline measure list --catalog)")
	}
	positional := []string{}
	if verb == "edit" {
		positional = []string{"NAME"}
	}
	pos, err := parse(fs, args, positional...)
	if err != nil {
		return err
	}
	switch verb {
	case "list":
		if listCatalog {
			return c.printCatalog()
		}
		return c.withStore(func(s *store.Store) error { return c.listMeasures(s) })
	case "add":
		return c.withStore(func(s *store.Store) error { return c.addMeasure(s, f) })
	case "edit":
		if f.catalog != "" {
			return usagef("--catalog: a measure's catalog code is set when it is added (measure add --catalog)")
		}
		f.lowerSet = false
		fs.Visit(func(fl *flag.Flag) { f.lowerSet = f.lowerSet || fl.Name == "lower" })
		return c.withStore(func(s *store.Store) error { return c.editMeasure(s, pos[0], f) })
	}
	return usagef("unknown measure command %q: expected add, list or edit", verb)
}

func (c *invocation) printCatalog() error {
	entries := catalog.All()
	type jsonEntry struct {
		Code, Name, Publisher, Area, Unit, Source, CutsMean, Omitted string
		Year                                                         int
		Grades                                                       []data.Grade
	}
	out := make([]jsonEntry, len(entries))
	for i, e := range entries {
		out[i] = jsonEntry{e.Code, e.Name, e.Publisher, string(e.Area), e.Unit, e.Source, e.CutsMean, e.Omitted, e.Year, e.Measure().Grades()}
	}
	return c.print(out, func(w io.Writer) {
		for _, e := range entries {
			fmt.Fprintf(w, "%s\n  source: %s\n  cuts: %s\n  not entered: %s\n", e.Describe(), e.Source, e.CutsMean, e.Omitted)
		}
		fmt.Fprintln(w, "Add one with 'tierline measure add --catalog CODE'.")
	})
}

func (c *invocation) listMeasures(s *store.Store) error {
	if _, err := requireSchool(s); err != nil {
		return err
	}
	measures, err := s.Measures()
	if err != nil {
		return err
	}
	type jsonMeasure struct {
		Name    string       `json:"name"`
		Area    data.Area    `json:"area"`
		Unit    string       `json:"unit"`
		Max     float64      `json:"max"`
		Lower   bool         `json:"lower"`
		Catalog string       `json:"catalog"`
		Grades  []data.Grade `json:"grades"`
		Cuts    int          `json:"cuts"`
	}
	out := make([]jsonMeasure, len(measures))
	for i, m := range measures {
		out[i] = jsonMeasure{m.Name, m.Area, m.Unit, m.MaxScore, m.Lower, m.Code, m.Grades(), len(m.Cuts)}
	}
	return c.print(out, func(w io.Writer) {
		if len(measures) == 0 {
			fmt.Fprintln(w, noMeasuresHint)
			return
		}
		for _, m := range measures {
			from := ""
			if m.Code != "" {
				from = ", from the catalog (" + m.Code + ")"
			}
			fmt.Fprintf(w, "%s: %s, %s, %d cuts%s\n", m.Name, m.Area, m.Unit, len(m.Cuts), from)
		}
	})
}

// noMeasuresHint says what to do when a school has no measure yet.
const noMeasuresHint = "The school has no measures yet: add a published one with 'tierline measure add --catalog CODE' " +
	"(tierline measure list --catalog lists them), or your own with 'tierline measure add --name NAME --unit UNIT --cut 3:fall=83/59'."

func (c *invocation) addMeasure(s *store.Store, f measureFlags) error {
	if _, err := requireSchool(s); err != nil {
		return err
	}
	var m data.Measure
	if f.catalog != "" {
		e, err := catalog.Lookup(f.catalog)
		if err != nil {
			return usagef("--catalog: %s", data.ErrorMessage(err))
		}
		m = e.Measure()
	} else {
		if f.name == "" {
			return usagef("--name or --catalog is needed: a measure of your own, or a published one (tierline measure list --catalog)")
		}
		m = data.Measure{Area: data.Reading, MaxScore: 300}
	}
	if err := f.apply(&m); err != nil {
		return err
	}
	if err := s.SaveMeasure(&m); err != nil {
		return measureError(err)
	}
	return c.printMeasure("Added", m)
}

func (c *invocation) editMeasure(s *store.Store, name string, f measureFlags) error {
	if _, err := requireSchool(s); err != nil {
		return err
	}
	m, err := s.MeasureByName(name)
	if err != nil {
		return err
	}
	if err := f.apply(&m); err != nil {
		return err
	}
	if err := s.SaveMeasure(&m); err != nil {
		return measureError(err)
	}
	return c.printMeasure("Saved", m)
}

// apply sets the fields given on the command line.
func (f measureFlags) apply(m *data.Measure) error {
	if f.name != "" {
		m.Name = f.name
	}
	if f.area != "" {
		m.Area = data.Area(strings.ToLower(strings.TrimSpace(f.area)))
	}
	if f.unit != "" {
		m.Unit = f.unit
	}
	if f.code != "" {
		if !data.BuiltInMeasureCode(f.code) {
			return usagef("--code %q is not a catalog code (such as %s)", f.code, strings.Join(data.MeasureCodes[:3], ", "))
		}
		m.Code = f.code
	}
	if f.max != "" {
		v, err := data.ParseNumber(f.max)
		if err != nil {
			return usagef("--max: %s", data.ErrorMessage(err))
		}
		m.MaxScore = v
	}
	if f.lower || f.lowerSet {
		m.Lower = f.lower
	}
	for _, spec := range f.removeCuts {
		g, w, err := parseCutPlace(spec)
		if err != nil {
			return usagef("--remove-cut %q: %v", spec, err)
		}
		kept := m.Cuts[:0]
		found := false
		for _, c := range m.Cuts {
			if c.Grade == g && c.Window == w {
				found = true
				continue
			}
			kept = append(kept, c)
		}
		if !found {
			return usagef("--remove-cut %q: %s has no cut for %s %s", spec, m.Name, g.Label(), w)
		}
		m.Cuts = kept
	}
	for _, spec := range f.cuts {
		cut, err := parseCut(spec)
		if err != nil {
			return usagef("--cut %q: %v", spec, err)
		}
		replaced := false
		for i, c := range m.Cuts {
			if c.Grade == cut.Grade && c.Window == cut.Window {
				m.Cuts[i], replaced = cut, true
			}
		}
		if !replaced {
			m.Cuts = append(m.Cuts, cut)
		}
	}
	return nil
}

// parseCut reads GRADE:WINDOW=BENCHMARK/WELLBELOW, such as 3:fall=83/59.
func parseCut(spec string) (data.Cut, error) {
	place, values, ok := strings.Cut(spec, "=")
	bench, wellBelow, ok2 := strings.Cut(values, "/")
	if !ok || !ok2 {
		return data.Cut{}, fmt.Errorf("expected GRADE:WINDOW=BENCHMARK/WELLBELOW, such as 3:fall=83/59")
	}
	g, w, err := parseCutPlace(place)
	if err != nil {
		return data.Cut{}, err
	}
	b, err := data.ParseNumber(bench)
	if err != nil {
		return data.Cut{}, fmt.Errorf("the benchmark: %s", data.ErrorMessage(err))
	}
	wb, err := data.ParseNumber(wellBelow)
	if err != nil {
		return data.Cut{}, fmt.Errorf("the well-below cut: %s", data.ErrorMessage(err))
	}
	return data.Cut{Grade: g, Window: w, Benchmark: b, WellBelow: wb}, nil
}

func parseCutPlace(s string) (data.Grade, data.WindowName, error) {
	grade, window, ok := strings.Cut(s, ":")
	if !ok {
		return "", "", fmt.Errorf("expected GRADE:WINDOW, such as 3:fall")
	}
	g, err := data.ParseGrade(grade)
	if err != nil {
		return "", "", err
	}
	w, err := data.ParseWindowName(window)
	return g, w, err
}

var measureFlagsByField = map[string]string{"name": "--name", "area": "--area", "unit": "--unit", "maximum score": "--max",
	"grade": "--cut", "window": "--cut", "benchmark": "--cut", "well-below cut": "--cut", "grade and window": "--cut"}

func measureError(err error) error { return flagError(err, measureFlagsByField) }

func (c *invocation) printMeasure(verb string, m data.Measure) error {
	return c.print(map[string]any{"name": m.Name, "catalog": m.Code, "cuts": len(m.Cuts), "grades": m.Grades()}, func(w io.Writer) {
		fmt.Fprintf(w, "%s the measure %s (%s, %s) with %d cuts", verb, m.Name, m.Area, m.Unit, len(m.Cuts))
		if gs := m.Grades(); len(gs) > 0 {
			fmt.Fprintf(w, " for %s to %s", gs[0].Label(), gs[len(gs)-1].Label())
		}
		fmt.Fprintln(w, ".")
	})
}
