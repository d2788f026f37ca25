package summary

import (
	"fmt"
	"testing"
)

// table builds cells from counts; the first is the total of a partition of the others.
func table(counts ...int) ([]cell, []partition) {
	cells := make([]cell, len(counts))
	members := make([]int, 0, len(counts)-1)
	for i, n := range counts {
		cells[i] = cell{n: n}
		if i > 0 {
			members = append(members, i)
		}
	}
	return cells, []partition{{total: 0, members: members}}
}

func states(cells []cell) string {
	out := ""
	for _, c := range cells {
		switch {
		case !c.suppressed:
			out += fmt.Sprintf("%d ", c.n)
		case c.reason == ReasonPrimary:
			out += "P "
		default:
			out += "C "
		}
	}
	return out
}

func TestSuppress(t *testing.T) {
	for _, tc := range []struct {
		name   string
		counts []int // total first
		want   string
	}{
		// A group of 9 is under k = 10; the rest of the partition must hide one more.
		{"a group of 9", []int{60, 9, 51}, "60 P C "},
		// One hidden race cell: the next-smallest published cell goes too.
		{"one race cell under k", []int{200, 80, 4, 30, 12, 74}, "200 80 P 30 C 74 "},
		// Yes/no: hiding one side hides the other.
		{"two-way split", []int{100, 7, 93}, "100 P C "},
		// Two hidden cells of 0 would be known to be 0 (their sum is 0):
		// the smallest published cell is hidden with them.
		{"all suppressed zero", []int{40, 0, 0, 40}, "40 P P C "},
		// Two hidden cells both at k-1: their sum 18 = 2·9 gives both away.
		{"both at their bound", []int{118, 9, 9, 100}, "118 P P C "},
		// Two primary cells with room between them stay as they are.
		{"two primary, safe", []int{118, 3, 9, 106}, "118 P P 106 "},
		// Nothing under k: nothing hidden.
		{"all large", []int{300, 150, 150}, "300 150 150 "},
		// Every member under k: all hidden, and the rest needs no more.
		{"all small", []int{15, 5, 4, 6}, "15 P P P "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cells, parts := table(tc.counts...)
			suppress(cells, parts, 10)
			if got := states(cells); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			for _, p := range parts {
				if !cells[p.total].suppressed && recoverable(cells, p, 10) {
					t.Error("a hidden count is still recoverable")
				}
			}
		})
	}
}

func TestSuppressAcrossGrades(t *testing.T) {
	// Black students: 33 in all grades, 5 in grade 3 (primary). The grade
	// partition of the Black group would give the 5 away unless another
	// grade hides too, and that cell's own partition then needs more.
	keys := []keyed{
		{"ORF", All, All, All}, {"ORF", All, "race", "black"}, {"ORF", All, "race", "white"},
		{"ORF", "03", All, All}, {"ORF", "03", "race", "black"}, {"ORF", "03", "race", "white"},
		{"ORF", "04", All, All}, {"ORF", "04", "race", "black"}, {"ORF", "04", "race", "white"},
	}
	cells := []cell{{n: 100}, {n: 33}, {n: 67}, {n: 40}, {n: 5}, {n: 35}, {n: 60}, {n: 28}, {n: 32}}
	parts := uniquePartitions(keys)
	if len(parts) != 6 {
		t.Fatalf("%d partitions, want 6 (race in 3 grade scopes, grades of all, black, white)", len(parts))
	}
	suppress(cells, parts, 10)
	for _, p := range parts {
		if !cells[p.total].suppressed && recoverable(cells, p, 10) {
			t.Fatalf("recoverable after suppression: %s", states(cells))
		}
	}
	if !cells[4].suppressed || !cells[7].suppressed {
		t.Errorf("grade 3 and grade 4 Black cells: %s", states(cells))
	}
}

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

func FuzzSuppress(f *testing.F) {
	f.Add([]byte{60, 9, 51}, byte(10))
	f.Add([]byte{40, 0, 0, 40}, byte(10))
	f.Add([]byte{200, 80, 4, 30, 12, 74}, byte(5))
	f.Fuzz(func(t *testing.T, counts []byte, k byte) {
		if len(counts) < 2 || len(counts) > 20 || k < 5 || k > 30 {
			return
		}
		// Members as given; the total is their sum.
		all := make([]int, len(counts)+1)
		for i, c := range counts {
			all[i+1] = int(c)
			all[0] += int(c)
		}
		cells, parts := table(all...)
		suppress(cells, parts, int(k))
		for i, c := range cells {
			if !c.suppressed && c.n < int(k) {
				t.Fatalf("cell %d published with n %d < k %d", i, c.n, k)
			}
		}
		for _, p := range parts {
			if !cells[p.total].suppressed && recoverable(cells, p, int(k)) {
				t.Fatalf("recoverable: %s", states(cells))
			}
		}
	})
}
