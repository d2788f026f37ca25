package hub

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
)

//go:embed templates/*.html
var templateFiles embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"pct": func(v float64) string { return fmt.Sprintf("%.0f%%", v) },
}).ParseFS(templateFiles, "templates/*.html"))

func (s *Server) routeWeb(mux *http.ServeMux) {
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.signedIn(s.logout))
	mux.HandleFunc("GET /{$}", s.signedIn(s.districtPage))
	mux.HandleFunc("GET /schools/{code}", s.signedIn(s.schoolPage))
	mux.HandleFunc("GET /export.csv", s.signedIn(s.exportCSV))
	mux.HandleFunc("GET /admin", s.adminOnly(s.adminPage))
	mux.HandleFunc("POST /admin/enroll", s.adminOnly(s.enroll))
	mux.HandleFunc("POST /admin/revoke", s.adminOnly(s.revoke))
	mux.HandleFunc("POST /admin/users", s.adminOnly(s.addUser))
	mux.HandleFunc("POST /admin/reset-sequence", s.adminOnly(s.resetSequence))
}

func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, name, data); err != nil {
		s.cfg.Logger.Error("render", "template", name, "err", err)
		http.Error(w, "The page could not be drawn; the hub's log says why.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes()) //nolint:errcheck // the browser went away
}

func (s *Server) pageError(w http.ResponseWriter, err error) {
	s.cfg.Logger.Error("page", "err", err)
	http.Error(w, "The page could not be made; the hub's log says why.", http.StatusInternalServerError)
}
