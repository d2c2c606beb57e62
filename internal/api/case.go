package api

import (
	"net/http"
	"slices"

	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/http/request"
	"github.com/purnajual/purna/internal/http/response"
)

// apiActor is who an API key acts as: an agent of the key's shop.
var apiActor = cases.Agent("api")

// handleCaseList handles "GET /api/v1/cases".
func (s *Server) handleCaseList(w http.ResponseWriter, r *http.Request) {
	if s.Cases == nil {
		response.Error(w, r, errNoCases)
		return
	}
	q := newQuery(r)
	f := cases.Filter{ShopID: request.Shop(r).ID, Limit: q.limit(), Cursor: q.str("cursor"), Query: q.str("q")}
	if v := q.str("status"); v != "" {
		st := cases.Status(v)
		if !slices.Contains(cases.Statuses, st) {
			q.problems.Add("status", "is not a case status")
		}
		f.Status = &st
	}
	if v := q.str("kind"); v != "" {
		k := cases.Kind(v)
		if !slices.Contains(cases.Kinds, k) {
			q.problems.Add("kind", "must be return, exchange, replacement, warranty_claim, repair or maintenance")
		}
		f.Kind = &k
	}
	for name, dst := range map[string]**string{"assignee_id": &f.AssigneeID, "customer_id": &f.CustomerID, "order_id": &f.OrderID} {
		if v := q.str(name); v != "" {
			*dst = &v
		}
	}
	switch q.str("overdue") {
	case "", "false":
	case "true":
		f.Overdue = true
	default:
		q.problems.Add("overdue", "must be true or false")
	}
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	page, err := s.Cases.Find(r.Context(), apiActor, f)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, page)
}

// handleCaseCreate handles "POST /api/v1/cases".
func (s *Server) handleCaseCreate(w http.ResponseWriter, r *http.Request) {
	if s.Cases == nil {
		response.Error(w, r, errNoCases)
		return
	}
	var in cases.OpenInput
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	if in.Source == "" {
		in.Source = cases.SourceAPI
	}
	c, err := s.Cases.Open(r.Context(), request.Shop(r).ID, apiActor, in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusCreated, c)
}

// handleCaseGet handles "GET /api/v1/cases/{id}".
func (s *Server) handleCaseGet(w http.ResponseWriter, r *http.Request) {
	if s.Cases == nil {
		response.Error(w, r, errNoCases)
		return
	}
	d, err := s.Cases.FindByID(r.Context(), request.Shop(r).ID, apiActor, r.PathValue("id"))
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, d)
}

// handleCaseAssign handles "PATCH /api/v1/cases/{id}".
func (s *Server) handleCaseAssign(w http.ResponseWriter, r *http.Request) {
	if s.Cases == nil {
		response.Error(w, r, errNoCases)
		return
	}
	var in cases.AssignInput
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	c, err := s.Cases.Assign(r.Context(), request.Shop(r).ID, r.PathValue("id"), apiActor, in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, c)
}

// handleCaseAction handles "POST /api/v1/cases/{id}/actions".
func (s *Server) handleCaseAction(w http.ResponseWriter, r *http.Request) {
	if s.Cases == nil {
		response.Error(w, r, errNoCases)
		return
	}
	var in cases.ActRequest
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	c, err := s.Cases.Act(r.Context(), request.Shop(r).ID, r.PathValue("id"), apiActor, in.Action, in.ActInput)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, c)
}

// handleCaseNote handles "POST /api/v1/cases/{id}/notes".
func (s *Server) handleCaseNote(w http.ResponseWriter, r *http.Request) {
	if s.Cases == nil {
		response.Error(w, r, errNoCases)
		return
	}
	var in cases.NoteInput
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	n, err := s.Cases.AddNote(r.Context(), request.Shop(r).ID, r.PathValue("id"), apiActor, in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusCreated, n)
}

// handleCaseStats handles "GET /api/v1/cases/stats".
func (s *Server) handleCaseStats(w http.ResponseWriter, r *http.Request) {
	if s.Cases == nil {
		response.Error(w, r, errNoCases)
		return
	}
	q := newQuery(r)
	from, to := q.time("from"), q.time("to")
	if from == nil && q.str("from") == "" {
		q.problems.Add("from", "is required (RFC 3339)")
	}
	if to == nil && q.str("to") == "" {
		q.problems.Add("to", "is required (RFC 3339)")
	}
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	st, err := s.Cases.Stats(r.Context(), request.Shop(r).ID, *from, *to)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, st)
}

// handleOrderEligibility handles "GET /api/v1/orders/{id}/eligibility".
func (s *Server) handleOrderEligibility(w http.ResponseWriter, r *http.Request) {
	if s.Cases == nil {
		response.Error(w, r, errNoCases)
		return
	}
	items, err := s.Cases.Eligibility(r.Context(), request.Shop(r).ID, apiActor, r.PathValue("id"))
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, items)
}

// handleRegistrationCreate handles "POST /api/v1/registrations".
func (s *Server) handleRegistrationCreate(w http.ResponseWriter, r *http.Request) {
	if s.Cases == nil {
		response.Error(w, r, errNoCases)
		return
	}
	var in cases.RegisterInput
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	reg, err := s.Cases.Register(r.Context(), request.Shop(r).ID, apiActor, in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusCreated, reg)
}
