package report

import (
	"fmt"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/store"
)

// ReviewRequest asks for the review meeting's packet.
type ReviewRequest struct {
	Today data.Date
	// All puts every plan of the review list in the packet, not only the
	// reviews due this week.
	All bool
}

// Review writes the review meeting's packet: one page per plan due for
// review (review date within 7 days or past), in the review list's order
// of need, each with the student's chart, the verdict with its rule and
// numbers, and decision fields to fill in by hand. It returns the PDF
// and its number of pages.
func Review(s *store.Store, req ReviewRequest) ([]byte, int, error) {
	in, err := s.ReviewData(req.Today)
	if err != nil {
		return nil, 0, err
	}
	ivs, err := s.Interventions()
	if err != nil {
		return nil, 0, err
	}
	items := packetItems(analysis.ReviewList(in), req.All)
	if len(items) == 0 {
		if req.All {
			return nil, 0, data.Errorf(data.ENOTFOUND, "the review list is empty: no Tier 2 or 3 student has an active plan")
		}
		return nil, 0, data.Errorf(data.ENOTFOUND, "no review is due this week (a review date within 7 days or past); the whole review list can be printed instead")
	}
	d := newDocument(fmt.Sprintf("Tier review, %s", req.Today.Short()), English, req.Today)
	for i, it := range items {
		names := it.Plan.PhaseNames(ivs)
		c, err := charts.Student(charts.StudentInput{Progress: it.Progress, Settings: in.Settings, AsOf: req.Today, PhaseNames: names, NoCaption: true}, chartSize)
		if err != nil {
			return nil, 0, err
		}
		d.pdf.AddPage()
		page := reviewPage{school: in.Settings.Name, today: req.Today, item: it, page: i + 1, pages: len(items)}
		if len(names) > 0 {
			page.intervention = names[len(names)-1]
		}
		if err := page.write(d, c); err != nil {
			return nil, 0, fmt.Errorf("the review page of %s: %w", it.Student.Name(), err)
		}
	}
	pdf, err := d.bytes()
	return pdf, len(items), err
}

// packetItems are the review list's plans the packet holds, in its order.
func packetItems(list []analysis.ReviewItem, all bool) []analysis.ReviewItem {
	var out []analysis.ReviewItem
	for _, it := range list {
		if all || it.DueThisWeek() {
			out = append(out, it)
		}
	}
	return out
}

// reviewPage is one student's page of the packet.
type reviewPage struct {
	school       string
	today        data.Date
	item         analysis.ReviewItem
	intervention string // the current phase's
	page, pages  int
}

func (r reviewPage) write(d *document, c *charts.Chart) error {
	it := r.item
	st, p, v := it.Student, it.Plan, it.Progress.Current.Verdict
	d.grey(fmt.Sprintf("Tier review · %s · %s · page %d of %d", r.school, r.today.Short(), r.page, r.pages), 9)
	d.gap(2)
	d.text(fmt.Sprintf("%s · %s · %s · #%s", st.Name(), st.Grade.Label(), it.Tier.Label(), st.LocalID), 17, true)
	ph := p.Current()
	d.text(fmt.Sprintf("%s, %d sessions a week of %d min, with %s since %s · %s · review %s (%s)", orDash(r.intervention), ph.SessionsPerWeek, ph.MinutesPerSession,
		orDash(p.Interventionist), p.Start().Short(), it.Progress.Measure.Name, p.Review.Short(), it.DueText()), 10, false)
	d.gap(3)
	explanation := v.Explanation
	if v.Rule != analysis.RuleNone {
		explanation = v.Rule.Label() + ": " + explanation
	}
	lines := []string{explanation}
	if !v.FidelityWarning { // a warning's explanation has said it already
		lines = append(lines, it.Progress.Current.Fidelity.Sentence())
	}
	d.verdictBox(v.Kind, v.Headline(), lines)
	d.gap(3)
	if err := d.chart(c); err != nil {
		return err
	}
	d.gap(4)
	d.text("Decision", 13, true)
	d.gap(1)
	d.checkboxes(decisionLabels(), 2)
	d.gap(3)
	d.field("Next review", textWidth/2-4, "Decided by", textWidth/2-4)
	d.gap(3)
	d.text("Note", 11, true)
	d.lines(3)
	return d.fits()
}

// decisionLabels are the team's decisions as the Review form offers them.
func decisionLabels() []string {
	out := make([]string, len(data.TeamDecisions))
	for i, td := range data.TeamDecisions {
		out[i] = td.Label()
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
