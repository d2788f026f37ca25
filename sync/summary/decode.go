package summary

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/tierline/tierline/data"
)

// MaxSize bounds an encoded summary (the hub refuses larger bodies).
const MaxSize = 1 << 20

// DecodeBytes reads a summary strictly: anything but one JSON object of the
// summary's fields — an unknown field, a field in another case, a key
// twice, a value of the wrong type, a null where a value is required,
// invalid UTF-8, data after the end — is refused, with the byte offset of
// the fault. It does not validate the contents (Validate does).
//
// encoding/json does the reading. On its own it would take "SCHOOL" for
// "school", the last of two equal keys, a null for a zero and ignore an
// unknown field, any of which would let two readers of the same summary
// see different figures, so a scan of the keys against the summary's
// shape comes first.
func DecodeBytes(raw []byte) (Summary, error) {
	if len(raw) > MaxSize {
		return Summary{}, fmt.Errorf("the summary is larger than %d bytes", MaxSize)
	}
	if !utf8.Valid(raw) {
		return Summary{}, fmt.Errorf("the summary is not valid UTF-8 (byte %d)", data.FirstInvalidUTF8(raw))
	}
	var s Summary
	v1, err := checkKeys(raw)
	if err == nil {
		err = json.Unmarshal(raw, &s)
	}
	if err == nil && v1 != nil && s.Schema != SchemaV1 {
		// The field's value does not matter: "suppressed": false or
		// "reason": "" is as unknown to v2 as any other field.
		err = fmt.Errorf("byte %d: unknown field %q (a field of %s only)", v1.offset, v1.name, SchemaV1)
	}
	if err != nil {
		return Summary{}, fmt.Errorf("the summary is not valid JSON of %s: %w", Schema, inWords(err))
	}
	return s, nil
}

// v1Field is the first field of a v1-only name found in a summary.
type v1Field struct {
	name   string
	offset int
}

// shape is what a JSON value of a Go type may hold: the keys of an object,
// the shape of an array's elements, whether null stands for "no value".
type shape struct {
	fields   map[string]*shape
	elem     *shape
	nullable bool
	v1       bool // a field only v1 summaries have (tagged summary:"v1")
}

var summaryShape = shapeOf(reflect.TypeFor[Summary]())

func shapeOf(t reflect.Type) *shape {
	switch t.Kind() {
	case reflect.Pointer:
		s := *shapeOf(t.Elem())
		s.nullable = true
		return &s
	case reflect.Slice:
		return &shape{elem: shapeOf(t.Elem()), nullable: true}
	case reflect.Struct:
		s := &shape{fields: map[string]*shape{}}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.IsExported() && name != "-" {
				fs := shapeOf(f.Type)
				fs.v1 = f.Tag.Get("summary") == "v1"
				s.fields[name] = fs
			}
		}
		return s
	}
	return &shape{}
}

// checkKeys scans raw against the summary's shape: one object, in every
// object each key once and spelled as the summary spells it, null only
// where a value may be absent, nothing after the end. It leaves the rest
// of JSON's grammar to encoding/json, so on malformed input it only has to
// stop without a panic. It returns the first v1-only field it met, for
// the caller to refuse in a summary of another schema.
func checkKeys(raw []byte) (*v1Field, error) {
	type frame struct {
		shape *shape
		seen  map[string]bool // nil for an array
	}
	var stack []frame
	var v1 *v1Field
	next := summaryShape // the shape of the value about to start
	expectKey := false
	started := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			continue
		}
		if started && len(stack) == 0 {
			return nil, fmt.Errorf("byte %d: data after its end", i)
		}
		if !started && c != '{' {
			return nil, fmt.Errorf("byte %d: a summary is one JSON object", i)
		}
		started = true
		switch c {
		case '{':
			stack = append(stack, frame{shape: next, seen: map[string]bool{}})
			expectKey = true
		case '[':
			stack = append(stack, frame{shape: next})
			next = elemOf(next)
			expectKey = false
		case '}', ']':
			stack = stack[:len(stack)-1]
			expectKey = false
		case ',':
			if top := stack[len(stack)-1]; top.seen != nil {
				expectKey = true
			} else {
				next = elemOf(top.shape)
			}
		case 'n':
			if next != nil && !next.nullable {
				return nil, fmt.Errorf("byte %d: null where a value is required", i)
			}
		case '"':
			end := stringEnd(raw, i)
			if end < 0 {
				return nil, fmt.Errorf("byte %d: a string is not closed", i)
			}
			if top := stack[len(stack)-1]; expectKey && top.seen != nil {
				key, err := unquote(raw[i : end+1])
				if err != nil {
					return nil, fmt.Errorf("byte %d: %w", i, err)
				}
				if top.seen[key] {
					return nil, fmt.Errorf("byte %d: the key %q twice in one object", i, key)
				}
				if top.shape != nil {
					if next = top.shape.fields[key]; next == nil {
						return nil, fmt.Errorf("byte %d: unknown field %q", i, key)
					}
					if next.v1 && v1 == nil {
						v1 = &v1Field{key, i}
					}
				}
				top.seen[key] = true
				expectKey = false
			}
			i = end
		}
	}
	return v1, nil
}

func elemOf(s *shape) *shape {
	if s == nil {
		return nil
	}
	return s.elem
}

// stringEnd is the index of the quote that closes the string opening at
// raw[start], or -1 when it is not closed.
func stringEnd(raw []byte, start int) int {
	for i := start + 1; i < len(raw); i++ {
		switch raw[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

func unquote(quoted []byte) (string, error) {
	if bytes.IndexByte(quoted, '\\') < 0 {
		return string(quoted[1 : len(quoted)-1]), nil
	}
	var key string
	err := json.Unmarshal(quoted, &key)
	return key, err
}

// inWords says what encoding/json found wrong as a reader of the JSON sees
// it, with the byte offset, not in terms of Go types.
func inWords(err error) error {
	var mismatch *json.UnmarshalTypeError
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &mismatch):
		return fmt.Errorf("byte %d: field %q: expected %s, got %s",
			mismatch.Offset, mismatch.Field, jsonKind(mismatch.Type), valueWords[mismatch.Value])
	case errors.As(err, &syntax):
		return fmt.Errorf("byte %d: %w", syntax.Offset, err)
	}
	return err
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "a number"
}

// valueWords names the kinds encoding/json reports for the value it found.
var valueWords = map[string]string{
	"string": "a string", "number": "a number", "bool": "true or false",
	"array": "a list", "object": "an object",
}
