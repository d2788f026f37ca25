package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/setup"
	"github.com/tierline/tierline/data/store"
)

// initOptions are the flags of tierline init, which a --settings file
// gives under the same names.
type initOptions struct {
	School   string   `json:"school"`
	Code     string   `json:"code"`
	District string   `json:"district"`
	Year     string   `json:"year"`
	Start    string   `json:"start"`
	End      string   `json:"end"`
	Windows  string   `json:"windows"`
	K        int      `json:"k"`
	Measures []string `json:"measures"`
}

// initFlags maps the fields of a refused school to the flag that sets them.
var initFlags = map[string]string{
	"name": "--school", "school code": "--code", "district code": "--district", "school year": "--year",
	"minimum group size": "--k", "measures": "--measures",
}

func runInit(c *invocation, args []string) error {
	fs := c.flags("init")
	opt := initOptions{K: data.DefaultK}
	var measures, settingsFile string
	fs.StringVar(&opt.School, "school", "", "the school's name")
	fs.StringVar(&opt.Code, "code", "", "the school's code in the district (letters, digits, - or _)")
	fs.StringVar(&opt.District, "district", "", "the district's code")
	fs.StringVar(&opt.Year, "year", "", "the school year, such as 2026-2027 (default: the current one)")
	fs.StringVar(&opt.Start, "start", "", "the first day of the school year (default: the usual one)")
	fs.StringVar(&opt.End, "end", "", "the last day of the school year (default: the usual one)")
	fs.StringVar(&opt.Windows, "windows", "", "screening windows to change, such as fall=2026-09-01..2026-09-30,winter=...")
	fs.IntVar(&opt.K, "k", data.DefaultK, "the smallest group that may leave the school (5 to 30)")
	fs.StringVar(&measures, "measures", "", "catalog codes of the measures to start with, comma-separated (tierline measure list --catalog)")
	fs.StringVar(&settingsFile, "settings", "", "a JSON file with the same settings: school, code, district, year, start, end, windows, k, measures")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if settingsFile != "" {
		fromFile, err := readSettingsFile(settingsFile)
		if err != nil {
			return err
		}
		// The command line wins over the file.
		fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "school":
				fromFile.School = opt.School
			case "code":
				fromFile.Code = opt.Code
			case "district":
				fromFile.District = opt.District
			case "year":
				fromFile.Year = opt.Year
			case "start":
				fromFile.Start = opt.Start
			case "end":
				fromFile.End = opt.End
			case "windows":
				fromFile.Windows = opt.Windows
			case "k":
				fromFile.K = opt.K
			}
		})
		opt = fromFile
	}
	if measures != "" {
		opt.Measures = splitList(measures)
	}
	school, err := opt.school(c.today())
	if err != nil {
		return err
	}
	return c.withStore(func(s *store.Store) error {
		snap, err := setup.Create(s, school)
		if err != nil {
			return initError(err)
		}
		st, year := snap.Settings, snap.Settings.Years[0]
		names := make([]string, len(snap.Measures))
		for i, m := range snap.Measures {
			names[i] = m.Name
		}
		return c.print(map[string]any{"school": st.Name, "code": st.SchoolCode, "district": st.DistrictCode, "year": year.Label(),
			"start": year.Start.String(), "end": year.End.String(), "windows": windowsJSON(year), "k": st.K, "measures": names, "store": s.Path()},
			func(w io.Writer) {
				fmt.Fprintf(w, "Set up %s (school %s, district %s) in %s.\n", st.Name, st.SchoolCode, st.DistrictCode, s.Path())
				fmt.Fprintf(w, "School year %s: %s to %s.\n", year.Label(), year.Start, year.End)
				for _, win := range year.Windows {
					fmt.Fprintf(w, "  %s screening: %s to %s\n", win.Name.Title(), win.Start, win.End)
				}
				fmt.Fprintf(w, "Groups under %d students never leave the school.\n", st.K)
				if len(names) == 0 {
					fmt.Fprintln(w, "No measures yet: add one with 'tierline measure add --catalog CODE' (tierline measure list --catalog lists them).")
				} else {
					fmt.Fprintf(w, "Measures: %s.\n", strings.Join(names, ", "))
				}
				fmt.Fprintln(w, "Next: import the roster with 'tierline import oneroster DIR|ZIP'.")
			})
	})
}

func windowsJSON(y data.SchoolYear) map[string][2]string {
	out := map[string][2]string{}
	for _, w := range y.Windows {
		out[string(w.Name)] = [2]string{w.Start.String(), w.End.String()}
	}
	return out
}

