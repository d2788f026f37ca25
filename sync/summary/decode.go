package summary

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/tierline/tierline/data"
)

// MaxSize bounds an encoded summary (the hub refuses larger bodies).
const MaxSize = 1 << 20

// DecodeBytes reads a summary strictly: anything but one JSON object of the
// summary's fields — an unknown field, a key twice, a value of the wrong
// type, a null where a value is required, invalid UTF-8, data after the
// end — is refused, with the byte offset of the fault. It does not
// validate the contents (Validate does).
//
// The hub decodes every summary it receives, so the decoder is written
// for the one schema: a single pass, several times faster than
// encoding/json's reflection, which it otherwise agrees with (a
// differential fuzz test holds it to that).
func DecodeBytes(raw []byte) (Summary, error) {
	if len(raw) > MaxSize {
		return Summary{}, fmt.Errorf("the summary is larger than %d bytes", MaxSize)
	}
	if !utf8.Valid(raw) {
		return Summary{}, fmt.Errorf("the summary is not valid UTF-8 (byte %d)", data.FirstInvalidUTF8(raw))
	}
	p := parser{b: raw}
	var s Summary
	err := p.summary(&s)
	if err == nil {
		p.space()
		if p.i < len(p.b) {
			return Summary{}, fmt.Errorf("the summary has data after its end (byte %d)", p.i)
		}
	}
	if err != nil {
		return Summary{}, fmt.Errorf("the summary is not valid JSON of %s: %w", Schema, err)
	}
	return s, nil
}

// parser reads JSON from b at i. The input is valid UTF-8 (checked once).
type parser struct {
	b []byte
	i int
	// last holds the last string read for each field: cells come sorted,
	// so a measure, grade or dimension repeats over many cells in a row
	// and is kept once.
	last     []lastValue
	interned map[string]string // every distinct string, kept once
	// ints and strs hand out the cells' optional values from slabs
	// instead of one allocation each.
	ints []int
	strs []string
}

func (p *parser) newInt(v int) *int {
	if len(p.ints) == cap(p.ints) {
		p.ints = make([]int, 0, 256)
	}
	p.ints = append(p.ints, v)
	return &p.ints[len(p.ints)-1]
}

func (p *parser) newString(v string) *string {
	if len(p.strs) == cap(p.strs) {
		p.strs = make([]string, 0, 256)
	}
	p.strs = append(p.strs, v)
	return &p.strs[len(p.strs)-1]
}

type lastValue struct{ field, value string }

// cached returns b as a string: the field's last value when equal (the
// cheapest check), else the one kept from before, else a new one.
func (p *parser) cached(field string, b []byte) string {
	for i := range p.last {
		if l := &p.last[i]; l.field == field {
			if l.value != string(b) {
				l.value = p.intern(b)
			}
			return l.value
		}
	}
	s := p.intern(b)
	p.last = append(p.last, lastValue{field, s})
	return s
}

func (p *parser) intern(b []byte) string {
	if s, ok := p.interned[string(b)]; ok {
		return s
	}
	if p.interned == nil {
		p.interned = map[string]string{}
	}
	s := string(b)
	if len(p.interned) < 4096 {
		p.interned[s] = s
	}
	return s
}

