package folder

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/team/merge"
)

// JoinPlan says what joining a team does to the school already in this store, so the user is
// told before anything happens.
type JoinPlan struct {
	TeamMembers   int // devices with segments in the folder
	TeamStudents  int
	LocalStudents int
	Matched       int  // local students matched to a team student by local id: merged into it
	Shared        int  // local students the team does not have yet: shared with it
	Added         int  // team students this store will receive
	Measures      int  // local measures matched to the team's by name
	Interventions int  // local interventions matched to the team's by name
	TeamSettings  bool // the team's school settings replace this store's
	Refused       []SegmentError
	ids           map[data.ID]data.ID
}

// Sentences tells the plan in words.
func (p *JoinPlan) Sentences() []string {
	if p.LocalStudents == 0 && p.Measures == 0 {
		return []string{fmt.Sprintf("This laptop holds no school yet: it will receive the team's %d students from %d member(s).", p.TeamStudents, p.TeamMembers)}
	}
	out := []string{
		fmt.Sprintf("The team folder holds %d students from %d member(s); this laptop holds %d.", p.TeamStudents, p.TeamMembers, p.LocalStudents),
		fmt.Sprintf("%d of this laptop's students have the local id of a team student and will be merged into them: their scores, plans, sessions, tier changes and decisions are kept, and where both sides edited the student the later edit wins.", p.Matched),
		fmt.Sprintf("%d of this laptop's students are new to the team and will be shared; %d team students will be added here.", p.Shared, p.Added),
	}
	if p.Measures+p.Interventions > 0 {
		out = append(out, fmt.Sprintf("%d measures and %d interventions match the team's by name and become the team's.", p.Measures, p.Interventions))
	}
	if p.TeamSettings {
		out = append(out, "The team's school settings (name, years, windows) replace this laptop's.")
	}
	return out
}

// PlanJoin reads the team folder with the code's key and compares the team's school with this
// store's; it changes nothing.
func PlanJoin(s *store.Store, code, folder string) (*JoinPlan, error) {
	t, err := ParseJoinCode(code)
	if err != nil {
		return nil, err
	}
	if _, err := Load(s); err == nil {
		return nil, data.Errorf(data.ECONFLICT, "this store is already in a team")
	}
	device, err := s.Device()
	if err != nil {
		return nil, err
	}
	var rep Report
	// A team whose key was changed since: the rotations give the keys of the older segments.
	ring := &State{Team: t, Folder: folder}
	if _, err := ring.followRotations(&rep); err != nil {
		return nil, err
	}
	got, err := readFolder(ring.keys(), ring.Removed, folder, device, map[string]uint64{}, &rep)
	if err != nil {
		return nil, err
	}
	p := &JoinPlan{TeamMembers: len(got), Refused: rep.Refused, ids: map[data.ID]data.ID{}}
	state := merge.New()
	for _, r := range got {
		state.Apply(r.changes...)
	}
	teamStudents, teamMeasures, teamInterventions := map[string]data.ID{}, map[string]data.ID{}, map[string]data.ID{}
	for _, c := range state.Records() {
		switch c.Ref.Entity {
		case "settings":
			p.TeamSettings = true
		case "student":
			var st data.Student
			if json.Unmarshal(c.Body, &st) == nil {
				teamStudents[st.LocalID] = st.ID
			}
		case "measure":
			var m data.Measure
			if json.Unmarshal(c.Body, &m) == nil {
				teamMeasures[strings.ToLower(m.Name)] = m.ID
			}
		case "intervention":
			var i data.Intervention
			if json.Unmarshal(c.Body, &i) == nil {
				teamInterventions[strings.ToLower(i.Name)] = i.ID
			}
		}
	}
	p.TeamStudents = len(teamStudents)
	empty, err := s.IsEmpty()
	if err != nil || empty {
		p.Added = p.TeamStudents
		return p, err
	}
	students, err := s.Students()
	if err != nil {
		return nil, err
	}
	p.LocalStudents = len(students)
	for _, st := range students {
		if id, ok := teamStudents[st.LocalID]; ok {
			p.Matched++
			if id != st.ID {
				p.ids[st.ID] = id
			}
		} else {
			p.Shared++
		}
	}
	p.Added = p.TeamStudents - p.Matched
	measures, err := s.Measures()
	if err != nil {
		return nil, err
	}
	for _, m := range measures {
		if id, ok := teamMeasures[strings.ToLower(m.Name)]; ok {
			p.Measures++
			if id != m.ID {
				p.ids[m.ID] = id
			}
		}
	}
	interventions, err := s.Interventions()
	if err != nil {
		return nil, err
	}
	for _, i := range interventions {
		if id, ok := teamInterventions[strings.ToLower(i.Name)]; ok {
			p.Interventions++
			if id != i.ID {
				p.ids[i.ID] = id
			}
		}
	}
	return p, nil
}

// Join makes this store a member of the team whose code it is given, sharing folder, after
// carrying out plan (from PlanJoin with the same code and folder): matched records take the
// team's ids, and the school is logged to be shared.
func Join(s *store.Store, code, folder, name string, plan *JoinPlan) (*State, error) {
	t, err := ParseJoinCode(code)
	if err != nil {
		return nil, err
	}
	if err := checkName(name); err != nil {
		return nil, err
	}
	if plan == nil {
		if plan, err = PlanJoin(s, code, folder); err != nil {
			return nil, err
		}
	}
	if len(plan.ids) > 0 {
		if err := s.JoinAs(plan.ids); err != nil {
			return nil, err
		}
	}
	return begin(s, t, folder, name, !plan.TeamSettings)
}
