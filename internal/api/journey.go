package api

import (
	"net/http"
	"slices"

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

// handleSuppressionList handles "GET /api/v1/suppressions".
func (s *Server) handleSuppressionList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := journey.SuppressionFilter{ShopID: request.Shop(r).ID, Channel: q.str("channel"), Limit: q.limit(), Cursor: q.str("cursor")}
	if f.Channel != "" && !slices.Contains(journey.Channels, f.Channel) {
		q.problems.Add("channel", "must be email, whatsapp or sms")
	}
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	page, err := s.Journeys.Suppressions(r.Context(), f)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, page)
}

// handleSuppressionCreate handles "POST /api/v1/suppressions".
func (s *Server) handleSuppressionCreate(w http.ResponseWriter, r *http.Request) {
	var in journey.SuppressionInput
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	sup, err := s.Journeys.Suppress(r.Context(), request.Shop(r).ID, in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, sup)
}

// handleSuppressionDelete handles "DELETE /api/v1/suppressions/{channel}/{address}".
func (s *Server) handleSuppressionDelete(w http.ResponseWriter, r *http.Request) {
	ch, addr := r.PathValue("channel"), r.PathValue("address")
	if err := s.Journeys.Unsuppress(r.Context(), request.Shop(r).ID, ch, addr); err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, SuppressionDeleted{Channel: ch, Address: addr, Deleted: true})
}

// SuppressionDeleted confirms an address may get messages again.
type SuppressionDeleted struct {
	Channel string `json:"channel"`
	Address string `json:"address"`
	Deleted bool   `json:"deleted"`
}
