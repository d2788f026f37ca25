package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/tierline/tierline/app"
	"github.com/tierline/tierline/internal/cli"
	"github.com/tierline/tierline/sync/outbox"
	"github.com/tierline/tierline/sync/team/folder"
)

// appID is the Fyne application id, also in FyneApp.toml.
const appID = "org.tierline.desktop"

// startupProbeEnv=1 makes the app print how long it took to show the
// school, then quit: how BENCHMARKS.md measures start-up.
const startupProbeEnv = "TIERLINE_STARTUP_PROBE"

// processStart is as close to the process's start as Go code gets.
var processStart = time.Now()

// openWindow shows the Tierline window on the store until the user closes it.
func openWindow(start cli.WindowStart) error {
	a := fyneapp.NewWithID(appID)
	s, err := start.OpenStore()
	if err != nil {
		app.ShowStartupError(a, err)
		return err
	}
	// The sender runs while the window is open: summaries leave in the
	// background, and the window never waits on the network.
	sender := outbox.NewSender(s, "Tierline/"+cli.Version)
	// Team sync runs alongside it: on start, every few minutes and shortly
	// after a write, never on the UI goroutine.
	team := folder.NewSyncer(s, start.Now)
	ctx, stop := context.WithCancel(context.Background())
	var running sync.WaitGroup
	svc := app.Services{Store: s, Now: start.Now, Version: cli.Version, Sender: sender, Team: team, PresetHubURL: start.HubURL}
	if os.Getenv(startupProbeEnv) == "1" {
		svc.OnFirstSchool = func() {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			fmt.Fprintf(start.Stderr, "startup: the school is on screen %d ms after the process started; Go heap in use %d MB, from the OS %d MB\n",
				time.Since(processStart).Milliseconds(), m.HeapInuse>>20, m.Sys>>20)
			a.Quit()
		}
	}
	ui := app.New(a, svc)
	running.Go(func() { sender.Run(ctx) })
	running.Go(func() { team.Run(ctx) })
	ui.ShowAndRun()
	stop()
	running.Wait()
	return errors.Join(s.Close())
}
