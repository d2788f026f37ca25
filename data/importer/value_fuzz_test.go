package importer

import (
	"math"
	"testing"
)

// FuzzParseValue: a score's text is a finite number or a short error.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"52", "38.5", "-5", "NaN", "+Inf", "1e308", "1e309", "0x1p-2", "1_000", " 7", "", "fifty"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseValue(s)
		switch {
		case err != nil && len(err.Error()) > 1000:
			t.Fatalf("an error of %d bytes", len(err.Error()))
		case err == nil && (math.IsNaN(v) || math.IsInf(v, 0)):
			t.Fatalf("%q read as %v", s, v)
		}
	})
}
