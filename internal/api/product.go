package api

import (
	"net/http"

	"github.com/purnajual/purna/internal/http/request"
	"github.com/purnajual/purna/internal/http/response"
	"github.com/purnajual/purna/internal/product"
)

// handleProductUpsert handles "POST /api/v1/products".
func (s *Server) handleProductUpsert(w http.ResponseWriter, r *http.Request) {
	var in product.Input
	if err := request.DecodeJSON(r, &in); err != nil {
		response.Error(w, r, err)
		return
	}
	sh := request.Shop(r)
	p, created, err := s.Products.Save(r.Context(), sh.ID, sh.Currency, in)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	response.JSON(w, r, status, p)
}

// handleProductList handles "GET /api/v1/products".
func (s *Server) handleProductList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := product.Filter{ShopID: request.Shop(r).ID, Limit: q.limit(), Cursor: q.str("cursor"), Query: q.str("q"),
		Category: q.str("category")}
	if err := q.err(); err != nil {
		response.Error(w, r, err)
		return
	}
	page, err := s.Products.Find(r.Context(), f)
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, page)
}

// handleProductGet handles "GET /api/v1/products/{id}".
func (s *Server) handleProductGet(w http.ResponseWriter, r *http.Request) {
	p, err := s.Products.FindByID(r.Context(), request.Shop(r).ID, r.PathValue("id"))
	if err != nil {
		response.Error(w, r, err)
		return
	}
	response.JSON(w, r, http.StatusOK, p)
}
