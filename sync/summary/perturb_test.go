package summary

import (
	"math"
	"slices"
	"testing"
)

func TestPTableRowsAreDistributions(t *testing.T) {
	for _, tc := range []struct {
		name     string
		table    *PTableRows
		variance float64
	}{{"PTable", &PTable, 1}, {"PTableLarge", &PTableLarge, 0.16}} {
		if err := checkPTable(tc.table); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for n := 1; n <= PTableMaxN; n++ {
			mean, variance := 0.0, 0.0
			for _, e := range tc.table[n] {
				mean += e.P * float64(e.D)
				variance += e.P * float64(e.D*e.D)
			}
			if math.Abs(mean) > 1e-9 {
				t.Errorf("%s row %d: mean %g, want 0", tc.name, n, mean)
			}
			if n >= 2 && math.Abs(variance-tc.variance) > 1e-9 {
				t.Errorf("%s row %d: variance %g, want %g", tc.name, n, variance, tc.variance)
			}
		}
	}
}

// The two tables have the same outcomes row by row, so that the bounds an
// attacker can prove do not depend on which table a cell read.
func TestTheTablesShareTheirOutcomes(t *testing.T) {
	for c := range PTable {
		var small, large []int
		for _, e := range PTable[c] {
			small = append(small, e.D)
		}
		for _, e := range PTableLarge[c] {
			large = append(large, e.D)
		}
		if !slices.Equal(small, large) {
			t.Errorf("row %d: outcomes %v and %v", c, small, large)
		}
	}
	if TableFor(LargeCell-1) != &PTable || TableFor(LargeCell) != &PTableLarge {
		t.Error("TableFor does not switch at LargeCell")
	}
}

func TestCellKeyWrapsAndDependsOnEveryStudent(t *testing.T) {
	keys := []RecordKey{0xffffffff, 2, 7}
	if got := CellKey(keys); got != 8 {
		t.Errorf("CellKey = %d, want 8 (sum mod 2^32)", got)
	}
	if CellKey(keys[:2]) == CellKey(keys) {
		t.Error("one student fewer gave the same key")
	}
	if CellKey([]RecordKey{7, 2, 0xffffffff}) != CellKey(keys) {
		t.Error("the key depends on the order of students")
	}
}

func TestNoiseFollowsTheTable(t *testing.T) {
	tests := []struct {
		count int
		key   uint32
		want  int
	}{
		{count: 12, key: 0, want: -2},             // u = 0
		{count: 12, key: frac(0.074), want: -2},   // under 0.075
		{count: 12, key: frac(0.076), want: -1},   // 0.075–0.275
		{count: 12, key: frac(0.5), want: 0},      // 0.275–0.725
		{count: 12, key: frac(0.8), want: 1},      // 0.725–0.925
		{count: 12, key: math.MaxUint32, want: 2}, // top band
		{count: 250, key: frac(0.8), want: 1},     // big counts read row 20
		{count: 0, key: frac(0.5), want: 0},       // zero never goes down
		{count: 0, key: math.MaxUint32, want: 2},  //
		{count: 1, key: frac(0.1), want: -1},      // one may go to zero
		{count: 1, key: frac(0.98), want: 2},      //
	}
	for _, tt := range tests {
		if got := Noise(&PTable, tt.count, tt.key); got != tt.want {
			t.Errorf("Noise(%d, %#x) = %d, want %d", tt.count, tt.key, got, tt.want)
		}
	}
}

func TestPerturbNeverCrossesTheThreshold(t *testing.T) {
	low := uint32(0) // d = −2
	if got := Perturb(10, 10, low, 10); got != 10 {
		t.Errorf("Perturb(10) with d −2 and k 10 = %d, want 10", got)
	}
	if got := Perturb(11, 11, low, 10); got != 10 {
		t.Errorf("Perturb(11) with d −2 and k 10 = %d, want 10", got)
	}
	if got := Perturb(12, 12, low, 10); got != 10 {
		t.Errorf("Perturb(12) with d −2 and k 10 = %d, want 10", got)
	}
	if got := Perturb(30, 30, low, 10); got != 28 {
		t.Errorf("Perturb(30) with d −2 = %d, want 28", got)
	}
	for key := uint32(0); key < 1<<32-1<<24; key += 1 << 24 {
		for c := 0; c < 40; c++ {
			p := Perturb(c, c, key, 5)
			if p < 0 || p < c-2 || p > c+2 || (c >= 5 && p < 5) {
				t.Fatalf("Perturb(%d, %#x, 5) = %d", c, key, p)
			}
			if p != Perturb(c, c, key, 5) {
				t.Fatal("the same cell gave two values")
			}
		}
	}
}

// The noise of many cells has about the table's spread: resending cannot
// average it away because the same key gives the same d, but different
// cells' keys are spread over the table.
func TestNoiseSpreadOverManyKeys(t *testing.T) {
	var sum, sq float64
	const cells = 100000
	key := uint32(12345)
	for i := 0; i < cells; i++ {
		key = key*1664525 + 1013904223
		d := float64(Noise(&PTable, 50, key))
		sum, sq = sum+d, sq+d*d
	}
	mean, variance := sum/cells, sq/cells
	if math.Abs(mean) > 0.02 || math.Abs(variance-1) > 0.03 {
		t.Errorf("mean %g, variance %g over %d keys; want 0 and 1", mean, variance, cells)
	}
}

// frac is the key at a fraction of 2^32.
func frac(f float64) uint32 { return uint32(f * (1 << 32)) }

// Two nested cells whose students at/above are the same (a grade's group
// and the group, when the other grades' students of the group are all
// below) key that count differently, so that its noise is not shared; the
// same cell keys the same way every time.
func TestSubsetKeyTakesTheWholeCell(t *testing.T) {
	at := CellKey([]RecordKey{11, 22})
	grade, group := CellKey([]RecordKey{11, 22, 33}), CellKey([]RecordKey{11, 22, 33, 44})
	if SubsetKey(grade, at) == SubsetKey(group, at) {
		t.Fatal("two cells of the same students at/above share the noise of that count")
	}
	if SubsetKey(grade, at) != SubsetKey(CellKey([]RecordKey{33, 22, 11}), CellKey([]RecordKey{22, 11})) {
		t.Fatal("the same cell keys its count differently")
	}
	// The keys stay spread over the table's bands: of 10,000 cells, the
	// share of each outcome of PTable is near its probability.
	counts := map[int]int{}
	for i := range uint32(10000) {
		counts[Noise(&PTable, 10, SubsetKey(i*2654435761, i))]++
	}
	for _, e := range PTable[10] {
		if got := float64(counts[e.D]) / 10000; got < e.P-0.02 || got > e.P+0.02 {
			t.Errorf("outcome %+d in %.3f of cells, want about %.3f", e.D, got, e.P)
		}
	}
}
