package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/internal/report"
)

func runReport(c *invocation, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("which report? student or review")
	}
	kind, args := args[0], args[1:]
	switch kind {
	case "student":
		return c.familyReport(args)
	case "review":
		return c.reviewPacket(args)
	}
	return usagef("unknown report %q: expected student or review", kind)
}

// familyReport writes a student's family report.
func (c *invocation) familyReport(args []string) error {
	const kind = "student"
	fs := c.flags("report " + kind)
	var out, lang, measure string
	fs.StringVar(&out, "o", "", "the PDF file to write")
	fs.StringVar(&lang, "lang", "en", "the language: en (English) or es (Spanish)")
	fs.StringVar(&measure, "measure", "", "the measure's name (default: the active plan's)")
	pos, err := parse(fs, args, "LOCALID")
	if err != nil {
		return err
	}
	if out == "" {
		return usagef("-o FILE.pdf is required")
	}
	l, err := report.ParseLang(lang)
	if err != nil {
		return usageError{data.ErrorMessage(err)}
	}
	return c.readStore(func(s *store.Store) error {
		st, err := s.StudentByLocalID(pos[0])
		if err != nil {
			return err
		}
		req := report.FamilyRequest{Student: st.ID, Lang: l, Today: c.today()}
		if measure != "" {
			m, err := s.MeasureByName(measure)
			if err != nil {
				return err
			}
			req.Measure = m.ID
		}
		pdf, err := report.Family(s, req)
		if err != nil {
			return err
		}
		return c.writeReport(out, pdf, map[string]any{"report": kind, "student": st.LocalID, "lang": l}, "the report of "+st.Name())
	})
}

// reviewPacket writes the review meeting's packet.
func (c *invocation) reviewPacket(args []string) error {
	fs := c.flags("report review")
	var out string
	var all bool
	fs.StringVar(&out, "o", "", "the PDF file to write")
	fs.BoolVar(&all, "all", false, "every plan of the review list, not only the reviews due this week")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if out == "" {
		return usagef("-o FILE.pdf is required")
	}
	return c.readStore(func(s *store.Store) error {
		pdf, pages, err := report.Review(s, report.ReviewRequest{Today: c.today(), All: all})
		if err != nil {
			if data.ErrorCode(err) == data.ENOTFOUND && !all {
				return fmt.Errorf("%w: add --all", err)
			}
			return err
		}
		return c.writeReport(out, pdf, map[string]any{"report": "review", "pages": pages}, fmt.Sprintf("the review meeting (%d pages)", pages))
	})
}

// writeReport writes a PDF whole or not at all (an older file of the same
// name stays until the new one is complete), and says so.
func (c *invocation) writeReport(path string, pdf []byte, summary map[string]any, what string) error {
	tmp := path + ".partial"
	if err := os.WriteFile(tmp, pdf, 0o644); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	summary["file"], summary["bytes"] = path, len(pdf)
	return c.print(summary, func(w io.Writer) {
		fmt.Fprintf(w, "Wrote %s to %s (%d KB).\n", what, path, len(pdf)/1024)
	})
}
