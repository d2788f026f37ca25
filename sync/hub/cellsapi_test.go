package hub_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hubapi"
)

func getAPI(t *testing.T, base, path, token string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// An administrator makes a read-only API token on the admin page; it
// reads the same cells as export.csv, filtered, and nothing else does.
func TestCellsAPI(t *testing.T) {
	h, admin := fixtureHub(t, hub.Config{}, equityFixture()...)
	_, page := admin.get("/admin")
	csrf := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(page)[1]
	status, page := admin.post("/admin/apitokens", url.Values{"csrf": {csrf}, "name": {"Power BI"}})
	token := regexp.MustCompile(`tla_[0-9a-f]{64}`).FindString(page)
	if status != http.StatusOK || token == "" {
		t.Fatalf("making a token: %d", status)
	}

	status, body := getAPI(t, h.URL, "/api/v1/cells?year=2026-2027&window=fall&measure=ORF&dimension=race", token)
	var got hubapi.Cells
	if err := json.Unmarshal(body, &got); status != http.StatusOK || err != nil || got.Schema != hubapi.CellsSchema || got.AsOf != "2026-11-01T12:00:00Z" {
		t.Fatalf("%d %v %s", status, err, body)
	}
	// The race cells of ORF: five progress cells and Alder's Black response.
	var keys []string
	for _, c := range got.Cells {
		keys = append(keys, c.School+" "+c.Section+" "+c.Group)
	}
	want := "A progress black,A progress white,A response black,B progress black,C progress white,D progress asian"
	if strings.Join(keys, ",") != want {
		t.Errorf("cells %q, want %q", keys, want)
	}
	if c := got.Cells[0]; *c.N != 20 || *c.PctAtOrAbove != "30" || c.Measure != "ORF" || c.Grade != "all" || c.PctTier2 != nil {
		t.Errorf("A's Black cell: %+v", c)
	}
	// Unfiltered: every cell, as many as export.csv has rows.
	_, body = getAPI(t, h.URL, "/api/v1/cells", token)
	json.Unmarshal(body, &got)
	_, csv := admin.get("/export.csv")
	if rows := strings.Count(strings.TrimSpace(csv), "\n"); len(got.Cells) != 17 || rows != 17 {
		t.Errorf("%d cells, export.csv %d rows; want 17", len(got.Cells), rows)
	}

	// Refused: no token, a school's token, a typo in a filter, a revoked token.
	schoolToken, _ := h.Store.Enroll("E", "Elm", time.Now())
	for _, tc := range []struct {
		path, token string
		status      int
	}{
		{"/api/v1/cells", "", http.StatusUnauthorized},
		{"/api/v1/cells", schoolToken, http.StatusUnauthorized},
		{"/api/v1/cells?measures=ORF", token, http.StatusBadRequest},
		{"/api/v1/cells?year=2026-2027&year=2025-2026", token, http.StatusBadRequest},
	} {
		if status, body := getAPI(t, h.URL, tc.path, tc.token); status != tc.status {
			t.Errorf("%s: %d %s, want %d", tc.path, status, body, tc.status)
		}
	}
	tokens, _ := h.Store.(hubstore.APITokenKeeper).APITokens()
	if len(tokens) != 1 || tokens[0].Name != "Power BI" || tokens[0].CreatedBy != "dana" {
		t.Fatalf("tokens %+v", tokens)
	}
	if status, _ := admin.post("/admin/apitokens/revoke", url.Values{"csrf": {csrf}, "id": {tokens[0].ID}}); status != http.StatusOK {
		t.Errorf("revoke: %d", status)
	}
	if status, _ := getAPI(t, h.URL, "/api/v1/cells", token); status != http.StatusUnauthorized {
		t.Errorf("a revoked token: %d", status)
	}
	// A viewer cannot make one.
	viewer, vcsrf := signInAs(t, h, "val", hubstore.RoleViewer)
	if status, _ := viewer.post("/admin/apitokens", url.Values{"csrf": {vcsrf}, "name": {"mine"}}); status != http.StatusForbidden {
		t.Errorf("a viewer makes a token: %d", status)
	}
}
