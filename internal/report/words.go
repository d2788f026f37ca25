package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/tierline/tierline/data"
)

// Lang is the language a family report is written in.
type Lang string

// The languages of the family report.
const (
	English Lang = "en"
	Spanish Lang = "es"
)

// ParseLang reads a language code: en or es.
func ParseLang(s string) (Lang, error) {
	switch l := Lang(strings.ToLower(strings.TrimSpace(s))); l {
	case English, Spanish:
		return l, nil
	}
	return "", data.Errorf(data.EINVALID, "language %q: the family report is written in en (English) or es (Spanish)", s)
}

// Label names the language in itself, for a picker.
func (l Lang) Label() string {
	if l == Spanish {
		return "Español"
	}
	return "English"
}

// Langs are the report's languages, in the order a picker lists them.
var Langs = []Lang{English, Spanish}

// message is one sentence of the family report in each language. The
// wording is for parents, not for the team: no "ROI", "aimline" or "tier";
// short sentences; "your child" only where the name would repeat.
type message struct{ en, es string }

// The family report's messages. %s and %d are filled in order; the
// Spanish wording was reviewed for plain, family-friendly Spanish (usted
// is not needed: the sentences speak about the child, not to the parent).
var (
	msgTitle       = message{"Progress report: %s", "Informe de progreso: %s"}
	msgSchoolLine  = message{"%s · %s · %s", "%s · %s · %s"}
	msgHowIsDoing  = message{"How is %s doing?", "¿Cómo va %s?"}
	msgTheGoal     = message{"The goal", "La meta"}
	msgTheSupport  = message{"The extra support", "El apoyo adicional"}
	msgQuestions   = message{"Questions? Please contact %s or your child's teacher.", "¿Tiene preguntas? Comuníquese con %s o con el maestro o la maestra de su hijo o hija."}
	msgQuestionsNo = message{"Questions? Please contact your child's teacher.", "¿Tiene preguntas? Comuníquese con el maestro o la maestra de su hijo o hija."}
	msgPrepared    = message{"Prepared by the school's student support team on %s.", "Preparado por el equipo de apoyo estudiantil de la escuela el %s."}

	// The verdict in plain words: a headline and what the school will do.
	msgHeadline = map[data.VerdictKind]message{
		data.Continue:        {"Making progress", "Está avanzando"},
		data.Intensify:       {"Needs more support", "Necesita más apoyo"},
		data.RaiseGoal:       {"Ahead of the plan", "Va más rápido de lo previsto"},
		data.CollectMoreData: {"Too early to tell", "Todavía es pronto para saberlo"},
	}
	msgVerdict = map[data.VerdictKind]message{
		data.Continue: {"%s is making progress toward the goal. The school will keep the same support and keep checking progress.",
			"%s está avanzando hacia la meta. La escuela mantendrá el mismo apoyo y seguirá revisando su progreso."},
		data.Intensify: {"%s is not yet growing fast enough to reach the goal. The team will change the support or add more of it.",
			"%s todavía no avanza lo suficiente para llegar a la meta. El equipo va a cambiar el apoyo o a darle más."},
		data.RaiseGoal: {"%s is growing faster than planned. The team may set a higher goal or reduce the extra support.",
			"%s está avanzando más rápido de lo previsto. El equipo puede poner una meta más alta o reducir el apoyo adicional."},
		data.CollectMoreData: {"%s needs a few more checks before the team can tell whether the support is working.",
			"Hacen falta algunas evaluaciones más de %s antes de que el equipo pueda saber si el apoyo está funcionando."},
	}
	msgFewerSessions = message{"Fewer support sessions took place than planned, so the school will first make sure %s gets every planned session.",
		"Se dieron menos sesiones de apoyo de las previstas, así que la escuela primero se asegurará de que %s reciba todas las sesiones planeadas."}
	msgLatest     = message{"Latest score: %s on %s.", "Último resultado: %s el %s."}
	msgNoScores   = message{"No scores yet.", "Todavía no hay resultados."}
	msgProjection = message{"At the current pace, %s would reach about %s by %s; the goal is %s.",
		"Al ritmo actual, %s llegaría a unos %s para el %s; la meta es %s."}

	msgGoal       = message{"By %s: %s on %s.", "Para el %s: %s en %s."}
	msgGoalStart  = message{"Starting point: %s.", "Punto de partida: %s."}
	msgNoPlanHead = message{"No extra support plan", "Sin plan de apoyo adicional"}
	msgNoPlan     = message{"%s has no extra support plan on %s right now: %[1]s learns with the rest of the class. The chart shows the scores of the school year.",
		"%s no tiene ahora un plan de apoyo adicional en %s: aprende con el resto de la clase. La gráfica muestra los resultados del año escolar."}
	msgSupport    = message{"%s, %d times a week for %d minutes, with %s, since %s.", "%s, %d veces por semana durante %d minutos, con %s, desde el %s."}
	msgDelivered  = message{"Sessions delivered: %d of the %d planned so far (%d%%).", "Sesiones recibidas: %d de las %d planeadas hasta ahora (%d%%)."}
	msgAttended   = message{"%s attended %d of the %d sessions held.", "%s asistió a %d de las %d sesiones que se dieron."}
	msgNotYetDue  = message{"The support started recently: %d sessions so far.", "El apoyo empezó hace poco: %d sesiones hasta ahora."}
	msgChartWords = message{"Each blue dot is one short check of %s's skills. The dashed line is the path to the goal; the green line is the trend of the checks. The shaded bands show the grade-level benchmark: at or above it, below it, and well below it.",
		"Cada punto azul es una evaluación breve de las habilidades de %s. La línea discontinua es el camino hacia la meta; la línea verde muestra la tendencia de los resultados. Las franjas de color muestran el nivel esperado para el grado: en el nivel o por encima, por debajo, y muy por debajo."}

	// The chart's words on a family report: the English ones a family
	// reads more easily, and every one in Spanish.
	chartWords = map[string]message{
		"Progress score":                    {"Progress check", "Evaluación breve"},
		"Screening score":                   {"School-wide check", "Evaluación de todo el grado"},
		"Goal line":                         {"Path to the goal", "Camino a la meta"},
		"Trend":                             {"Trend", "Tendencia"},
		"Goal":                              {"Goal", "Meta"},
		"At/above benchmark":                {"At/above benchmark", "En el nivel esperado o más"},
		"Below benchmark":                   {"Below benchmark", "Por debajo del nivel"},
		"Well below":                        {"Well below", "Muy por debajo"},
		"At/above":                          {"At/above", "En el nivel o más"},
		"Below":                             {"Below", "Por debajo"},
		"Benchmark":                         {"Benchmark", "Nivel esperado"},
		"Earlier score":                     {"Earlier check", "Evaluación anterior"},
		"Projection (95%)":                  {"Likely range at the goal date", "Rango probable en la fecha de la meta"},
		"Phase":                             {"Phase", "Etapa"},
		"lower is better":                   {"lower is better", "menos es mejor"},
		"No scores yet — add the first one": {"No scores yet", "Todavía no hay resultados"},
		"Jan":                               {"Jan", "ene"}, "Feb": {"Feb", "feb"}, "Mar": {"Mar", "mar"}, "Apr": {"Apr", "abr"},
		"May": {"May", "may"}, "Jun": {"Jun", "jun"}, "Jul": {"Jul", "jul"}, "Aug": {"Aug", "ago"},
		"Sep": {"Sep", "sept"}, "Oct": {"Oct", "oct"}, "Nov": {"Nov", "nov"}, "Dec": {"Dec", "dic"},
		// the value axis: the published measures' units, short
		"wcpm":           {"wcpm", "palabras por min."},
		"words correct":  {"words correct", "palabras correctas"},
		"segments":       {"sounds a minute", "sonidos por min."},
		"digits correct": {"digits correct", "dígitos correctos"},
	}

	// Units a family can read, for the units of the published measures.
	msgUnits = map[string]message{
		"wcpm":           {"words read correctly in a minute", "palabras leídas correctamente en un minuto"},
		"words correct":  {"words read correctly", "palabras leídas correctamente"},
		"segments":       {"sounds in spoken words said correctly in a minute", "sonidos de las palabras dichos correctamente en un minuto"},
		"digits correct": {"correct digits in math answers", "dígitos correctos en las respuestas de matemáticas"},
	}
)

