package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/outbox"
)

// The sender delivers from the store's outbox: the store must keep
// implementing it.
var _ outbox.Outbox = (*store.Store)(nil)

func runSummary(c *invocation, args []string) error {
	fs := c.flags("summary")
	windowName := fs.String("window", "", "fall, winter or spring")
	yearLabel := fs.String("year", "", "the school year (2026 or 2026-2027; default: the current one)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	window, err := data.ParseWindowName(*windowName)
	if err != nil {
		return usageError{err.Error()}
	}
	return c.readStore(func(s *store.Store) error {
		snap, err := s.Snapshot()
		if err != nil {
			return err
		}
		year, err := c.schoolYear(snap.Settings, *yearLabel)
		if err != nil {
			return err
		}
		plan, err := outbox.PlanSend(s, snap, year, window, c.today())
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stderr, plan.Explain())
		_, err = c.stdout.Write(plan.Body)
		return err
	})
}

// syncTimeout bounds one `tierline sync`: each request has its own limit too.
const syncTimeout = 5 * time.Minute

func runSync(c *invocation, args []string) error {
	fs := c.flags("sync")
	queue := fs.String("queue", "", "queue a window's summary first: fall, winter, spring, or all (every window of the year that has ended and not been sent)")
	correction := fs.Bool("correction", false, "with --queue: confirm a correction of a window already sent (sent only once the records of k students behind it changed)")
	yearLabel := fs.String("year", "", "the school year of --queue (default: the current one)")
	hubURL := fs.String("hub", "", "set the district hub's address")
	tokenFile := fs.String("token-file", "", "a file holding the school's token (with --hub)")
	statusOnly := fs.Bool("status", false, "print the delivery status and send nothing")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *tokenFile != "" && *hubURL == "" {
		*hubURL = presetHubURL(c.dataDir)
	}
	if (*hubURL == "") != (*tokenFile == "") {
		return usagef("--hub and --token-file go together (or preset the hub with %s or %s in the data folder)", HubURLEnv, hubURLFile)
	}
	return c.withStore(func(s *store.Store) error {
		if *hubURL != "" {
			token, err := os.ReadFile(*tokenFile)
			if err != nil {
				return fmt.Errorf("read the token: %w", err)
			}
			if err := s.SetHub(data.Hub{URL: *hubURL, Token: strings.TrimSpace(string(token))}); err != nil {
				return err
			}
		}
		if *statusOnly {
			return c.printSyncStatus(s)
		}
		if *queue != "" {
			if err := c.queue(s, *queue, *yearLabel, *correction); err != nil {
				return err
			}
		}
		sender := outbox.NewSender(s, "Tierline/"+Version)
		ctx, cancel := context.WithTimeout(context.Background(), syncTimeout)
		defer cancel()
		res, err := sender.SendPending(ctx)
		if err != nil {
			return data.Errorf(data.EUNAVAILABLE, "%s (%d waiting)", outbox.Explain(err), res.Waiting)
		}
		hub, err := s.Hub()
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "Sent %d summaries to %s; %d refused; %d waiting.\n", res.Sent, hub.URL, res.Refused, res.Waiting)
		if res.Refused > 0 {
			st, _, err := s.SyncStatus()
			if err != nil {
				return err
			}
			fmt.Fprintln(c.stdout, st.LastError)
		}
		return nil
	})
}

// queue puts windows' summaries in the outbox, by the rules of
// outbox.Plan: a window once it has ended, a correction when confirmed and
// k students changed. With "all", the windows not ready are skipped, each
// with the reason.
func (c *invocation) queue(s *store.Store, which, yearLabel string, correction bool) error {
	snap, err := s.Snapshot()
	if err != nil {
		return err
	}
	year, err := c.schoolYear(snap.Settings, yearLabel)
	if err != nil {
		return err
	}
	var windows []data.WindowName
	if which == "all" {
		for _, w := range year.Windows {
			if !w.Start.After(c.today()) {
				windows = append(windows, w.Name)
			}
		}
	} else {
		w, err := data.ParseWindowName(which)
		if err != nil {
			return usageError{err.Error()}
		}
		windows = append(windows, w)
	}
	for _, w := range windows {
		plan, err := outbox.PlanSend(s, snap, year, w, c.today())
		if err != nil {
			return err
		}
		if which == "all" && (plan.Ready() != nil || (plan.IsCorrection() && !correction)) {
			fmt.Fprintf(c.stdout, "Skipped %s. %s\n", plan.Label, plan.Explain())
			continue
		}
		sub, err := outbox.Queue(s, plan, correction)
		if errors.Is(err, outbox.ErrUnconfirmed) {
			return fmt.Errorf("%w: %s Add --correction to send it", err, plan.Explain())
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "Queued the %s summary, version %d (%d bytes). %s\n", sub.Label(), plan.Version(), len(sub.Body), plan.Explain())
	}
	return nil
}

func (c *invocation) printSyncStatus(s *store.Store) error {
	hub, err := s.Hub()
	if err != nil {
		return err
	}
	st, pending, err := s.SyncStatus()
	if err != nil {
		return err
	}
	return c.print(map[string]any{"hub": hub.URL, "token": hub.MaskedToken(), "waiting": pending, "online": st.Online,
		"last_sent": st.LastSent, "last_error": st.LastError}, func(w io.Writer) {
		fmt.Fprintln(w, outbox.StatusLine(hub, st, pending))
	})
}

// HubURLEnv and hubURLFile let district IT preset the hub's address for
// every laptop: an environment variable, or a one-line file in the data
// folder. The school still pastes its own token.
const (
	HubURLEnv  = "TIERLINE_HUB_URL"
	hubURLFile = "hub-url.txt"
)

// presetHubURL returns the district's preset hub address, if any.
func presetHubURL(dataDir string) string {
	if v := strings.TrimSpace(os.Getenv(HubURLEnv)); v != "" {
		return v
	}
	b, err := os.ReadFile(filepath.Join(dataDir, hubURLFile))
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimSpace(line)
}
