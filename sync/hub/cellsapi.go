package hub

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/rollup"
	"github.com/tierline/tierline/sync/hubapi"
)

// cellsFilters are the query parameters of the cells API.
var cellsFilters = []string{"year", "window", "measure", "dimension"}

// getCells answers a BI tool's read-only API token with the current
// cells, filtered; a school's token, a session cookie or no token get 401.
func (s *Server) getCells(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		s.refuse(w, apiFailure{http.StatusUnauthorized, hubapi.CodeUnauthorized, "no token: send Authorization: Bearer <an API token made on the admin page>", 0})
		return
	}
	keeper, offered := s.store.(hubstore.APITokenKeeper)
	if !offered {
		s.refuse(w, apiFailure{http.StatusNotImplemented, hubapi.CodeInternal, "this hub's store keeps no API tokens", 0})
		return
	}
	t, err := keeper.AuthenticateAPI(token)
	switch {
	case errors.Is(err, hubstore.ErrNotFound):
		s.refuse(w, apiFailure{http.StatusUnauthorized, hubapi.CodeUnauthorized, "this is not a live API token (a school's token does not read the cells)", 0})
		return
	case err != nil:
		s.internal(w, r, err)
		return
	}
	if wait := s.limits.take("api:"+t.ID, s.cfg.Now()); wait > 0 {
		s.refuse(w, apiFailure{http.StatusTooManyRequests, hubapi.CodeRateLimited, "too many requests with this token: wait and try again", wait})
		return
	}
	q := r.URL.Query()
	for key := range q {
		if !slices.Contains(cellsFilters, key) {
			s.refuse(w, apiFailure{http.StatusBadRequest, hubapi.CodeBadRequest, fmt.Sprintf("unknown parameter %q: the filters are %s", key, strings.Join(cellsFilters, ", ")), 0})
			return
		}
		if len(q[key]) > 1 {
			s.refuse(w, apiFailure{http.StatusBadRequest, hubapi.CodeBadRequest, fmt.Sprintf("parameter %q is given twice", key), 0})
			return
		}
	}
	out := hubapi.Cells{Schema: hubapi.CellsSchema, Cells: []hubapi.Cell{}}
	if at := s.asOf(); !at.IsZero() {
		out.AsOf = at.UTC().Format(time.RFC3339)
	}
	measure := q.Get("measure")
	err = s.store.Cells(r.Context(), func(c hubstore.Cell) error {
		if (q.Get("year") == "" || c.Year == q.Get("year")) && (q.Get("window") == "" || c.Window == q.Get("window")) &&
			(q.Get("dimension") == "" || c.Dimension == q.Get("dimension")) && (measure == "" || c.Measure == measure) {
			out.Cells = append(out.Cells, apiCell(c))
		}
		return nil
	})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// apiCell is a stored cell as the API gives it: the columns of export.csv.
func apiCell(c hubstore.Cell) hubapi.Cell {
	out := hubapi.Cell{School: c.School, Year: c.Year, Window: c.Window, Section: c.Section, Measure: c.Measure, Grade: c.Grade,
		Dimension: c.Dimension, Group: c.Group, N: c.N, Suppressed: c.Suppressed, Reason: c.Reason}
	switch c.Section {
	case rollup.SectionProgress:
		out.PctAtOrAbove = c.Pct
	case rollup.SectionTiers:
		out.PctTier2, out.PctTier3, out.RiskRatioTier3 = c.Pct, c.Pct2, c.RiskRatio
	case rollup.SectionResponse:
		out.PctAdequate = c.Pct
	}
	return out
}

// newAPIToken makes a read-only API token (administrators only) and
// shows it once.
func (s *Server) newAPIToken(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	keeper, offered := s.store.(hubstore.APITokenKeeper)
	if !offered {
		s.adminRefusal(w, sess, errors.New("this hub's store keeps no API tokens"))
		return
	}
	token, t, err := keeper.NewAPIToken(strings.TrimSpace(r.PostFormValue("name")), sess.User, s.cfg.Now())
	if err != nil {
		s.adminRefusal(w, sess, err)
		return
	}
	v, err := s.adminView(sess)
	if err != nil {
		s.pageError(w, err)
		return
	}
	s.cfg.Logger.Info("API token made", "id", t.ID, "by", sess.User)
	v.APIToken, v.APITokenName = token, t.Name
	s.render(w, http.StatusOK, "admin.html", v)
}

func (s *Server) revokeAPIToken(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	id := r.PostFormValue("id")
	keeper, offered := s.store.(hubstore.APITokenKeeper)
	if !offered {
		s.adminRefusal(w, sess, errors.New("this hub's store keeps no API tokens"))
		return
	}
	if err := keeper.RevokeAPIToken(id); err != nil {
		s.adminRefusal(w, sess, err)
		return
	}
	s.cfg.Logger.Info("API token revoked", "id", id, "by", sess.User)
	http.Redirect(w, r, "/admin?done=apirevoked", http.StatusSeeOther)
}
