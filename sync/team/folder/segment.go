// Package folder is team sync's shared-folder transport (DESIGN §10): each device writes its own
// changes as segment files into its own sub-folder of a folder the school already shares (a
// network drive, a OneDrive or Google Drive folder, a USB stick), and reads everyone else's.
//
// A segment is written aside and renamed, so a reader never sees half a file under a segment's
// name; it is compressed, then encrypted and authenticated with the team key
// (XChaCha20-Poly1305), with its header (team, key id, device, the segments it covers) as
// associated data: a segment of another team, of an old key, copied under another device, cut
// short or altered is refused whole, and nothing of it is applied.
package folder

import (
	"bytes"
	"compress/flate"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/team/merge"
)

// magic opens every segment file.
var magic = []byte("TLSEGv1\n")

// headerLen: magic, team id, key id, device id, from, to, sealed length, nonce.
const headerLen = 8 + 16 + 8 + 16 + 8 + 8 + 8 + chacha20poly1305.NonceSizeX

// maxSealed bounds a segment's sealed payload (a compacted segment of a large school is a few
// megabytes); a damaged length cannot make a reader allocate more.
const maxSealed = 1 << 30

// Team is a team's identity and key: what a join code carries.
type Team struct {
	ID  data.ID
	Key [chacha20poly1305.KeySize]byte
}

// NewTeam makes a team with a fresh random key.
func NewTeam() (Team, error) {
	t := Team{ID: data.NewID()}
	if _, err := rand.Read(t.Key[:]); err != nil {
		return t, fmt.Errorf("make a team key: %w", err)
	}
	return t, nil
}

// keyID names a key without revealing it, so a segment written with another key (an old one, or
// a mistyped code) is told apart from an altered one.
func (t Team) keyID() []byte {
	sum := sha256.Sum256(append([]byte("tierline team key id\x00"), t.Key[:]...))
	return sum[:8]
}

// segment is one file's content: the changes of one device, covering its segments from+1..to
// (a compacted segment covers 0..to).
type segment struct {
	Device  data.ID
	From    uint64
	To      uint64
	Name    string // the member's name, so others can say who entered a record
	Changes []merge.Change
}

// SegmentError is a segment file refused, with why.
type SegmentError struct {
	File   string
	Reason string
	// Incomplete: the file may still be arriving (cut short); it is read again next time.
	Incomplete bool
}

func (e *SegmentError) Error() string { return e.File + ": " + e.Reason }

// seal encodes a segment as a file's bytes.
func (t Team) seal(seg segment) ([]byte, error) {
	var plain bytes.Buffer
	zw, err := flate.NewWriter(&plain, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	body := binary.AppendUvarint(nil, uint64(len(seg.Name)))
	body = append(body, seg.Name...)
	body = binary.AppendUvarint(body, uint64(len(seg.Changes)))
	for _, c := range seg.Changes {
		body = merge.AppendBinary(body, c)
	}
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(t.Key[:])
	if err != nil {
		return nil, err
	}
	header := make([]byte, 0, headerLen)
	header = append(header, magic...)
	header = append(header, t.ID[:]...)
	header = append(header, t.keyID()...)
	header = append(header, seg.Device[:]...)
	header = binary.BigEndian.AppendUint64(header, seg.From)
	header = binary.BigEndian.AppendUint64(header, seg.To)
	header = binary.BigEndian.AppendUint64(header, uint64(plain.Len()+aead.Overhead()))
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	header = append(header, nonce...)
	return aead.Seal(header, nonce, plain.Bytes(), header), nil
}

// open decodes a segment file's bytes; device is the sub-folder it was found in. Every refusal
// says what is wrong in words a coordinator can act on.
func (t Team) open(file string, device data.ID, b []byte) (segment, error) {
	var seg segment
	refuse := func(incomplete bool, format string, args ...any) (segment, error) {
		return seg, &SegmentError{File: file, Reason: fmt.Sprintf(format, args...), Incomplete: incomplete}
	}
	if len(b) < len(magic) || !bytes.Equal(b[:len(magic)], magic) {
		if len(b) < len(magic) && bytes.HasPrefix(magic, b) {
			return refuse(true, "the file is cut short (%d bytes): it may still be copying", len(b))
		}
		return refuse(false, "not a Tierline team segment")
	}
	if len(b) < headerLen {
		return refuse(true, "the file is cut short (%d bytes, inside its header): it may still be copying", len(b))
	}
	header := b[:headerLen]
	teamID, keyID, dev := idFrom(header[8:24]), header[24:32], idFrom(header[32:48])
	seg.Device = dev
	seg.From, seg.To = binary.BigEndian.Uint64(header[48:56]), binary.BigEndian.Uint64(header[56:64])
	sealed := binary.BigEndian.Uint64(header[64:72])
	switch {
	case teamID != t.ID:
		return refuse(false, "belongs to another team (%s, this team is %s): nothing applied; is the folder shared by two teams?", teamID, t.ID)
	case !bytes.Equal(keyID, t.keyID()):
		return refuse(false, "was written with another team key (key %x, this device has %x): nothing applied; if a member was removed, join again with the new code", keyID, t.keyID())
	case dev != device:
		return refuse(false, "says it was written by device %s but lies in the folder of %s: nothing applied", dev, device)
	case seg.To <= seg.From:
		return refuse(false, "covers no segments (%d to %d): nothing applied", seg.From, seg.To)
	case sealed > maxSealed:
		return refuse(false, "is damaged (it claims %d bytes): nothing applied", sealed)
	case uint64(len(b)-headerLen) < sealed:
		return refuse(true, "is cut short (%d of %d bytes): it may still be copying; nothing applied", len(b)-headerLen, sealed)
	case uint64(len(b)-headerLen) > sealed:
		return refuse(false, "has %d bytes past its end: nothing applied", uint64(len(b)-headerLen)-sealed)
	}
	aead, err := chacha20poly1305.NewX(t.Key[:])
	if err != nil {
		return seg, err
	}
	nonce := header[headerLen-aead.NonceSize():]
	plain, err := aead.Open(nil, nonce, b[headerLen:], header)
	if err != nil {
		return refuse(false, "does not authenticate with the team key: it was altered or damaged after it was written; nothing applied")
	}
	body, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(plain)), maxSealed*4))
	if err != nil {
		return refuse(false, "does not decompress (%v): nothing applied", err)
	}
	name, rest, err := readString(body)
	if err != nil {
		return refuse(false, "is damaged (%v): nothing applied", err)
	}
	seg.Name = name
	n, k := binary.Uvarint(rest)
	if k <= 0 || n > uint64(len(rest)) {
		return refuse(false, "is damaged (its count of changes): nothing applied")
	}
	rest = rest[k:]
	seg.Changes = make([]merge.Change, 0, n)
	for i := uint64(0); i < n; i++ {
		var c merge.Change
		if c, rest, err = merge.DecodeBinary(rest); err != nil {
			return refuse(false, "change %d is damaged (%v): nothing applied", i+1, err)
		}
		if c.Device != dev.String() {
			return refuse(false, "change %d is another device's (%s): nothing applied", i+1, c.Device)
		}
		seg.Changes = append(seg.Changes, c)
	}
	if len(rest) != 0 {
		return refuse(false, "has bytes past its last change: nothing applied")
	}
	return seg, nil
}

func readString(b []byte) (string, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return "", nil, errors.New("a field is cut short")
	}
	return string(b[k : k+int(n)]), b[k+int(n):], nil
}

func idFrom(b []byte) data.ID {
	var id data.ID
	copy(id[:], b)
	return id
}
