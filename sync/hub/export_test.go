package hub

import "testing"

func TestSpreadsheetSafe(t *testing.T) {
	for in, want := range map[string]string{"-3": "-3", "+2.5": "+2.5", "-3+cmd": "'-3+cmd", "=1+1": "'=1+1", "@SUM(A1)": "'@SUM(A1)", "ORF": "ORF", "": ""} {
		if got := spreadsheetSafe(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
