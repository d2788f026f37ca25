// Package sync builds what leaves a school — de-identified summaries with
// small cells suppressed — and delivers them to the district hub.
//
// A Summary holds aggregates only. By construction it has no field that
// can hold a name, an id, a birth date, free text, a date finer than the
// screening window, or one student's score: every cell is a count of
// students of a group and a coded percentage, and custom groups never
// appear. The same data give the same summary, byte for byte.
package sync

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/tierline/tierline/data"
)

// Schema names the summary format; fields may be added in v1, never removed.
const Schema = "tierline.summary/v1"

// All is the dimension and group of the cells covering every student, and
// the grade of cells covering every grade.
const All = "all"

// Suppression reasons.
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
	Generated string         `json:"generated"`
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
	Suppressed   bool    `json:"suppressed"`
	Reason       string  `json:"reason,omitempty"`
}

// TierCell is a group's tier placement at the end of the window.
type TierCell struct {
	Dimension      string   `json:"dimension"`
	Group          string   `json:"group"`
	N              *int     `json:"n"`
	PctTier2       *string  `json:"pct_tier2"`
	PctTier3       *string  `json:"pct_tier3"`
	RiskRatioTier3 *float64 `json:"risk_ratio_tier3"`
	Suppressed     bool     `json:"suppressed"`
	Reason         string   `json:"reason,omitempty"`
}

// ResponseCell is a group's intervention response on a measure: of the
// plans with at least 6 points, the share progressing at the goal's rate.
type ResponseCell struct {
	Measure     string  `json:"measure"`
	Dimension   string  `json:"dimension"`
	Group       string  `json:"group"`
	N           *int    `json:"n"`
	PctAdequate *string `json:"pct_adequate"`
	Suppressed  bool    `json:"suppressed"`
	Reason      string  `json:"reason,omitempty"`
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

// MaxSize bounds an encoded summary (the hub refuses larger bodies).
const MaxSize = 1 << 20

// Decode reads a summary strictly: unknown fields, duplicate keys, values
// of the wrong type and trailing data are refused. It does not validate.
func Decode(r io.Reader) (Summary, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return Summary{}, fmt.Errorf("read the summary: %w", err)
	}
	if len(raw) > MaxSize {
		return Summary{}, fmt.Errorf("the summary is larger than %d bytes", MaxSize)
	}
	if err := noDuplicateKeys(raw); err != nil {
		return Summary{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var s Summary
	if err := dec.Decode(&s); err != nil {
		return Summary{}, fmt.Errorf("the summary is not valid JSON of %s: %w", Schema, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Summary{}, fmt.Errorf("the summary has data after its end")
	}
	return s, nil
}

// noDuplicateKeys refuses an object with a key twice: encoding/json keeps
// the last, which would let a payload say two things.
func noDuplicateKeys(raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next string token is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("the summary is not valid JSON: %w", err)
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if top != nil && top.object {
					top.key = true
				}
				stack = append(stack, &frame{object: t == '{', keys: map[string]bool{}, key: t == '{'})
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			if top != nil && top.object && top.key {
				if top.keys[t] {
					return fmt.Errorf("the summary has the key %q twice in one object", t)
				}
				top.keys[t] = true
				top.key = false
				continue
			}
			if top != nil && top.object {
				top.key = true
			}
		default:
			if top != nil && top.object {
				top.key = true
			}
		}
	}
}

var (
	codePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,20}$`)
	yearPattern = regexp.MustCompile(`^(19|20)\d\d-(19|20)\d\d$`)
)

// parsePct reads a coded percentage: "38", "≥95" or "≤5".
func parsePct(s string) (value int, coded string, err error) {
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
