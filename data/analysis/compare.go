package analysis

// The comparisons of a group with the other students, written once for
// the school (exact counts) and the district hub (counts estimated from
// published cells, hence float64).

// PointsGap is a group's share minus the share of everyone else, in
// percentage points: count of n against restCount of restN.
func PointsGap(count, n, restCount, restN float64) float64 {
	return 100*ratio(count, n) - 100*ratio(restCount, restN)
}

// RiskRatio is a group's rate (a of n) over the rate of everyone else (b
// of m); it is undefined (false) when the others' rate is zero or either
// side is empty.
func RiskRatio(a, n, b, m float64) (float64, bool) {
	if b <= 0 || n <= 0 || m <= 0 {
		return 0, false
	}
	return (a / n) / (b / m), true
}
