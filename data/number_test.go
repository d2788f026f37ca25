package data_test

import (
	"math"
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
)

func TestParseNumber(t *testing.T) {
	for in, want := range map[string]float64{"52": 52, " 52.5 ": 52.5, "52,5": 52.5, "-3": -3, "+4": 4, ".5": 0.5, ",5": 0.5, "7.": 7, "1234": 1234, "1,23": 1.23} {
		if got, err := data.ParseNumber(in); err != nil || got != want {
			t.Errorf("%q: %v, %v; want %v", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"": "a number is needed", "  ": "a number is needed", "4x5": `"4x5" is not a number`, "NaN": "not a number",
		"Inf": "not a number", "1e3": "not a number", "0x10": "not a number", "1_000": "not a number", "1.2.3": "not a number",
		"1,234": "thousands separator", "1,5,6": "not a number", "٣": "not a number", "9999999999": "at most 1000000000",
	} {
		_, err := data.ParseNumber(in)
		if data.ErrorCode(err) != data.EINVALID || !strings.Contains(data.ErrorMessage(err), want) {
			t.Errorf("%q: %v; want an invalid-input error saying %q", in, err, want)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"52", "38,5", " 7 ", "-3", "NaN", "+Inf", "1e308", "0x1p-2", "1_000", "", "fifty", "1,234", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := data.ParseNumber(s)
		switch {
		case err != nil && (data.ErrorCode(err) != data.EINVALID || len(err.Error()) > 1000):
			t.Fatalf("%q: %v", s, err)
		case err == nil && (math.IsNaN(v) || math.Abs(v) > 1e9):
			t.Fatalf("%q read as %v", s, v)
		}
	})
}