// readSettingsFile reads a --settings file: JSON with the flags' names, no
// other key.
func readSettingsFile(path string) (initOptions, error) {
	opt := initOptions{K: data.DefaultK}
	raw, err := os.ReadFile(path)
	if err != nil {
		return opt, fmt.Errorf("read the settings file: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&opt); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax):
			line := 1 + bytes.Count(raw[:min(int(syntax.Offset), len(raw))], []byte("\n"))
			return opt, usagef("--settings %s line %d: %v", path, line, err)
		case errors.As(err, &typ):
			want := map[string]string{"int": "a whole number", "string": "text in quotes", "[]string": "a list of catalog codes"}[typ.Type.String()]
			return opt, usagef("--settings %s: %q must be %s", path, typ.Field, want)
		}
		return opt, usagef("--settings %s: %v (the keys are school, code, district, year, start, end, windows, k, measures)", path, err)
	}
	return opt, nil
}

// school reads the options into a school, naming the flag of a bad value.
func (opt initOptions) school(today data.Date) (setup.School, error) {
	var year data.SchoolYear
	if opt.Year == "" {
		start := today.Year
		if today.Before(data.DefaultSchoolYear(start).Start) {
			start--
		}
		year = data.DefaultSchoolYear(start)
	} else {
		var err error
		if year, err = setup.ParseYear(opt.Year); err != nil {
			return setup.School{}, usagef("--year: %s", data.ErrorMessage(err))
		}
	}
	for _, d := range []struct {
		flag, value string
		into        *data.Date
	}{{"--start", opt.Start, &year.Start}, {"--end", opt.End, &year.End}} {
		if d.value == "" {
			continue
		}
		date, err := data.ParseDateLoose(d.value)
		if err != nil {
			return setup.School{}, usagef("%s: %v", d.flag, data.ErrorMessage(err))
		}
		*d.into = date
	}
	if err := parseWindows(opt.Windows, &year); err != nil {
		return setup.School{}, err
	}
	return setup.School{Name: opt.School, SchoolCode: opt.Code, DistrictCode: opt.District, Year: year, K: opt.K, Measures: opt.Measures}, nil
}

// parseWindows reads --windows "fall=2026-09-01..2026-09-30,spring=...":
// the windows named change, the others keep the usual dates.
func parseWindows(spec string, year *data.SchoolYear) error {
	for _, part := range splitList(spec) {
		name, dates, ok := strings.Cut(part, "=")
		first, last, ok2 := strings.Cut(dates, "..")
		w, err := data.ParseWindowName(name)
		if !ok || !ok2 || err != nil {
			return usagef("--windows %q: expected WINDOW=FIRST..LAST, such as fall=2026-09-01..2026-09-30 (WINDOW fall, winter or spring)", part)
		}
		start, err := data.ParseDateLoose(first)
		if err != nil {
			return usagef("--windows %s: %s", name, data.ErrorMessage(err))
		}
		end, err := data.ParseDateLoose(last)
		if err != nil {
			return usagef("--windows %s: %s", name, data.ErrorMessage(err))
		}
		year.Windows[w.Index()] = data.Window{Name: w, Start: start, End: end}
	}
	return nil
}

// initError names the flag behind a refused field.
func initError(err error) error {
	var e *data.Error
	if !errors.As(err, &e) || e.Code != data.EINVALID {
		return err
	}
	flagName, ok := initFlags[e.Field]
	switch {
	case strings.Contains(e.Message, "window"):
		flagName, ok = "--windows", true
	case e.Field == "start" || e.Field == "end":
		flagName, ok = "--"+e.Field, true
	}
	if !ok {
		return err
	}
	return usagef("%s: %s", flagName, e.Message)
}

// splitList splits a comma-separated flag value, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// requireSchool returns the store's settings; with none, main says to run
// tierline init (store.ErrNotSetUp).
func requireSchool(s *store.Store) (data.Settings, error) { return s.Settings() }

// errNoSchool replaces store.ErrNotSetUp on the command line.
var errNoSchool = data.Errorf(data.ENOTFOUND, "the store holds no school yet: set it up first with 'tierline init --school NAME --code C --district D' (or open Tierline), then try again")

// flagError names the flag behind a refused field: "--tier: intervention
// tier 4 must be 2 or 3". Other errors pass unchanged.
func flagError(err error, flags map[string]string) error {
	var e *data.Error
	if !errors.As(err, &e) || e.Code == data.EINTERNAL {
		return err
	}
	if name, ok := flags[e.Field]; ok {
		return usagef("%s: %s", name, e.Message)
	}
	return err
}
