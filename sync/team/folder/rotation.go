package folder

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/nacl/box"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

// Removing a member rotates the team key (DESIGN §10). Every device has its own key pair; it
// publishes the public half, authenticated with the team key, as member.tlk in its sub-folder.
// Removing a member makes a new team key and writes a rotation file into rotations/: the new key
// sealed to each remaining member's public key (a removed member holds the old team key, so
// sealing the new one under the old would hand it over), the old key and the removed devices
// sealed under the new one (so a laptop that joins later with the new code reads the segments
// written before). A member that finds a rotation of its key with an entry for it moves to the
// new key; one with no entry was removed. Segments of a removed device are refused from then on.

var (
	memberMagic   = []byte("TLMEMv1\n")
	rotationMagic = []byte("TLROTv1\n")
)

const (
	memberFile  = "member.tlk"
	rotationDir = "rotations"
	// a rotation entry: the device and the new key sealed to its public key
	rotationEntryLen = 16 + 32 + box.AnonymousOverhead
)

// ensureKeyPair gives the state its device key pair (states made before rotation lack one).
func (st *State) ensureKeyPair() error {
	if len(st.Secret) == curve25519.ScalarSize {
		return nil
	}
	st.Secret = make([]byte, curve25519.ScalarSize)
	if _, err := rand.Read(st.Secret); err != nil {
		return fmt.Errorf("make a device key: %w", err)
	}
	return nil
}

func (st *State) publicKey() ([]byte, error) {
	return curve25519.X25519(st.Secret, curve25519.Basepoint)
}

// keys is every team key this device holds: the current one first, then the ones it replaced.
func (st *State) keys() []Team {
	out := []Team{st.Team}
	for _, k := range st.OldKeys {
		out = append(out, Team{ID: st.Team.ID, Key: k})
	}
	return out
}

// keyFor returns the key of keys whose id is id, or the first (whose refusal then says the key
// is another).
func keyFor(keys []Team, id []byte) Team {
	for _, k := range keys {
		if bytes.Equal(k.keyID(), id) {
			return k
		}
	}
	return keys[0]
}

// publishMember writes this device's member file unless the folder holds it already.
func (st *State) publishMember(dir string) error {
	pub, err := st.publicKey()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, memberFile)
	if b, err := os.ReadFile(path); err == nil {
		if got, _, err := openMember(st.keys(), st.Device, b); err == nil && bytes.Equal(got, pub) && bytes.Equal(b[24:32], st.Team.keyID()) {
			return nil
		}
	}
	header := append(append(append(append([]byte(nil), memberMagic...), st.Team.ID[:]...), st.Team.keyID()...), st.Device[:]...)
	b, err := sealWith(st.Team, header, append(pub, st.Name...))
	if err != nil {
		return err
	}
	return writeAside(path, b)
}

// openMember reads a member file: the device's public key and name.
func openMember(keys []Team, device data.ID, b []byte) ([]byte, string, error) {
	if len(b) < 48 || !bytes.Equal(b[:8], memberMagic) {
		return nil, "", errors.New("not a Tierline member file")
	}
	if idFrom(b[8:24]) != keys[0].ID || idFrom(b[32:48]) != device {
		return nil, "", errors.New("belongs to another team or device")
	}
	plain, err := openWith(keyFor(keys, b[24:32]), b, 48)
	if err != nil || len(plain) < 32 {
		return nil, "", errors.New("does not authenticate with the team key")
	}
	return plain[:32], string(plain[32:]), nil
}

// sealWith appends a nonce and the plain text sealed under the key, with header and nonce as
// associated data, to header.
func sealWith(t Team, header, plain []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(t.Key[:])
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	head := append(header, nonce...)
	return aead.Seal(head, nonce, plain, head), nil
}

// openWith opens what sealWith wrote, whose header is headerLen bytes.
func openWith(t Team, b []byte, headerLen int) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(t.Key[:])
	if err != nil {
		return nil, err
	}
	n := headerLen + aead.NonceSize()
	if len(b) < n+aead.Overhead() {
		return nil, errors.New("cut short")
	}
	return aead.Open(nil, b[headerLen:n], b[n:], b[:n])
}

