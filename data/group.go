package data

import "fmt"

// Dimension is a way of dividing students into groups.
type Dimension string

// The standard dimensions are derived from student fields; custom groups are
// named lists kept by the school and never synced.
const (
	DimRace       Dimension = "race"
	DimEL         Dimension = "el"
	DimDisability Dimension = "disability"
	Dim504        Dimension = "section504"
	DimEcon       Dimension = "econ"
	DimSex        Dimension = "sex"
	DimGrade      Dimension = "grade"
	DimCustom     Dimension = "custom"
)

// StandardDimensions are the dimensions every school has, in display order.
var StandardDimensions = []Dimension{DimRace, DimEL, DimDisability, Dim504, DimEcon, DimSex, DimGrade}

var dimensionLabels = map[Dimension]string{
	DimRace:       "Race/ethnicity",
	DimEL:         "English learners",
	DimDisability: "Students with disabilities",
	Dim504:        "Section 504",
	DimEcon:       "Economically disadvantaged",
	DimSex:        "Sex",
	DimGrade:      "Grade",
	DimCustom:     "Custom groups",
}

// Label returns the dimension's display name.
func (d Dimension) Label() string { return dimensionLabels[d] }

// ParseDimension reads a dimension name ("race", "el", ...).
func ParseDimension(s string) (Dimension, error) {
	if _, ok := dimensionLabels[Dimension(s)]; ok {
		return Dimension(s), nil
	}
	return "", fmt.Errorf("%s is not a group dimension (expected race, el, disability, section504, econ, sex, grade or custom)", Clip(s))
}

// Group is one student group: a dimension and a value (race=black, el=yes).
type Group struct {
	Dimension Dimension
	Value     string
}

// Yes and No are the values of the two-way dimensions (EL, disability, 504, econ).
const (
	Yes = "yes"
	No  = "no"
)

// Label returns the group's display name: "Black or African American",
// "English learners", "Not English learners", "Grade 3".
func (g Group) Label() string {
	switch g.Dimension {
	case DimRace:
		return Race(g.Value).Label()
	case DimGrade:
		return Grade(g.Value).Label()
	case DimSex:
		return map[string]string{"female": "Female", "male": "Male", "other": "Other", "unspecified": "Unspecified"}[g.Value]
	case DimEL, DimDisability, Dim504, DimEcon:
		yes := map[Dimension][2]string{
			DimEL:         {"English learners", "Not English learners"},
			DimDisability: {"Students with disabilities", "Students without disabilities"},
			Dim504:        {"Section 504", "Not Section 504"},
			DimEcon:       {"Economically disadvantaged", "Not economically disadvantaged"},
		}[g.Dimension]
		if g.Value == Yes {
			return yes[0]
		}
		return yes[1]
	}
	return g.Value
}

// DimensionValues returns every value of a standard dimension, in display
// order: the cells of the partition whose total is the whole school.
func DimensionValues(d Dimension) []string {
	switch d {
	case DimRace:
		out := make([]string, len(Races))
		for i, r := range Races {
			out[i] = string(r)
		}
		return out
	case DimSex:
		out := make([]string, len(Sexes))
		for i, s := range Sexes {
			out[i] = string(s)
		}
		return out
	case DimGrade:
		out := make([]string, len(Grades))
		for i, g := range Grades {
			out[i] = string(g)
		}
		return out
	case DimEL, DimDisability, Dim504, DimEcon:
		return []string{Yes, No}
	}
	return nil
}

// GroupValue returns the student's value in a standard dimension.
func (s Student) GroupValue(d Dimension) string {
	switch d {
	case DimRace:
		return string(s.Race)
	case DimEL:
		return yesNo(s.EnglishLearner)
	case DimDisability:
		return yesNo(s.Disability)
	case Dim504:
		return yesNo(s.Section504)
	case DimEcon:
		return yesNo(s.EconDisadvantaged)
	case DimSex:
		return string(s.Sex)
	case DimGrade:
		return string(s.Grade)
	}
	return ""
}

// InGroup reports whether the student belongs to the group.
func (s Student) InGroup(g Group) bool {
	if g.Dimension == DimCustom {
		for _, c := range s.CustomGroups {
			if c == g.Value {
				return true
			}
		}
		return false
	}
	return s.GroupValue(g.Dimension) == g.Value
}

func yesNo(b bool) string {
	if b {
		return Yes
	}
	return No
}
