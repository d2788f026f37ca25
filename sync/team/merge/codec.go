package merge

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The binary form of a change, shared by a store's change log and the segment files of the
// folder transport: a format byte, then length-prefixed fields. It is generic (entities and keys
// are opaque strings), so a store with new kinds of records still reads old changes.
const changeFormatV1 = 1

// maxField bounds any one field of a decoded change, so a damaged length cannot make a reader
// allocate gigabytes.
const maxField = 1 << 20

// AppendBinary appends the binary form of c to b.
func AppendBinary(b []byte, c Change) []byte {
	b = append(b, changeFormatV1)
	b = appendString(b, c.ID)
	b = appendString(b, c.Device)
	b = binary.AppendVarint(b, c.Clock.Wall)
	b = binary.AppendUvarint(b, uint64(c.Clock.Logical))
	b = append(b, byte(c.Kind))
	flags := byte(0)
	if c.Deleted {
		flags |= 1
	}
	if c.Parent != nil {
		flags |= 2
	}
	if c.Since != (Clock{}) {
		flags |= 4
	}
	b = append(b, flags)
	b = appendString(b, c.Ref.Entity)
	b = appendString(b, c.Ref.Key)
	if c.Parent != nil {
		b = appendString(b, c.Parent.Entity)
		b = appendString(b, c.Parent.Key)
	}
	if c.Since != (Clock{}) {
		b = binary.AppendVarint(b, c.Since.Wall)
		b = binary.AppendUvarint(b, uint64(c.Since.Logical))
	}
	return appendString(b, string(c.Body))
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// errCutShort is what a change that ends inside a field decodes to.
var errCutShort = errors.New("the change is cut short")

// DecodeBinary reads one change from the front of b and returns it with the bytes after it. The
// change owns its memory (nothing points into b).
func DecodeBinary(b []byte) (Change, []byte, error) {
	var c Change
	d := decoder{b: b}
	if f := d.byte(); d.err == nil && f != changeFormatV1 {
		return c, nil, fmt.Errorf("unknown change format %d", f)
	}
	c.ID = d.string()
	c.Device = d.string()
	c.Clock.Wall = d.varint()
	logical := d.uvarint()
	if logical > 1<<32-1 {
		d.fail(errors.New("the clock's counter is out of range"))
	}
	c.Clock.Logical = uint32(logical)
	c.Kind = Kind(d.byte())
	flags := d.byte()
	c.Deleted = flags&1 != 0
	c.Ref.Entity = d.string()
	c.Ref.Key = d.string()
	if flags&2 != 0 {
		c.Parent = &Ref{Entity: d.string(), Key: d.string()}
	}
	if flags&4 != 0 {
		c.Since.Wall = d.varint()
		since := d.uvarint()
		if since > 1<<32-1 {
			d.fail(errors.New("the clock's counter is out of range"))
		}
		c.Since.Logical = uint32(since)
	}
	if body := d.string(); body != "" {
		c.Body = []byte(body)
	}
	if d.err == nil && (c.Kind != Edited && c.Kind != Logged || flags > 7) {
		d.fail(errors.New("the change's kind or flags are unknown"))
	}
	return c, d.b, d.err
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.fail(errCutShort)
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail(errCutShort)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail(errCutShort)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > maxField || n > uint64(len(d.b)) {
		d.fail(errCutShort)
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}
