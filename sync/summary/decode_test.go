package summary

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"testing"
)

// referenceDecode is encoding/json with the strictness Decode promises
// (unknown fields, trailing data): the behaviour Decode must agree with.
func referenceDecode(raw []byte) (Summary, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var s Summary
	if err := dec.Decode(&s); err != nil {
		return Summary{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return Summary{}, io.ErrUnexpectedEOF
	}
	return s, nil
}

var decodeSeeds = []string{
	`{"schema":"tierline.summary/v1","school":"0123","district":"45","year":"2026-2027","window":"fall","k":10,"generated":"2026-11-23",` +
		`"progress":[{"measure":"ORF","grade":"all","dimension":"all","group":"all","n":42,"pct_at_or_above":"≥95","suppressed":false},` +
		`{"measure":"O\u0052F \"x\"","grade":"03","dimension":"el","group":"yes","n":null,"pct_at_or_above":null,"suppressed":true,"reason":"primary"}],` +
		`"tiers":[{"dimension":"race","group":"black","n":120,"pct_tier2":"18","pct_tier3":"9","risk_ratio_tier3":2.1e0,"suppressed":false}],"response":[]}`,
	`{"schema":"x","progress":null,"tiers":[],"k":-0}`,
	`{"k":1.5}`, `{"k":1e2}`, `{"k":01}`, `{"school":"\ud83d\ude00"}`, `{"school":"\ud83d"}`, `{"SCHOOL":"x"}`,
	`{"progress":[{"n":null,"n":3}]}`, `{"schema":null}`, `{["a"`, `{"tiers":[{]"x"`, `{"k":[{"a"}]`, `]`, `{}}`, `[]`, `null`, `{"k":10} {}`, `{"school":"a\u0000b"}`, "{\"school\":\"\xff\"}",
}

// FuzzDecode holds the strict decoder to plain encoding/json: the key scan
// may only refuse (duplicate keys, nulls for required fields, keys in
// another case, invalid UTF-8), never make a summary read differently, and
// nothing panics.
func FuzzDecode(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := DecodeBytes(raw)
		if err != nil {
			return
		}
		want, refErr := referenceDecode(raw)
		if refErr != nil {
			t.Fatalf("Decode accepted what encoding/json refuses (%v): %q", refErr, raw)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Decode and encoding/json disagree on %q:\n%+v\n%+v", raw, got, want)
		}
	})
}

func TestDecodeAgreesOnTheSeeds(t *testing.T) {
	accepted := 0
	for _, s := range decodeSeeds {
		got, err := DecodeBytes([]byte(s))
		if err != nil {
			continue
		}
		accepted++
		want, refErr := referenceDecode([]byte(s))
		if refErr != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v vs %+v (%v)", s, got, want, refErr)
		}
	}
	if accepted < 3 {
		t.Errorf("only %d seeds decode", accepted)
	}
}

// FuzzValidate: whatever decodes either fails validation with a message
// or is a summary that keeps every rule: no published cell under k, and
// encoding it again gives a summary that validates the same.
func FuzzValidate(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		s, err := DecodeBytes(raw)
		if err != nil {
			return
		}
		if err := s.Validate(); err != nil {
			if err.Error() == "" {
				t.Fatal("an empty refusal")
			}
			return
		}
		for _, c := range s.Progress {
			if !c.Suppressed && *c.N < s.K {
				t.Fatalf("a valid summary publishes n = %d under k = %d", *c.N, s.K)
			}
		}
		b, err := s.JSON()
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeBytes(b)
		if err != nil || again.Validate() != nil {
			t.Fatalf("a valid summary re-encoded does not validate: %v", err)
		}
	})
}
