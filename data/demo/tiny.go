package demo

import (
	"fmt"
	"math/rand/v2"

	"github.com/tierline/tierline/data"
)

// TinySchool generates a school of 30 to 78 students K-5 (5 to 13 a grade)
// with skewed groups: one race category holds most students, a few others
// have one or two, the flags' shares vary by seed. Such schools are where
// small cells, and so disclosure, happen: the privacy audit runs on them.
// The same seed gives the same school.
func TinySchool(seed uint64, today data.Date, k int) (data.Snapshot, error) {
	rng := rand.New(rand.NewPCG(seed, seed^0x5DEECE66D))
	races := make([]raceShare, len(raceShares))
	copy(races, raceShares)
	major := rng.IntN(len(races))
	rest := 0.0
	for i := range races {
		races[i].share = rng.Float64() * 0.1
		races[i].el = rng.Float64() * 0.5
		races[i].econ = 0.2 + rng.Float64()*0.6
		if i != major {
			rest += races[i].share
		}
	}
	races[major].share = 1 - rest
	p := profile{name: fmt.Sprintf("Small School %d", seed), code: fmt.Sprintf("9%03d", seed%1000),
		perGrade: 5 + rng.IntN(9), top: "05", tierShare: 0.2, races: races}
	snap, err := schoolOf(p, Options{Today: today, Size: "tiny", Seed: seed})
	if err != nil {
		return snap, err
	}
	snap.Settings.K = k
	return snap, snap.Settings.Validate()
}
