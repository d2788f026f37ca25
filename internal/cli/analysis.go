package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/importer"
	"github.com/tierline/tierline/data/store"
)

// optional is a number that may be missing: JSON null, "—" in text.
type optional struct {
	v  float64
	ok bool
}

func some(v float64) optional { return optional{v, true} }

func (o optional) MarshalJSON() ([]byte, error) {
	if !o.ok {
		return []byte("null"), nil
	}
	return []byte(fmt.Sprintf("%.4g", o.v)), nil
}

func (o *optional) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*o = optional{}
		return nil
	}
	o.ok = true
	return json.Unmarshal(b, &o.v)
}

func (o optional) String() string {
	if !o.ok {
		return "—"
	}
	return fmt.Sprintf("%.1f", o.v)
}

// progressReport is the JSON of tierline progress.
type progressReport struct {
	Student         string   `json:"student"`
	Measure         string   `json:"measure"`
	Unit            string   `json:"unit"`
	Plan            bool     `json:"plan"`
	Phase           int      `json:"phase"`
	Phases          int      `json:"phases"`
	PhaseStart      string   `json:"phase_start"`
	Points          int      `json:"points"`
	Baseline        optional `json:"baseline"`
	BaselineSource  string   `json:"baseline_source"`
	Target          optional `json:"target"`
	TargetDate      string   `json:"target_date"`
	GoalROI         optional `json:"goal_roi"`
	TrendROI        optional `json:"trend_roi"`
	TrendSE         optional `json:"trend_se"`
	Projection      optional `json:"projection"`
	ProjectionLow   optional `json:"projection_low"`
	ProjectionHigh  optional `json:"projection_high"`
	Verdict         string   `json:"verdict"`
	Rule            string   `json:"rule"`
	Explanation     string   `json:"explanation"`
	FidelityWarning bool     `json:"fidelity_warning"`
	SessionRate     optional `json:"fidelity_sessions"`
	MinuteRate      optional `json:"fidelity_minutes"`
	AttendanceRate  optional `json:"attendance"`
}

func runProgress(c *invocation, args []string) error {
	fs := c.flags("progress")
	measureName := fs.String("measure", "", "the measure's name (e.g. ORF)")
	method := fs.String("trend", "ols", "trend line: ols or tri-split")
	pos, err := parse(fs, args, "LOCALID")
	if err != nil {
		return err
	}
	if *measureName == "" {
		return usagef("--measure is required")
	}
	trend := analysis.OLS
	switch *method {
	case "ols":
	case "tri-split":
		trend = analysis.TukeyTriSplit
	default:
		return usagef("--trend %q: expected ols or tri-split", *method)
	}
	return c.readStore(func(s *store.Store) error {
		st, err := s.StudentByLocalID(pos[0])
		if err != nil {
			return err
		}
		m, err := s.MeasureByName(*measureName)
		if err != nil {
			return err
		}
		in, err := s.StudentInput(st.ID, m, c.today())
		if err != nil {
			return err
		}
		in.Method = trend
		sp := analysis.AnalyzeStudent(in)
		r := reportProgress(sp)
		return c.print(r, func(w io.Writer) { printProgress(w, sp, r) })
	})
}

func reportProgress(sp analysis.StudentProgress) progressReport {
	cur := sp.Current
	r := progressReport{
		Student: sp.Student.Name() + " (" + sp.Student.LocalID + ")", Measure: sp.Measure.Name, Unit: sp.Measure.Unit,
		Plan: sp.Plan != nil, PhaseStart: cur.Start.String(),
		Points: len(cur.Points), BaselineSource: cur.BaselineSource, TargetDate: cur.Due.String(),
		Verdict: string(cur.Verdict.Kind), Rule: string(cur.Verdict.Rule), Explanation: cur.Verdict.Explanation,
		FidelityWarning: cur.Verdict.FidelityWarning,
	}
	if sp.Plan != nil {
		r.Phase, r.Phases = sp.CurrentIdx+1, len(sp.Plan.Phases)
	}
	if !cur.Due.IsZero() {
		r.Target = some(cur.Target)
	}
	if cur.BaselineSource != "" {
		r.Baseline = some(cur.Baseline)
	}
	if cur.HasAim {
		r.GoalROI = some(cur.GoalROI)
	}
	if cur.Trend.OK {
		r.TrendROI = some(cur.Trend.Slope)
		if cur.Trend.HasSE {
			r.TrendSE = some(cur.Trend.SE)
		}
	}
	if cur.Projection.OK {
		r.Projection = some(cur.Projection.Value)
		if cur.Projection.HasBand {
			r.ProjectionLow, r.ProjectionHigh = some(cur.Projection.Low), some(cur.Projection.High)
		}
	}
	if cur.Fidelity.Measured() {
		r.SessionRate, r.MinuteRate = some(cur.Fidelity.SessionRate()), some(cur.Fidelity.MinuteRate())
		r.AttendanceRate = some(cur.Fidelity.AttendanceRate())
	}
	return r
}

