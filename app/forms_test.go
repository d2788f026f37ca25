package app

import (
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
)

// The student, phase and decision dialogs read their fields through plain
// functions: what they make, and the field each typo is named by, without
// a window.
func TestStudentFormParsing(t *testing.T) {
	base := data.Student{ID: data.NewID(), SourcedID: "s-77", Withdrawn: true, WithdrawnOn: data.NewDate(2026, 10, 1)}
	good := studentForm{LocalID: " 1001 ", GivenName: "Ana", FamilyName: " Ruiz", BirthDate: "3/4/2018", EnrolledFrom: "2025-08-18", CustomGroups: " Reading club, ,Tutoring ",
		Grade: "02", Sex: data.Female, Race: data.Hispanic, EnglishLearner: true, EconDisadvantaged: true}
	st, err := good.student(base)
	if err != nil || st.LocalID != "1001" || st.FamilyName != "Ruiz" || st.BirthDate != data.NewDate(2018, 3, 4) ||
		strings.Join(st.CustomGroups, "|") != "Reading club|Tutoring" || !st.EnglishLearner || st.Disability || st.Grade != "02" ||
		st.EnrolledFrom != data.NewDate(2025, 8, 18) {
		t.Fatalf("student %+v, %v", st, err)
	}
	if st.ID != base.ID || st.SourcedID != "s-77" || !st.Withdrawn {
		t.Errorf("what the form does not show changed: %+v", st)
	}
	for field, change := range map[string]func(*studentForm){
		"birth date":    func(f *studentForm) { f.BirthDate = "2018-02-30" },
		"local id":      func(f *studentForm) { f.LocalID = "10\n01" },
		"given name":    func(f *studentForm) { f.GivenName = "A\u202eB" },
		"enrolled from": func(f *studentForm) { f.EnrolledFrom = "soon" },
		"withdrawn on":  func(f *studentForm) { f.EnrolledFrom = "2026-10-02" }, // after the withdrawal
	} {
		f := good
		change(&f)
		got, err := f.student(base)
		if fieldOf(err) != field || data.ErrorCode(err) != data.EINVALID || got.ID != base.ID || got.LocalID != base.LocalID {
			t.Errorf("%s: error %v on field %q, student %+v", field, err, fieldOf(err), got)
		}
	}
}

func TestPhaseFormParsing(t *testing.T) {
	first := data.Phase{Start: data.NewDate(2026, 9, 14), Intervention: data.NewID(), SessionsPerWeek: 3, MinutesPerSession: 20}
	p := data.Plan{ID: data.NewID(), Student: data.NewID(), Tier: 2, Interventionist: "Ms Grant", Status: data.Active, Phases: []data.Phase{first},
		Review: data.NewDate(2026, 10, 26), Goal: data.Goal{Measure: data.NewID(), Target: 70, TargetDate: data.NewDate(2027, 5, 15)}}
	iv := data.Intervention{ID: data.NewID()}
	good := phaseForm{Start: "2026-11-02", Sessions: "5", Minutes: "30", Note: " flat trend "}
	out, err := good.plan(p, iv)
	if err != nil || len(out.Phases) != 2 || out.Current().Intervention != iv.ID || out.Current().MinutesPerSession != 30 || out.Current().Note != "flat trend" {
		t.Fatalf("plan %+v, %v", out, err)
	}
	if len(p.Phases) != 1 {
		t.Errorf("the plan given was changed: %d phases", len(p.Phases))
	}
	for field, change := range map[string]func(*phaseForm){
		"start":               func(f *phaseForm) { f.Start = "tomorrow" },
		"sessions per week":   func(f *phaseForm) { f.Sessions = "2.5" },
		"minutes per session": func(f *phaseForm) { f.Minutes = "" },
	} {
		f := good
		change(&f)
		if got, err := f.plan(p, iv); fieldOf(err) != field || len(got.Phases) != 1 {
			t.Errorf("%s: error %v on field %q, %d phases", field, err, fieldOf(err), len(got.Phases))
		}
	}
}

func TestDecisionFormParsing(t *testing.T) {
	d := data.Decision{Student: data.NewID(), Plan: data.NewID(), Verdict: data.Intensify, Decision: data.DecideIntensify}
	got, err := decisionForm{Date: "2026-11-23", NextReview: "2027-01-04", Note: " more minutes \n"}.decision(d)
	if err != nil || got.Date != data.NewDate(2026, 11, 23) || got.NextReview != data.NewDate(2027, 1, 4) || got.Note != "more minutes" || got.Decision != data.DecideIntensify {
		t.Fatalf("decision %+v, %v", got, err)
	}
	for field, f := range map[string]decisionForm{
		"date":        {Date: "23/11/2026", NextReview: "2027-01-04"},
		"next review": {Date: "2026-11-23", NextReview: ""},
	} {
		if _, err := f.decision(d); fieldOf(err) != field {
			t.Errorf("%s: error %v on field %q", field, err, fieldOf(err))
		}
	}
}
