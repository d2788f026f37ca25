package hub

import (
	"net/http"
	"strings"

	"github.com/tierline/tierline/sync/hub/hubstore"
)

// adminView is the admin page.
type adminView struct {
	User, CSRF string
	Schools    []schoolRow
	Users      []hubstore.User
	Admin      bool // always: only administrators see this page
	Message    string
	Error      string
	// Token is shown once, right after enrolling.
	Token, TokenSchool string
}

func (s *Server) adminView(sess hubstore.Session) (adminView, error) {
	v := adminView{User: sess.User, CSRF: sess.CSRF, Admin: true}
	var err error
	if v.Schools, err = s.schoolRows(""); err != nil {
		return v, err
	}
	names, err := s.store.Users()
	for _, name := range names {
		u, err := s.store.User(name)
		if err != nil {
			return v, err
		}
		v.Users = append(v.Users, u)
	}
	return v, err
}

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	v, err := s.adminView(sess)
	if err != nil {
		s.pageError(w, err)
		return
	}
	v.Message = map[string]string{"revoked": "The token was revoked.", "user": "The user was saved.",
		"sequence": "The school's sequence was reset: it numbers its summaries from 1 again at its next sync."}[r.URL.Query().Get("done")]
	s.render(w, http.StatusOK, "admin.html", v)
}

// adminRefusal shows the admin page again with what was refused.
func (s *Server) adminRefusal(w http.ResponseWriter, sess hubstore.Session, refused error) {
	v, err := s.adminView(sess)
	if err != nil {
		s.pageError(w, err)
		return
	}
	v.Error = refused.Error()
	s.render(w, http.StatusUnprocessableEntity, "admin.html", v)
}

func (s *Server) enroll(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	code, name := strings.TrimSpace(r.PostFormValue("code")), strings.TrimSpace(r.PostFormValue("name"))
	token, err := s.store.Enroll(code, name, s.cfg.Now())
	if err != nil {
		s.adminRefusal(w, sess, err)
		return
	}
	v, err := s.adminView(sess)
	if err != nil {
		s.pageError(w, err)
		return
	}
	s.cfg.Logger.Info("enrolled", "school", code, "by", sess.User)
	v.Token, v.TokenSchool = token, code
	s.render(w, http.StatusOK, "admin.html", v)
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	code := r.PostFormValue("code")
	if err := s.store.Revoke(code); err != nil {
		s.adminRefusal(w, sess, err)
		return
	}
	s.cfg.Logger.Info("revoked", "school", code, "by", sess.User)
	http.Redirect(w, r, "/admin?done=revoked", http.StatusSeeOther)
}

func (s *Server) resetSequence(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	code := r.PostFormValue("code")
	if err := s.ResetSequence(code); err != nil {
		s.adminRefusal(w, sess, err)
		return
	}
	s.cfg.Logger.Info("sequence reset", "school", code, "by", sess.User)
	http.Redirect(w, r, "/admin?done=sequence", http.StatusSeeOther)
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request, sess hubstore.Session) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	role := r.PostFormValue("role")
	if role == "" {
		role = hubstore.RoleViewer // the form always sends one; a bare post gets the lesser role
	}
	if err := SaveUser(s.store, name, r.PostFormValue("password"), role, s.cfg.Now()); err != nil {
		s.adminRefusal(w, sess, err)
		return
	}
	s.cfg.Logger.Info("user saved", "user", name, "role", role, "by", sess.User)
	http.Redirect(w, r, "/admin?done=user", http.StatusSeeOther)
}
