package summary

import (
	"fmt"
	"math"
	"sort"
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

// codeLimits returns the top and bottom codes for a group of n.
func codeLimits(n int) (hi, lo int) {
	switch {
	case n >= 300:
		return 99, 1
	case n >= 100:
		return 98, 2
	case n >= 40:
		return 95, 5
	case n >= 20:
		return 90, 10
	}
	return 80, 20
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

// cell is a count in a table being suppressed: n, and whether it is hidden and why.
type cell struct {
	n          int
	suppressed bool
	reason     string
}

// partition is a published total and the cells that add up to it.
type partition struct {
	total   int
	members []int
}

// suppress hides the cells under k (primary suppression), then, partition
// by partition, the next-smallest cell while any hidden count could be
// worked out from the total and the published cells (complementary
// suppression), until none can. A partition whose last published cell goes
// hides its total too.
func suppress(cells []cell, parts []partition, k int) {
	for i := range cells {
		if cells[i].n < k {
			cells[i].suppressed, cells[i].reason = true, ReasonPrimary
		}
	}
	for changed := true; changed; {
		changed = false
		for _, p := range parts {
			if cells[p.total].suppressed || !recoverable(cells, p, k) {
				continue
			}
			changed = true
			if i, ok := smallestPublished(cells, p); ok {
				cells[i].suppressed, cells[i].reason = true, ReasonComplementary
			} else {
				cells[p.total].suppressed, cells[p.total].reason = true, ReasonComplementary
			}
		}
	}
}

func smallestPublished(cells []cell, p partition) (int, bool) {
	best := -1
	for _, i := range p.members {
		if !cells[i].suppressed && (best < 0 || cells[i].n < cells[best].n) {
			best = i
		}
	}
	return best, best >= 0
}

// recoverable is the exact check: from what is published — the total, the
// published members and each hidden member's reason (primary means fewer
// than k, complementary means k or more) — can any hidden count be worked
// out? Each hidden count lies in [lo, hi], narrowed by the others' bounds
// and their known sum; a range of one value gives it away.
func recoverable(cells []cell, p partition, k int) bool {
	total := cells[p.total].n
	rest := total
	var hidden []int
	for _, i := range p.members {
		if cells[i].suppressed {
			hidden = append(hidden, i)
		} else {
			rest -= cells[i].n
		}
	}
	if len(hidden) == 0 {
		return false
	}
	bounds := func(i int) (lo, hi int) {
		if cells[i].reason == ReasonPrimary {
			return 0, k - 1
		}
		return k, total
	}
	sumLo, sumHi := 0, 0
	for _, i := range hidden {
		lo, hi := bounds(i)
		sumLo, sumHi = sumLo+lo, sumHi+hi
	}
	for _, i := range hidden {
		lo, hi := bounds(i)
		otherLo, otherHi := sumLo-lo, sumHi-hi
		lo, hi = max(lo, rest-otherHi), min(hi, rest-otherLo)
		if lo >= hi {
			return true
		}
	}
	return false
}

// keyed gives each cell of a summary the keys its partitions are built from.
type keyed struct {
	// scope groups cells that share a total: a measure (progress,
	// response) or nothing (tiers).
	scope     string
	grade     string // All for cells of every grade
	dimension string
	group     string
}

// partitionsOf builds the partitions whose totals a summary publishes: in
// each scope and grade, the groups of each dimension add up to all
// students; and, for each group, the grades add up to all grades. It also
// returns a cell whose keys repeat an earlier one's, or -1.
func partitionsOf(keys []keyed) ([]partition, int) {
	// The hub validates every summary it receives: strings become small
	// numbers once, so that the lookups below hash 16 bytes, not four strings.
	ids := make(map[string]uint32, 64)
	id := func(s string) uint64 {
		v, ok := ids[s]
		if !ok {
			v = uint32(len(ids))
			ids[s] = v
		}
		return uint64(v)
	}
	type packed struct{ scopeGrade, dimensionGroup uint64 }
	all := id(All)
	packedKeys := make([]packed, len(keys))
	index := make(map[packed]int, len(keys))
	for i, k := range keys {
		pk := packed{id(k.scope)<<32 | id(k.grade), id(k.dimension)<<32 | id(k.group)}
		if _, dup := index[pk]; dup {
			return nil, i
		}
		index[pk], packedKeys[i] = i, pk
	}
	byTotal := make(map[int][]int, len(keys)/4)
	var totals []int
	add := func(total, member int) {
		if _, seen := byTotal[total]; !seen {
			totals = append(totals, total)
		}
		byTotal[total] = append(byTotal[total], member)
	}
	type dimKey struct {
		total     int
		dimension uint64
	}
	dims := make(map[dimKey][]int, len(keys)/4)
	var dimOrder []dimKey
	allAll := all<<32 | all
	for i, pk := range packedKeys {
		dimension, grade := pk.dimensionGroup>>32, pk.scopeGrade&0xffffffff
		if dimension != all {
			if total, ok := index[packed{pk.scopeGrade, allAll}]; ok {
				dk := dimKey{total, dimension}
				if _, seen := dims[dk]; !seen {
					dimOrder = append(dimOrder, dk)
				}
				dims[dk] = append(dims[dk], i)
			}
		}
		if grade != all {
			if total, ok := index[packed{pk.scopeGrade&^0xffffffff | all, pk.dimensionGroup}]; ok {
				add(total, i)
			}
		}
	}
	var out []partition
	for _, dk := range dimOrder {
		out = append(out, partition{total: dk.total, members: dims[dk]})
	}
	sort.Ints(totals)
	for _, t := range totals {
		out = append(out, partition{total: t, members: byTotal[t]})
	}
	return out, -1
}
