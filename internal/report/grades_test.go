package report

import (
	"testing"

	"github.com/tierline/tierline/data"
)

// A family report names every grade in Spanish, the grades before
// kindergarten too; in English it uses the grade's label.
func TestGradeNamesInSpanish(t *testing.T) {
	es, en := words{Spanish}, words{English}
	for g, want := range map[string]string{"KG": "Kínder", "03": "Grado 3", "12": "Grado 12", "PK": "Prekínder", "TK": "Kínder de transición"} {
		if got := es.grade(data.Grade(g)); got != want {
			t.Errorf("%s in Spanish: %q, want %q", g, got, want)
		}
	}
	if got := en.grade(data.Grade("PK")); got != "Pre-kindergarten" {
		t.Errorf("PK in English: %q", got)
	}
}
