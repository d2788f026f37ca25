package hub

import (
	"errors"
	"mime"
	"net/http"
)

// maxForm caps every form the dashboard posts: a few short fields. The
// sign-in form shares it.
const maxForm = 16 << 10

// formRefusal is why a posted form was not read: a status and words.
type formRefusal struct {
	status  int
	message string
}

// readForm parses a posted form through a size cap, accepting only the
// URL-encoded forms the hub's pages send. A multipart body is refused
// before a byte of it is read, since ParseMultipartForm spools large
// parts to temporary files.
func readForm(w http.ResponseWriter, r *http.Request) *formRefusal {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "application/x-www-form-urlencoded" {
		return &formRefusal{http.StatusUnsupportedMediaType, "This form must be sent as a plain form (application/x-www-form-urlencoded)."}
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &formRefusal{http.StatusRequestEntityTooLarge, "This form is too large."}
		}
		return &formRefusal{http.StatusBadRequest, "This form could not be read."}
	}
	return nil
}
