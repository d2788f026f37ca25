package app

import (
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/internal/report"
)

// askPDF asks where to save a PDF, suggesting name, then writes it.
func askPDF(u host, name string, write func(w io.WriteCloser, name string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		write(w, w.URI().Name())
	}, u.window())
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	d.Show()
}

// writePDF builds a PDF off the UI goroutine (the progress bar shows
// meanwhile) and writes it to w, then tells status what happened.
func writePDF(u host, w io.WriteCloser, name string, status *widget.Label, what string, build func() ([]byte, error)) {
	status.SetText(fmt.Sprintf("Writing %s…", what))
	u.work(func() (func(), error) {
		defer w.Close()
		pdf, err := build()
		if err != nil {
			fyne.Do(func() { status.SetText("") })
			return nil, err
		}
		if _, err := w.Write(pdf); err != nil {
			fyne.Do(func() { status.SetText("") })
			// The machine's words, with what to do: nothing in the school is lost.
			return nil, data.Errorf(data.EUNAVAILABLE, "%s could not be written (%v): choose another folder or free some space, and save again", name, err)
		}
		return func() { status.SetText(fmt.Sprintf("Wrote %s to %s (%d KB).", what, name, len(pdf)/1024)) }, nil
	}, "Could not write "+what)
}

// askFamilyReport asks for the family report's language, then where to
// save it: the student and measure shown now.
func (s *studentScreen) askFamilyReport() {
	st, m := s.student, s.measure
	if st.ID == (data.ID{}) {
		return
	}
	langs := newOptions[report.Lang]()
	for _, l := range report.Langs {
		langs.add(l.Label(), l)
	}
	pick := widget.NewRadioGroup(langs.labels, nil)
	pick.Horizontal = true
	pick.SetSelected(report.English.Label())
	about := widget.NewLabel(fmt.Sprintf("A one-page report of %s's progress on %s for a family or IEP meeting: the chart, the goal, "+
		"the verdict in plain words and the sessions delivered.", st.GivenName, orDash(m.Name)))
	about.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Family report", "Save as PDF…", "Cancel", container.NewVBox(about, pick), func(ok bool) {
		lang, known := langs.values[pick.Selected]
		if !ok || !known {
			return
		}
		askPDF(s.ui, fmt.Sprintf("family-report-%s-%s.pdf", st.LocalID, lang), func(w io.WriteCloser, name string) {
			s.writeFamilyReport(w, name, report.FamilyRequest{Student: st.ID, Measure: m.ID, Lang: lang, Today: s.ui.today()})
		})
	}, s.ui.window())
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// writeFamilyReport writes the family report asked for to w.
func (s *studentScreen) writeFamilyReport(w io.WriteCloser, name string, req report.FamilyRequest) {
	store := s.ui.store()
	writePDF(s.ui, w, name, s.Saved, "the family report of "+s.student.ShortName(), func() ([]byte, error) { return report.Family(store, req) })
}

// askPacket asks whether the packet holds the reviews due this week or
// the whole list, then where to save it.
func (r *reviewScreen) askPacket() {
	if r.sc == nil {
		return
	}
	due := 0
	for _, it := range r.sc.review {
		if it.DueThisWeek() {
			due++
		}
	}
	dueLabel := "The reviews due this week (" + plural(due, "page", "pages") + ")"
	allLabel := "The whole review list (" + plural(len(r.sc.review), "page", "pages") + ")"
	pick := widget.NewRadioGroup([]string{dueLabel, allLabel}, nil)
	pick.SetSelected(dueLabel)
	if due == 0 {
		pick.SetSelected(allLabel)
	}
	about := widget.NewLabel("One page per student for the meeting: the chart, the verdict with its rule and numbers, and decision fields to fill in by hand.")
	about.Wrapping = fyne.TextWrapWord
	today := r.sc.today
	d := dialog.NewCustomConfirm("Meeting packet", "Save as PDF…", "Cancel", container.NewVBox(about, pick), func(ok bool) {
		if !ok || pick.Selected == "" {
			return
		}
		all := pick.Selected == allLabel
		askPDF(r.ui, fmt.Sprintf("tier-review-%s.pdf", today), func(w io.WriteCloser, name string) {
			r.writePacket(w, name, report.ReviewRequest{Today: today, All: all})
		})
	}, r.ui.window())
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// writePacket writes the meeting's packet to w.
func (r *reviewScreen) writePacket(w io.WriteCloser, name string, req report.ReviewRequest) {
	store := r.ui.store()
	writePDF(r.ui, w, name, r.Saved, "the meeting packet", func() ([]byte, error) {
		pdf, _, err := report.Review(store, req)
		return pdf, err
	})
}
