package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/followup"
)

// maxFollowUpNote is the longest note the follow-up service keeps.
const maxFollowUpNote = 2000

// handleFollowUpAct handles "POST /followups/{id}/act": contact, resolve
// with a remedy, close or reopen. A move the status does not allow now (a
// second click, a page left open while a colleague moved it on) comes back
// with a message and changes nothing; so do inputs that are refused, shown
// next to their fields.
func (s *Server) handleFollowUpAct(w http.ResponseWriter, r *http.Request, v *viewer) {
	fd, err := s.loadFollowUp(r, v)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	l := v.lang
	if err := r.ParseForm(); err != nil {
		s.error(w, r, v, purna.Errorf(purna.EINVALID, "The form could not be read."))
		return
	}
	form := r.PostForm
	act := followup.Action(form.Get("action"))
	in := followup.ActInput{Remedy: followup.Remedy(form.Get("remedy")), Note: strings.TrimSpace(form.Get("note"))}
	st := followUpState{Form: "act:" + string(act), Vals: form, Errs: map[string]string{}}
	if !slices.Contains([]followup.Action{followup.Contact, followup.Resolve, followup.Close, followup.Reopen}, act) {
		st.Form, st.Vals, st.Problem = "", nil, l.T("followups.err.action")
		s.renderFollowUp(w, r, v, http.StatusUnprocessableEntity, st)
		return
	}
	if act == followup.Resolve && !slices.Contains(followup.Remedies, in.Remedy) {
		st.Errs["remedy"] = l.T("followups.err.remedy")
	}
	if utf8.RuneCountInString(in.Note) > maxFollowUpNote {
		st.Errs["note"] = l.T("followups.err.note")
	}
	if len(st.Errs) > 0 {
		st.Problem = l.T("cases.form.invalid")
		s.renderFollowUp(w, r, v, http.StatusUnprocessableEntity, st)
		return
	}
	_, err = s.followups.Act(r.Context(), v.shop.ID, fd.ID, v.agent(), act, in)
	switch code := purna.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, localPath("/followups/"+fd.ID, url.Values{"done": {string(act)}}), http.StatusSeeOther)
	case code == purna.EINVALID:
		st.Problem = l.T("cases.form.invalid")
		st.Errs, st.Problems = followUpFieldErrs(l, purna.ErrorFields(err), "remedy", "note")
		s.renderFollowUp(w, r, v, http.StatusUnprocessableEntity, st)
	case code == purna.ECONFLICT:
		// Nothing changed: the page as it is now, with why. The status is
		// read again, as it is the one that refused the move.
		now, err := s.followups.FindByID(r.Context(), v.shop.ID, fd.ID)
		if err != nil {
			s.error(w, r, v, err)
			return
		}
		st = followUpState{Problem: l.T("followups.conflict", "number", now.Number,
			"status", followUpStatusLabel(l, now.Status), "action", followUpActionLabel(l, act))}
		s.renderFollowUp(w, r, v, http.StatusConflict, st)
	default:
		s.error(w, r, v, err)
	}
}

// handleFollowUpCall handles "POST /followups/{id}/tasks/{task}": how the
// call went, and a note. A call that reached the customer marks the
// follow-up contacted. A call recorded already (a double click, a
// colleague) comes back with a message and changes nothing.
func (s *Server) handleFollowUpCall(w http.ResponseWriter, r *http.Request, v *viewer) {
	fd, err := s.loadFollowUp(r, v)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	taskID := r.PathValue("task")
	if !slices.ContainsFunc(fd.Tasks, func(t *followup.Task) bool { return t.ID == taskID }) {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Task not found."))
		return
	}
	l := v.lang
	if err := r.ParseForm(); err != nil {
		s.error(w, r, v, purna.Errorf(purna.EINVALID, "The form could not be read."))
		return
	}
	form := r.PostForm
	in := followup.CompleteInput{Outcome: followup.CallOutcome(form.Get("outcome")), Note: strings.TrimSpace(form.Get("note"))}
	st := followUpState{Form: "call:" + taskID, Vals: form, Errs: map[string]string{}}
	if !slices.Contains(followup.CallOutcomes, in.Outcome) {
		st.Errs["outcome"] = l.T("followups.err.outcome")
	}
	if utf8.RuneCountInString(in.Note) > maxFollowUpNote {
		st.Errs["note"] = l.T("followups.err.note")
	}
	if len(st.Errs) > 0 {
		st.Problem = l.T("cases.form.invalid")
		s.renderFollowUp(w, r, v, http.StatusUnprocessableEntity, st)
		return
	}
	_, err = s.followups.CompleteTask(r.Context(), v.shop.ID, taskID, v.agent(), in)
	switch code := purna.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, localPath("/followups/"+fd.ID, url.Values{"called": {string(in.Outcome)}}), http.StatusSeeOther)
	case code == purna.EINVALID:
		st.Problem = l.T("cases.form.invalid")
		st.Errs, st.Problems = followUpFieldErrs(l, purna.ErrorFields(err), "outcome", "note")
		s.renderFollowUp(w, r, v, http.StatusUnprocessableEntity, st)
	case code == purna.ECONFLICT:
		s.renderFollowUp(w, r, v, http.StatusConflict, followUpState{Problem: l.T("followups.call_conflict")})
	default:
		s.error(w, r, v, err)
	}
}

// followUpFieldErrs puts the service's field problems into the page's
// language for the fields the form shows, and returns the others as they
// are, to list above the forms.
func followUpFieldErrs(l lang, fields map[string]string, shown ...string) (map[string]string, []string) {
	errs := map[string]string{}
	var rest []string
	for k, msg := range fields {
		if slices.Contains(shown, k) {
			errs[k] = l.T("followups.err." + k)
			continue
		}
		rest = append(rest, k+": "+msg)
	}
	slices.Sort(rest)
	return errs, rest
}
