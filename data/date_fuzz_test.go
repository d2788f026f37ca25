package data_test

import (
	"testing"

	"github.com/tierline/tierline/data"
)

// FuzzParseDate: any text gives a date or a short error, never a panic;
// a date read back from its own text is the same date.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-23", "11/23/2026", "1/5/2027", "2026-02-30", "1900-01-01", "2200-12-31", "13/45/2026", "", "-1-01-01", "٢٠٢٦-١١-٢٣", "2026-11-23\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, parse := range []func(string) (data.Date, error){data.ParseDate, data.ParseDateLoose} {
			d, err := parse(s)
			if err != nil {
				if len(err.Error()) > 1000 {
					t.Fatalf("an error of %d bytes for %d bytes of input", len(err.Error()), len(s))
				}
				continue
			}
			back, err := data.ParseDate(d.String())
			if err != nil || back != d {
				t.Fatalf("%q read as %v, which reads back as %v (%v)", s, d, back, err)
			}
		}
	})
}
