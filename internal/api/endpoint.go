package api

import (
	"net/http"
	"slices"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/http/request"
	"github.com/purnajual/purna/internal/http/response"
	"github.com/purnajual/purna/internal/webhook"
)

// The merchant's outbound webhook endpoints (package webhook). The inbound
// storefront webhooks are in webhook.go.

// WebhookWithSecret is an endpoint with its signing secret, which the API
// shows only when the endpoint is created and when the secret is rotated.
type WebhookWithSecret struct {
	webhook.Endpoint
	// Secret verifies the webhook-signature header (Standard Webhooks).
	Secret string `json:"secret"`
}

// WebhookDeleted confirms a deletion.
type WebhookDeleted struct {
	ID      string `json:"id"`
	Deleted bool   `json:"deleted"`
}

// webhooks returns the service, or answers 404 when the server runs
// without outbound webhooks.
func (s *Server) webhooks(w http.ResponseWriter, r *http.Request) (*webhook.Service, bool) {
	if s.Webhooks == nil {
		response.Error(w, r, purna.Errorf(purna.ENOTFOUND, "Outbound webhooks are not enabled on this server."))
		return nil, false
	}
	return s.Webhooks, true
}

// handleWebhookCreate handles "POST /api/v1/webhooks".
func (s *Server) handleWebhookCreate(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.webhooks(w, r)
	if !ok {
		return
	}
	var in webhook.Input
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	e, err := svc.Create(r.Context(), request.Shop(r).ID, in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusCreated, WebhookWithSecret{Endpoint: *e, Secret: e.Secret})
}

// handleWebhookList handles "GET /api/v1/webhooks".
func (s *Server) handleWebhookList(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.webhooks(w, r)
	if !ok {
		return
	}
	es, err := svc.Find(r.Context(), request.Shop(r).ID)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, es)
}

// handleWebhookGet handles "GET /api/v1/webhooks/{id}".
func (s *Server) handleWebhookGet(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.webhooks(w, r)
	if !ok {
		return
	}
	e, err := svc.FindByID(r.Context(), request.Shop(r).ID, r.PathValue("id"))
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, e)
}

// handleWebhookUpdate handles "PATCH /api/v1/webhooks/{id}".
func (s *Server) handleWebhookUpdate(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.webhooks(w, r)
	if !ok {
		return
	}
	var u webhook.Update
	if err := request.DecodeJSON(r, &u); err != nil {
		response.Error(w, r, err)
		return
	}
	e, err := svc.Update(r.Context(), request.Shop(r).ID, r.PathValue("id"), u)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, e)
}

// handleWebhookDelete handles "DELETE /api/v1/webhooks/{id}".
func (s *Server) handleWebhookDelete(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.webhooks(w, r)
	if !ok {
		return
	}
	id := r.PathValue("id")
	if err := svc.Delete(r.Context(), request.Shop(r).ID, id); err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, WebhookDeleted{ID: id, Deleted: true})
}

// handleWebhookRotateSecret handles "POST /api/v1/webhooks/{id}/secret/rotate".
func (s *Server) handleWebhookRotateSecret(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.webhooks(w, r)
	if !ok {
		return
	}
	e, err := svc.RotateSecret(r.Context(), request.Shop(r).ID, r.PathValue("id"))
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, WebhookWithSecret{Endpoint: *e, Secret: e.Secret})
}

// handleWebhookDeliveries handles "GET /api/v1/webhooks/{id}/deliveries".
func (s *Server) handleWebhookDeliveries(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.webhooks(w, r)
	if !ok {
		return
	}
	q := newQuery(r)
	f := webhook.DeliveryFilter{ShopID: request.Shop(r).ID, EndpointID: r.PathValue("id"), Limit: q.limit(), Cursor: q.str("cursor")}
	if v := webhook.DeliveryStatus(q.str("status")); v != "" {
		if !slices.Contains(webhook.DeliveryStatuses, v) {
			q.problems.Add("status", "must be pending, delivered or failed")
		}
		f.Status = &v
	}
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	page, err := svc.Deliveries(r.Context(), f)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, page)
}

// handleWebhookTest handles "POST /api/v1/webhooks/{id}/deliveries/test".
func (s *Server) handleWebhookTest(w http.ResponseWriter, r *http.Request) {
	svc, ok := s.webhooks(w, r)
	if !ok {
		return
	}
	d, err := svc.SendTest(r.Context(), request.Shop(r).ID, r.PathValue("id"))
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusAccepted, d)
}
