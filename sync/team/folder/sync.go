package folder

import (
	"cmp"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

// compactAfter is how many segment files a device keeps before it folds them into one: a
// device syncing ten times a school day compacts about daily, and the folder holds at most this
// many files per device plus one.
const compactAfter = 16

// State is a store's membership of a team and how far its sync got; it lives in the store.
type State struct {
	Team      Team
	Folder    string
	Device    data.ID
	Name      string             // this member's name, shown to the others
	Published uint64             // the change-log sequence published up to
	Next      uint64             // this device's segments are numbered 1..Next
	Files     []OwnFile          // this device's segment files in the folder, oldest first
	Applied   map[string]uint64  // other device → its segments applied, 1..n
	Members   map[string]*Member // device → what its segments said
	LastSync  time.Time
	// Removing a member (rotation.go): this device's key pair, the team keys the current one
	// replaced (old segments are sealed with them), and the devices removed, with when.
	Secret  []byte               `json:",omitempty"`
	OldKeys [][32]byte           `json:",omitempty"`
	Removed map[string]time.Time `json:",omitempty"`
}

// OwnFile is one of this device's segment files, and what it holds, so a file lost or damaged in
// the folder is written again from the log.
type OwnFile struct {
	From, To   uint64 // segments covered: From+1..To
	LogFrom    uint64 // change-log sequences after LogFrom…
	LogTo      uint64 // …up to LogTo
	Compacted  bool   // holds the live changes, not every change
	SHA256     string
	WrittenAt  time.Time
	FileLength int64
}

// Member is another device of the team as its segments describe it.
type Member struct {
	Name     string
	Segments uint64    // segments applied
	LastSeen time.Time // when its newest applied segment was written
}

// ErrNoTeam: the store is in no team yet.
var ErrNoTeam = data.Errorf(data.ENOTFOUND, "this store is in no team: create one (tierline team create) or join one (tierline team join)")

// Load reads the store's team state.
func Load(s *store.Store) (*State, error) {
	raw, err := s.TeamState()
	if err != nil {
		return nil, err
	}
	if raw == nil {
		return nil, ErrNoTeam
	}
	var st State
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, fmt.Errorf("the store's team settings are damaged: %w", err)
	}
	return &st, nil
}

func (st *State) save(s *store.Store) error {
	raw, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return s.SaveTeamState(raw)
}

// Create makes a new team whose folder is folder, with this store as its first member, and logs
// every record the store already holds so the team receives them.
func Create(s *store.Store, folder, name string) (*State, error) {
	t, err := NewTeam()
	if err != nil {
		return nil, err
	}
	return begin(s, t, folder, name, true)
}

func begin(s *store.Store, t Team, folder, name string, withSettings bool) (*State, error) {
	if _, err := Load(s); err == nil {
		return nil, data.Errorf(data.ECONFLICT, "this store is already in a team")
	} else if !errors.Is(err, ErrNoTeam) {
		return nil, err
	}
	if err := checkName(name); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(folder)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(abs); err != nil || !info.IsDir() {
		return nil, data.Errorf(data.EUNAVAILABLE, "the team folder %s is not a folder this computer can reach", abs)
	}
	if _, err := s.LogExisting(withSettings); err != nil {
		return nil, err
	}
	device, err := s.Device()
	if err != nil {
		return nil, err
	}
	st := &State{Team: t, Folder: abs, Device: device, Name: name, Applied: map[string]uint64{}, Members: map[string]*Member{}}
	if err := st.ensureKeyPair(); err != nil {
		return nil, err
	}
	return st, st.save(s)
}

func checkName(name string) error {
	if strings.TrimSpace(name) == "" || len(name) > 100 || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return &data.Error{Code: data.EINVALID, Field: "name", Message: "give your name as the team will see it (one line, up to 100 characters)"}
	}
	return nil
}

// Report says what one sync did.
type Report struct {
	Published int // this device's changes written to the folder
	Read      int // other devices' segments read
	Applied   store.ApplyResult
	Compacted bool           // this device's segments were folded into one
	Repaired  int            // own segment files written again (lost or damaged in the folder)
	Refused   []SegmentError // segments not applied, with why
}

