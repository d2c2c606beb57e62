package web

import (
	"net/http"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/journey"
)

// handleJourneyPause handles "POST /journeys/{id}/pause": the journey
// takes no new customers and holds those in it until it is resumed.
func (s *Server) handleJourneyPause(w http.ResponseWriter, r *http.Request, v *viewer) {
	s.setJourneyStatus(w, r, v, journey.Paused)
}

// handleJourneyResume handles "POST /journeys/{id}/resume".
func (s *Server) handleJourneyResume(w http.ResponseWriter, r *http.Request, v *viewer) {
	s.setJourneyStatus(w, r, v, journey.Active)
}

// setJourneyStatus saves the shop's journey {id} with status and goes back
// to the journeys page the form names in "next". The app's cross-origin
// protection has already turned away forms posted from other sites.
func (s *Server) setJourneyStatus(w http.ResponseWriter, r *http.Request, v *viewer, status journey.Status) {
	id := r.PathValue("id")
	if s.journeys == nil || !purna.ValidID(id) {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Journey not found."))
		return
	}
	ctx := r.Context()
	j, err := s.journeys.FindJourneyByID(ctx, v.shop.ID, id)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	if j.Status != status {
		j.Status, j.UpdatedAt = status, s.now()
		if err := s.journeys.SaveJourney(ctx, j); err != nil {
			s.error(w, r, v, err)
			return
		}
	}
	next := r.PostFormValue("next")
	if next != "/journeys" && !strings.HasPrefix(next, "/journeys/") {
		next = "/journeys/" + j.ID
	}
	http.Redirect(w, r, localPath(next, nil), http.StatusSeeOther)
}
