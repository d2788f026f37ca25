// Command tierline-hub is the district's server: it receives the schools'
// de-identified summaries and shows the district dashboard.
//
//	tierline-hub serve  [--data DIR | --store postgres://...] [--addr 127.0.0.1:8470] [--tls-cert F --tls-key F] [--district CODE] [--k 10] [--memory-limit 256MiB]
//	tierline-hub enroll --school CODE --name NAME   prints the school's token, once
//	tierline-hub revoke --school CODE
//	tierline-hub reset-sequence --school CODE        the school numbers its summaries from 1 again
//	tierline-hub schools
//	tierline-hub report --out DIR [--year Y]         the public equity report
//	tierline-hub copy [--from FILE.db] --to postgres://...   a bbolt hub into PostgreSQL
//	tierline-hub user add NAME [--role viewer]       asks for the password
//
// Every command takes --data DIR (the bbolt file, the default) or --store
// postgres://... (PostgreSQL, for a state). While the hub serves, a bbolt
// store is held by the server: enroll, revoke and add users on the
// dashboard's admin page instead. PostgreSQL is shared: the commands work
// beside running hubs, and several hubs can serve one database.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubcopy"
	"github.com/tierline/tierline/sync/hub/hubpg"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"golang.org/x/term"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// usageError is a mistake in the command line: exit code 2.
type usageError string

func (e usageError) Error() string { return string(e) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	err := dispatch(args, stdin, stdout, stderr)
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "tierline-hub: %v\n%s", err, usage())
		return 2
	}
	fmt.Fprintf(stderr, "tierline-hub: %v\n", err)
	return 1
}

func defaultDataDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "tierline-hub-data"
	}
	return filepath.Join(dir, "TierlineHub")
}

// command is one subcommand of tierline-hub.
type command struct {
	name  string
	usage string
	run   func(c *invocation, args []string) error
}

// commands is every subcommand, in the order the usage lists them.
var commands = []command{
	{"serve", "[--data DIR | --store postgres://...] [--addr 127.0.0.1:8470] [--tls-cert FILE --tls-key FILE] [--district CODE] [--k 10] [--memory-limit 256MiB] [--report-days 14]", runServe},
	{"enroll", "--school CODE --name NAME [--data DIR]", runEnroll},
	{"revoke", "--school CODE [--data DIR]", runRevoke},
	{"reset-sequence", "--school CODE [--data DIR]   (when a school's sync says its sequence is out of range)", runResetSequence},
	{"schools", "[--data DIR]", runSchools},
	{"report", "--out DIR [--year 2026-2027] [--k 10] [--data DIR]   (the public equity report: per district a printable HTML page and a CSV)", runReport},
	{"copy", "[--from FILE.db | --data DIR] --to postgres://...   (copies a bbolt hub into PostgreSQL; run it again to finish one cut off)", runCopy},
	{"user", "add NAME [--role admin|viewer] [--data DIR]   (the password is read from the terminal or standard input; a new user is an admin unless --role viewer)", runUser},
}

// usage lists the commands and their arguments.
func usage() string {
	var b strings.Builder
	b.WriteString("usage:\n")
	for _, cmd := range commands {
		fmt.Fprintf(&b, "  tierline-hub %-7s %s\n", cmd.name, cmd.usage)
	}
	return b.String()
}

// invocation is one run of a command: its streams and common flags.
type invocation struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	flags          *flag.FlagSet
	dataDir        *string
	storeURL       *string
}

func (c *invocation) parse(args []string) error {
	if err := c.flags.Parse(args); err != nil {
		return usageError(err.Error())
	}
	return nil
}

// open opens the hub's store: PostgreSQL when --store names a database,
// the bbolt file in --data otherwise.
func (c *invocation) open() (hubstore.Store, error) {
	if url := *c.storeURL; url != "" {
		return openPostgres("--store", url)
	}
	st, err := hubstore.Open(filepath.Join(*c.dataDir, "hub.db"))
	if err != nil {
		return nil, err
	}
	return st, nil
}

// openPostgres opens the PostgreSQL store an option names.
func openPostgres(option, url string) (*hubpg.Store, error) {
	if !strings.HasPrefix(url, "postgres://") && !strings.HasPrefix(url, "postgresql://") {
		return nil, usageError(option + " takes a PostgreSQL address, postgres://user@host/database; without it the hub keeps its data in --data")
	}
	return hubpg.Open(url)
}

func dispatch(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("which command?")
	}
	for _, cmd := range commands {
		if cmd.name == args[0] {
			fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			c := &invocation{stdin: stdin, stdout: stdout, stderr: stderr, flags: fs,
				dataDir:  fs.String("data", defaultDataDir(), "the hub's data folder"),
				storeURL: fs.String("store", "", "a PostgreSQL database (postgres://...) instead of the data folder")}
			return cmd.run(c, args[1:])
		}
	}
	return usageError(fmt.Sprintf("unknown command %q", args[0]))
}

