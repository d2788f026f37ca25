package hubapi

// PathCells is the read-only cells API for BI tools (Power BI, Tableau):
// GET with Authorization: Bearer <API token>, filtered by the query
// parameters year, window, measure and dimension.
const PathCells = "/api/v1/cells"

// CellsSchema names the cells API's answer.
const CellsSchema = "tierline.cells/v1"

// Cells is the answer of GET /api/v1/cells: the current summaries' cells,
// the same rows as the dashboard's export.csv.
type Cells struct {
	Schema string `json:"schema"`
	// AsOf is when the newest summary the hub holds arrived (RFC 3339),
	// empty when it holds none.
	AsOf  string `json:"as_of"`
	Cells []Cell `json:"cells"`
}

// Cell is one published cell of one school's summary. The percentages
// are coded as the school sent them ("38", "≥95", "≤5"); a field that
// does not apply to the section is null.
type Cell struct {
	School    string `json:"school"`
	Year      string `json:"year"`
	Window    string `json:"window"`
	Section   string `json:"section"` // progress, tiers or response
	Measure   string `json:"measure"` // "" for tiers
	Grade     string `json:"grade"`   // "all" or a grade code
	Dimension string `json:"dimension"`
	Group     string `json:"group"`
	// N is students (progress, tiers) or intervention plans (response);
	// null in a suppressed v1 cell.
	N              *int     `json:"n"`
	PctAtOrAbove   *string  `json:"pct_at_or_above"`
	PctTier2       *string  `json:"pct_tier2"`
	PctTier3       *string  `json:"pct_tier3"`
	RiskRatioTier3 *float64 `json:"risk_ratio_tier3"`
	PctAdequate    *string  `json:"pct_adequate"`
	// Suppressed and Reason are set only by summaries of schema v1.
	Suppressed bool   `json:"suppressed"`
	Reason     string `json:"reason"`
}
