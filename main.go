// Command tierline is the Tierline desktop app. With no subcommand it opens
// the window; subcommands (tierline help) work on the same store from a
// terminal.
package main

import (
	"os"

	_ "github.com/tierline/tierline/app/locale" // before Fyne initialises
	"github.com/tierline/tierline/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr, openWindow))
}
