package mock

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// corsMaxAge is how long, in seconds, a browser may cache a preflight's
// answer: short, as a mock's specs change while one works.
const corsMaxAge = "600"

// corsMethods are the methods an operation can have.
var corsMethods = []string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}

// isPreflight says whether r is a CORS preflight request: OPTIONS with an
// Origin and Access-Control-Request-Method.
func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" && r.Header.Get("Access-Control-Request-Method") != ""
}

// preflight answers a CORS preflight request: 204 with the methods of the
// operations on its path and the headers it asks for, or 404 when no
// operation has that path. It is not validated as a call of an operation.
func (s *Server) preflight(w http.ResponseWriter, r *http.Request) {
	var methods []string
	for _, m := range corsMethods {
		if contract.Route(s.v.Specs(), m, r.Host, r.URL.EscapedPath()) != nil {
			methods = append(methods, m)
		}
	}
	if len(methods) == 0 {
		s.fail(w, r, nil, http.StatusNotFound, codeNoRoute, fmt.Sprintf("%s matches no operation of the specs.", r.URL.Path))
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", strings.Join(methods, ", "))
	if req := r.Header.Values("Access-Control-Request-Headers"); len(req) > 0 {
		h.Set("Access-Control-Allow-Headers", strings.Join(req, ", "))
		h.Add("Vary", "Access-Control-Request-Headers")
	}
	h.Set("Access-Control-Max-Age", corsMaxAge)
	w.WriteHeader(http.StatusNoContent)
}

// corsWriter adds the CORS headers to a response as its header is written.
// The Origin of the request is echoed (with Vary: Origin), and
// credentials allowed, so that a browser client may send its X-Auth-Token
// or Authorization; a request without an Origin gets "*".
type corsWriter struct {
	http.ResponseWriter
	origin string
	wrote  bool
}

func (w *corsWriter) WriteHeader(code int) {
	if !w.wrote {
		w.wrote = true
		h := w.Header()
		var expose []string
		for k := range h {
			if !strings.HasPrefix(k, "Access-Control-") && k != "Vary" {
				expose = append(expose, k)
			}
		}
		slices.Sort(expose)
		if w.origin == "" {
			h.Set("Access-Control-Allow-Origin", "*")
		} else {
			h.Set("Access-Control-Allow-Origin", w.origin)
			h.Set("Access-Control-Allow-Credentials", "true")
			h.Add("Vary", "Origin")
		}
		if len(expose) > 0 {
			h.Set("Access-Control-Expose-Headers", strings.Join(expose, ", "))
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *corsWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *corsWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