// rotation is one rotation file as read.
type rotation struct {
	file         string
	oldID, newID []byte
	entries      map[data.ID][]byte // device → the new key sealed to it
	sealedFrom   int                // where the part sealed under the new key starts
	raw          []byte
	oldKey       [32]byte
	removed      []data.ID
	removedAt    time.Time
	newKey       Team
	newKeyOpened bool
}

func parseRotation(team data.ID, file string, b []byte) (*rotation, error) {
	if len(b) < 42 || !bytes.Equal(b[:8], rotationMagic) {
		return nil, errors.New("not a Tierline key rotation")
	}
	if idFrom(b[8:24]) != team {
		return nil, errors.New("belongs to another team")
	}
	r := &rotation{file: file, oldID: b[24:32], newID: b[32:40], entries: map[data.ID][]byte{}, raw: b}
	n := int(binary.BigEndian.Uint16(b[40:42]))
	r.sealedFrom = 42 + n*rotationEntryLen
	if len(b) < r.sealedFrom {
		return nil, errors.New("cut short")
	}
	for i := range n {
		e := b[42+i*rotationEntryLen : 42+(i+1)*rotationEntryLen]
		r.entries[idFrom(e[:16])] = e[16:]
	}
	return r, nil
}

// open reads the part sealed under the new key: the old key, the devices removed.
func (r *rotation) open(newKey Team) error {
	if !bytes.Equal(newKey.keyID(), r.newID) {
		return errors.New("the new key does not match the rotation")
	}
	plain, err := openWith(newKey, r.raw, r.sealedFrom)
	if err != nil || len(plain) < 32+8+2 {
		return errors.New("does not authenticate with its new key: it was altered or damaged")
	}
	copy(r.oldKey[:], plain[:32])
	if !bytes.Equal(Team{Key: r.oldKey}.keyID(), r.oldID) {
		return errors.New("its old key does not match its header")
	}
	r.removedAt = time.UnixMilli(int64(binary.BigEndian.Uint64(plain[32:40]))).UTC()
	n := int(binary.BigEndian.Uint16(plain[40:42]))
	if len(plain) != 42+16*n {
		return errors.New("is damaged (its list of removed devices)")
	}
	for i := range n {
		r.removed = append(r.removed, idFrom(plain[42+16*i:]))
	}
	r.newKey, r.newKeyOpened = newKey, true
	return nil
}

// readRotations reads the folder's rotation files; unreadable ones are reported and skipped.
func readRotations(team data.ID, folder string, rep *Report) ([]*rotation, error) {
	dir := filepath.Join(folder, rotationDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	var out []*rotation
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".tlk") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(path)
		if err == nil {
			var r *rotation
			if r, err = parseRotation(team, path, b); err == nil {
				out = append(out, r)
				continue
			}
		}
		if rep != nil {
			rep.Refused = append(rep.Refused, SegmentError{File: path, Reason: err.Error() + ": ignored"})
		}
	}
	// Two rotations of one key (two members removing at once): everyone follows the same one.
	slices.SortFunc(out, func(a, b *rotation) int { return bytes.Compare(a.newID, b.newID) })
	return out, nil
}

// ErrRemoved: this laptop was removed from the team.
var ErrRemoved = data.Errorf(data.ECONFLICT, "this laptop was removed from the team (the team key was changed without it): its changes no longer reach the team, and the team's new changes cannot be read here; ask the coordinator for a new join code if that was a mistake")