func (p *parser) fail(format string, args ...any) error {
	return fmt.Errorf("byte %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *parser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// next returns the next non-space byte without consuming it (0 at the end).
func (p *parser) next() byte {
	p.space()
	if p.i >= len(p.b) {
		return 0
	}
	return p.b[p.i]
}

func (p *parser) expect(c byte) error {
	if p.next() != c {
		if p.i >= len(p.b) {
			return p.fail("the summary ends early, expected %q", c)
		}
		return p.fail("expected %q, found %q", c, p.b[p.i])
	}
	p.i++
	return nil
}

// literal consumes a word (null, true, false) if it is next.
func (p *parser) literal(word string) bool {
	if p.next() == word[0] && len(p.b)-p.i >= len(word) && string(p.b[p.i:p.i+len(word)]) == word {
		end := p.i + len(word)
		if end == len(p.b) || !isWordByte(p.b[end]) {
			p.i = end
			return true
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// object reads an object, calling field for each key; a key seen twice
// is refused (encoding/json would keep the last: a payload could say two
// things).
func (p *parser) object(field func(key []byte) error) error {
	if err := p.expect('{'); err != nil {
		return err
	}
	var seenBuf [16][]byte
	seen := seenBuf[:0]
	if p.next() == '}' {
		p.i++
		return nil
	}
	for {
		at := p.i
		if p.next() != '"' {
			return p.fail("expected a field name")
		}
		key, err := p.rawString()
		if err != nil {
			return err
		}
		for _, k := range seen {
			if bytes.Equal(k, key) {
				p.i = at
				return p.fail("the key %q twice in one object", key)
			}
		}
		seen = append(seen, key)
		if err := p.expect(':'); err != nil {
			return err
		}
		if err := field(key); err != nil {
			return err
		}
		switch p.next() {
		case ',':
			p.i++
		case '}':
			p.i++
			return nil
		default:
			return p.fail("expected , or } after the field %q", key)
		}
	}
}

// array reads a list into *list, calling elem for each element; null
// reads as nil and [] as an empty list, as encoding/json does.
func array[T any](p *parser, list *[]T, elem func(*T) error) error {
	if p.literal("null") {
		*list = nil
		return nil
	}
	if err := p.expect('['); err != nil {
		return err
	}
	// Room for the cells the rest of the input could hold at a typical
	// size, so that the list rarely grows.
	*list = make([]T, 0, min(max((len(p.b)-p.i)/150, 8), 4096))
	if p.next() == ']' {
		p.i++
		return nil
	}
	for {
		var v T
		if err := elem(&v); err != nil {
			return err
		}
		*list = append(*list, v)
		switch p.next() {
		case ',':
			p.i++
		case ']':
			p.i++
			return nil
		default:
			return p.fail("expected , or ] in a list")
		}
	}
}

// rawString reads a string, decoding escapes; raw control characters are
// refused. Without escapes (the common case) it is a slice of the input.
func (p *parser) rawString() ([]byte, error) {
	if err := p.expect('"'); err != nil {
		return nil, err
	}
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return p.b[start : p.i-1], nil
		case c == '\\':
			return p.escapedString(start)
		case c < 0x20:
			return nil, p.fail("a control character inside a string")
		}
		p.i++
	}
	return nil, p.fail("a string is not closed")
}

func (p *parser) escapedString(start int) ([]byte, error) {
	out := append([]byte(nil), p.b[start:p.i]...)
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return out, nil
		case c < 0x20:
			return nil, p.fail("a control character inside a string")
		case c != '\\':
			out = append(out, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.b) {
			break
		}
		esc := p.b[p.i+1]
		p.i += 2
		switch esc {
		case '"', '\\', '/':
			out = append(out, esc)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return nil, p.fail("a \\u escape needs four hex digits")
			}
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if p.i+1 < len(p.b) && p.b[p.i] == '\\' && p.b[p.i+1] == 'u' {
					p.i += 2
					if r2, ok = p.hex4(); !ok {
						return nil, p.fail("a \\u escape needs four hex digits")
					}
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return nil, p.fail("a \\u escape is half a surrogate pair")
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return nil, p.fail("the escape \\%c is not JSON", esc)
		}
	}
	return nil, p.fail("a string is not closed")
}

func (p *parser) hex4() (rune, bool) {
	if len(p.b)-p.i < 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.b[p.i:p.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(v), true
}

// number returns the text of a JSON number, checked against JSON's grammar.
func (p *parser) number() (string, bool, error) {
	p.space()
	start, integer := p.i, true
	digits := func() int {
		n := 0
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.i < len(p.b) && p.b[p.i] == '-' {
		p.i++
	}
	intStart := p.i
	if n := digits(); n == 0 || (n > 1 && p.b[intStart] == '0') {
		p.i = start
		return "", false, errors.New("expected a number")
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		integer = false
		if digits() == 0 {
			return "", false, errors.New("a number has no digits after its point")
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		integer = false
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return "", false, errors.New("a number has no digits in its exponent")
		}
	}
	return string(p.b[start:p.i]), integer, nil
}

func (p *parser) integer(field string) (int, error) {
	text, integer, err := p.number()
	if err != nil {
		return 0, p.fail("field %q: %v", field, err)
	}
	v, perr := strconv.ParseInt(text, 10, 64)
	if !integer || perr != nil || v > math.MaxInt32 || v < math.MinInt32 {
		return 0, p.fail("field %q: %s is not a whole number in range", field, text)
	}
	return int(v), nil
}

func (p *parser) text(field string) (string, error) {
	if p.next() != '"' {
		return "", p.fail("field %q: expected a string", field)
	}
	b, err := p.rawString()
	if err != nil {
		return "", err
	}
	return p.cached(field, b), nil
}

func (p *parser) optionalInt(field string) (*int, error) {
	if p.literal("null") {
		return nil, nil
	}
	v, err := p.integer(field)
	return p.newInt(v), err
}

func (p *parser) optionalText(field string) (*string, error) {
	if p.literal("null") {
		return nil, nil
	}
	v, err := p.text(field)
	return p.newString(v), err
}

func (p *parser) optionalFloat(field string) (*float64, error) {
	if p.literal("null") {
		return nil, nil
	}
	text, _, err := p.number()
	if err != nil {
		return nil, p.fail("field %q: %v", field, err)
	}
	v, perr := strconv.ParseFloat(text, 64)
	if perr != nil {
		return nil, p.fail("field %q: %s is out of range", field, text)
	}
	return &v, nil
}

func (p *parser) boolean(field string) (bool, error) {
	switch {
	case p.literal("true"):
		return true, nil
	case p.literal("false"):
		return false, nil
	}
	return false, p.fail("field %q: expected true or false", field)
}

func (p *parser) unknown(key []byte) error {
	return p.fail("unknown field %q", key)
}

func (p *parser) summary(s *Summary) (err error) {
	return p.object(func(key []byte) error {
		switch string(key) {
		case "schema":
			s.Schema, err = p.text("schema")
		case "school":
			s.School, err = p.text("school")
		case "district":
			s.District, err = p.text("district")
		case "year":
			s.Year, err = p.text("year")
		case "window":
			s.Window, err = p.text("window")
		case "k":
			s.K, err = p.integer("k")
		case "as_of":
			s.AsOf, err = p.text("as_of")
		case "generated":
			s.Generated, err = p.text("generated")
		case "progress":
			err = array(p, &s.Progress, p.progressCell)
		case "tiers":
			err = array(p, &s.Tiers, p.tierCell)
		case "response":
			err = array(p, &s.Response, p.responseCell)
		default:
			return p.unknown(key)
		}
		return err
	})
}

func (p *parser) progressCell(c *ProgressCell) (err error) {
	return p.object(func(key []byte) error {
		switch string(key) {
		case "measure":
			c.Measure, err = p.text("measure")
		case "grade":
			c.Grade, err = p.text("grade")
		case "dimension":
			c.Dimension, err = p.text("dimension")
		case "group":
			c.Group, err = p.text("group")
		case "n":
			c.N, err = p.optionalInt("n")
		case "pct_at_or_above":
			c.PctAtOrAbove, err = p.optionalText("pct_at_or_above")
		case "suppressed":
			c.Suppressed, err = p.boolean("suppressed")
		case "reason":
			c.Reason, err = p.text("reason")
		default:
			return p.unknown(key)
		}
		return err
	})
}

func (p *parser) tierCell(c *TierCell) (err error) {
	return p.object(func(key []byte) error {
		switch string(key) {
		case "dimension":
			c.Dimension, err = p.text("dimension")
		case "group":
			c.Group, err = p.text("group")
		case "n":
			c.N, err = p.optionalInt("n")
		case "pct_tier2":
			c.PctTier2, err = p.optionalText("pct_tier2")
		case "pct_tier3":
			c.PctTier3, err = p.optionalText("pct_tier3")
		case "risk_ratio_tier3":
			c.RiskRatioTier3, err = p.optionalFloat("risk_ratio_tier3")
		case "suppressed":
			c.Suppressed, err = p.boolean("suppressed")
		case "reason":
			c.Reason, err = p.text("reason")
		default:
			return p.unknown(key)
		}
		return err
	})
}

func (p *parser) responseCell(c *ResponseCell) (err error) {
	return p.object(func(key []byte) error {
		switch string(key) {
		case "measure":
			c.Measure, err = p.text("measure")
		case "dimension":
			c.Dimension, err = p.text("dimension")
		case "group":
			c.Group, err = p.text("group")
		case "n":
			c.N, err = p.optionalInt("n")
		case "pct_adequate":
			c.PctAdequate, err = p.optionalText("pct_adequate")
		case "suppressed":
			c.Suppressed, err = p.boolean("suppressed")
		case "reason":
			c.Reason, err = p.text("reason")
		default:
			return p.unknown(key)
		}
		return err
	})
}