func printProgress(w io.Writer, sp analysis.StudentProgress, r progressReport) {
	cur := sp.Current
	unit := sp.Measure.Unit
	fmt.Fprintf(w, "%s · %s · grade %s\n", r.Student, sp.Measure.Name, sp.Student.Grade)
	if sp.Plan == nil {
		fmt.Fprintf(w, "No plan on %s: the school year so far, against the spring benchmark.\n", sp.Measure.Name)
	} else {
		fmt.Fprintf(w, "Phase %d of %d, from %s: %d progress scores\n", r.Phase, r.Phases, cur.Start.Short(), r.Points)
	}
	fmt.Fprintf(w, "Baseline     %s %s (%s)\n", r.Baseline, unit, orDash(cur.BaselineSource))
	fmt.Fprintf(w, "Goal         %s %s by %s: %s %s a week\n", r.Target, unit, cur.Due.Short(), r.GoalROI, unit)
	fmt.Fprintf(w, "Trend        %s %s a week (SE %s)\n", r.TrendROI, unit, r.TrendSE)
	fmt.Fprintf(w, "Projection   %s %s by %s (95%%: %s to %s)\n", r.Projection, unit, cur.Due.Short(), r.ProjectionLow, r.ProjectionHigh)
	if r.SessionRate.ok {
		fmt.Fprintf(w, "Fidelity     %.0f%% of sessions, %.0f%% of minutes; attendance %.0f%%\n", analysis.Percent(r.SessionRate.v), analysis.Percent(r.MinuteRate.v), analysis.Percent(r.AttendanceRate.v))
	}
	fmt.Fprintf(w, "Verdict      %s (%s)\n  %s\n", cur.Verdict.Headline(), cur.Verdict.Rule.Label(), cur.Verdict.Explanation)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// groupRow is one line of tierline groups --json.
type groupRow struct {
	Dimension string   `json:"dimension"`
	Group     string   `json:"group"`
	Label     string   `json:"label"`
	N         int      `json:"n"`
	AtOrAbove int      `json:"n_at_or_above"`
	Pct       optional `json:"pct_at_or_above"`
	Median    optional `json:"median"`
	GapToAll  optional `json:"gap_to_all"`
	GapToRest optional `json:"gap_to_rest"`
	TooFew    bool     `json:"too_few_to_compare"`
}

func runGroups(c *invocation, args []string) error {
	fs := c.flags("groups")
	measureName := fs.String("measure", "", "the measure's name (e.g. ORF)")
	windowName := fs.String("window", "", "fall, winter or spring")
	yearLabel := fs.String("year", "", "the school year (2026 or 2026-2027; default: the current one)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *measureName == "" || *windowName == "" {
		return usagef("--measure and --window are required")
	}
	window, err := data.ParseWindowName(*windowName)
	if err != nil {
		return usageError{err.Error()}
	}
	return c.readStore(func(s *store.Store) error {
		settings, err := s.Settings()
		if err != nil {
			return err
		}
		year, err := c.schoolYear(settings, *yearLabel)
		if err != nil {
			return err
		}
		if year.Window(window).Start.After(c.today()) {
			return fmt.Errorf("the %s window of %s has not started yet (it starts %s)", window, year.Label(), year.Window(window).Start.Short())
		}
		m, err := s.MeasureByName(*measureName)
		if err != nil {
			return err
		}
		students, scores, err := s.GroupData(m.ID)
		if err != nil {
			return err
		}
		t := analysis.GroupProgress(analysis.GroupInput{Students: students, Scores: scores, Measure: m, Dimensions: data.StandardDimensions}, year, window)
		rows := groupRows(t, settings.K)
		return c.print(map[string]any{"measure": m.Name, "year": year.Label(), "window": window, "k": settings.K, "groups": rows}, func(w io.Writer) {
			fmt.Fprintf(w, "%s · %s %s · %% at or above benchmark by group\n\n", m.Name, window.Title(), year.Label())
			tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintf(tw, "group\tn\tat/above\t%%\tmedian\tgap to all\tgap to rest\t\n")
			for _, r := range rows {
				if r.N == 0 {
					continue
				}
				note := ""
				if r.TooFew {
					note = fmt.Sprintf("  n<%d: too few to compare", settings.K)
				}
				fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\n", r.Label, r.N, r.AtOrAbove, r.Pct, r.Median, r.GapToAll, r.GapToRest, note)
			}
			tw.Flush()
		})
	})
}

func groupRows(t analysis.GroupTable, k int) []groupRow {
	var rows []groupRow
	for _, r := range analysis.GroupRows([]analysis.GroupTable{t}, analysis.AllGrades, "", k) {
		row := groupRow{Dimension: string(r.Group.Dimension), Group: r.Group.Value, Label: r.Group.Label(), N: r.N, AtOrAbove: r.AtOrAbove, TooFew: r.TooFew}
		if r.Group == analysis.AllStudents {
			row.Label, row.Dimension = "All students", "all"
		}
		if r.N > 0 {
			row.Pct, row.Median = some(r.Pct), some(r.Median)
		}
		if r.Compared {
			row.GapToAll = some(r.GapToAll)
			if r.HasGapToRest {
				row.GapToRest = some(r.GapToRest)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// schoolYear finds the --year, or the current school year.
func (c *invocation) schoolYear(settings data.Settings, label string) (data.SchoolYear, error) {
	if label == "" {
		return settings.CurrentYear(c.today()), nil
	}
	y, ok := settings.YearByLabel(label)
	if !ok {
		labels := make([]string, len(settings.Years))
		for i, y := range settings.Years {
			labels[i] = y.Label()
		}
		return y, data.Errorf(data.ENOTFOUND, "no school year %q (the store has %s)", label, strings.Join(labels, ", "))
	}
	return y, nil
}

// reviewRow is one line of tierline review --json.
type reviewRow struct {
	Need            string   `json:"need"`
	Student         string   `json:"student"`
	LocalID         string   `json:"local_id"`
	Tier            int      `json:"tier"`
	Measure         string   `json:"measure"`
	Interventionist string   `json:"interventionist"`
	Verdict         string   `json:"verdict"`
	Rule            string   `json:"rule"`
	Explanation     string   `json:"explanation"`
	FidelityWarning bool     `json:"fidelity_warning"`
	Fidelity        optional `json:"fidelity"`
	Points          int      `json:"points"`
	ReviewDate      string   `json:"review_date"`
	DaysToReview    *int     `json:"days_to_review"`
}

func runReview(c *invocation, args []string) error {
	fs := c.flags("review")
	csvPath := fs.String("csv", "", "write the list to this CSV file (with today's decisions) instead of printing it")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *csvPath != "" {
		return c.readStore(func(s *store.Store) error { return writeReviewCSV(s, *csvPath, c.today()) })
	}
	return c.readStore(func(s *store.Store) error {
		in, err := s.ReviewData(c.today())
		if err != nil {
			return err
		}
		items := analysis.ReviewList(in)
		rows := make([]reviewRow, len(items))
		for i, it := range items {
			v := it.Progress.Current.Verdict
			r := reviewRow{Need: it.Need.Label(), Student: it.Student.Name(), LocalID: it.Student.LocalID, Tier: int(it.Tier),
				Measure: it.Progress.Measure.Name, Interventionist: it.Plan.Interventionist, Verdict: string(v.Kind), Rule: string(v.Rule),
				Explanation: v.Explanation, FidelityWarning: v.FidelityWarning, Points: v.Points, ReviewDate: it.Plan.Review.String()}
			if f := it.Progress.Current.Fidelity; f.Measured() {
				r.Fidelity = some(f.Rate())
			}
			if it.HasReview {
				days := it.DaysToReview
				r.DaysToReview = &days
			}
			rows[i] = r
		}
		return c.print(rows, func(w io.Writer) {
			fmt.Fprintf(w, "Tier review, %s: %d plans\n\n", c.today().Short(), len(rows))
			tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
			fmt.Fprintf(tw, "need\tstudent\ttier\tmeasure\tverdict\tfidelity\tpoints\treview\n")
			for i, r := range rows {
				fidelity := "—"
				if r.Fidelity.ok {
					fidelity = fmt.Sprintf("%.0f%%", analysis.Percent(r.Fidelity.v))
				}
				fmt.Fprintf(tw, "%s\t%s (%s)\t%d\t%s\t%s\t%s\t%d\t%s\n", r.Need, r.Student, r.LocalID, r.Tier, r.Measure,
					items[i].Progress.Current.Verdict.Kind.Headline(), fidelity, r.Points, items[i].DueText())
			}
			tw.Flush()
		})
	})
}

// writeReviewCSV writes the review list as the Review screen's export does.
func writeReviewCSV(s *store.Store, path string, today data.Date) error {
	snap, err := s.Snapshot()
	if err != nil {
		return err
	}
	items := analysis.ReviewList(analysis.ReviewInputOf(snap, today))
	return writeFile(path, func(w io.Writer) error { return importer.ExportReview(w, items, snap, today) })
}
