package data

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// plainNumber is a number as a person types it or a vendor file writes it:
// digits with one decimal point or comma, no exponent, no thousands
// separators, no hexadecimal.
var plainNumber = regexp.MustCompile(`^[+-]?(\d+([.,]\d*)?|[.,]\d+)$`)

// maxNumber bounds every score, goal and cut: no assessment reaches it, and
// past it the sums of the analyses would lose precision.
const maxNumber = 1e9

// ParseNumber reads a score, goal or cut, typed in the window or read from
// a file: "52", "52.5" and "52,5" (a decimal comma, as Spanish and French
// keyboards write it) are 52 and 52.5. A comma followed by three digits is
// refused rather than guessed: "1,234" is a thousand in one country and
// one point two in another.
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, Errorf(EINVALID, "a number is needed")
	}
	if !plainNumber.MatchString(t) {
		return 0, Errorf(EINVALID, "%s is not a number", Clip(s))
	}
	if i := strings.IndexByte(t, ','); i >= 0 && len(t)-i-1 == 3 {
		return 0, Errorf(EINVALID, "%s: write the number without a thousands separator (1234), or with a decimal point (1.234)", Clip(s))
	}
	v, err := strconv.ParseFloat(strings.Replace(t, ",", ".", 1), 64)
	if err != nil || math.Abs(v) > maxNumber {
		return 0, Errorf(EINVALID, "%s is not a number Tierline can hold (at most %.0f)", Clip(s), float64(maxNumber))
	}
	return v, nil
}