// Sync publishes this device's new changes to the team folder and applies everyone else's. It is
// safe to stop at any moment (a crash, a folder that goes away): what it saved says what it did,
// and the next sync finishes the job.
func Sync(s *store.Store, now time.Time) (Report, error) {
	var rep Report
	st, err := Load(s)
	if err != nil {
		return rep, err
	}
	if info, err := os.Stat(st.Folder); err != nil || !info.IsDir() {
		return rep, data.Errorf(data.EUNAVAILABLE, "the team folder %s cannot be reached (offline, or the drive is not connected): changes wait here until it can", st.Folder)
	}
	own := filepath.Join(st.Folder, st.Device.String())
	if err := os.MkdirAll(own, 0o700); err != nil {
		return rep, fmt.Errorf("create %s: %w", own, err)
	}
	if err := st.ensureKeyPair(); err != nil {
		return rep, err
	}
	if _, err := st.followRotations(&rep); err != nil {
		return rep, err
	}
	if err := st.publishMember(own); err != nil {
		return rep, err
	}
	if rep.Repaired, err = st.repair(s, own); err != nil {
		return rep, err
	}
	if rep.Published, err = st.publish(s, own, now); err != nil {
		return rep, err
	}
	if len(st.Files) > compactAfter {
		if err := st.compact(s, own, now); err != nil {
			return rep, err
		}
		rep.Compacted = true
	}
	if err := st.receive(s, &rep); err != nil {
		return rep, err
	}
	st.LastSync = now
	return rep, st.save(s)
}

func segmentName(to uint64) string { return fmt.Sprintf("seg-%010d.tls", to) }

// parseSegmentName reads a segment's number from its file name; copies a cloud drive makes of a
// file ("seg-…(1).tls") and temporary files are not segments.
func parseSegmentName(name string) (uint64, bool) {
	digits, ok := strings.CutPrefix(name, "seg-")
	if !ok {
		return 0, false
	}
	digits, ok = strings.CutSuffix(digits, ".tls")
	if !ok || len(digits) != 10 {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	return n, err == nil && n > 0
}

// content returns the changes an own file holds.
func (st *State) content(s *store.Store, f OwnFile) ([]store.Change, error) {
	if f.Compacted {
		changes, _, err := s.LiveChanges(f.LogTo)
		return changes, err
	}
	changes, _, err := s.ChangesSince(f.LogFrom, f.LogTo, true)
	return changes, err
}

// writeOwn seals changes as the file f, records it in the state (saved before the file is
// written, so a crash between the two leaves a file to repair, never an unrecorded one) and
// writes it aside, then renames it into place.
func (st *State) writeOwn(s *store.Store, dir string, f *OwnFile, changes []store.Change, now time.Time) error {
	b, err := st.Team.seal(segment{Device: st.Device, From: f.From, To: f.To, Name: st.Name, Changes: changes})
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	f.SHA256, f.WrittenAt, f.FileLength = hex.EncodeToString(sum[:]), now, int64(len(b))
	if err := st.save(s); err != nil {
		return err
	}
	return writeAside(filepath.Join(dir, segmentName(f.To)), b)
}

// writeAside writes a file under a temporary name, flushes it and renames it, so no reader sees
// it half-written.
func writeAside(path string, b []byte) error {
	suffix := make([]byte, 6)
	rand.Read(suffix) //nolint:errcheck // crypto/rand does not fail
	tmp := filepath.Join(filepath.Dir(path), ".tmp-"+hex.EncodeToString(suffix)+"-"+filepath.Base(path))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write to the team folder: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s to the team folder: %w", filepath.Base(path), err)
	}
	return nil
}

