package data

// VerdictKind is what the decision rules recommend for a student's plan.
type VerdictKind string

// The verdicts, with the names the CLI's JSON uses.
const (
	CollectMoreData VerdictKind = "collect_more_data"
	Continue        VerdictKind = "continue"
	Intensify       VerdictKind = "intensify"
	RaiseGoal       VerdictKind = "raise_goal"
)

// Headline returns the verdict as a teacher reads it.
func (v VerdictKind) Headline() string {
	return map[VerdictKind]string{
		CollectMoreData: "Collect more data",
		Continue:        "Continue the plan",
		Intensify:       "Intensify or change the intervention",
		RaiseGoal:       "Raise the goal or consider fading support",
	}[v]
}

// NeedsTeam reports whether the verdict asks the team to act.
func (v VerdictKind) NeedsTeam() bool { return v == Intensify || v == RaiseGoal }
