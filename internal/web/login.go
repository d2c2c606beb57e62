package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/purnajual/purna"
)

// loginView is the data of the sign-in page.
type loginView struct {
	layout
	Email string
	Next  string
	Error string
}

// handleLoginShow handles "GET /login".
func (s *Server) handleLoginShow(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if _, err := s.auth.Session(r.Context(), c.Value); err == nil {
			http.Redirect(w, r, nextPath(r.URL.Query().Get("next")), http.StatusSeeOther)
			return
		}
	}
	v := s.anonymous(r)
	s.render(w, r, http.StatusOK, "login", loginView{
		layout: s.layout(r, v, v.lang.T("login.title"), ""), Next: nextPath(r.URL.Query().Get("next")),
	})
}

// handleLoginSubmit handles "POST /login": it checks the form, sets the
// session cookie and goes on to where the user was heading. A failure
// shows the form again with the email kept.
func (s *Server) handleLoginSubmit(w http.ResponseWriter, r *http.Request) {
	email := strings.TrimSpace(r.PostFormValue("email"))
	next := nextPath(r.PostFormValue("next"))
	token, sess, err := s.auth.Login(r.Context(), email, r.PostFormValue("password"))
	if err != nil {
		v := s.anonymous(r)
		var msg string
		status := http.StatusUnauthorized
		switch purna.ErrorCode(err) {
		case purna.EUNAUTHORIZED:
			msg = v.lang.T("login.failed")
		case purna.EFORBIDDEN:
			msg, status = v.lang.T("login.no_shop"), http.StatusForbidden
		default:
			s.error(w, r, v, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, r, status, "login", loginView{
			layout: s.layout(r, v, v.lang.T("login.title"), ""), Email: email, Next: next, Error: msg,
		})
		return
	}
	// Max-Age rather than Expires: it is relative, so the browser's clock
	// does not matter.
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/",
		MaxAge: max(int(sess.ExpiresAt.Sub(s.now()).Seconds()), 60), HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// handleLogout handles "POST /logout": it ends the session and clears the
// cookie. Cross-site posts never get here: the app wraps the mux in
// http.CrossOriginProtection.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := s.auth.Logout(r.Context(), c.Value); err != nil {
			s.error(w, r, s.anonymous(r), err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// nextPath returns p if it is a path on this site, else "/": the sign-in
// form must not become an open redirect.
func nextPath(p string) string {
	u, err := url.Parse(p)
	if err != nil || p == "" || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(p, "/") ||
		strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}