// followRotations brings the state's keys up to date with the folder's rotations: the old keys
// of every rotation to a key it holds, and the new key of a rotation of its current key that
// has an entry for it. It reports whether anything changed, and ErrRemoved when a rotation of
// its current key leaves it out.
func (st *State) followRotations(rep *Report) (bool, error) {
	rotations, err := readRotations(st.Team.ID, st.Folder, rep)
	if err != nil || len(rotations) == 0 {
		return false, err
	}
	changed := false
	for progress := true; progress; {
		progress = false
		for _, r := range rotations {
			if r.newKeyOpened {
				continue
			}
			var newKey Team
			known := false
			for _, k := range st.keys() {
				if bytes.Equal(k.keyID(), r.newID) {
					newKey, known = k, true
				}
			}
			if !known {
				if !bytes.Equal(r.oldID, st.Team.keyID()) || len(st.Secret) == 0 {
					continue
				}
				sealed, ok := r.entries[st.Device]
				if !ok {
					return changed, ErrRemoved
				}
				pub, err := st.publicKey()
				if err != nil {
					return changed, err
				}
				key, ok := box.OpenAnonymous(nil, sealed, (*[32]byte)(pub), (*[32]byte)(st.Secret))
				if !ok || len(key) != 32 {
					rep.Refused = append(rep.Refused, SegmentError{File: r.file, Reason: "its entry for this laptop does not open: ignored"})
					continue
				}
				newKey = Team{ID: st.Team.ID}
				copy(newKey.Key[:], key)
			}
			if err := r.open(newKey); err != nil {
				rep.Refused = append(rep.Refused, SegmentError{File: r.file, Reason: err.Error() + ": ignored"})
				r.newKeyOpened = true // not again this sync
				continue
			}
			progress = true
			if st.learn(r) {
				changed = true
			}
		}
	}
	return changed, nil
}

// learn takes in an opened rotation: its old key, its removed devices, and its new key when it
// replaces this device's current one (this device's files are then sealed again with it).
func (st *State) learn(r *rotation) bool {
	changed := false
	if !slices.Contains(st.OldKeys, r.oldKey) && r.oldKey != st.Team.Key {
		st.OldKeys, changed = append(st.OldKeys, r.oldKey), true
	}
	if r.oldKey == st.Team.Key {
		st.Team.Key, changed = r.newKey.Key, true
		if !slices.Contains(st.OldKeys, r.oldKey) {
			st.OldKeys = append(st.OldKeys, r.oldKey)
		}
		for i := range st.Files {
			st.Files[i].SHA256 = "" // repair writes them again with the new key
		}
	}
	if st.Removed == nil {
		st.Removed = map[string]time.Time{}
	}
	for _, d := range r.removed {
		if _, ok := st.Removed[d.String()]; !ok {
			st.Removed[d.String()], changed = r.removedAt, true
		}
	}
	return changed
}

// Remove takes a member out of the team: who is the member's name or device id (or its unique
// start). A new team key is sealed to every other member whose laptop has published its device
// key; this laptop moves to it now, the others at their next sync. The removed laptop keeps
// what it already has, but cannot read what the team writes from now on, and its segments are
// refused. It returns the device removed.
func Remove(s *store.Store, who string, now time.Time) (MemberStatus, error) {
	st, err := Load(s)
	if err != nil {
		return MemberStatus{}, err
	}
	if info, err := os.Stat(st.Folder); err != nil || !info.IsDir() {
		return MemberStatus{}, data.Errorf(data.EUNAVAILABLE, "the team folder %s cannot be reached: a member is removed while the folder is reachable", st.Folder)
	}
	if err := st.ensureKeyPair(); err != nil {
		return MemberStatus{}, err
	}
	var rep Report
	if _, err := st.followRotations(&rep); err != nil {
		return MemberStatus{}, err
	}
	target, err := st.findMember(who)
	if err != nil {
		return target, err
	}
	newKey, err := NewTeam()
	if err != nil {
		return target, err
	}
	newKey.ID = st.Team.ID
	header := append(append(append([]byte(nil), rotationMagic...), st.Team.ID[:]...), st.Team.keyID()...)
	header = append(header, newKey.keyID()...)
	members, err := st.folderMembers()
	if err != nil {
		return target, err
	}
	for device, m := range st.Members {
		if _, gone := st.Removed[device]; !gone && device != target.Device.String() && members[device] == nil {
			return target, data.Errorf(data.ECONFLICT, "%s has not published a device key yet (their laptop runs an older Tierline, or has not synced since): sync on their laptop first, or they would be removed too", m.Name)
		}
	}
	var entries []byte
	count := 0
	for device, pub := range members {
		if _, gone := st.Removed[device]; gone || device == target.Device.String() || device == st.Device.String() {
			continue
		}
		id := uuid.MustParse(device)
		sealed, err := box.SealAnonymous(nil, newKey.Key[:], (*[32]byte)(pub), rand.Reader)
		if err != nil {
			return target, err
		}
		entries = append(append(entries, id[:]...), sealed...)
		count++
	}
	self, err := st.publicKey()
	if err != nil {
		return target, err
	}
	sealed, err := box.SealAnonymous(nil, newKey.Key[:], (*[32]byte)(self), rand.Reader)
	if err != nil {
		return target, err
	}
	entries = append(append(entries, st.Device[:]...), sealed...)
	count++
	header = binary.BigEndian.AppendUint16(header, uint16(count))
	header = append(header, entries...)
	body := append(st.Team.Key[:len(st.Team.Key):len(st.Team.Key)], binary.BigEndian.AppendUint64(nil, uint64(now.UnixMilli()))...)
	body = binary.BigEndian.AppendUint16(body, 1)
	body = append(body, target.Device[:]...)
	b, err := sealWith(newKey, header, body)
	if err != nil {
		return target, err
	}
	dir := filepath.Join(st.Folder, rotationDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return target, fmt.Errorf("create %s: %w", dir, err)
	}
	if err := writeAside(filepath.Join(dir, hex.EncodeToString(newKey.keyID())+".tlk"), b); err != nil {
		return target, err
	}
	// This laptop follows its own rotation as the others will.
	if _, err := st.followRotations(&rep); err != nil {
		return target, err
	}
	return target, st.save(s)
}

