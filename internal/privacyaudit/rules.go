package privacyaudit

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tierline/tierline/sync/summary"
)

// Rules are the public rules of publication the attacker models, written
// by the Go side from the builder's own tables so that attack.py never
// keeps a copy of them: the NCES coding ladder and the perturbation table.
type Rules struct {
	Ladder []summary.CodeRung `json:"ladder"`
	// PTables are the perturbation tables with the smallest cell each is
	// read for (a cell's counts are read from the last table whose MinN
	// its n reaches).
	PTables []RulesTable `json:"ptables"`
}

// RulesTable is one perturbation table, row by count.
type RulesTable struct {
	MinN int                     `json:"min_n"`
	Rows [][]summary.PTableEntry `json:"rows"`
}

// RulesFile is the name of the rules in a directory of cases.
const RulesFile = "rules.json"

// WriteRules writes the rules into dir, beside the cases.
func WriteRules(dir string) error {
	r := Rules{Ladder: summary.CodeLadder}
	for _, minN := range []int{0, summary.LargeCell} {
		table := summary.TableFor(minN)
		r.PTables = append(r.PTables, RulesTable{MinN: minN, Rows: table[:]})
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, RulesFile), b, 0o600); err != nil {
		return fmt.Errorf("write the audit's rules: %w", err)
	}
	return nil
}
