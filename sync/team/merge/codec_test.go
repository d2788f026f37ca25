package merge_test

import (
	"reflect"
	"testing"

	"pgregory.net/rapid"

	"github.com/tierline/tierline/sync/team/merge"
)

// TestBinaryRoundTrip: every change decodes to itself, and every cut-short prefix is an error,
// never a panic or a wrong change.
func TestBinaryRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := merge.Change{
			ID: rapid.String().Draw(t, "id"), Device: rapid.String().Draw(t, "device"),
			Clock: merge.Clock{Wall: rapid.Int64().Draw(t, "wall"), Logical: rapid.Uint32().Draw(t, "logical")},
			Kind:  merge.Kind(rapid.IntRange(0, 1).Draw(t, "kind")),
			Ref:   merge.Ref{Entity: rapid.String().Draw(t, "entity"), Key: rapid.String().Draw(t, "key")},
		}
		if rapid.Bool().Draw(t, "deleted") {
			c.Deleted = true
		} else if body := rapid.SliceOfN(rapid.Byte(), 1, 50).Draw(t, "body"); len(body) > 0 {
			c.Body = body
			if rapid.Bool().Draw(t, "after a delete") {
				c.Since = merge.Clock{Wall: rapid.Int64().Draw(t, "since wall"), Logical: rapid.Uint32().Draw(t, "since logical")}
			}
		}
		if rapid.Bool().Draw(t, "parent") {
			c.Parent = &merge.Ref{Entity: "student", Key: rapid.String().Draw(t, "parent key")}
		}
		b := merge.AppendBinary([]byte("x"), c)[1:]
		got, rest, err := merge.DecodeBinary(append(b, 7))
		if err != nil || !reflect.DeepEqual(got, c) || len(rest) != 1 {
			t.Fatalf("decoded %+v, rest %v, %v; want %+v", got, rest, err, c)
		}
		cut := rapid.IntRange(0, len(b)-1).Draw(t, "cut")
		if _, _, err := merge.DecodeBinary(b[:cut]); err == nil {
			t.Fatalf("a change cut at %d of %d bytes decoded", cut, len(b))
		}
	})
}
