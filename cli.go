package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

// Version is the app's version, also in FyneApp.toml.
const Version = "0.1.0"

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError is a mistake in the command line itself: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// command is one subcommand of the tierline binary.
type command struct {
	args    string // the arguments after the name, for the usage line
	summary string
	run     func(c *cli, args []string) error
}

var commands = map[string]command{}

func init() {
	commands["demo"] = command{"[--size small|large] [--if-empty]", "write the demo school into the store", runDemo}
	commands["check"] = command{"", "check the store's consistency", runCheck}
	commands["backup"] = command{"FILE", "write a verified copy of the store to FILE", runBackup}
	commands["restore"] = command{"FILE", "replace the store with a backup (the old one is kept as *.before-restore)", runRestore}
	commands["version"] = command{"", "print the version", runVersion}
}

// cli is the state shared by subcommands: the parsed common flags and the
// output streams. Time is injectable so tests are deterministic.
type cli struct {
	stdout, stderr io.Writer
	dataDir        string
	json           bool
	now            func() time.Time
}

// today returns the local calendar date.
func (c *cli) today() data.Date { return data.DateOf(c.now()) }

func run(args []string, stdout, stderr io.Writer) int {
	return (&cli{stdout: stdout, stderr: stderr, now: time.Now}).main(args)
}

func (c *cli) main(args []string) int {
	name := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	var err error
	switch cmd, ok := commands[name]; {
	case name == "":
		err = c.runGUI(args)
	case name == "help" || name == "-h" || name == "--help":
		c.usage(c.stdout)
		return exitOK
	case !ok:
		err = usagef("unknown command %q", name)
	default:
		err = cmd.run(c, args)
	}
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(c.stderr, "tierline %s: %s\n", name, ue.msg)
		fmt.Fprintf(c.stderr, "Run 'tierline help' for usage.\n")
		return exitUsage
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	}
	fmt.Fprintf(c.stderr, "tierline %s: %s\n", name, oneLine(err))
	return exitFailure
}

// oneLine shows an error as one line: the domain's message when there is
// one, the whole chain otherwise (the terminal is for people who can read it).
func oneLine(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}

func (c *cli) usage(w io.Writer) {
	fmt.Fprintf(w, "Tierline %s: MTSS progress monitoring for a school team.\n\n", Version)
	fmt.Fprintf(w, "Usage:\n  tierline %-40s %s\n", "[--data DIR]", "open the Tierline window")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		line := strings.TrimSpace(n + " " + commands[n].args)
		fmt.Fprintf(w, "  tierline %-40s %s\n", line, commands[n].summary)
	}
	fmt.Fprintf(w, "\nEvery command takes --data DIR (default %s)", defaultDataDir())
	fmt.Fprintf(w, " and, where it prints results, --json.\nExit codes: 0 ok, 1 failure, 2 usage.\n")
}

// flags returns a flag set with the common flags bound to c.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.dataDir, "data", defaultDataDir(), "the folder holding the Tierline store")
	fs.BoolVar(&c.json, "json", false, "print results as JSON")
	return fs
}

// parse parses flags given before, between or after positional arguments,
// and checks the number of positional arguments.
func parse(fs *flag.FlagSet, args []string, positional ...string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(rest) != len(positional) {
		if len(positional) == 0 {
			return nil, usagef("unexpected argument %q", rest[0])
		}
		return nil, usagef("expected %s", strings.Join(positional, " "))
	}
	return rest, nil
}

// defaultDataDir is where the store lives when --data is not given: the
// OS's per-user configuration folder (Windows %AppData%\Tierline, macOS
// ~/Library/Application Support/Tierline, Linux ~/.config/Tierline).
func defaultDataDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "Tierline"
	}
	return filepath.Join(dir, "Tierline")
}

// storePath is the store file inside a data folder.
func storePath(dir string) string { return filepath.Join(dir, "tierline.db") }

func (c *cli) openStore() (*store.Store, error) {
	s := store.New(storePath(c.dataDir))
	s.Now = c.now
	if err := s.Open(); err != nil {
		return nil, err
	}
	return s, nil
}

// withStore opens the store, runs fn and closes the store.
func (c *cli) withStore(fn func(s *store.Store) error) (err error) {
	s, err := c.openStore()
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	return fn(s)
}

// print writes v as indented JSON with --json, else the text from text().
func (c *cli) print(v any, text func(w io.Writer)) error {
	if c.json {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	text(c.stdout)
	return nil
}

func runVersion(c *cli, args []string) error {
	if _, err := parse(c.flags("version"), args); err != nil {
		return err
	}
	return c.print(map[string]any{"version": Version, "schema": store.SchemaVersion()}, func(w io.Writer) {
		fmt.Fprintf(w, "tierline %s (store schema %d)\n", Version, store.SchemaVersion())
	})
}
