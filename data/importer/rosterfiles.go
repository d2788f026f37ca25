package importer

import (
	"io/fs"
	"strings"
)

// findFile returns the name under which the roster holds a OneRoster file.
// Exporters spell them as they like (Users.csv, userprofiles.csv), so a
// file is found in any case; ok is false when the roster has none.
func findFile(fsys fs.FS, name string) (string, bool) {
	if _, err := fs.Stat(fsys, name); err == nil {
		return name, true
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return name, false
	}
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(e.Name(), name) {
			return e.Name(), true
		}
	}
	return name, false
}

// orgFiles are where a roster lists its orgs: OneRoster's orgs.csv, or the
// schools.csv of a database dump behind a OneRoster API, which keeps one
// table per kind of org.
var orgFiles = []string{orgsFile, "schools.csv"}
