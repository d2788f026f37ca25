package main

import (
	"os"
	"strings"
	"testing"

	"github.com/tierline/tierline/internal/cli"
)

// The version shown in Settings → About and by `tierline version` is the
// one the packages are built with.
func TestVersionMatchesFyneAppToml(t *testing.T) {
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `Version = "`+cli.Version+`"`) || !strings.Contains(string(b), `ID = "`+appID+`"`) {
		t.Fatalf("FyneApp.toml does not say version %s and id %s", cli.Version, appID)
	}
}
