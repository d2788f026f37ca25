package store

import (
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
)

// Measures returns every measure in the order they were created.
func (s *Store) Measures() ([]data.Measure, error) {
	var out []data.Measure
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = list[data.Measure](tx.Bucket(bucketMeasures))
		return err
	})
	return out, err
}

// MeasureByName returns the measure with the name (case-insensitive).
func (s *Store) MeasureByName(name string) (data.Measure, error) {
	measures, err := s.Measures()
	if err != nil {
		return data.Measure{}, err
	}
	for _, m := range measures {
		if strings.EqualFold(m.Name, name) {
			return m, nil
		}
	}
	names := make([]string, len(measures))
	for i, m := range measures {
		names[i] = m.Name
	}
	return data.Measure{}, data.Errorf(data.ENOTFOUND, "no measure named %q (the measures are: %s)", name, strings.Join(names, ", "))
}

// SaveMeasure creates or updates a measure; names are unique.
func (s *Store) SaveMeasure(m *data.Measure) error {
	return s.update(func(tx *bolt.Tx) error { return saveMeasure(tx, m) })
}

func saveMeasure(tx *bolt.Tx, m *data.Measure) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if m.ID == (data.ID{}) {
		m.ID = data.NewID()
	}
	b := tx.Bucket(bucketMeasures)
	others, err := list[data.Measure](b)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.ID != m.ID && strings.EqualFold(o.Name, m.Name) {
			return &data.Error{Code: data.ECONFLICT, Field: "name", Message: "measure name " + quoteID(m.Name) + " is already used"}
		}
	}
	if err := logPut(tx, entMeasure, m.ID[:], data.ID{}, *m); err != nil {
		return err
	}
	return put(b, m.ID[:], *m)
}

// Interventions returns the intervention catalog in creation order.
func (s *Store) Interventions() ([]data.Intervention, error) {
	var out []data.Intervention
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = list[data.Intervention](tx.Bucket(bucketInterventions))
		return err
	})
	return out, err
}

// SaveIntervention creates or updates a catalog entry.
func (s *Store) SaveIntervention(i *data.Intervention) error {
	return s.update(func(tx *bolt.Tx) error { return saveIntervention(tx, i) })
}

func saveIntervention(tx *bolt.Tx, i *data.Intervention) error {
	if err := i.Validate(); err != nil {
		return err
	}
	if i.ID == (data.ID{}) {
		i.ID = data.NewID()
	}
	if err := logPut(tx, entIntervention, i.ID[:], data.ID{}, *i); err != nil {
		return err
	}
	return put(tx.Bucket(bucketInterventions), i.ID[:], *i)
}
