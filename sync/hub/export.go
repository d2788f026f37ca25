package hub

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/tierline/tierline/data/spreadsheet"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/rollup"
)

// exportStall is how long a chunk of the export may take to reach the
// client: the server's write timeout would cut a long export short, so the
// deadline moves on with every chunk instead. A client that stops reading
// for this long is dropped.
const exportStall = 30 * time.Second

// exportDeadlineRows is how often (in rows) the deadline moves on.
const exportDeadlineRows = 2000

// exportCSV streams every current cell, one row each, straight from the
// store: neither the file nor the summaries are held in memory.
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request, _ hubstore.Session) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="tierline-district.csv"`)
	rc := http.NewResponseController(w)
	rows := 0
	extend := func() {
		if rows%exportDeadlineRows == 0 {
			rc.SetWriteDeadline(time.Now().Add(exportStall)) //nolint:errcheck // a server without deadlines needs none moved
		}
		rows++
	}
	// Large writes: a syscall per 4 KiB chunk was a tenth of the export's time.
	buf := bufio.NewWriterSize(w, 64<<10)
	err := writeExport(buf, func(each func(hubstore.Cell) error) error {
		return s.store.Cells(r.Context(), func(c hubstore.Cell) error {
			extend()
			return each(c)
		})
	})
	if err == nil {
		err = buf.Flush()
	}
	if err != nil {
		// The status is sent: end the response unfinished, so that the
		// browser reports a failed download instead of keeping a file cut
		// short as if it were whole.
		s.cfg.Logger.Warn("export", "err", err, "rows", rows)
		panic(http.ErrAbortHandler)
	}
}

// writeExport writes the cells through the formula-safe writer: every
// column, the school's own code and the measure included, since any of
// them may come from a school.
func writeExport(w io.Writer, cells func(each func(hubstore.Cell) error) error) error {
	cw := spreadsheet.NewWriter(w)
	cw.Write([]string{"school", "year", "window", "section", "measure", "grade", "dimension", "group", "n", "pct_at_or_above", "pct_tier2", "pct_tier3", "risk_ratio_tier3", "pct_adequate", "suppressed", "reason"}) //nolint:errcheck // cw.Error below
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	row := make([]string, 16)
	err := cells(func(c hubstore.Cell) error {
		n := ""
		if c.N != nil {
			n = strconv.Itoa(*c.N)
		}
		clear(row)
		copy(row, []string{c.School, c.Year, c.Window, c.Section, c.Measure, c.Grade, c.Dimension, c.Group, n})
		switch c.Section {
		case rollup.SectionProgress:
			row[9] = str(c.Pct)
		case rollup.SectionTiers:
			row[10], row[11] = str(c.Pct), str(c.Pct2)
			if c.RiskRatio != nil {
				row[12] = fmt.Sprint(*c.RiskRatio)
			}
		case rollup.SectionResponse:
			row[13] = str(c.Pct)
		}
		row[14], row[15] = strconv.FormatBool(c.Suppressed), c.Reason
		return cw.Write(row)
	})
	cw.Flush()
	if err != nil {
		return err
	}
	return cw.Error()
}
