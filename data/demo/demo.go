// Package demo generates synthetic schools: a demo school to try Tierline
// on, and a large school for benchmarks. Generation is deterministic: the
// same options give the same records, ids included, and nothing is dated
// after Options.Today. The data are invented but shaped like a real school's:
// realistic benchmark cuts, group differences (some groups behind, the gap
// of Black students closing over the three years), students in Tier 2 and 3
// with plans, weekly progress scores that respond or stay flat, a phase
// change, session logs with absences and some plans delivered below 80%.
package demo

import (
	"fmt"
	"math/rand/v2"

	"github.com/tierline/tierline/data"
)

// Size picks the demo school.
type Size string

// The sizes of school the generator makes.
const (
	Small Size = "small" // about 400 students K-5: the demo school
	Large Size = "large" // about 2,500 students K-8 and 100,000 scores: for benchmarks
)

// ParseSize reads "small" or "large".
func ParseSize(s string) (Size, error) {
	switch Size(s) {
	case Small, Large:
		return Size(s), nil
	}
	return "", fmt.Errorf("%q is not a demo size (expected small or large)", s)
}

// Options choose the school to generate.
type Options struct {
	Today data.Date // nothing is dated after it
	Size  Size
	Seed  uint64 // 0 means the default seed
	// Students scales the school to about this many enrolled students, the
	// same number in every grade (0: the size's own, 2,500 for large):
	// benchmarks open a district-sized store with it.
	Students int
}

type profile struct {
	name, code      string
	perGrade        int
	top             data.Grade
	tierShare       float64     // share of students in Tier 2 or 3 each year
	mathProgressAll bool        // progress-monitor math for every tiered student, not only math plans
	races           []raceShare // nil: raceShares
}

var profiles = map[Size]profile{
	Small: {name: "Oak Street Elementary", code: "0123", perGrade: 67, top: "05", tierShare: 0.15},
	Large: {name: "Riverside K-8 Academy", code: "0456", perGrade: 278, top: "08", tierShare: 0.25, mathProgressAll: true},
}

// School generates a school as of opt.Today: settings and every record.
func School(opt Options) (data.Snapshot, error) {
	p, ok := profiles[opt.Size]
	if !ok {
		return data.Snapshot{}, fmt.Errorf("demo size %q: expected small or large", opt.Size)
	}
	if opt.Students < 0 {
		return data.Snapshot{}, fmt.Errorf("demo students %d: expected a positive number", opt.Students)
	}
	if opt.Students > 0 {
		p.perGrade = max(1, opt.Students/(p.top.Number()+1))
	}
	return schoolOf(p, opt)
}

func schoolOf(p profile, opt Options) (data.Snapshot, error) {
	if err := opt.Today.Validate(); err != nil {
		return data.Snapshot{}, fmt.Errorf("demo today: %w", err)
	}
	seed := opt.Seed
	if seed == 0 {
		seed = 20261123
	}
	g := &gen{opt: opt, p: p, rng: rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15))}
	return g.run()
}

type gen struct {
	opt   Options
	p     profile
	rng   *rand.Rand
	ids   uint64
	years []data.SchoolYear
	out   data.Snapshot

	orf, psf, math data.Measure
	catalog        map[string]data.Intervention
	pupils         []*pupil
}

// pupil is a generated student and what the generator knows of them.
type pupil struct {
	student  int // index in out.Students
	ability  float64
	lastYear int // index of the last school year attended
	lastGI   int // grade index in that year
	tier     data.Tier
}

func (p *pupil) gradeIndex(year int) int { return p.lastGI - (p.lastYear - year) }

func (p *pupil) attends(year int) bool { return year <= p.lastYear && p.gradeIndex(year) >= 0 }
