package summary

import "testing"

func TestCode(t *testing.T) {
	for _, tc := range []struct {
		count, n int
		want     string
	}{
		{299, 300, "≥99"}, {295, 300, "98"}, {150, 300, "50"}, {3, 300, "≤1"}, {6, 300, "2"},
		{98, 100, "≥98"}, {97, 100, "97"}, {2, 100, "≤2"}, {3, 100, "3"},
		{38, 40, "≥95"}, {37, 40, "93"}, {2, 40, "≤5"},
		{18, 20, "≥90"}, {17, 20, "85"}, {2, 20, "≤10"}, {3, 20, "15"},
		{8, 10, "≥80"}, {7, 10, "70"}, {2, 10, "≤20"}, {3, 10, "30"}, {0, 12, "≤20"},
	} {
		if got := Code(tc.count, tc.n); got != tc.want {
			t.Errorf("Code(%d, %d) = %q, want %q", tc.count, tc.n, got, tc.want)
		}
		if err := checkCode(Code(tc.count, tc.n), tc.n); err != nil {
			t.Errorf("checkCode of Code(%d, %d): %v", tc.count, tc.n, err)
		}
	}
	for _, tc := range []struct {
		pct string
		n   int
	}{{"96", 40}, {"≥90", 40}, {"5", 40}, {"≤20", 300}, {"abc", 40}, {"101", 40}, {"-3", 40}, {"07", 40}} {
		if err := checkCode(tc.pct, tc.n); err == nil {
			t.Errorf("checkCode(%q, %d) accepted", tc.pct, tc.n)
		}
	}
}

// FuzzPerturb holds every published count to the table's promises: within
// ±2 of the truth, never negative, never under k for a count of k or more,
// and the same for the same cell.
func FuzzPerturb(f *testing.F) {
	f.Add(uint16(12), uint32(0), byte(10))
	f.Add(uint16(0), uint32(1<<31), byte(5))
	f.Add(uint16(300), uint32(0xffffffff), byte(30))
	f.Fuzz(func(t *testing.T, count uint16, key uint32, k byte) {
		c := int(count)
		for _, n := range []int{c, c + LargeCell} {
			p := Perturb(n, c, key, int(k))
			if p < 0 || p < c-2 || p > c+2 || (c >= int(k) && p < int(k)) || p != Perturb(n, c, key, int(k)) {
				t.Fatalf("Perturb(%d, %d, %#x, %d) = %d", n, c, key, k, p)
			}
		}
	})
}
