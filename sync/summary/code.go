package summary

import (
	"fmt"
	"math"
)

// Code rounds a share to a whole percentage and top/bottom-codes it by the
// group's size, as NCES 2011-603 recommends: n ≥ 300: ≥99/≤1; 100–299:
// ≥98/≤2; 40–99: ≥95/≤5; 20–39: ≥90/≤10; smaller: ≥80/≤20. The rounded
// value is coded, so that no number shown lies beyond a threshold.
func Code(count, n int) string {
	hi, lo := codeLimits(n)
	r := int(math.Round(100 * float64(count) / float64(n)))
	switch {
	case r >= hi:
		return fmt.Sprintf("≥%d", hi)
	case r <= lo:
		return fmt.Sprintf("≤%d", lo)
	}
	return fmt.Sprint(r)
}

// CodeRung is one rung of the NCES ladder: groups of MinN students or
// more (down to the next rung's MinN) are coded at ≥Hi and ≤Lo.
type CodeRung struct {
	MinN int `json:"min_n"`
	Hi   int `json:"hi"`
	Lo   int `json:"lo"`
}

// CodeLadder is the NCES 2011-603 ladder, largest groups first. The
// privacy audit reads it from here (it is written into its case files),
// so that the attacker codes exactly as the builder does.
var CodeLadder = []CodeRung{{300, 99, 1}, {100, 98, 2}, {40, 95, 5}, {20, 90, 10}, {0, 80, 20}}

// codeLimits returns the top and bottom codes for a group of n.
func codeLimits(n int) (hi, lo int) {
	for _, r := range CodeLadder {
		if n >= r.MinN {
			return r.Hi, r.Lo
		}
	}
	last := CodeLadder[len(CodeLadder)-1]
	return last.Hi, last.Lo
}

// checkCode reports a percentage that is not coded as Code would code a group of n.
func checkCode(s string, n int) error {
	v, coded, err := ParsePct(s)
	if err != nil {
		return err
	}
	hi, lo := codeLimits(n)
	switch {
	case coded == "≥" && v != hi, coded == "≤" && v != lo:
		return fmt.Errorf("%q is not a code for a group of %d (expected ≥%d or ≤%d)", s, n, hi, lo)
	case coded == "" && (v >= hi || v <= lo):
		return fmt.Errorf("%q must be coded for a group of %d (as ≥%d or ≤%d)", s, n, hi, lo)
	}
	return nil
}

// keyed names a cell of a summary.
type keyed struct {
	// scope groups cells that share a total: a measure (progress,
	// response) or nothing (tiers).
	scope     string
	grade     string // All for cells of every grade
	dimension string
	group     string
}

// duplicateOf returns the first cell whose keys repeat an earlier one's, or -1.
func duplicateOf(keys []keyed) int {
	seen := make(map[keyed]bool, len(keys))
	for i, k := range keys {
		if seen[k] {
			return i
		}
		seen[k] = true
	}
	return -1
}
