package app

import (
	"testing"
)

// FuzzFormNumbers: what a teacher types in a number field is a number in
// range or a short error, never a panic.
func FuzzFormNumbers(f *testing.F) {
	for _, s := range []string{"52", "38,5", " 7 ", "-3", "NaN", "Inf", "1e10", "", "9999999999999999999999", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, err := parseCount(s); err == nil && n < 0 {
			t.Fatalf("%q read as the count %d", s, n)
		} else if err != nil && len(err.Error()) > 1000 {
			t.Fatalf("an error of %d bytes", len(err.Error()))
		}
	})
}
