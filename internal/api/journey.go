package api

import (
	"net/http"

	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/http/request"
	"github.com/purnajual/purna/internal/http/response"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/timeline"
)

// handleJourneyList handles "GET /api/v1/journeys".
func (s *Server) handleJourneyList(w http.ResponseWriter, r *http.Request) {
	js, err := s.Journeys.Find(r.Context(), request.Shop(r).ID)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, js)
}

// handleJourneyCreate handles "POST /api/v1/journeys".
func (s *Server) handleJourneyCreate(w http.ResponseWriter, r *http.Request) {
	var in journey.Input
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	j, err := s.Journeys.Create(r.Context(), request.Shop(r).ID, in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusCreated, j)
}

// handleJourneyGet handles "GET /api/v1/journeys/{id}".
func (s *Server) handleJourneyGet(w http.ResponseWriter, r *http.Request) {
	j, err := s.Journeys.FindByID(r.Context(), request.Shop(r).ID, r.PathValue("id"))
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, j)
}

// handleJourneyUpdate handles "PATCH /api/v1/journeys/{id}".
func (s *Server) handleJourneyUpdate(w http.ResponseWriter, r *http.Request) {
	var u journey.Update
	if err := request.DecodeJSON(r, &u); err != nil {
		response.Error(w, r, err)
		return
	}
	j, err := s.Journeys.Update(r.Context(), request.Shop(r).ID, r.PathValue("id"), u)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, j)
}

// EventResult tells what posting an event did.
type EventResult struct {
	// Status is "recorded", or "unchanged" when an event with the same type
	// and external_id was already there.
	Status string          `json:"status"`
	Event  *timeline.Event `json:"event,omitempty"`
}

// handleEventCreate handles "POST /api/v1/events".
func (s *Server) handleEventCreate(w http.ResponseWriter, r *http.Request) {
	var in customer.EventInput
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	ev, created, err := s.Customers.RecordEvent(r.Context(), request.Shop(r).ID, in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	if !created {
		response.JSON(w, r, http.StatusOK, EventResult{Status: "unchanged"})
		return
	}
	response.JSON(w, r, http.StatusCreated, EventResult{Status: "recorded", Event: ev})
}
