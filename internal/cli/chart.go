package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/store"
)

// chartFlags are the flags every chart takes.
type chartFlags struct {
	measure, dimension, grade, out, size string
}

func runChart(c *invocation, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("which chart? student, groups, gaps or tiers")
	}
	kind, args := args[0], args[1:]
	if kind != "student" && kind != "groups" && kind != "gaps" && kind != "tiers" {
		return usagef("unknown chart %q: expected student, groups, gaps or tiers", kind)
	}
	fs := c.flags("chart " + kind)
	var f chartFlags
	fs.StringVar(&f.measure, "measure", "", "the measure's name (e.g. ORF)")
	fs.StringVar(&f.dimension, "dimension", "race", "race, el, disability, section504, econ, sex or grade")
	fs.StringVar(&f.grade, "grade", "", "one grade (KG, 01..12) instead of all grades")
	fs.StringVar(&f.out, "o", "", "the output file: .png or .svg")
	fs.StringVar(&f.size, "size", "800x450", "the size in pixels, WxH")
	positional := []string{}
	if kind == "student" {
		positional = []string{"LOCALID"}
	}
	pos, err := parse(fs, args, positional...)
	if err != nil {
		return err
	}
	if f.out == "" {
		return usagef("-o FILE is required")
	}
	format, err := charts.FormatOf(f.out)
	if err != nil {
		return usageError{err.Error()}
	}
	size, err := parseSize(f.size)
	if err != nil {
		return err
	}
	if f.measure == "" && kind != "tiers" {
		return usagef("--measure is required")
	}
	draw := func(s *store.Store) (*charts.Chart, error) { return c.groupChart(s, kind, f, size) }
	if kind == "student" {
		draw = func(s *store.Store) (*charts.Chart, error) { return c.studentChart(s, pos[0], f, size) }
	}
	return c.readStore(func(s *store.Store) error {
		ch, err := draw(s)
		if err != nil {
			return err
		}
		b, err := ch.Encode(format)
		if err != nil {
			return err
		}
		if err := os.WriteFile(f.out, b, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", f.out, err)
		}
		return c.print(map[string]any{"chart": kind, "file": f.out, "bytes": len(b)}, func(w io.Writer) {
			fmt.Fprintf(w, "Wrote %s (%d KB).\n", f.out, len(b)/1024)
		})
	})
}

func parseSize(s string) (charts.Size, error) {
	w, h, ok := strings.Cut(s, "x")
	width, err1 := strconv.Atoi(w)
	height, err2 := strconv.Atoi(h)
	if !ok || err1 != nil || err2 != nil || width < 200 || height < 150 || width > 4000 || height > 3000 {
		return charts.Size{}, usagef("--size %q: expected WxH between 200x150 and 4000x3000, such as 800x450", s)
	}
	return charts.Size{W: width, H: height}, nil
}

func (c *invocation) studentChart(s *store.Store, localID string, f chartFlags, size charts.Size) (*charts.Chart, error) {
	st, err := s.StudentByLocalID(localID)
	if err != nil {
		return nil, err
	}
	m, err := s.MeasureByName(f.measure)
	if err != nil {
		return nil, err
	}
	in, err := s.StudentInput(st.ID, m, c.today())
	if err != nil {
		return nil, err
	}
	ivs, err := s.Interventions()
	if err != nil {
		return nil, err
	}
	sp := analysis.AnalyzeStudent(in)
	return charts.Student(charts.StudentInput{Progress: sp, Settings: in.Settings, AsOf: c.today(), PhaseNames: sp.Plan.PhaseNames(ivs)}, size)
}

func (c *invocation) groupChart(s *store.Store, kind string, f chartFlags, size charts.Size) (*charts.Chart, error) {
	dim, err := data.ParseDimension(f.dimension)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	grade := analysis.AllGrades
	if f.grade != "" {
		if grade, err = data.ParseGrade(f.grade); err != nil {
			return nil, usageError{err.Error()}
		}
	}
	settings, err := s.Settings()
	if err != nil {
		return nil, err
	}
	if kind == "tiers" {
		snap, err := s.Snapshot()
		if err != nil {
			return nil, err
		}
		cells := analysis.TierPlacement(analysis.TierInput{Students: snap.Students, TierChanges: snap.TierChanges, On: c.today(), Dimensions: []data.Dimension{dim}, K: settings.K})
		return charts.Tiers(charts.TiersInput{Dimension: dim, Cells: cells, On: c.today(), K: settings.K}, size)
	}
	m, err := s.MeasureByName(f.measure)
	if err != nil {
		return nil, err
	}
	students, scores, err := s.GroupData(m.ID)
	if err != nil {
		return nil, err
	}
	tables := analysis.GroupSeries(analysis.GroupInput{Students: students, Scores: scores, Measure: m, Dimensions: []data.Dimension{dim}, ByGrade: grade != analysis.AllGrades},
		analysis.StartedWindows(settings, c.today()))
	in := charts.GroupsInput{Measure: m, Dimension: dim, Grade: grade, Tables: tables, K: settings.K}
	if kind == "gaps" {
		return charts.Gaps(in, size)
	}
	return charts.Groups(in, size)
}
