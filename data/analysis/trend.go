package analysis

import (
	"cmp"
	"math"
	"slices"

	"github.com/tierline/tierline/data"
)

// Point is a progress score placed in time: Weeks since the phase start.
type Point struct {
	Date  data.Date
	Weeks float64
	Value float64
}

// Line is value = Intercept + Slope·weeks, weeks counted from a phase start.
type Line struct {
	Intercept float64
	Slope     float64 // per week: the rate of improvement (ROI)
}

// At returns the line's value at a number of weeks.
func (l Line) At(weeks float64) float64 { return l.Intercept + l.Slope*weeks }

// TrendMethod picks how a trend line is fitted.
type TrendMethod string

// The trend methods.
const (
	OLS           TrendMethod = "ols"             // ordinary least squares: the default
	TukeyTriSplit TrendMethod = "tukey_tri_split" // resistant to a single odd score
)

// Trend is a fitted trend line.
type Trend struct {
	Method TrendMethod
	Line
	// SE is the standard error of the slope (OLS only, from 3 points);
	// HasSE says whether it was computed.
	SE    float64
	HasSE bool
	N     int
	// OK is false when no line can be fitted: fewer than 3 points, or every
	// point on the same day (no spread in time, so no slope).
	OK bool
	// residual standard deviation and the x statistics, kept for the
	// confidence band of a projection.
	s, meanX, sxx float64
}

// FitOLS fits y = a + b·x by ordinary least squares:
// b = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)², a = ȳ − b·x̄,
// SE_b = sqrt(Σ(y − a − b·x)² / (n − 2) / Σ(x−x̄)²).
func FitOLS(points []Point) Trend {
	t := Trend{Method: OLS, N: len(points)}
	if len(points) < 3 {
		return t
	}
	n := float64(len(points))
	var mx, my float64
	for _, p := range points {
		mx += p.Weeks
		my += p.Value
	}
	mx /= n
	my /= n
	var sxx, sxy float64
	for _, p := range points {
		dx := p.Weeks - mx
		sxx += dx * dx
		sxy += dx * (p.Value - my)
	}
	// A spread below a thousandth of a day is no spread: every score on one day.
	if sxx < 1e-9 {
		return t
	}
	t.Slope = sxy / sxx
	t.Intercept = my - t.Slope*mx
	var sse float64
	for _, p := range points {
		r := p.Value - t.At(p.Weeks)
		sse += r * r
	}
	t.s = math.Sqrt(sse / (n - 2))
	t.meanX, t.sxx = mx, sxx
	t.SE = t.s / math.Sqrt(sxx)
	t.HasSE, t.OK = true, true
	return t
}

// FitTriSplit fits Tukey's resistant line: the points, in time order, are
// split in thirds; the slope joins the medians of the outer thirds,
// b = (ỹR − ỹL) / (x̃R − x̃L), and the intercept is
// a = ((ỹL + ỹM + ỹR) − b·(x̃L + x̃M + x̃R)) / 3. With n = 3k+1 the middle
// third takes the extra point; with 3k+2 the outer thirds take one each.
func FitTriSplit(points []Point) Trend {
	t := Trend{Method: TukeyTriSplit, N: len(points)}
	n := len(points)
	if n < 3 {
		return t
	}
	sorted := slices.Clone(points)
	slices.SortStableFunc(sorted, func(a, b Point) int { return cmp.Compare(a.Weeks, b.Weeks) })
	outer := n / 3
	if n%3 == 2 {
		outer++
	}
	left, middle, right := sorted[:outer], sorted[outer:n-outer], sorted[n-outer:]
	xl, yl := medianOf(left, func(p Point) float64 { return p.Weeks }), medianOf(left, func(p Point) float64 { return p.Value })
	xm, ym := medianOf(middle, func(p Point) float64 { return p.Weeks }), medianOf(middle, func(p Point) float64 { return p.Value })
	xr, yr := medianOf(right, func(p Point) float64 { return p.Weeks }), medianOf(right, func(p Point) float64 { return p.Value })
	if xr-xl < 1e-9 {
		return t
	}
	t.Slope = (yr - yl) / (xr - xl)
	t.Intercept = ((yl + ym + yr) - t.Slope*(xl+xm+xr)) / 3
	t.OK = true
	return t
}

// Fit fits a trend line with the given method.
func Fit(method TrendMethod, points []Point) Trend {
	if method == TukeyTriSplit {
		return FitTriSplit(points)
	}
	return FitOLS(points)
}

// Band returns the 95% confidence band of the fitted line at x weeks:
// ±1.96·s·sqrt(1/n + (x − x̄)²/Σ(x−x̄)²). Far from the data this is
// ±1.96·SE_b·(x − x̄): the slope's uncertainty carried to x.
func (t Trend) Band(x float64) (low, high float64, ok bool) {
	if !t.OK || !t.HasSE {
		return 0, 0, false
	}
	half := 1.96 * t.s * math.Sqrt(1/float64(t.N)+(x-t.meanX)*(x-t.meanX)/t.sxx)
	v := t.At(x)
	return v - half, v + half, true
}

func medianOf[T any](items []T, value func(T) float64) float64 {
	vals := make([]float64, len(items))
	for i, it := range items {
		vals[i] = value(it)
	}
	return Median(vals)
}

// Median returns the median of the values (0 for none); it does not reorder its input.
func Median(values []float64) float64 { return medianInPlace(slices.Clone(values)) }

// medianInPlace returns the median of values, sorting them.
func medianInPlace(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	mid := len(v) / 2
	if len(v)%2 == 1 {
		return v[mid]
	}
	return (v[mid-1] + v[mid]) / 2
}
