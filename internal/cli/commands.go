package cli

// commands is every subcommand of the tierline binary, in the order the
// help lists them: setting up, data in and out, plans, analysis, the
// district, the store's upkeep.
var commands = []command{
	{"init", "--school NAME --code C --district D [--year 2026-2027] [--windows fall=FIRST..LAST,...] [--k 10] [--measures CODE,...] | --settings FILE", "set up a new school in an empty store", runInit},
	{"measure", "add --catalog CODE | add --name NAME --unit U [--code C] [--cut 3:fall=83/59 ...] | edit NAME [--code C] [...] | list [--catalog]", "the school's measures and the catalog of published ones", runMeasure},
	{"intervention", "add --name NAME [--tier 2] [--sessions 3] [--minutes 30] | list", "the school's intervention catalog", runIntervention},
	{"demo", "[--size small|large] [--if-empty]", "write the demo school into the store", runDemo},
	{"import", "oneroster DIR|ZIP [--org ID|NAME] [--yes] [--grade G] | flags|students|plans|sessions|tiers|decisions FILE | school DIR | scores FILE [--layout L] [--measure NAME | --measure-map LABEL=NAME,...] [--kind K] [--map F=COL,...] [--dates mdy|dmy] [--year Y] | layouts", "import a roster, flags, scores or a Tierline export (--dry-run to only check)", runImport},
	{"export", "students|scores|plans|sessions|tiers|decisions FILE | school DIR", "write records as CSV, or the whole school to move it", runExport},
	{"plan", "add LOCALID --intervention NAME --measure NAME --target N --interventionist NAME [--tier 2] [--start D] [--review D]", "start an intervention plan (and move the student to its tier)", runPlan},
	{"progress", "LOCALID --measure NAME", "a student's trend, ROI and decision-rule verdict", runProgress},
	{"groups", "--measure NAME --window W [--year Y]", "% at/above benchmark and gaps by student group", runGroups},
	{"review", "[--csv FILE]", "the tier-review list: Tier 2/3 plans, most in need first (--csv: as a spreadsheet)", runReview},
	{"chart", "student LOCALID --measure NAME -o FILE | groups|gaps|tiers --measure NAME --dimension D -o FILE", "draw a chart to a .png or .svg file", runChart},
	{"report", "student LOCALID -o FILE.pdf [--lang en|es] [--measure NAME] | review -o FILE.pdf [--all]", "write a student's one-page family report (English or Spanish) or the review meeting's packet as PDF", runReport},
	{"summary", "--window fall|winter|spring [--year Y]", "print the de-identified summary a window would send to the district", runSummary},
	{"sync", "[--queue fall|winter|spring|all [--year Y]] [--hub URL --token-file FILE] [--status]", "send the waiting summaries to the district hub (queue a window's first; set the hub)", runSync},
	{"team", "create --folder DIR --name NAME | join CODE --folder DIR --name NAME [--yes] | sync | status | conflicts | undo ID | remove NAME|DEVICE", "share the school with the MTSS team's other laptops through a shared folder", runTeam},
	{"check", "", "check the store's consistency", runCheck},
	{"backup", "FILE", "write a verified copy of the store to FILE", runBackup},
	{"restore", "FILE", "replace the store with a backup (the old one is kept as *.before-restore)", runRestore},
	{"version", "", "print the version", runVersion},
}