// repair makes this device's folder match its state: a recorded file that is missing, altered
// or cut short is written again from the log; a file it no longer records (left by a compaction
// cut short) is removed.
func (st *State) repair(s *store.Store, dir string) (int, error) {
	repaired := 0
	keep := map[string]bool{}
	for i := range st.Files {
		f := &st.Files[i]
		name := segmentName(f.To)
		keep[name] = true
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err == nil {
			if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) == f.SHA256 {
				continue
			}
		}
		changes, err := st.content(s, *f)
		if err != nil {
			return repaired, err
		}
		if err := st.writeOwn(s, dir, f, changes, f.WrittenAt); err != nil {
			return repaired, err
		}
		repaired++
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return repaired, fmt.Errorf("read %s: %w", dir, err)
	}
	for _, e := range entries {
		if _, ok := parseSegmentName(e.Name()); ok && !keep[e.Name()] {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	return repaired, nil
}

// publish writes this device's changes since the last sync as its next segment.
func (st *State) publish(s *store.Store, dir string, now time.Time) (int, error) {
	changes, last, err := s.ChangesSince(st.Published, 0, true)
	if err != nil || len(changes) == 0 {
		return 0, err
	}
	f := OwnFile{From: st.Next, To: st.Next + 1, LogFrom: st.Published, LogTo: last}
	st.Files = append(st.Files, f)
	st.Next, st.Published = f.To, last
	if err := st.writeOwn(s, dir, &st.Files[len(st.Files)-1], changes, now); err != nil {
		return 0, err
	}
	return len(changes), nil
}

// compact folds this device's files into one holding only its live changes, covering every
// segment so far; readers behind read it whole (applying is idempotent).
func (st *State) compact(s *store.Store, dir string, now time.Time) error {
	f := OwnFile{From: 0, To: st.Next, LogFrom: 0, LogTo: st.Published, Compacted: true}
	changes, err := st.content(s, f)
	if err != nil {
		return err
	}
	st.Files = []OwnFile{f}
	if err := st.writeOwn(s, dir, &st.Files[0], changes, now); err != nil {
		return err
	}
	_, err = st.repair(s, dir) // removes the files folded in
	return err
}

// receive reads every other device's new segments and applies them in one transaction.
func (st *State) receive(s *store.Store, rep *Report) error {
	got, err := readFolder(st.keys(), st.Removed, st.Folder, st.Device, st.Applied, rep)
	if err != nil {
		return err
	}
	var changes []store.Change
	for device, r := range got {
		changes = append(changes, r.changes...)
		m := st.Members[device]
		if m == nil {
			m = &Member{}
			st.Members[device] = m
		}
		m.Name, m.Segments = r.name, r.upTo
		if r.mod.After(m.LastSeen) {
			m.LastSeen = r.mod
		}
	}
	if len(changes) > 0 {
		res, err := s.ApplyChanges(changes)
		if err != nil {
			return fmt.Errorf("apply the team's changes (nothing applied): %w", err)
		}
		rep.Applied = res
	}
	for device, r := range got {
		st.Applied[device] = r.upTo
	}
	return nil
}

// received is what one device's new segments hold.
type received struct {
	changes []store.Change
	upTo    uint64 // its segments 1..upTo are read
	name    string
	mod     time.Time
}

// readFolder reads every device's segments newer than applied, except own's: per device, in
// order, up to the first one missing or refused (the later ones wait for it).
func readFolder(keys []Team, removed map[string]time.Time, dir string, own data.ID, applied map[string]uint64, rep *Report) (map[string]received, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, data.Errorf(data.EUNAVAILABLE, "read the team folder %s: %v", dir, err)
	}
	out := map[string]received{}
	for _, e := range entries {
		device, err := uuid.Parse(e.Name())
		if err != nil || !e.IsDir() || device == own || e.Name() != device.String() {
			continue // not a device's folder, or this device's own
		}
		got := readDevice(keys, filepath.Join(dir, e.Name()), device, applied[e.Name()], rep)
		if when, gone := removed[e.Name()]; gone {
			for _, f := range got {
				rep.Refused = append(rep.Refused, SegmentError{File: filepath.Join(dir, e.Name(), segmentName(f.seg.To)),
					Reason: fmt.Sprintf("was written by %s, removed from the team on %s: nothing applied", cmp.Or(f.seg.Name, e.Name()), when.Local().Format(time.DateTime))})
			}
			continue
		}
		slices.SortFunc(got, func(a, b found) int {
			return cmp.Or(cmp.Compare(a.seg.From, b.seg.From), cmp.Compare(a.seg.To, b.seg.To))
		})
		r := received{upTo: applied[e.Name()]}
		for _, f := range got {
			if f.seg.From > r.upTo {
				break
			}
			if f.seg.To <= r.upTo {
				continue
			}
			r.changes = append(r.changes, f.seg.Changes...)
			r.upTo, r.name = f.seg.To, f.seg.Name
			if f.mod.After(r.mod) {
				r.mod = f.mod
			}
			rep.Read++
		}
		if r.upTo > applied[e.Name()] {
			out[e.Name()] = r
		}
	}
	return out, nil
}

// found is a device's segment file read from the folder.
type found struct {
	seg segment
	mod time.Time
}

// readDevice reads the segments of one device that are newer than segment after.
func readDevice(keys []Team, dir string, device data.ID, after uint64, rep *Report) []found {
	entries, err := os.ReadDir(dir)
	if err != nil {
		rep.Refused = append(rep.Refused, SegmentError{File: dir, Reason: "cannot be read: " + err.Error(), Incomplete: true})
		return nil
	}
	var out []found
	for _, e := range entries {
		n, ok := parseSegmentName(e.Name())
		if !ok || n <= after {
			continue
		}
		path := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue // folded into a compacted segment while we read
		}
		if err != nil {
			rep.Refused = append(rep.Refused, SegmentError{File: path, Reason: "cannot be read: " + err.Error(), Incomplete: true})
			continue
		}
		team := keys[0]
		if len(b) >= 32 {
			team = keyFor(keys, b[24:32])
		}
		seg, err := team.open(path, device, b)
		var refused *SegmentError
		if errors.As(err, &refused) {
			rep.Refused = append(rep.Refused, *refused)
			continue
		}
		if err != nil {
			rep.Refused = append(rep.Refused, SegmentError{File: path, Reason: err.Error()})
			continue
		}
		if seg.To != n {
			rep.Refused = append(rep.Refused, SegmentError{File: path, Reason: fmt.Sprintf("holds segment %d under the name of %d: nothing applied", seg.To, n)})
			continue
		}
		var mod time.Time
		if info, err := e.Info(); err == nil {
			mod = info.ModTime()
		}
		out = append(out, found{seg: seg, mod: mod})
	}
	return out
}
