// Package pgtest starts a throwaway PostgreSQL cluster for tests and
// benchmarks: initdb and pg_ctl in a temporary folder, as an unprivileged
// user (nobody, when the tests run as root), listening only on a unix
// socket in that folder. Each test gets a database of its own.
//
// Without PostgreSQL's programs the tests that need it skip, unless
// TIERLINE_REQUIRE_POSTGRES=1 (make test sets it): then they fail.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Cluster is a running throwaway cluster.
type Cluster struct {
	dir, bin string
	asUser   string // run PostgreSQL's programs as this user ("" = as we are)
	dbs      atomic.Int64
}

// Options tune a cluster.
type Options struct {
	// Durable keeps fsync on (benchmarks); tests turn it off, since they
	// kill hub processes, never the machine.
	Durable bool
}

// binDir finds initdb and pg_ctl: $TIERLINE_PG_BIN, the PATH, or the
// newest /usr/lib/postgresql/N/bin.
func binDir() (string, error) {
	if dir := os.Getenv("TIERLINE_PG_BIN"); dir != "" {
		return dir, nil
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(real), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return va - vb
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	return "", errors.New("PostgreSQL's programs (initdb, pg_ctl) are not installed: apt-get install postgresql, or set TIERLINE_PG_BIN")
}

// Start initialises and starts a cluster in a new temporary folder.
func Start(opts Options) (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	// A short path: a unix socket's path is limited to about 100 bytes.
	dir, err := os.MkdirTemp("/tmp", "tierline-pg-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root.
		u, err := user.Lookup("nobody")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root, PostgreSQL needs an unprivileged user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		c.asUser = "nobody"
	}
	if out, err := c.run("initdb", "-D", c.data(), "-U", "tierline", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %w: %s", err, out)
	}
	settings := "-k " + dir + " -c listen_addresses='' -c max_connections=200 -c shared_buffers=128MB"
	if !opts.Durable {
		settings += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
	}
	if out, err := c.run("pg_ctl", "-D", c.data(), "-o", settings, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pg_ctl start: %w: %s %s", err, out, log)
	}
	return c, nil
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *Cluster) run(program string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bin, program)
	var cmd *exec.Cmd
	if c.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.asUser, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir
	return cmd.CombinedOutput()
}

// Stop stops the cluster and removes its folder.
func (c *Cluster) Stop() {
	c.run("pg_ctl", "-D", c.data(), "-m", "immediate", "-w", "stop") //nolint:errcheck // the folder goes either way
	os.RemoveAll(c.dir)
}

// URL is the connection string of a database of the cluster.
func (c *Cluster) URL(database string) string {
	return fmt.Sprintf("postgres:///%s?host=%s&user=tierline&sslmode=disable", database, c.dir)
}

// NewDatabase creates an empty database and returns its connection string.
func (c *Cluster) NewDatabase() (string, error) {
	name := fmt.Sprintf("hub%d", c.dbs.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	return c.URL(name), nil
}

var (
	shared     *Cluster
	sharedErr  error
	sharedOnce sync.Once
)

// Database gives a test a new empty database on the package's cluster,
// started on first use (Main stops it). Without PostgreSQL the test skips,
// or fails when TIERLINE_REQUIRE_POSTGRES=1.
func Database(t testing.TB) string {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = Start(Options{}) })
	if sharedErr != nil {
		Unavailable(t, sharedErr)
	}
	url, err := shared.NewDatabase()
	if err != nil {
		t.Fatalf("create a test database: %v", err)
	}
	return url
}

// Unavailable skips a test that needs PostgreSQL, or fails it when
// TIERLINE_REQUIRE_POSTGRES=1.
func Unavailable(t testing.TB, why error) {
	t.Helper()
	if Required() {
		t.Fatalf("TIERLINE_REQUIRE_POSTGRES=1 and no PostgreSQL cluster could start: %v", why)
	}
	t.Skipf("no PostgreSQL cluster could start (set TIERLINE_REQUIRE_POSTGRES=1 to fail instead): %v", firstLine(why))
}

// Required reports whether TIERLINE_REQUIRE_POSTGRES=1.
func Required() bool { return os.Getenv("TIERLINE_REQUIRE_POSTGRES") == "1" }

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// Main runs a package's tests and then stops the cluster they started:
// func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }.
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		shared.Stop()
	}
	return code
}
