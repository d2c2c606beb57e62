package api

import (
	"net/http"
	"slices"

	"github.com/purnajual/purna/internal/http/request"
	"github.com/purnajual/purna/internal/http/response"
	"github.com/purnajual/purna/internal/order"
)

// handleOrderUpsert handles "POST /api/v1/orders".
func (s *Server) handleOrderUpsert(w http.ResponseWriter, r *http.Request) {
	var in order.Input
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	res, err := s.Orders.Ingest(r.Context(), request.Shop(r), in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	s.OnOrder(res.Order.Source, res.Created)
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	response.JSON(w, r, status, res.Order)
}

// handleOrderList handles "GET /api/v1/orders".
func (s *Server) handleOrderList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := order.Filter{ShopID: request.Shop(r).ID, Limit: q.limit(), Cursor: q.str("cursor"), Query: q.str("q"),
		Source: q.str("source"), PlacedFrom: q.time("placed_from"), PlacedTo: q.time("placed_to")}
	if v := q.str("status"); v != "" {
		st := order.Status(v)
		if !slices.Contains(order.Statuses, st) {
			q.problems.Add("status", "must be one of pending, paid, fulfilled, delivered, cancelled, refunded")
		}
		f.Status = &st
	}
	if v := q.str("customer_id"); v != "" {
		f.CustomerID = &v
	}
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	page, err := s.Orders.Find(r.Context(), f)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, page)
}

// handleOrderGet handles "GET /api/v1/orders/{id}".
func (s *Server) handleOrderGet(w http.ResponseWriter, r *http.Request) {
	o, err := s.Orders.FindByID(r.Context(), request.Shop(r).ID, r.PathValue("id"))
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, o)
}

// handleOrderUpdate handles "PATCH /api/v1/orders/{id}".
func (s *Server) handleOrderUpdate(w http.ResponseWriter, r *http.Request) {
	var upd order.Update
	if err := request.DecodeJSON(r, &upd); err != nil {
		response.Error(w, r, err)
		return
	}
	res, err := s.Orders.Update(r.Context(), request.Shop(r), r.PathValue("id"), upd)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, res.Order)
}

// handleShipmentUpsert handles "POST /api/v1/orders/{id}/shipments".
func (s *Server) handleShipmentUpsert(w http.ResponseWriter, r *http.Request) {
	var in order.ShipmentInput
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	res, err := s.Orders.AddShipment(r.Context(), request.Shop(r), r.PathValue("id"), in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, res.Order)
}
