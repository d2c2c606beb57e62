package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/upload"
)

// noteUploadLimits bound the files an agent attaches to one note.
var noteUploadLimits = upload.Limits{MaxFiles: 5}

// handleCaseNote handles "POST /cases/{id}/notes": a note, internal unless
// "visible" is ticked, with the photos and PDFs attached to it when
// uploads are on. A note the service refuses comes back with its text.
func (s *Server) handleCaseNote(w http.ResponseWriter, r *http.Request, v *viewer) {
	cd, err := s.loadCase(r, v, r.PathValue("id"))
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	l, ctx := v.lang, r.Context()
	var files []*upload.Accepted
	if s.uploads != nil && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		files, err = upload.ParseMultipart(r, "files", noteUploadLimits)
		if err != nil {
			st := caseState{NoteErrs: map[string]string{"files": purna.ErrorMessage(err)}, Vals: r.PostForm}
			for _, msg := range purna.ErrorFields(err) {
				st.NoteErrs["files"] = msg
			}
			s.renderCase(w, r, v, http.StatusUnprocessableEntity, st)
			return
		}
		defer func() {
			for _, f := range files {
				f.Close()
			}
		}()
	} else if err := r.ParseForm(); err != nil {
		s.error(w, r, v, purna.Errorf(purna.EINVALID, "The form could not be read."))
		return
	}
	in := cases.NoteInput{Text: r.PostFormValue("text"), Visible: r.PostFormValue("visible") == "1"}
	if strings.TrimSpace(in.Text) == "" {
		s.renderCase(w, r, v, http.StatusUnprocessableEntity,
			caseState{NoteErrs: map[string]string{"text": l.T("cases.err.note_required")}, Vals: r.PostForm})
		return
	}
	for _, f := range files {
		if err := s.uploads.Put(ctx, v.shop.ID, f.Blob, f.Open()); err != nil {
			s.error(w, r, v, err)
			return
		}
		in.Attachments = append(in.Attachments, f.Blob.ID)
	}
	_, err = s.cases.AddNote(ctx, v.shop.ID, cd.d.ID, v.agent(), in)
	if fields := purna.ErrorFields(err); len(fields) > 0 {
		s.renderCase(w, r, v, http.StatusUnprocessableEntity, caseState{NoteErrs: fields, Vals: r.PostForm})
		return
	} else if err != nil {
		s.error(w, r, v, err)
		return
	}
	http.Redirect(w, r, localPath("/cases/"+cd.d.ID, url.Values{"noted": {"1"}})+"#notes", http.StatusSeeOther)
}

// handleCaseAssign handles "POST /cases/{id}/assign": "assignee" is "me",
// "none" or "user:<id>" of one of the shop's people (anything else leaves
// it), and "due" a datetime-local in the shop's zone (empty leaves it).
// The service refuses a user who does not work in the shop.
func (s *Server) handleCaseAssign(w http.ResponseWriter, r *http.Request, v *viewer) {
	cd, err := s.loadCase(r, v, r.PathValue("id"))
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	l := v.lang
	var in cases.AssignInput
	// The "give to" list and the "assign to me" / "unassign" buttons share
	// the field: a pressed button wins over the list.
	_ = r.PostFormValue("assignee")
	choice := ""
	for _, a := range r.PostForm["assignee"] {
		if a == "me" || a == "none" {
			choice = a
			break
		}
		if choice == "" {
			choice = a
		}
	}
	switch choice {
	case "me":
		me := v.userID()
		in.AssigneeID = &me
	case "none":
		none := purna.ID("")
		in.AssigneeID = &none
	default:
		if id, ok := strings.CutPrefix(choice, "user:"); ok {
			in.AssigneeID = &id
		}
	}
	if due := strings.TrimSpace(r.PostFormValue("due")); due != "" {
		t, ok := parseLocalInput(due, l.loc)
		if !ok {
			s.renderCase(w, r, v, http.StatusUnprocessableEntity,
				caseState{Assign: map[string]string{"due": l.T("cases.err.datetime")}})
			return
		}
		in.DueAt = &t
	}
	_, err = s.cases.Assign(r.Context(), v.shop.ID, cd.d.ID, v.agent(), in)
	if fields := purna.ErrorFields(err); len(fields) > 0 {
		s.renderCase(w, r, v, http.StatusUnprocessableEntity, caseState{Assign: fields})
		return
	} else if c := purna.ErrorCode(err); c == purna.ECONFLICT {
		s.renderCase(w, r, v, http.StatusConflict, caseState{Problem: purna.ErrorMessage(err)})
		return
	} else if err != nil {
		s.error(w, r, v, err)
		return
	}
	http.Redirect(w, r, localPath("/cases/"+cd.d.ID, url.Values{"assigned": {"1"}}), http.StatusSeeOther)
}

// handleCaseFile handles "GET /cases/{id}/files/{file}": an attachment of
// one of the case's notes, to a signed-in agent of the case's shop. The
// file must be attached to this case: a blob ID in the address is not a
// secret, and the shop comes from the session, never from the address.
func (s *Server) handleCaseFile(w http.ResponseWriter, r *http.Request, v *viewer) {
	id, file := r.PathValue("id"), r.PathValue("file")
	if s.uploads == nil || !purna.ValidID(file) {
		s.error(w, r, v, caseNotFound())
		return
	}
	cd, err := s.loadCase(r, v, id)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	attached := slices.ContainsFunc(cd.d.Notes, func(n *cases.Note) bool { return slices.Contains(n.Attachments, file) })
	if !attached {
		s.error(w, r, v, caseNotFound())
		return
	}
	if err := upload.Serve(w, r, s.uploads, v.shop.ID, file, ""); err != nil {
		if purna.ErrorCode(err) == purna.ENOTFOUND {
			s.error(w, r, v, err)
			return
		}
		if !errors.Is(err, r.Context().Err()) {
			s.logger.ErrorContext(r.Context(), "web: serve case file", "case", id, "file", file, "err", err)
		}
	}
}

// caseFile describes attachment id of case caseID: a thumbnail when it is
// a photo a browser shows, else a link with its name. A file the store
// cannot find is still listed, as a link that will say so.
func (s *Server) caseFile(r *http.Request, v *viewer, caseID, id string) caseFile {
	f := caseFile{URL: "/cases/" + caseID + "/files/" + url.PathEscape(id), Name: id}
	if s.uploads == nil {
		return f
	}
	rc, blob, err := s.uploads.Open(r.Context(), v.shop.ID, id)
	if err != nil {
		return f
	}
	rc.Close()
	f.Name = blob.Filename
	f.Thumb = blob.Kind == upload.Photo && blob.ContentType != upload.HEIC
	return f
}
