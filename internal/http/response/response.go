// Package response writes API responses: JSON bodies and RFC 9457 problem
// details. Errors become responses here and nowhere else.
package response

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"slices"

	"github.com/purnajual/purna"
)

// statuses maps error codes to HTTP statuses.
var statuses = map[string]int{
	purna.EMALFORMED:    http.StatusBadRequest,
	purna.EINVALID:      http.StatusUnprocessableEntity,
	purna.EUNAUTHORIZED: http.StatusUnauthorized,
	purna.EFORBIDDEN:    http.StatusForbidden,
	purna.ENOTFOUND:     http.StatusNotFound,
	purna.ECONFLICT:     http.StatusConflict,
	purna.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	purna.EINTERNAL:     http.StatusInternalServerError,
}

// Status returns the HTTP status for err.
func Status(err error) int {
	if s, ok := statuses[purna.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// JSON writes v as JSON with status.
func JSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// Problem is an RFC 9457 problem details body, with Purna's stable code and
// per-field errors as extension members.
type Problem struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Detail string       `json:"detail"`
	Code   string       `json:"code"`
	Fields []FieldError `json:"errors,omitempty"`
}

// FieldError is one field's problem.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error writes err as problem JSON. Internal errors are logged with the
// request and shown only as "Internal error."; a client that went away gets
// 499 and nothing is logged as a failure.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	status := Status(err)
	code := purna.ErrorCode(err)
	switch {
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		status, code = 499, "client_closed_request"
	case errors.Is(err, context.DeadlineExceeded):
		status, code = http.StatusRequestTimeout, "timeout"
	case status >= 500:
		slog.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	p := Problem{
		Type:   "https://purna.dev/problems/" + code,
		Title:  http.StatusText(status),
		Status: status,
		Detail: purna.ErrorMessage(err),
		Code:   code,
	}
	if status == 499 {
		p.Title, p.Detail = "Client Closed Request", "The client closed the request."
	}
	fields := purna.ErrorFields(err)
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		p.Fields = append(p.Fields, FieldError{Field: k, Message: fields[k]})
	}
	b, _ := json.Marshal(p)
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