// in returns the message in l.
func (m message) in(l Lang) string {
	if l == Spanish {
		return m.es
	}
	return m.en
}

// words writes the report's sentences in one language.
type words struct{ lang Lang }

func (w words) f(m message, args ...any) string { return fmt.Sprintf(m.in(w.lang), args...) }

// amount says a score with its unit in words: "52 words read correctly in a minute".
func (w words) amount(v float64, m data.Measure) string {
	unit := m.Unit
	if u, ok := msgUnits[strings.ToLower(unit)]; ok {
		unit = u.in(w.lang)
	}
	return strings.TrimSpace(wholeNumber(v) + " " + unit)
}

var spanishMonths = [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}

// date writes a date in full: "November 23, 2026", "23 de noviembre de 2026".
func (w words) date(d data.Date) string {
	if w.lang == Spanish {
		return fmt.Sprintf("%d de %s de %d", d.Day, spanishMonths[d.Month-time.January], d.Year)
	}
	return fmt.Sprintf("%s %d, %d", d.Month, d.Day, d.Year)
}

// grade names a grade: "Grade 3", "Grado 3", "Kínder".
func (w words) grade(g data.Grade) string {
	if w.lang != Spanish || g.Index() < 0 {
		return g.Label()
	}
	if name, ok := spanishGradeNames[g]; ok {
		return name
	}
	return fmt.Sprintf("Grado %d", g.Number())
}

// spanishGradeNames are the grades that are not numbered, as US schools
// write them in Spanish.
var spanishGradeNames = map[data.Grade]string{"KG": "Kínder", "TK": "Kínder de transición", "PK": "Prekínder",
	"PR": "Preescolar", "IT": "Bebés y niños pequeños"}

// chart returns the chart's words for a student in w's language.
func (w words) chart(g data.Grade) map[string]string {
	out := map[string]string{g.Label(): w.grade(g)}
	for en, m := range chartWords {
		out[en] = m.in(w.lang)
	}
	return out
}

// wholeNumber rounds a score for a family: 58.8 is "59".
func wholeNumber(v float64) string { return fmt.Sprintf("%.0f", v) }
