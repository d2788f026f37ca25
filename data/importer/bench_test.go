package importer_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/importer"
	"github.com/tierline/tierline/data/store"
)

// BenchmarkImportScores imports a 100,000-row scores CSV into the large
// demo school (read, check, one transaction), and times sqlite3's .import
// of the same file into :memory: in the same run. Target: ≤ 1.5 s, and no
// slower than sqlite3 (the ratio metric).
func BenchmarkImportScores(b *testing.B) {
	school, err := demo.School(demo.Options{Today: today, Size: demo.Large})
	if err != nil {
		b.Fatal(err)
	}
	school.Scores = nil
	var csv bytes.Buffer
	csv.WriteString("local_id,date,value,errors\n")
	for i := 0; i < 100_000; i++ {
		st := school.Students[(i*7919)%len(school.Students)]
		d := today.AddDays(-(i / len(school.Students)))
		fmt.Fprintf(&csv, "%s,%s,%d,%d\n", st.LocalID, d, 40+i%60, i%5)
	}
	file := filepath.Join(b.TempDir(), "scores.csv")
	if err := os.WriteFile(file, csv.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	sqlite, sqliteErr := exec.LookPath("sqlite3")
	var ours, theirs time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := store.Open(filepath.Join(b.TempDir(), "large.db"))
		if err != nil {
			b.Fatal(err)
		}
		snap := school
		if err := s.Initialize(&snap); err != nil {
			b.Fatal(err)
		}
		students, _ := s.Students()
		orf, _ := s.MeasureByName(demo.ORF)
		b.StartTimer()
		t0 := time.Now()
		f, err := os.Open(file)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := importer.Scores("scores.csv", f, students, nil, importer.ScoreOptions{Measure: orf, Kind: data.Progress})
		f.Close()
		if err != nil || len(rep.Problems) > 0 || rep.Added != 100_000 {
			b.Fatalf("%v %v", err, rep.Problems)
		}
		if err := s.SaveRecords(&rep.Records); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(t0)
		b.StopTimer()
		s.Close()
		if sqliteErr == nil {
			t1 := time.Now()
			cmd := exec.Command(sqlite, ":memory:", ".mode csv", ".import "+file+" scores", "select count(*) from scores;")
			if out, err := cmd.CombinedOutput(); err != nil || !bytes.Contains(out, []byte("100000")) {
				b.Fatalf("sqlite3: %v %s", err, out)
			}
			theirs += time.Since(t1)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(ours.Milliseconds())/float64(b.N), "ms/op-tierline")
	if sqliteErr == nil {
		b.ReportMetric(float64(theirs.Milliseconds())/float64(b.N), "ms/op-sqlite3")
		b.ReportMetric(float64(ours)/float64(theirs), "ratio")
	}
}

// BenchmarkReadWideExport reads a DIBELS Data System export of the large
// demo school (every student, ORF with errors and Maze in three windows,
// and the vendor's other columns) with its named layout: the work of
// turning a wide file into scores, without the store.
func BenchmarkReadWideExport(b *testing.B) {
	school, err := demo.School(demo.Options{Today: today, Size: demo.Large})
	if err != nil {
		b.Fatal(err)
	}
	var csv bytes.Buffer
	csv.WriteString("District_Name,Last,First,Student_ID,Year_3rd,School_3rd")
	windows := []string{"Beginning", "Middle", "End"}
	for _, w := range windows {
		fmt.Fprintf(&csv, ",Date_ORF_3rd_%[1]s,ORF-WordsCorrect_3rd_%[1]s,Benchmark_Status_ORF-WordsCorrect_3rd_%[1]s,ORF-Errors_3rd_%[1]s,"+
			"ORF-Accuracy_3rd_%[1]s,Date_Maze_3rd_%[1]s,Maze-Adjusted_3rd_%[1]s,National_DDS_Percentile_Maze-Adjusted_3rd_%[1]s", w)
	}
	csv.WriteString("\n")
	dates := []string{"2026-09-14", "2027-01-11", "2027-05-03"}
	for i, st := range school.Students {
		fmt.Fprintf(&csv, "Lakeside,%s,%s,%s,2026-2027,Oak", st.FamilyName, st.GivenName, st.LocalID)
		for w := range windows {
			fmt.Fprintf(&csv, ",%s,%d,At Benchmark,%d,97,%s,%d,55", dates[w], 40+i%80+w*10, i%5, dates[w], 5+i%20)
		}
		csv.WriteString("\n")
	}
	orf := data.Measure{ID: data.NewID(), Name: "ORF", Area: data.Reading, Unit: "wcpm", MaxScore: 300}
	maze := data.Measure{ID: data.NewID(), Name: "Maze", Area: data.Reading, Unit: "points", MaxScore: 100}
	opt := importer.ScoreOptions{Layout: "dibels-data-system", Measures: []data.Measure{orf, maze}}
	want := len(school.Students) * 6
	b.SetBytes(int64(csv.Len()))
	for b.Loop() {
		rep, err := importer.Scores("dds.csv", bytes.NewReader(csv.Bytes()), school.Students, nil, opt)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Problems) > 0 || rep.Added != want {
			b.Fatalf("%v %s", rep.Problems[:min(3, len(rep.Problems))], rep.Summary())
		}
	}
	b.ReportMetric(float64(want), "scores/op")
}

// BenchmarkReadRoster reads a district's OneRoster 1.2 export of 8 schools
// and 20,000 students (users, roles and demographics, a fifth without race
// flags) and keeps one school's 2,500: what `tierline import oneroster
// --org` checks before anything is written.
func BenchmarkReadRoster(b *testing.B) {
	dir := b.TempDir()
	var users, roles, demographics, orgs bytes.Buffer
	users.WriteString("sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,primaryOrgSourcedId\n")
	roles.WriteString("sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\n")
	demographics.WriteString("sourcedId,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity\n")
	orgs.WriteString("sourcedId,name,type,identifier\n")
	for o := 0; o < 8; o++ {
		fmt.Fprintf(&orgs, "org-%d,School %d,school,%04d\n", o, o, o)
	}
	for i := 0; i < 20_000; i++ {
		org := i % 8
		fmt.Fprintf(&users, "u-%d,active,2026-08-20T00:00:00Z,true,user%d,,Given%d,Family%d,,%d,,,,,%02d,,org-%d\n", i, i, i, i, 100000+i, 1+i%8, org)
		fmt.Fprintf(&roles, "r-%d,active,2026-08-20T00:00:00Z,u-%d,primary,student,2026-08-17,,org-%d,\n", i, i, org)
		if i%5 != 0 {
			white := i%3 == 0
			fmt.Fprintf(&demographics, "u-%d,2017-05-01,female,false,%t,%t,false,%t,false,%t\n", i, i%7 == 0, !white, white, i%4 == 0)
		}
	}
	for name, buf := range map[string]*bytes.Buffer{"users.csv": &users, "roles.csv": &roles, "demographics.csv": &demographics, "orgs.csv": &orgs} {
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	snap := data.Snapshot{Settings: data.Settings{Name: "School 3", SchoolCode: "0003", DistrictCode: "45",
		Years: []data.SchoolYear{data.DefaultSchoolYear(2026)}, K: 10}}
	for b.Loop() {
		rep, err := importer.ReadFile(importer.Request{Kind: importer.KindRoster, Path: dir, Org: "0003", Today: today}, snap)
		if err != nil || rep.Added != 2500 {
			b.Fatalf("%v, %d added", err, rep.Added)
		}
	}
}
