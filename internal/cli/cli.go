package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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
	name    string
	args    string // the arguments after the name, for the usage line
	summary string
	run     func(c *invocation, args []string) error
}

// lookup finds the command called name.
func lookup(name string) (command, bool) {
	for _, cmd := range commands {
		if cmd.name == name {
			return cmd, true
		}
	}
	return command{}, false
}

// cli is the state shared by subcommands: the parsed common flags and the
// output streams. Time is injectable so tests are deterministic.
type invocation struct {
	stdout, stderr io.Writer
	window         Window
	dataDir        string
	json           bool
	now            func() time.Time
}

// today returns the local calendar date.
func (c *invocation) today() data.Date { return data.DateOf(c.now()) }

// Window opens the desktop window. main supplies it, so that the command
// line builds and is tested without the UI toolkit.
type Window func(start WindowStart) error

// WindowStart is what the window takes from the command line.
type WindowStart struct {
	OpenStore func() (*store.Store, error)
	Now       func() time.Time
	HubURL    string // the district's preset hub address, if any
	Stderr    io.Writer
}

// Run runs the tierline command line on args and returns the exit code.
// With no subcommand it opens window.
func Run(args []string, stdout, stderr io.Writer, window Window) int {
	return (&invocation{stdout: stdout, stderr: stderr, window: window, now: time.Now}).main(args)
}

func (c *invocation) openWindow(args []string) error {
	if _, err := parse(c.flags(""), args); err != nil {
		return err
	}
	if c.window == nil {
		return usagef("this build has no window; run 'tierline help' for the commands")
	}
	return c.window(WindowStart{OpenStore: c.openStore, Now: c.now, HubURL: presetHubURL(c.dataDir), Stderr: c.stderr})
}

func (c *invocation) main(args []string) int {
	name := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	var err error
	switch cmd, ok := lookup(name); {
	case name == "":
		err = c.openWindow(args)
	case name == "help" || name == "-h" || name == "--help":
		c.usage(c.stdout)
		return exitOK
	case !ok:
		err = usagef("unknown command %q", name)
	default:
		err = cmd.run(c, args)
	}
	if errors.Is(err, store.ErrNotSetUp) {
		err = errNoSchool
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

func (c *invocation) usage(w io.Writer) {
	fmt.Fprintf(w, "Tierline %s: MTSS progress monitoring for a school team.\n\n", Version)
	fmt.Fprintf(w, "Usage:\n  tierline %-40s %s\n", "[--data DIR]", "open the Tierline window")
	for _, cmd := range commands {
		line := strings.TrimSpace(cmd.name + " " + cmd.args)
		fmt.Fprintf(w, "  tierline %-40s %s\n", line, cmd.summary)
	}
	fmt.Fprintf(w, "\nEvery command takes --data DIR (default %s)", defaultDataDir())
	fmt.Fprintf(w, " and, where it prints results, --json.\nExit codes: 0 ok, 1 failure, 2 usage.\n")
}

// flags returns a flag set with the common flags bound to c.
func (c *invocation) flags(name string) *flag.FlagSet {
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

func (c *invocation) openStore() (*store.Store, error) {
	s := store.New(storePath(c.dataDir))
	s.Now = c.now
	if err := s.Open(); err != nil {
		return nil, err
	}
	return s, nil
}

// withStore opens the store, runs fn and closes the store.
func (c *invocation) withStore(fn func(s *store.Store) error) (err error) {
	s, err := c.openStore()
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	return fn(s)
}

// readStore is withStore for a command that only reads: on a missing
// store it says there is none and creates nothing, and the store is opened
// read-only, so that a read-only folder can still be checked and read.
func (c *invocation) readStore(fn func(s *store.Store) error) (err error) {
	path := storePath(c.dataDir)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return data.Errorf(data.ENOTFOUND, "there is no Tierline store at %s: give the folder of one with --data, or make one with tierline demo or tierline import", path)
	}
	s, err := store.OpenReadOnly(path)
	if err != nil {
		return err
	}
	s.Now = c.now
	defer func() { err = errors.Join(err, s.Close()) }()
	return fn(s)
}

// print writes v as indented JSON with --json, else the text from text().
func (c *invocation) print(v any, text func(w io.Writer)) error {
	if c.json {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	text(c.stdout)
	return nil
}

func runVersion(c *invocation, args []string) error {
	if _, err := parse(c.flags("version"), args); err != nil {
		return err
	}
	return c.print(map[string]any{"version": Version, "schema": store.SchemaVersion()}, func(w io.Writer) {
		fmt.Fprintf(w, "tierline %s (store schema %d)\n", Version, store.SchemaVersion())
	})
}

// writeFile creates path and writes it; a failed write leaves no file
// behind, so that no half-written export is taken for a whole one.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write %s: %w", path, cerr)
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}
