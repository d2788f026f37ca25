package demo

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/google/uuid"
	"github.com/tierline/tierline/data"
)

func (g *gen) run() (data.Snapshot, error) {
	g.schoolYears()
	g.out.Settings = data.Settings{
		Name: g.p.name, SchoolCode: g.p.code, DistrictCode: "45",
		Years: g.years, K: data.DefaultK,
	}
	ms := measures(g.p.top)
	for i := range ms {
		ms[i].ID = g.id(g.years[0].Start)
	}
	g.orf, g.psf, g.math = ms[0], ms[1], ms[2]
	g.out.Measures = ms
	g.catalog = map[string]data.Intervention{}
	for _, iv := range interventions() {
		iv.ID = g.id(g.years[0].Start)
		g.catalog[iv.Name] = iv
		g.out.Interventions = append(g.out.Interventions, iv)
	}
	g.students()
	for y := range g.years {
		fallZ := map[*pupil]float64{}
		for w, win := range g.years[y].Windows {
			if win.Start.After(g.opt.Today) {
				break
			}
			g.screen(y, w, fallZ)
		}
		if !g.placementDate(y).After(g.opt.Today) {
			g.tierAndPlan(y, fallZ)
		}
	}
	if err := g.out.Settings.Validate(); err != nil {
		return data.Snapshot{}, fmt.Errorf("demo settings: %w", err)
	}
	// Record keys from the seeded generator (drawn last, so the rest of the
	// school does not move): the same demo school publishes the same
	// perturbed summaries, which the audit and the tests rely on.
	g.out.RecordKeys = make(map[data.ID]uint32, len(g.out.Students))
	for _, st := range g.out.Students {
		g.out.RecordKeys[st.ID] = g.rng.Uint32()
	}
	return g.out, nil
}

// schoolYears returns the current school year and the two before it.
func (g *gen) schoolYears() {
	start := g.opt.Today.Year
	if g.opt.Today.Before(data.DefaultSchoolYear(start).Start) {
		start--
	}
	for y := start - 2; y <= start; y++ {
		g.years = append(g.years, data.DefaultSchoolYear(y))
	}
}

// id returns a deterministic UUID v7 stamped with the record's date.
func (g *gen) id(d data.Date) data.ID {
	var u uuid.UUID
	g.ids++
	ms := uint64(d.Time().UnixMilli()) + g.ids
	binary.BigEndian.PutUint64(u[:8], ms<<16|g.rng.Uint64()&0xffff)
	binary.BigEndian.PutUint64(u[8:], g.rng.Uint64())
	u[6] = u[6]&0x0f | 0x70 // version 7
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u
}

func (g *gen) pick(items []string) string { return items[g.rng.IntN(len(items))] }

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

// raceShares are the school's enrolment by category: a mid-sized US district.
type raceShare struct {
	race  data.Race
	share float64
	// effect shifts the group's mean latent achievement (in SD units), econ
	// the share economically disadvantaged, el the share of English learners.
	effect, econ, el float64
}

var raceShares = []raceShare{
	{data.Hispanic, 0.28, -0.15, 0.70, 0.35},
	{data.AmericanIndian, 0.015, -0.30, 0.70, 0.03},
	{data.Asian, 0.06, 0.20, 0.30, 0.30},
	{data.Black, 0.15, -0.20, 0.65, 0.02},
	{data.PacificIslander, 0.005, -0.15, 0.60, 0.10},
	{data.White, 0.44, 0.10, 0.35, 0.01},
	{data.TwoOrMore, 0.05, 0.00, 0.50, 0.02},
}

// blackGap is the extra achievement shift of Black students by school year:
// the gap the school is closing.
var blackGap = []float64{-0.45, -0.30, -0.12}

func (g *gen) students() {
	lastGI := g.p.top.Number()
	add := func(gi, lastYear int) {
		r := g.rng.Float64()
		shares := g.p.races
		if shares == nil {
			shares = raceShares
		}
		row := shares[len(shares)-1]
		for _, x := range shares {
			if r < x.share {
				row = x
				break
			}
			r -= x.share
		}
		st := data.Student{
			LocalID:           fmt.Sprintf("7%04d", len(g.out.Students)+1),
			GivenName:         g.pick(givenNames[row.race]),
			FamilyName:        g.pick(familyNames[row.race]),
			Grade:             data.GradeOfNumber(gi),
			Sex:               []data.Sex{data.Female, data.Male}[g.rng.IntN(2)],
			Race:              row.race,
			EconDisadvantaged: g.chance(row.econ),
			EnglishLearner:    g.chance(row.el),
			Disability:        g.chance(0.14),
		}
		st.Section504 = !st.Disability && g.chance(0.04)
		startYear := g.years[lastYear].Start.Year
		st.BirthDate = data.NewDate(startYear-gi-6, 9, 1).AddDays(g.rng.IntN(365))
		if lastYear < len(g.years)-1 {
			st.Withdrawn, st.WithdrawnOn = true, g.years[lastYear].End
		}
		st.ID = g.id(g.years[0].Start)
		ability := 0.9*g.rng.NormFloat64() + row.effect + 0.2
		if st.EconDisadvantaged {
			ability -= 0.30
		}
		if st.EnglishLearner {
			ability -= 0.40
		}
		if st.Disability {
			ability -= 0.65
		}
		g.pupils = append(g.pupils, &pupil{student: len(g.out.Students), ability: ability, lastYear: lastYear, lastGI: gi, tier: 1})
		g.out.Students = append(g.out.Students, st)
	}
	current := len(g.years) - 1
	for gi := 0; gi <= lastGI; gi++ {
		for range g.p.perGrade {
			add(gi, current)
		}
	}
	// Students who finished the top grade in an earlier year and moved on:
	// withdrawn, and kept with their history.
	for left := 1; left < len(g.years); left++ {
		for range g.p.perGrade {
			add(lastGI, current-left)
		}
	}
}

