// Package sync builds what leaves a school — de-identified summaries with
// small cells suppressed — and delivers them to the district hub.
//
// A Summary holds aggregates only. By construction it has no field that
// can hold a name, an id, a birth date, free text, a date finer than the
// screening window, or one student's score: every cell is a count of
// students of a group and a coded percentage, and custom groups never
// appear. The same data give the same summary, byte for byte.
package summary

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/tierline/tierline/data"
)

// Schema names the summary format Tierline sends. A new field means a new
// schema version, which the hub learns first: it refuses unknown fields.
const Schema = "tierline.summary/v2"

// SchemaV1 is the format before perturbation: the hub still reads the v1
// summaries it stored, and refuses new ones (their suppression labels and
// exact counts gave students away).
const SchemaV1 = "tierline.summary/v1"

// All is the dimension and group of the cells covering every student, and
// the grade of cells covering every grade.
const All = "all"

// Suppression reasons of v1 cells; v2 publishes no reason.
const (
	ReasonPrimary       = "primary"       // the group has fewer than k students
	ReasonComplementary = "complementary" // hidden so that a primary cell cannot be worked out
)

// Summary is one school's summary of one screening window.
type Summary struct {
	Schema    string         `json:"schema"`
	School    string         `json:"school"`
	District  string         `json:"district"`
	Year      string         `json:"year"`
	Window    string         `json:"window"`
	K         int            `json:"k"`
	AsOf      string         `json:"as_of,omitempty"`                  // v2: the date tiers and enrolment are counted on
	Generated string         `json:"generated,omitempty" summary:"v1"` // v1 only
	Progress  []ProgressCell `json:"progress"`
	Tiers     []TierCell     `json:"tiers"`
	Response  []ResponseCell `json:"response"`
}

// ProgressCell is a group's benchmark result on a measure, in one grade or all.
type ProgressCell struct {
	Measure      string  `json:"measure"`
	Grade        string  `json:"grade"`
	Dimension    string  `json:"dimension"`
	Group        string  `json:"group"`
	N            *int    `json:"n"`
	PctAtOrAbove *string `json:"pct_at_or_above"`
	Suppressed   bool    `json:"suppressed,omitempty" summary:"v1"` // v1 only: v2 leaves hidden cells out
	Reason       string  `json:"reason,omitempty" summary:"v1"`     // v1 only
}

// TierCell is a group's tier placement at the end of the window.
type TierCell struct {
	Dimension      string   `json:"dimension"`
	Group          string   `json:"group"`
	N              *int     `json:"n"`
	PctTier2       *string  `json:"pct_tier2"`
	PctTier3       *string  `json:"pct_tier3"`
	RiskRatioTier3 *float64 `json:"risk_ratio_tier3"`
	Suppressed     bool     `json:"suppressed,omitempty" summary:"v1"` // v1 only
	Reason         string   `json:"reason,omitempty" summary:"v1"`     // v1 only
}

// ResponseCell is a group's intervention response on a measure: of the
// plans with at least 6 points, the share progressing at the goal's rate.
type ResponseCell struct {
	Measure     string  `json:"measure"`
	Dimension   string  `json:"dimension"`
	Group       string  `json:"group"`
	N           *int    `json:"n"`
	PctAdequate *string `json:"pct_adequate"`
	Suppressed  bool    `json:"suppressed,omitempty" summary:"v1"` // v1 only
	Reason      string  `json:"reason,omitempty" summary:"v1"`     // v1 only
}

// Dimensions are the dimensions a summary carries, in order: the standard
// ones but grade (a grade is a cell's grade) and never custom groups.
var Dimensions = []data.Dimension{data.DimRace, data.DimEL, data.DimDisability, data.Dim504, data.DimEcon, data.DimSex}

// JSON encodes the summary deterministically: fields in a fixed order,
// cells sorted, no HTML escaping, a final newline.
func (s Summary) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encode the summary: %w", err)
	}
	return buf.Bytes(), nil
}

var (
	codePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,20}$`)
	yearPattern = regexp.MustCompile(`^(19|20)\d\d-(19|20)\d\d$`)
)

// ParsePct reads a coded percentage: "38", "≥95" or "≤5".
func ParsePct(s string) (value int, coded string, err error) {
	switch {
	case strings.HasPrefix(s, "≥"):
		coded, s = "≥", strings.TrimPrefix(s, "≥")
	case strings.HasPrefix(s, "≤"):
		coded, s = "≤", strings.TrimPrefix(s, "≤")
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 || v > 100 || strings.TrimSpace(s) != s || (len(s) > 1 && s[0] == '0') {
		return 0, "", fmt.Errorf("%q is not a coded percentage", coded+s)
	}
	return v, coded, nil
}
