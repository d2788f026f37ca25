package hub_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/uuid"

	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hubapi"
)

// badSummaries pair each malformed summary in testdata/bad with the hub's
// exact answer: a school reading it can tell what to fix.
var badSummaries = []struct {
	file   string
	status int
	error  string
}{
	{"bad-grade.json", 422, `progress cell 1 (dibels8-orf, grade Grade 3, all/all): "Grade 3" is not a grade (expected all or a grade: KG, 01..12, PK, TK, PR or IT)`},
	{"bad-reason.json", 400, `the summary is not valid JSON of tierline.summary/v2: byte 242: unknown field "suppressed" (a field of tierline.summary/v1 only)`},
	{"cell-twice.json", 422, `progress: the cell dibels8-orf/all/all/all appears twice`},
	{"custom-group.json", 422, `progress cell 1 (dibels8-orf, grade all, custom/Reading club): "custom" is not a dimension a summary carries`},
	{"duplicate-key.json", 400, `the summary is not valid JSON of tierline.summary/v2: byte 127: the key "k" twice in one object`},
	{"free-text-measure.json", 422, `progress cell 1 (ORF retest - Given1 Family1, IEP pending, grade all, all/all): measure "ORF retest - Given1 Family1, IEP pending" is not a catalog code (such as dibels8-orf): a measure leaves the school only under its code`},
	{"invalid-utf8.json", 400, `the summary is not valid UTF-8 (byte 153)`},
	{"n-under-k.json", 422, `progress cell 1 (dibels8-orf, grade all, all/all): threshold: publishes n = 7, under k = 10`},
	{"nan-count.json", 400, `the summary is not valid JSON of tierline.summary/v2: byte 215: invalid character 'N' looking for beginning of value`},
	{"risk-ratio-beside-coded.json", 422, `tier cell 2 (race/black): a risk ratio is published only next to uncoded Tier 3 shares (it would reveal small counts)`},
	{"schema-v1.json", 422, `schema "tierline.summary/v1" is no longer accepted: its exact counts and suppression labels let hidden cells be worked out; update Tierline to send "tierline.summary/v2"`},
	{"trailing-data.json", 400, `the summary is not valid JSON of tierline.summary/v2: byte 268: data after its end`},
	{"uncoded-extreme.json", 422, `progress cell 1 (dibels8-orf, grade all, all/all): coding: "100" must be coded for a group of 40 (as ≥95 or ≤5)`},
	{"unknown-field.json", 400, `the summary is not valid JSON of tierline.summary/v2: byte 267: unknown field "student_name"`},
	{"wrong-type.json", 400, `the summary is not valid JSON of tierline.summary/v2: byte 218: field "progress.n": expected a number, got a string`},
	{"suppressed-false.json", 400, `the summary is not valid JSON of tierline.summary/v2: byte 240: unknown field "suppressed" (a field of tierline.summary/v1 only)`},
	{"reason-empty.json", 400, `the summary is not valid JSON of tierline.summary/v2: byte 240: unknown field "reason" (a field of tierline.summary/v1 only)`},
	{"generated-empty.json", 400, `the summary is not valid JSON of tierline.summary/v2: byte 127: unknown field "generated" (a field of tierline.summary/v1 only)`},
	{"year-format.json", 422, `year "2026/27" is not a school year such as 2026-2027`},
}

func TestMalformedSummariesAreRefusedAndNothingIsStored(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	for _, tc := range badSummaries {
		t.Run(tc.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata/bad", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			a := h.post(t, h.Token, uuid.NewString(), 1, body)
			var e hubapi.APIError
			json.Unmarshal(a.body, &e)
			if a.status != tc.status || e.Error != tc.error {
				t.Errorf("got %d %q\nwant %d %q", a.status, e.Error, tc.status, tc.error)
			}
			if receipts, current := h.counts(t); receipts != 0 || current != 0 {
				t.Errorf("a refused summary was stored")
			}
		})
	}
}
