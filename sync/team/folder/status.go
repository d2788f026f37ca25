package folder

import (
	"cmp"
	"errors"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/team/merge"
)

// Status is what the team settings show: the team, its members, the last sync, what waits.
type Status struct {
	Team      data.ID
	Folder    string
	Device    data.ID
	Name      string
	LastSync  time.Time // zero before the first
	Waiting   int       // this device's changes not yet in the folder
	Pending   int       // others' records waiting for a record they refer to
	Conflicts int
	Members   []MemberStatus
}

// MemberStatus is one member as this device knows it.
type MemberStatus struct {
	Device   data.ID
	Name     string
	Segments uint64
	LastSeen time.Time
	Self     bool
}

// TeamStatus reads the store's team status; ErrNoTeam when it is in none.
func TeamStatus(s *store.Store) (Status, error) {
	st, err := Load(s)
	if err != nil {
		return Status{}, err
	}
	out := Status{Team: st.Team.ID, Folder: st.Folder, Device: st.Device, Name: st.Name, LastSync: st.LastSync}
	waiting, _, err := s.ChangesSince(st.Published, 0, true)
	if err != nil {
		return out, err
	}
	out.Waiting = len(waiting)
	log, err := s.ChangeLog()
	if err != nil {
		return out, err
	}
	out.Pending = log.Waiting
	conflicts, err := s.Conflicts()
	if err != nil {
		return out, err
	}
	out.Conflicts = len(conflicts)
	out.Members = append(out.Members, MemberStatus{Device: st.Device, Name: st.Name, Segments: st.Next, LastSeen: st.LastSync, Self: true})
	for device, m := range st.Members {
		id, _ := uuid.Parse(device)
		out.Members = append(out.Members, MemberStatus{Device: id, Name: m.Name, Segments: m.Segments, LastSeen: m.LastSeen})
	}
	slices.SortFunc(out.Members[1:], func(a, b MemberStatus) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Device.String(), b.Device.String()))
	})
	return out, nil
}

// Conflict is one entry of the conflict list, with its author's name.
type Conflict struct {
	ID     string // the id of the change set aside: what Undo takes
	Entity string
	Key    []byte
	Reason merge.ConflictReason
	Device string
	Author string // the member's name, when known
	Clock  time.Time
	Value  string // the record as entered (JSON)
}

// Conflicts lists what the merge set aside, for the coordinator to look at.
func Conflicts(s *store.Store) ([]Conflict, error) {
	names := map[string]string{}
	if st, err := Load(s); err == nil {
		names[st.Device.String()] = st.Name
		for d, m := range st.Members {
			names[d] = m.Name
		}
	}
	list, err := s.Conflicts()
	if err != nil {
		return nil, err
	}
	out := make([]Conflict, len(list))
	for i, c := range list {
		value, err := store.RecordJSON(c.Change)
		if err != nil {
			value = "(damaged: " + err.Error() + ")"
		}
		out[i] = Conflict{ID: c.Change.ID, Entity: c.Change.Ref.Entity, Key: []byte(c.Change.Ref.Key), Reason: c.Reason, Device: c.Change.Device,
			Author: names[c.Change.Device], Clock: time.UnixMilli(c.Change.Clock.Wall).UTC(), Value: value}
	}
	return out, nil
}

// MemberNames maps each device of the team this store knows to its member's name; empty when
// the store is in no team.
func MemberNames(s *store.Store) (map[string]string, error) {
	names := map[string]string{}
	st, err := Load(s)
	if errors.Is(err, ErrNoTeam) {
		return names, nil
	}
	if err != nil {
		return nil, err
	}
	names[st.Device.String()] = st.Name
	for d, m := range st.Members {
		names[d] = m.Name
	}
	return names, nil
}
