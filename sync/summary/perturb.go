package summary

import (
	"fmt"
	"math"
)

// Cell-key perturbation (the method of the ABS TableBuilder and the UK ONS
// 2021 Census outputs; Thompson, Broadfoot & Elazar 2013). Every student has
// a record key, a uniform random 32-bit number made once and kept only in the
// school's store. A cell's key is the sum of its students' record keys mod
// 2^32, so the same students always give the same key, and one student more
// or less gives an unrelated one. A published count is c + d, with d read
// from the public table below at (min(c, PTableMaxN), the cell key): resending
// the same cell publishes the same value, so averaging resends removes no
// noise, and a difference of two summaries is the change plus fresh noise.

// RecordKey is one student's record key. It never leaves the school.
type RecordKey uint32

// CellKey is the key of a cell: the sum of its students' record keys mod 2^32.
func CellKey(keys []RecordKey) uint32 {
	var sum uint32
	for _, k := range keys {
		sum += uint32(k) // wraps: the sum is mod 2^32
	}
	return sum
}

// SubsetKey is the key of the count of a cell's students with a property
// (at/above benchmark, in Tier 2, adequate): their cell key mixed with the
// whole cell's, by the SplitMix64 finalizer. The same students still give
// the same value; but two nested cells of different students (a grade's
// group and the group) whose students at/above are the same no longer
// share the noise of that count, which would tell an attacker that the
// larger cell has one more student at/above wherever the two published
// counts differ, and with the ±2 bounds pin the count.
func SubsetKey(cellKey, subsetKey uint32) uint32 {
	z := uint64(cellKey)<<32 | uint64(subsetKey)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return uint32(z >> 32)
}

// PTableMaxN is the last row of a perturbation table: counts of
// PTableMaxN or more share its row.
const PTableMaxN = 20

// PTableEntry is one outcome of a row of the perturbation table: the noise
// D added with probability P.
type PTableEntry struct {
	D int     `json:"d"`
	P float64 `json:"p"`
}

// PTableRows is a perturbation table, row by count 0 to PTableMaxN.
type PTableRows = [PTableMaxN + 1][]PTableEntry

// LargeCell is the size from which a cell's counts (its n and the counts
// of its students at/above, in a tier, adequate) are read from
// PTableLarge: a percentage of 30 students moves 3.3 points with one
// student, so the noise of PTable would put most such cells more than 3
// points from the truth.
const LargeCell = 30

// PTable is the public perturbation table of cells under LargeCell. Away
// from zero every row is d ∈ {−2…+2} with probabilities 0.075, 0.2, 0.45,
// 0.2, 0.075: mean 0, variance 1. Near zero the rows keep a count from
// going negative: count 1 has mean 0 over {−1…+2}; count 0 cannot keep
// mean 0 and only moves up. A count of k or more is never published under
// k (Perturb raises it to k), so that a published count says nothing
// about whether the true one passed the threshold.
var PTable = rows(
	[]PTableEntry{{0, 0.6}, {1, 0.3}, {2, 0.1}},
	[]PTableEntry{{-1, 0.3}, {0, 0.45}, {1, 0.2}, {2, 0.05}},
	[]PTableEntry{{-2, 0.075}, {-1, 0.2}, {0, 0.45}, {1, 0.2}, {2, 0.075}})

// PTableLarge is the table of cells of LargeCell students or more: the
// same outcomes as PTable's rows (so an attacker's bounds are the same ±2),
// with 0 nine times in ten: mean 0 and variance 0.16 away from zero. Its
// price: a count of a large cell is most often exact, so what the noise
// hides behind large cells is a matter of bounds more than of odds (the
// audit measures both; see README).
var PTableLarge = rows(
	[]PTableEntry{{0, 0.9}, {1, 0.08}, {2, 0.02}},
	[]PTableEntry{{-1, 0.06}, {0, 0.9}, {1, 0.02}, {2, 0.02}},
	[]PTableEntry{{-2, 0.01}, {-1, 0.04}, {0, 0.9}, {1, 0.04}, {2, 0.01}})

// rows makes a table of its rows for counts 0 and 1 and the row of every
// larger count.
func rows(zero, one, rest []PTableEntry) PTableRows {
	t := PTableRows{zero, one}
	for c := 2; c <= PTableMaxN; c++ {
		t[c] = rest
	}
	return t
}

// TableFor is the table of a cell of n students.
func TableFor(n int) *PTableRows {
	if n >= LargeCell {
		return &PTableLarge
	}
	return &PTable
}

// Noise reads a table at (min(count, PTableMaxN), key): the key, as a
// fraction of 2^32, picks the outcome whose cumulative probability band it
// falls in.
func Noise(table *PTableRows, count int, key uint32) int {
	row := table[min(max(count, 0), PTableMaxN)]
	u := float64(key) / (1 << 32)
	cum := 0.0
	for _, e := range row {
		cum += e.P
		if u < cum {
			return e.D
		}
	}
	return row[len(row)-1].D // u just under 1 with rounding in the sum
}

// Perturb publishes a count c of a cell of n students, with key: c + d
// from the cell's table, never negative and, when c ≥ k, never under k.
// (For the cell's own n, c is n.)
func Perturb(n, c int, key uint32, k int) int {
	p := max(c+Noise(TableFor(n), c, key), 0)
	if c >= k && p < k {
		p = k
	}
	return p
}

// checkPTable reports a row that is not a probability distribution keeping
// counts non-negative with noise in [−2, +2]; the tests run it.
func checkPTable(table *PTableRows) error {
	for n, row := range table {
		sum := 0.0
		for _, e := range row {
			if e.D < -2 || e.D > 2 || n+e.D < 0 || e.P <= 0 {
				return fmt.Errorf("row %d: outcome %+d with p %g", n, e.D, e.P)
			}
			sum += e.P
		}
		if math.Abs(sum-1) > 1e-9 {
			return fmt.Errorf("row %d: probabilities add to %g", n, sum)
		}
	}
	return nil
}
