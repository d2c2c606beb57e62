package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/review"
)

// handleReviewModerate handles "POST /reviews/{id}/moderate": "action" is
// publish or reject. Publishing a published review, or rejecting a
// rejected one (a second click, a colleague who was quicker), changes
// nothing, and the page says so.
func (s *Server) handleReviewModerate(w http.ResponseWriter, r *http.Request, v *viewer) {
	rv, err := s.loadReview(r, v)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	var publish bool
	switch r.PostFormValue("action") {
	case "publish":
		publish = true
	case "reject":
	default:
		s.renderReview(w, r, v, http.StatusUnprocessableEntity, reviewState{Problem: v.lang.T("reviews.err.action")})
		return
	}
	want := review.Rejected
	if publish {
		want = review.Published
	}
	if rv.Status == want {
		http.Redirect(w, r, reviewDone(rv.ID, string(want)+"_already"), http.StatusSeeOther)
		return
	}
	if _, err := s.reviews.Moderate(r.Context(), v.shop.ID, rv.ID, publish); err != nil {
		s.reviewFailed(w, r, v, err, nil)
		return
	}
	done := "reject"
	if publish {
		done = "publish"
	}
	http.Redirect(w, r, reviewDone(rv.ID, done), http.StatusSeeOther)
}

// handleReviewReply handles "POST /reviews/{id}/reply": "body" and
// "visibility" (public or private) save the shop's reply; "op" remove
// takes it down. A reply the service refuses comes back with its text
// and the problem next to its field.
func (s *Server) handleReviewReply(w http.ResponseWriter, r *http.Request, v *viewer) {
	rv, err := s.loadReview(r, v)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	l := v.lang
	if err := r.ParseForm(); err != nil {
		s.error(w, r, v, purna.Errorf(purna.EINVALID, "The form could not be read."))
		return
	}
	if r.PostForm.Get("op") == "remove" {
		if _, err := s.reviews.Reply(r.Context(), v.shop.ID, rv.ID, v.userID(), review.ReplyInput{}); err != nil {
			s.reviewFailed(w, r, v, err, nil)
			return
		}
		http.Redirect(w, r, reviewDone(rv.ID, "removed")+"#reply", http.StatusSeeOther)
		return
	}
	vis := r.PostForm.Get("visibility")
	form := &reviewReplyForm{Body: r.PostForm.Get("body"), Public: vis != "private", Errs: map[string]string{}}
	if strings.TrimSpace(form.Body) == "" {
		// An empty reply would remove the current one: that is the
		// Remove button's job, never a slip of the Save button.
		form.Errs["body"] = l.T("reviews.err.reply_empty")
	}
	if vis != "public" && vis != "private" {
		form.Errs["visibility"] = l.T("reviews.err.visibility")
	}
	if len(form.Errs) > 0 {
		s.renderReview(w, r, v, http.StatusUnprocessableEntity, reviewState{Problem: l.T("cases.form.invalid"), Form: form})
		return
	}
	_, err = s.reviews.Reply(r.Context(), v.shop.ID, rv.ID, v.userID(), review.ReplyInput{Body: form.Body, Public: form.Public})
	if err != nil {
		s.reviewFailed(w, r, v, err, form)
		return
	}
	http.Redirect(w, r, reviewDone(rv.ID, vis)+"#reply", http.StatusSeeOther)
}

// reviewFailed shows why a form of the review's page did not go through:
// the fields the service refused next to the reply form, a conflict as a
// message over the page as it is now, anything else as the error page.
func (s *Server) reviewFailed(w http.ResponseWriter, r *http.Request, v *viewer, err error, form *reviewReplyForm) {
	l := v.lang
	switch purna.ErrorCode(err) {
	case purna.EINVALID:
		st := reviewState{Problem: l.T("cases.form.invalid"), Form: form}
		if form != nil {
			for field := range purna.ErrorFields(err) {
				if field == "body" {
					form.Errs["body"] = l.T("reviews.err.reply_long", "max", review.MaxBody)
				} else {
					st.Problem = l.T("reviews.err.reply_other")
				}
			}
		}
		s.renderReview(w, r, v, http.StatusUnprocessableEntity, st)
	case purna.ECONFLICT:
		s.renderReview(w, r, v, http.StatusConflict, reviewState{Problem: l.T("reviews.conflict"), Form: form})
	default:
		s.error(w, r, v, err)
	}
}

// reviewDone is the review's address saying what the last form did.
func reviewDone(id purna.ID, done string) string {
	return localPath("/reviews/"+id, url.Values{"done": {done}})
}