func runServe(c *invocation, args []string) error {
	addr := c.flags.String("addr", "127.0.0.1:8470", "the address to listen on")
	cert := c.flags.String("tls-cert", "", "TLS certificate file")
	key := c.flags.String("tls-key", "", "TLS key file")
	district := c.flags.String("district", "", "accept only this district's summaries")
	k := c.flags.Int("k", 10, "the smallest district cell shown")
	reportDays := c.flags.Int("report-days", 14, "days after a window's end a summary of it is on time")
	memory := c.flags.String("memory-limit", "", "the soft memory limit: 256MiB, 1GiB (default $GOMEMLIMIT, else 256MiB)")
	if err := c.parse(args); err != nil {
		return err
	}
	if *reportDays < 1 || *reportDays > 120 {
		return usageError("--report-days is between 1 and 120")
	}
	limit, err := memoryLimit(*memory, os.Getenv("GOMEMLIMIT"))
	if err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return usageError("give both --tls-cert and --tls-key, or neither")
	}
	if *k < 5 || *k > 30 {
		return usageError("--k is between 5 and 30")
	}
	st, err := c.open()
	if err != nil {
		return err
	}
	defer st.Close()
	return serve(st, *addr, *cert, *key, limit, hub.Config{District: *district, K: *k, ReportDays: *reportDays, Secure: *cert != "",
		Logger: slog.New(slog.NewJSONHandler(c.stderr, nil))}, c.stderr)
}

func runEnroll(c *invocation, args []string) error {
	school := c.flags.String("school", "", "the school's code")
	name := c.flags.String("name", "", "the school's name")
	if err := c.parse(args); err != nil {
		return err
	}
	if *school == "" || *name == "" {
		return usageError("enroll needs --school CODE and --name NAME")
	}
	st, err := c.open()
	if err != nil {
		return err
	}
	defer st.Close()
	token, err := st.Enroll(*school, *name, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "School %s (%s) is enrolled. Its token, shown only now:\n\n  %s\n\nThe school pastes it in Tierline's Settings with this hub's address.\n", *school, *name, token)
	return nil
}

func runRevoke(c *invocation, args []string) error {
	school := c.flags.String("school", "", "the school's code")
	if err := c.parse(args); err != nil {
		return err
	}
	if *school == "" {
		return usageError("revoke needs --school CODE")
	}
	st, err := c.open()
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Revoke(*school); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "The token of school %s is revoked; its summaries stay.\n", *school)
	return nil
}

func runResetSequence(c *invocation, args []string) error {
	school := c.flags.String("school", "", "the school's code")
	if err := c.parse(args); err != nil {
		return err
	}
	if *school == "" {
		return usageError("reset-sequence needs --school CODE")
	}
	st, err := c.open()
	if err != nil {
		return err
	}
	defer st.Close()
	resetter, ok := st.(hubstore.SequenceResetter)
	if !ok {
		return errors.New("this hub's store cannot reset a school's sequence")
	}
	if err := resetter.ResetSequence(*school); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "School %s's sequence is reset: at its next sync it numbers its summaries from 1 again; its summaries stay.\n", *school)
	return nil
}

