package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tierline/tierline/data"
)

// A school export is a folder: school.json (settings, measures with their
// cut scores, the intervention catalog) and Tierline's CSV exports of the
// records. It moves a whole school into a fresh store (a new computer, a
// new district server) and stays readable in a spreadsheet.
const (
	schoolFile    = "school.json"
	schoolFormat  = "tierline-school"
	schoolVersion = 1
)

// schoolKinds are the CSV files of a school export, in the order they are
// read back: each refers to the ones before it.
var schoolKinds = []string{"students", "scores", "plans", "sessions", "tiers", "decisions"}

type schoolJSON struct {
	Format        string              `json:"format"`
	Version       int                 `json:"version"`
	Settings      data.Settings       `json:"settings"`
	Measures      []data.Measure      `json:"measures"`
	Interventions []data.Intervention `json:"interventions"`
}

// ExportSchool writes a whole school into dir, which must not hold a
// school export already. It returns the files written.
func ExportSchool(dir string, snap data.Snapshot) ([]string, error) {
	if _, err := os.Stat(filepath.Join(dir, schoolFile)); err == nil {
		return nil, data.Errorf(data.ECONFLICT, "%s already holds a school export: choose an empty folder", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	var written []string
	fail := func(err error) ([]string, error) {
		for _, f := range written {
			os.Remove(f)
		}
		return nil, err
	}
	body, err := json.MarshalIndent(schoolJSON{Format: schoolFormat, Version: schoolVersion, Settings: snap.Settings,
		Measures: snap.Measures, Interventions: snap.Interventions}, "", "  ")
	if err != nil {
		return fail(err)
	}
	path := filepath.Join(dir, schoolFile)
	if err := os.WriteFile(path, append(body, '\n'), 0o644); err != nil {
		return fail(fmt.Errorf("write %s: %w", path, err))
	}
	written = append(written, path)
	for _, kind := range schoolKinds {
		var buf bytes.Buffer
		if _, err := Export(&buf, kind, snap); err != nil {
			return fail(err)
		}
		path := filepath.Join(dir, kind+".csv")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return fail(fmt.Errorf("write %s: %w", path, err))
		}
		written = append(written, path)
	}
	return written, nil
}

// ReadSchool reads a school export back into a whole school, every record
// checked as an import checks it; it writes nothing. Any refused row, in
// any file, is an error: a school is moved whole or not at all.
func ReadSchool(dir string) (data.Snapshot, error) {
	var snap data.Snapshot
	raw, err := os.ReadFile(filepath.Join(dir, schoolFile))
	if errors.Is(err, fs.ErrNotExist) {
		return snap, data.Errorf(data.ENOTFOUND, "%s is not a school export: it has no %s (write one with tierline export school DIR)", dir, schoolFile)
	}
	if err != nil {
		return snap, fmt.Errorf("read %s: %w", schoolFile, err)
	}
	var school schoolJSON
	if err := json.Unmarshal(raw, &school); err != nil {
		return snap, fileError(schoolFile, "is not a Tierline school file: %v", err)
	}
	if school.Format != schoolFormat {
		return snap, fileError(schoolFile, "is not a Tierline school file (its format is %s)", data.Clip(school.Format))
	}
	if school.Version != schoolVersion {
		return snap, fileError(schoolFile, "is version %d of the school export; this Tierline reads version %d", school.Version, schoolVersion)
	}
	if err := school.Settings.Validate(); err != nil {
		return snap, fileError(schoolFile, "settings: %s", data.ErrorMessage(err))
	}
	for i, m := range school.Measures {
		if err := m.Validate(); err != nil {
			return snap, fileError(schoolFile, "measure %d (%s): %s", i+1, data.Clip(m.Name), data.ErrorMessage(err))
		}
	}
	for i, iv := range school.Interventions {
		if err := iv.Validate(); err != nil {
			return snap, fileError(schoolFile, "intervention %d (%s): %s", i+1, data.Clip(iv.Name), data.ErrorMessage(err))
		}
	}
	snap.Settings, snap.Measures, snap.Interventions = school.Settings, school.Measures, school.Interventions
	for _, kind := range schoolKinds {
		path := filepath.Join(dir, kind+".csv")
		rep, err := ReadFile(Request{Kind: Kind(kind), Path: path, Scores: ScoreOptions{Measures: snap.Measures}}, snap)
		if err != nil {
			return data.Snapshot{}, err
		}
		if len(rep.Problems) > 0 {
			var lines []string
			for _, p := range rep.Problems[:min(5, len(rep.Problems))] {
				lines = append(lines, p.Error())
			}
			more := ""
			if len(rep.Problems) > 5 {
				more = fmt.Sprintf(" (and %d more)", len(rep.Problems)-5)
			}
			return data.Snapshot{}, data.Errorf(data.EINVALID, "%d rows refused%s: %s", len(rep.Problems), more, strings.Join(lines, "; "))
		}
		r := rep.Records
		for i := range r.Students {
			r.Students[i].ID = data.NewID() // the scores and plans that follow refer to them
		}
		snap.Students = append(snap.Students, r.Students...)
		snap.Scores = append(snap.Scores, r.Scores...)
		snap.Plans = append(snap.Plans, r.Plans...)
		snap.Sessions = append(snap.Sessions, r.Sessions...)
		snap.TierChanges = append(snap.TierChanges, r.TierChanges...)
		snap.Decisions = append(snap.Decisions, r.Decisions...)
	}
	return snap, nil
}