// findMember finds another member by name or device id (or its unique start).
func (st *State) findMember(who string) (MemberStatus, error) {
	who = strings.TrimSpace(who)
	names, err := st.folderNames()
	if err != nil {
		return MemberStatus{}, err
	}
	var found []MemberStatus
	for device, name := range names {
		if _, gone := st.Removed[device]; gone || device == st.Device.String() {
			continue
		}
		if strings.EqualFold(name, who) || who != "" && strings.HasPrefix(device, strings.ToLower(who)) {
			m := MemberStatus{Device: uuid.MustParse(device), Name: name}
			if known := st.Members[device]; known != nil {
				m.Segments, m.LastSeen = known.Segments, known.LastSeen
			}
			found = append(found, m)
		}
	}
	switch {
	case strings.EqualFold(who, st.Name) || who != "" && strings.HasPrefix(st.Device.String(), strings.ToLower(who)):
		return MemberStatus{}, data.Errorf(data.EINVALID, "%q is this laptop: a member is removed from another member's laptop", who)
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		return MemberStatus{}, data.Errorf(data.EINVALID, "%d members match %q: give the device id (tierline team status lists them)", len(found), who)
	}
	return MemberStatus{}, data.Errorf(data.ENOTFOUND, "no member %q in the team (tierline team status lists them)", who)
}

// folderMembers reads every device's member file in the folder: device → public key. A file
// that does not open with the team's keys is no member's.
func (st *State) folderMembers() (map[string][]byte, error) {
	out := map[string][]byte{}
	err := st.eachMemberFile(func(device string, pub []byte, _ string) { out[device] = pub })
	return out, err
}

// folderNames is every member's name, from the member files and the segments read.
func (st *State) folderNames() (map[string]string, error) {
	out := map[string]string{}
	for device, m := range st.Members {
		out[device] = m.Name
	}
	err := st.eachMemberFile(func(device string, _ []byte, name string) { out[device] = name })
	return out, err
}

func (st *State) eachMemberFile(fn func(device string, pub []byte, name string)) error {
	entries, err := os.ReadDir(st.Folder)
	if err != nil {
		return data.Errorf(data.EUNAVAILABLE, "read the team folder %s: %v", st.Folder, err)
	}
	for _, e := range entries {
		id, err := uuid.Parse(e.Name())
		if err != nil || !e.IsDir() || id.String() != e.Name() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(st.Folder, e.Name(), memberFile))
		if err != nil {
			continue
		}
		if pub, name, err := openMember(st.keys(), id, b); err == nil {
			fn(e.Name(), pub, name)
		}
	}
	return nil
}
