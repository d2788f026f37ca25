package data

// Records is a set of records of every kind: what a bulk write (an import,
// the demo school) saves in one transaction, and what a snapshot holds.
type Records struct {
	Measures      []Measure
	Interventions []Intervention
	Students      []Student
	Scores        []Score // ordered by student, measure, date, kind when read from the store
	Plans         []Plan
	Sessions      []Session
	TierChanges   []TierChange // ordered by student, date when read from the store
	Decisions     []Decision
}

// Snapshot is the whole school as one consistent read: the input of every
// analysis (group progress, the review list, summaries).
type Snapshot struct {
	Settings Settings
	Records
	// RecordKeys are the students' record keys for the summaries'
	// perturbation (the store makes them). They never leave the school.
	RecordKeys map[ID]uint32
}

// Count returns the number of records of every kind together.
func (r Records) Count() int {
	return len(r.Measures) + len(r.Interventions) + len(r.Students) + len(r.Scores) +
		len(r.Plans) + len(r.Sessions) + len(r.TierChanges) + len(r.Decisions)
}
