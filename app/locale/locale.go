// Package locale gives Fyne a locale it can parse when the environment says
// "C" or "POSIX" (servers, CI, cron): Fyne reads the locale while its
// packages initialise and logs three lines of errors per run otherwise,
// which drowns the command line's own output.
//
// main imports it for its side effect. It initialises before Fyne's lang
// package: packages initialise in import-path order once their imports are
// ready, this one needs only os, and lang needs golang.org/x/text, whose
// path sorts after this one's.
package locale

import "os"

func init() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		switch os.Getenv(name) {
		case "":
			continue
		case "C", "POSIX", "C.UTF-8", "C.utf8":
			os.Setenv(name, "en_US.UTF-8")
		}
		return
	}
}
