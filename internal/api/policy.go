package api

import (
	"net/http"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/http/request"
	"github.com/purnajual/purna/internal/http/response"
	"github.com/purnajual/purna/internal/policy"
)

// errNoCases answers the case routes when the server has no case service.
var errNoCases = purna.Errorf(purna.ENOTFOUND, "Service cases are not enabled on this server.")

// handlePolicyGet handles "GET /api/v1/policy".
func (s *Server) handlePolicyGet(w http.ResponseWriter, r *http.Request) {
	if s.Cases == nil {
		response.Error(w, r, errNoCases)
		return
	}
	p, err := s.Cases.Policies().Get(r.Context(), request.Shop(r).ID)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, p)
}

// handlePolicyPut handles "PUT /api/v1/policy".
func (s *Server) handlePolicyPut(w http.ResponseWriter, r *http.Request) {
	if s.Cases == nil {
		response.Error(w, r, errNoCases)
		return
	}
	// Register limits the bodies of POST and PATCH; this PUT limits its own.
	r.Body = http.MaxBytesReader(w, r.Body, s.MaxBodyBytes)
	var in policy.Policy
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	p, err := s.Cases.Policies().Put(r.Context(), request.Shop(r).ID, in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, p)
}
