// Package analysis turns a school's records into what the MTSS team reads:
// a student's trend line and decision-rule verdict, the review list, each
// group's progress and gap, tier placement and risk ratios, intervention
// fidelity and response. Every function is pure: the same records give the
// same answer, from the window, the command line and the district summary.
package analysis
