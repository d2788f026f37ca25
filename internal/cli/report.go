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
		return usagef("which report? student")
	}
	kind, args := args[0], args[1:]
	if kind != "student" {
		return usagef("unknown report %q: expected student", kind)
	}
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
		return c.writeReport(out, pdf, map[string]any{"report": kind, "student": st.LocalID, "lang": l}, st.Name())
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
		fmt.Fprintf(w, "Wrote the report of %s to %s (%d KB).\n", what, path, len(pdf)/1024)
	})
}
