package folder

import (
	"bytes"
	"crypto/sha256"
	"encoding/base32"
	"strings"

	"github.com/tierline/tierline/data"
)

// A join code carries the team id and key in base32 (A-Z and 2-7: no 0, 1 or 8 to mistake for
// O, I or B), in groups of four, with a check so a mistyped code is told apart from a wrong one:
// "TL1-XXXX-XXXX-…".
const codePrefix = "TL1"

var codeEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// JoinCode returns the code a coordinator hands to members.
func (t Team) JoinCode() string {
	raw := append(append(t.ID[:len(t.ID):len(t.ID)], t.Key[:]...), codeCheck(t.ID[:], t.Key[:])...)
	enc := codeEncoding.EncodeToString(raw)
	groups := []string{codePrefix}
	for len(enc) > 0 {
		n := min(4, len(enc))
		groups = append(groups, enc[:n])
		enc = enc[n:]
	}
	return strings.Join(groups, "-")
}

func codeCheck(id, key []byte) []byte {
	sum := sha256.Sum256(append(append([]byte("tierline join code\x00"), id...), key...))
	return sum[:2]
}

// ParseJoinCode reads a join code as people type it: any case, spaces or dashes anywhere.
func ParseJoinCode(code string) (Team, error) {
	var t Team
	clean := strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
	if !strings.HasPrefix(clean, codePrefix) {
		return t, &data.Error{Code: data.EINVALID, Field: "join code", Message: "a join code starts with " + codePrefix + "-: copy the whole code the coordinator gave you"}
	}
	raw, err := codeEncoding.DecodeString(clean[len(codePrefix):])
	if err != nil || len(raw) != len(t.ID)+len(t.Key)+2 {
		return t, &data.Error{Code: data.EINVALID, Field: "join code", Message: "the join code is not complete or has a character that is not in codes (A-Z, 2-7): check it against the one you were given"}
	}
	copy(t.ID[:], raw)
	copy(t.Key[:], raw[len(t.ID):])
	if !bytes.Equal(raw[len(t.ID)+len(t.Key):], codeCheck(t.ID[:], t.Key[:])) {
		return t, &data.Error{Code: data.EINVALID, Field: "join code", Message: "the join code is mistyped (its check does not match): check it against the one you were given"}
	}
	return t, nil
}
