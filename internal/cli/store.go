package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/store"
)

func runDemo(c *invocation, args []string) error {
	fs := c.flags("demo")
	size := fs.String("size", "small", "small (about 400 students K-5) or large (about 2,500 students K-8)")
	ifEmpty := fs.Bool("if-empty", false, "do nothing when the store already holds a school")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	sz, err := demo.ParseSize(*size)
	if err != nil {
		return usageError{err.Error()}
	}
	return c.withStore(func(s *store.Store) error {
		empty, err := s.IsEmpty()
		if err != nil {
			return err
		}
		if !empty {
			if *ifEmpty {
				fmt.Fprintf(c.stdout, "%s already holds a school; left as it is.\n", s.Path())
				return nil
			}
			return fmt.Errorf("%s already holds a school: give an empty --data folder for the demo", s.Path())
		}
		snap, err := demo.School(demo.Options{Today: c.today(), Size: sz})
		if err != nil {
			return err
		}
		if err := s.Initialize(&snap); err != nil {
			return err
		}
		return c.print(map[string]any{"school": snap.Settings.Name, "students": len(snap.Students), "scores": len(snap.Scores), "plans": len(snap.Plans), "store": s.Path()},
			func(w io.Writer) {
				fmt.Fprintf(w, "Wrote the demo school %s to %s: %d students, %d scores, %d plans, %d sessions.\n",
					snap.Settings.Name, s.Path(), len(snap.Students), len(snap.Scores), len(snap.Plans), len(snap.Sessions))
			})
	})
}

func runCheck(c *invocation, args []string) error {
	if _, err := parse(c.flags("check"), args); err != nil {
		return err
	}
	return c.readStore(func(s *store.Store) error {
		problems := s.Check()
		version, err := s.Version()
		if err != nil {
			return err
		}
		report := map[string]any{"store": s.Path(), "schema": version, "ok": problems == nil}
		if problems != nil {
			report["problems"] = problems.Error()
		}
		if err := c.print(report, func(w io.Writer) {
			if problems == nil {
				fmt.Fprintf(w, "%s: schema %d, consistent.\n", s.Path(), version)
			}
		}); err != nil {
			return err
		}
		if problems != nil {
			return fmt.Errorf("%s has problems:\n%w", s.Path(), problems)
		}
		return nil
	})
}

func runBackup(c *invocation, args []string) error {
	files, err := parse(c.flags("backup"), args, "FILE")
	if err != nil {
		return err
	}
	return c.readStore(func(s *store.Store) error {
		if err := s.Backup(files[0]); err != nil {
			return err
		}
		if err := store.VerifyBackup(files[0]); err != nil {
			return fmt.Errorf("the backup was written but does not verify: %w", err)
		}
		info, err := os.Stat(files[0])
		if err != nil {
			return err
		}
		return c.print(map[string]any{"backup": files[0], "bytes": info.Size()}, func(w io.Writer) {
			fmt.Fprintf(w, "Backed up %s to %s (%d KB, verified).\n", s.Path(), files[0], info.Size()/1024)
		})
	})
}

func runRestore(c *invocation, args []string) error {
	files, err := parse(c.flags("restore"), args, "FILE")
	if err != nil {
		return err
	}
	return c.withStore(func(s *store.Store) error {
		if err := s.Restore(files[0]); err != nil {
			return err
		}
		return c.print(map[string]any{"restored": files[0], "previous": s.Path() + ".before-restore"}, func(w io.Writer) {
			fmt.Fprintf(w, "Restored %s from %s; the replaced store is kept as %s.before-restore.\n", s.Path(), files[0], s.Path())
		})
	})
}
