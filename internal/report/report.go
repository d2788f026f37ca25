// Package report lays out Tierline's printable reports as PDF: the
// one-page family report of a student (English or Spanish) and the review
// meeting's packet (one page per student due). It reads the store, draws
// the charts with charts/ and writes the page with fpdf; the window and
// the command line call the same functions.
package report

import (
	"bytes"
	"fmt"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
)

// The page: US Letter in millimetres, with margins a school printer keeps.
const (
	pageWidth  = 215.9
	pageHeight = 279.4
	margin     = 16.0
	textWidth  = pageWidth - 2*margin
	fontFamily = "Go"
)

// chartSize draws a chart at about 220 dpi across the text width: sharp in
// print, and its text is as large as the page's small print.
var chartSize = charts.Size{W: 1600, H: 820}

// document is a PDF being written, one page at a time.
type document struct {
	pdf    *fpdf.Fpdf
	charts int // charts embedded so far, to name each image
}

// newDocument starts a PDF in lang, dated on. The Go fonts are embedded: they
// cover every Latin, Greek and Cyrillic name, where the PDF core fonts
// know only Windows-1252.
func newDocument(title string, lang Lang, on data.Date) *document {
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(false, margin)
	pdf.AddUTF8FontFromBytes(fontFamily, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", gobold.TTF)
	pdf.SetTitle(title, true)
	pdf.SetCreator("Tierline", true)
	pdf.SetProducer("Tierline", true)
	pdf.SetLang(string(lang))
	pdf.SetCatalogSort(true) // the same school on the same day: the same bytes
	pdf.SetCreationDate(on.Time())
	pdf.SetModificationDate(on.Time())
	return &document{pdf: pdf}
}

// bytes finishes the document.
func (d *document) bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := d.pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("write the PDF: %w", err)
	}
	return b.Bytes(), nil
}

// text writes a paragraph at the cursor, wrapped to the text width.
func (d *document) text(s string, size float64, bold bool) {
	style := ""
	if bold {
		style = "B"
	}
	d.pdf.SetFont(fontFamily, style, size)
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetX(margin)
	d.pdf.MultiCell(textWidth, size*0.45, s, "", "L", false)
}

// grey writes a paragraph in grey: the page's small print.
func (d *document) grey(s string, size float64) {
	d.pdf.SetFont(fontFamily, "", size)
	d.pdf.SetTextColor(0x55, 0x55, 0x55)
	d.pdf.SetX(margin)
	d.pdf.MultiCell(textWidth, size*0.45, s, "", "L", false)
	d.pdf.SetTextColor(0, 0, 0)
}

// gap moves the cursor down by mm.
func (d *document) gap(mm float64) { d.pdf.SetY(d.pdf.GetY() + mm) }

// rule draws a thin line across the text width.
func (d *document) rule() {
	y := d.pdf.GetY()
	d.pdf.SetDrawColor(0xBB, 0xBB, 0xBB)
	d.pdf.SetLineWidth(0.3)
	d.pdf.Line(margin, y, pageWidth-margin, y)
}

// verdictColors mark the verdict's box with the charts' Okabe–Ito colours;
// the headline always says the verdict in words too.
var verdictColors = map[data.VerdictKind][3]int{
	data.Intensify:       {0xD5, 0x5E, 0x00},
	data.Continue:        {0x00, 0x9E, 0x73},
	data.RaiseGoal:       {0x00, 0x72, 0xB2},
	data.CollectMoreData: {0x6B, 0x6B, 0x6B},
}

// verdictBox writes the verdict's headline and its sentences beside a
// bar in the verdict's colour.
func (d *document) verdictBox(kind data.VerdictKind, headline string, lines []string) {
	top := d.pdf.GetY()
	const indent = 5.0
	d.pdf.SetLeftMargin(margin + indent)
	d.pdf.SetX(margin + indent)
	d.pdf.SetFont(fontFamily, "B", 15)
	d.pdf.MultiCell(textWidth-indent, 7, headline, "", "L", false)
	d.pdf.SetFont(fontFamily, "", 11)
	for _, l := range lines {
		d.pdf.SetX(margin + indent)
		d.pdf.MultiCell(textWidth-indent, 5.2, l, "", "L", false)
	}
	d.pdf.SetLeftMargin(margin)
	c := verdictColors[kind]
	d.pdf.SetFillColor(c[0], c[1], c[2])
	d.pdf.Rect(margin, top, 2, d.pdf.GetY()-top, "F")
}

// chart embeds a chart at the cursor across the text width.
func (d *document) chart(c *charts.Chart) error {
	png, err := c.Encode(charts.PNG)
	if err != nil {
		return err
	}
	d.charts++
	name := fmt.Sprintf("chart%d", d.charts)
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	d.pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(png))
	h := textWidth * float64(chartSize.H) / float64(chartSize.W)
	y := d.pdf.GetY()
	d.pdf.ImageOptions(name, margin, y, textWidth, h, false, opt, 0, "")
	d.pdf.SetY(y + h)
	return d.pdf.Error()
}

// fits reports whether the page's content ended above the bottom margin:
// a report that would spill onto a second page is an error, not a cut.
func (d *document) fits() error {
	if y := d.pdf.GetY(); y > pageHeight-margin {
		return fmt.Errorf("the page's content is %.0f mm too long for one page", y-(pageHeight-margin))
	}
	return nil
}

// checkboxes writes a box to tick before each label, in columns.
func (d *document) checkboxes(labels []string, columns int) {
	const box, row = 4.0, 7.0
	colWidth := textWidth / float64(columns)
	top := d.pdf.GetY()
	d.pdf.SetFont(fontFamily, "", 11)
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(0.3)
	for i, l := range labels {
		x := margin + float64(i%columns)*colWidth
		y := top + float64(i/columns)*row
		d.pdf.Rect(x, y+0.5, box, box, "D")
		d.pdf.SetXY(x+box+2, y)
		d.pdf.CellFormat(colWidth-box-4, 5, l, "", 0, "L", false, 0, "")
	}
	d.pdf.SetXY(margin, top+float64((len(labels)+columns-1)/columns)*row)
}

// field writes two labels, each followed by a line to write on.
func (d *document) field(label1 string, width1 float64, label2 string, width2 float64) {
	y := d.pdf.GetY()
	d.pdf.SetFont(fontFamily, "B", 11)
	x := margin
	for _, f := range []struct {
		label string
		width float64
	}{{label1, width1}, {label2, width2}} {
		d.pdf.SetXY(x, y)
		w := d.pdf.GetStringWidth(f.label) + 2
		d.pdf.CellFormat(w, 6, f.label, "", 0, "L", false, 0, "")
		d.pdf.SetDrawColor(0x77, 0x77, 0x77)
		d.pdf.Line(x+w, y+5.5, x+f.width, y+5.5)
		x += f.width + 8
	}
	d.pdf.SetXY(margin, y+7)
}

// lines draws n ruled lines to write a note on.
func (d *document) lines(n int) {
	d.pdf.SetDrawColor(0x99, 0x99, 0x99)
	d.pdf.SetLineWidth(0.2)
	y := d.pdf.GetY()
	for i := 1; i <= n; i++ {
		d.pdf.Line(margin, y+float64(i)*8, pageWidth-margin, y+float64(i)*8)
	}
	d.pdf.SetY(y + float64(n)*8 + 2)
}