func runSchools(c *invocation, args []string) error {
	if err := c.parse(args); err != nil {
		return err
	}
	st, err := c.open()
	if err != nil {
		return err
	}
	defer st.Close()
	schools, err := st.Schools()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tNAME\tLAST SYNC\tSTATUS")
	for _, sc := range schools {
		last, status := "never", "enrolled"
		if !sc.LastSync.IsZero() {
			last = sc.LastSync.Local().Format("2006-01-02 15:04")
		}
		if sc.Revoked {
			status = "revoked"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", sc.Code, sc.Name, last, status)
	}
	return tw.Flush()
}

func runReport(c *invocation, args []string) error {
	out := c.flags.String("out", "", "the folder to write the report to")
	year := c.flags.String("year", "", "the school year (default: the latest)")
	k := c.flags.Int("k", 10, "the smallest district cell published")
	if err := c.parse(args); err != nil {
		return err
	}
	if *out == "" {
		return usageError("report needs --out DIR")
	}
	if *k < 5 || *k > 30 {
		return usageError("--k is between 5 and 30")
	}
	st, err := c.open()
	if err != nil {
		return err
	}
	defer st.Close()
	h, err := hub.New(st, hub.Config{K: *k, Logger: slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		return err
	}
	files, err := h.WriteReport(*out, *year)
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintln(c.stdout, "wrote", f)
	}
	return nil
}

func runUser(c *invocation, args []string) error {
	if len(args) < 2 || args[0] != "add" {
		return usageError("user add NAME")
	}
	role := c.flags.String("role", "", "admin or viewer (a new user: admin; an existing one keeps theirs)")
	if err := c.parse(args[2:]); err != nil {
		return err
	}
	if *role != "" && *role != hubstore.RoleAdmin && *role != hubstore.RoleViewer {
		return usageError("--role is admin or viewer")
	}
	password, err := readPassword(c.stdin, c.stderr)
	if err != nil {
		return err
	}
	st, err := c.open()
	if err != nil {
		return err
	}
	defer st.Close()
	if err := hub.SaveUser(st, args[1], password, *role, time.Now()); err != nil {
		return err
	}
	u, err := st.User(args[1])
	if err != nil {
		return err
	}
	what := "an administrator"
	if !u.Admin() {
		what = "a viewer"
	}
	fmt.Fprintf(c.stdout, "User %s can sign in to the dashboard, as %s.\n", args[1], what)
	return nil
}

// readPassword reads a password without echo from a terminal, or the
// first line of standard input (for scripts).
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(stderr, "Password (%d characters or more): ", hub.MinPasswordLength)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		return string(b), err
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// memoryLimit reads --memory-limit (else $GOMEMLIMIT, else the hub's
// default) in GOMEMLIMIT's form: bytes, or a number with B, KiB, MiB, GiB
// or TiB.
func memoryLimit(flagValue, env string) (int64, error) {
	v, from := flagValue, "--memory-limit"
	if v == "" {
		v, from = env, "GOMEMLIMIT"
	}
	if v == "" {
		return hub.DefaultMemoryLimit, nil
	}
	number, unit := v, int64(1)
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}} {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			number, unit = n, u.size
			break
		}
	}
	n, err := strconv.ParseInt(number, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/unit {
		return 0, usageError(fmt.Sprintf("%s %q: give a size such as 256MiB or 2GiB", from, v))
	}
	return n * unit, nil
}

// startWarnings says at start what an administrator should know about how
// the hub is set up: a hub nobody can sign in to, or one that takes any
// district's summaries.
func startWarnings(users int, cfg hub.Config) []string {
	var out []string
	if users == 0 {
		out = append(out, "no district user yet: stop the hub and run `tierline-hub user add NAME` to sign in to the dashboard")
	}
	if cfg.District == "" {
		out = append(out, "no --district given: summaries of any district code are accepted; start with --district CODE to accept only your district's")
	}
	return out
}

// serve runs the hub until interrupted, then drains requests for up to 10 s.
func serve(st hubstore.Store, addr, cert, key string, memoryLimit int64, cfg hub.Config, stderr io.Writer) error {
	h, err := hub.New(st, cfg)
	if err != nil {
		return err
	}
	users, err := st.Users()
	if err != nil {
		return err
	}
	for _, w := range startWarnings(len(users), cfg) {
		fmt.Fprintln(stderr, "tierline-hub: "+w)
	}
	debug.SetMemoryLimit(memoryLimit)
	srv := h.HTTPServer(addr)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if cert != "" {
		scheme = "https"
	}
	fmt.Fprintf(stderr, "tierline-hub: serving on %s://%s\n", scheme, ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() {
		if cert != "" {
			done <- srv.ServeTLS(ln, cert, key)
			return
		}
		done <- srv.Serve(ln)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// runCopy copies a bbolt hub, stopped, into PostgreSQL: schools keep their
// tokens, users their passwords, the dashboard its figures. It is
// idempotent: a copy cut off is finished by running it again.
func runCopy(c *invocation, args []string) error {
	from := c.flags.String("from", "", "the bbolt file (default: hub.db in --data)")
	to := c.flags.String("to", "", "the PostgreSQL database, postgres://...")
	if err := c.parse(args); err != nil {
		return err
	}
	if *to == "" {
		return usageError("copy needs --to postgres://user@host/database")
	}
	if *from == "" {
		*from = filepath.Join(*c.dataDir, "hub.db")
	}
	if _, err := os.Stat(*from); err != nil {
		return fmt.Errorf("the hub to copy: %w", err)
	}
	source, err := hubstore.Open(*from)
	if err != nil {
		return err
	}
	defer source.Close()
	target, err := openPostgres("--to", *to)
	if err != nil {
		return err
	}
	defer target.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	n, err := hubcopy.Copy(ctx, source, target)
	if err != nil {
		return fmt.Errorf("copy %s (run the copy again to finish it): %w", *from, err)
	}
	fmt.Fprintf(c.stdout, "Copied %d schools, %d users, %d API tokens and %d summaries (%d were there already).\n",
		n.Schools, n.Users, n.APITokens, n.Summaries, n.Repeats)
	if n.Lost > 0 {
		fmt.Fprintf(c.stdout, "%d older summaries were kept without their contents and are not copied; the current ones are.\n", n.Lost)
	}
	return nil
}
