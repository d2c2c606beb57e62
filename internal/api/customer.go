package api

import (
	"net/http"

	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/http/request"
	"github.com/purnajual/purna/internal/http/response"
)

// handleCustomerUpsert handles "POST /api/v1/customers".
func (s *Server) handleCustomerUpsert(w http.ResponseWriter, r *http.Request) {
	var in customer.Input
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	sh := request.Shop(r)
	if in.Source == "" && in.ExternalID != "" {
		in.Source = "api"
	}
	c, created, err := s.Customers.Save(r.Context(), sh.ID, sh.Country, in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	response.JSON(w, r, status, c)
}

// handleCustomerList handles "GET /api/v1/customers".
func (s *Server) handleCustomerList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := customer.Filter{ShopID: request.Shop(r).ID, Limit: q.limit(), Cursor: q.str("cursor"), Query: q.str("q")}
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	page, err := s.Customers.Find(r.Context(), f)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, page)
}

// handleCustomerGet handles "GET /api/v1/customers/{id}".
func (s *Server) handleCustomerGet(w http.ResponseWriter, r *http.Request) {
	c, err := s.Customers.FindByID(r.Context(), request.Shop(r).ID, r.PathValue("id"))
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, c)
}

// handleCustomerTimeline handles "GET /api/v1/customers/{id}/timeline".
func (s *Server) handleCustomerTimeline(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	limit := q.limit()
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	page, err := s.Customers.Timeline(r.Context(), request.Shop(r).ID, r.PathValue("id"), q.str("cursor"), limit)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, page)
}
