package main

import (
	"errors"

	fyneapp "fyne.io/fyne/v2/app"
	"github.com/tierline/tierline/app"
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
	app.New(a, app.Services{Store: s, Now: c.now, Version: Version}).ShowAndRun()
	return errors.Join(s.Close())
}
