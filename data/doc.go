// Package data holds Tierline's domain: a school's settings and calendar,
// students and the groups they belong to, measures and their benchmarks,
// scores, tiers, intervention plans, sessions and decisions, with the rules
// that make each one valid. It does no I/O and knows nothing of the window,
// the store or the network; the analyses built on these types (trends,
// verdicts, group progress, tiers, the review list) live in data/analysis.
package data
