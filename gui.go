package main

import (
	"context"
	"errors"

	fyneapp "fyne.io/fyne/v2/app"
	"github.com/tierline/tierline/app"
	"github.com/tierline/tierline/sync"
)

// appID is the Fyne application id, also in FyneApp.toml.
const appID = "org.tierline.desktop"

func (c *cli) runGUI(args []string) error {
	if _, err := parse(c.flags(""), args); err != nil {
		return err
	}
	a := fyneapp.NewWithID(appID)
	s, err := c.openStore()
	if err != nil {
		app.ShowStartupError(a, err)
		return err
	}
	// The sender runs while the window is open: summaries leave in the
	// background, and the window never waits on the network.
	sender := sync.NewSender(s, "Tierline/"+Version)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	ui := app.New(a, app.Services{Store: s, Now: c.now, Version: Version, Sender: sender})
	go func() {
		defer close(done)
		sender.Run(ctx)
	}()
	ui.ShowAndRun()
	stop()
	<-done
	return errors.Join(s.Close())
}
