package folder_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/importer"
	"github.com/tierline/tierline/sync/team/folder"
)

// BenchmarkFolderYear: the small demo school (about 400 students, three years of history) joins
// a team, then a school year of use on one laptop: 180 school days of 40 progress scores, 20
// sessions and 2 student edits, one sync a day. It reports the folder's size against the store
// file's (goal: the folder ≤ 2× the store) and against the school's CSV export (the data
// itself, as the store file is mostly room to grow), and times a new laptop catching up from
// the folder.
func BenchmarkFolderYear(b *testing.B) {
	today := data.NewDate(2026, 8, 20)
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		a := open(b)
		snap, err := demo.School(demo.Options{Today: today, Size: demo.Small})
		must(b, err)
		must(b, a.Initialize(&snap))
		_, err = folder.Create(a, dir, "Coordinator")
		must(b, err)
		now := time.Date(2026, 8, 24, 16, 0, 0, 0, time.UTC)
		_, err = folder.Sync(a, now)
		must(b, err)
		var active []data.Plan
		for _, p := range snap.Plans {
			if p.Status == data.Active {
				active = append(active, p)
			}
		}
		measure := snap.Measures[0]
		for day := range 180 {
			d := today.AddDays(4 + day*365/180)
			var scores []data.Score
			for i := range 40 {
				st := snap.Students[(day*40+i)%len(snap.Students)]
				scores = append(scores, data.Score{Student: st.ID, Measure: measure.ID, Date: d, Kind: data.Progress, Value: float64(20 + i), Errors: data.NoErrors})
			}
			must(b, a.SaveScores(scores))
			var sessions []data.Session
			for i := range min(20, len(active)) {
				sessions = append(sessions, data.Session{Plan: active[(day*20+i)%len(active)].ID, Date: d, Minutes: 30, Present: true})
			}
			_ = a.SaveSessions(sessions) // a session on a plan that ended is refused: the day's others too, as for a user
			for i := range 2 {
				st := snap.Students[(day*2+i)%len(snap.Students)]
				st.CustomGroups = []string{"Reading club"}
				must(b, a.SaveStudent(&st))
			}
			now = now.Add(24 * time.Hour)
			_, err := folder.Sync(a, now)
			must(b, err)
		}
		folderBytes := treeSize(dir)
		final, err := a.Snapshot()
		must(b, err)
		exportDir := filepath.Join(b.TempDir(), "export")
		_, err = importer.ExportSchool(exportDir, final)
		must(b, err)
		info, err := os.Stat(a.Path())
		must(b, err)
		log, err := a.ChangeLog()
		must(b, err)
		b.ReportMetric(float64(folderBytes)/1e6, "folder-MB")
		b.ReportMetric(float64(info.Size())/1e6, "store-MB")
		b.ReportMetric(float64(folderBytes)/float64(info.Size()), "folder/store")
		b.ReportMetric(float64(treeSize(exportDir))/1e6, "csv-export-MB")
		b.ReportMetric(float64(log.Changes), "changes")

		c := open(b)
		st, err := folder.Load(a)
		must(b, err)
		_, err = folder.Join(c, st.Team.JoinCode(), dir, "Newcomer", nil)
		must(b, err)
		b.StartTimer()
		rep, err := folder.Sync(c, now)
		b.StopTimer()
		must(b, err)
		if rep.Applied.Waiting != 0 || rep.Applied.Refused != 0 {
			b.Fatalf("catch-up: %+v", rep)
		}
		b.StartTimer()
	}
}

func treeSize(dir string) int64 {
	n := int64(0)
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}