// readingMeasure returns the reading screener of a grade index in a window.
func (g *gen) readingMeasure(gi, w int) data.Measure {
	if gi == 0 || (gi == 1 && w == 0) {
		return g.psf
	}
	return g.orf
}

// level is the score of a pupil whose standing is z: log-normal around the
// benchmark, so that the weakest readers are slow but not at zero.
func level(m data.Measure, c data.Cut, z float64) float64 {
	v := c.Benchmark * math.Exp(0.3*z)
	return math.Round(math.Min(math.Max(v, 0), m.MaxScore))
}

func (g *gen) standing(p *pupil, y int) float64 {
	z := p.ability + 0.35*g.rng.NormFloat64()
	if g.out.Students[p.student].Race == data.Black {
		z += blackGap[y]
	}
	return z
}

func (g *gen) screen(y, w int, fallZ map[*pupil]float64) {
	win := g.years[y].Windows[w]
	for _, p := range g.pupils {
		if !p.attends(y) || g.chance(0.02) { // absent on screening day
			continue
		}
		gi := p.gradeIndex(y)
		st := g.out.Students[p.student]
		day := win.Start.AddDays(g.rng.IntN(15))
		if day.After(g.opt.Today) {
			continue
		}
		z := g.standing(p, y)
		if w == 0 {
			fallZ[p] = z
		}
		for _, m := range []data.Measure{g.readingMeasure(gi, w), g.math} {
			c, ok := m.Cut(data.GradeOfNumber(gi), win.Name)
			if !ok {
				continue
			}
			sc := data.Score{Student: st.ID, Measure: m.ID, Date: day, Kind: data.Screening,
				Value: level(m, c, z+0.2*g.rng.NormFloat64()), Errors: data.NoErrors, Grade: data.GradeOfNumber(gi)}
			if m.ID == g.orf.ID {
				sc.Errors = int(math.Max(0, math.Round(3-1.5*z+1.5*g.rng.NormFloat64())))
			}
			g.out.Scores = append(g.out.Scores, sc)
		}
	}
}

// placementDate is when the team places students after fall screening.
func (g *gen) placementDate(y int) data.Date { return g.years[y].Windows[0].End.AddDays(5) }

// growth profiles of plans: how a student responds, as a multiple of the goal's rate.
type response struct {
	share    float64
	min, max float64
	verdict  data.VerdictKind
}

var responses = []response{
	{0.45, 0.95, 1.35, data.Continue},
	{0.25, 0.05, 0.45, data.Intensify}, // flat: the rules should say "intensify"
	{0.15, 1.8, 2.4, data.RaiseGoal},
	{0.15, 0.6, 0.9, data.Continue},
}

func (g *gen) tierAndPlan(y int, fallZ map[*pupil]float64) {
	var screened []*pupil
	for _, p := range g.pupils {
		if _, ok := fallZ[p]; ok {
			screened = append(screened, p)
		}
	}
	slices.SortStableFunc(screened, func(a, b *pupil) int { return cmp.Compare(fallZ[a], fallZ[b]) })
	nTiered := int(math.Round(g.p.tierShare * float64(len(screened))))
	nTier3 := nTiered / 3
	placed := g.placementDate(y)
	forcedPhaseChange := y == len(g.years)-1 // the current year always shows one
	for i, p := range screened {
		tier := data.Tier(1)
		switch {
		case i < nTier3:
			tier = 3
		case i < nTiered:
			tier = 2
		}
		if tier != p.tier {
			reason := map[data.Tier]string{1: "Met benchmark at fall screening", 2: "Below benchmark at fall screening", 3: "Well below benchmark at fall screening"}[tier]
			g.changeTier(p, placed, tier, reason)
		}
		if tier == 1 {
			continue
		}
		changed := g.plan(p, y, tier, forcedPhaseChange)
		forcedPhaseChange = forcedPhaseChange && !changed
	}
}

func (g *gen) changeTier(p *pupil, on data.Date, to data.Tier, reason string) {
	st := g.out.Students[p.student]
	g.out.TierChanges = append(g.out.TierChanges, data.TierChange{
		ID: g.id(on), Student: st.ID, Date: on, From: p.tier, To: to, Reason: reason, DecidedBy: "MTSS team",
	})
	p.tier = to
}
