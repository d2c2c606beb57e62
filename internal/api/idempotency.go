package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/http/request"
	"github.com/purnajual/purna/internal/http/response"
	"github.com/purnajual/purna/internal/sqlstore"
)

// idempotent honours the Idempotency-Key header: the first answer to a key
// is stored, and a retry with the same key and body gets it again without
// running the handler. The same key with another body is a client bug and
// gets 422. Answers of 5xx are not stored, so a retry runs again.
func (s *Server) idempotent(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			next(w, r)
			return
		}
		if len(key) > 255 {
			response.Error(w, r, &purna.Error{Code: purna.EINVALID, Message: "The Idempotency-Key header is too long.",
				Fields: map[string]string{"Idempotency-Key": "must be at most 255 characters"}})
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			response.Error(w, r, request.Decode(errReader{err}, nil))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.Path+"\n"), body...))
		hash := hex.EncodeToString(sum[:])
		shopID := request.Shop(r).ID

		prev, err := s.Store.FindIdempotentResponse(r.Context(), shopID, key)
		switch {
		case err == nil && prev.RequestHash != hash:
			response.Error(w, r, &purna.Error{Code: purna.EINVALID, Message: "This Idempotency-Key was used with another request.",
				Fields: map[string]string{"Idempotency-Key": "was already used with a different body or path"}})
			return
		case err == nil:
			ct := "application/json"
			if prev.Status >= 400 {
				ct = "application/problem+json"
			}
			w.Header().Set("Content-Type", ct)
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(prev.Status)
			_, _ = w.Write(prev.Body)
			return
		case purna.ErrorCode(err) != purna.ENOTFOUND:
			response.Error(w, r, err)
			return
		}

		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next(rec, r)
		if rec.status < 500 && rec.status != 499 {
			err := s.Store.SaveIdempotentResponse(r.Context(), shopID, key,
				sqlstore.IdempotentResponse{RequestHash: hash, Status: rec.status, Body: rec.body.Bytes()}, s.now())
			if err != nil {
				s.Logger.Error("save idempotency key", "err", err)
			}
		}
	}
}

// errReader replays a read error through request.Decode so it maps the
// same way (oversized bodies become 413).
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// recorder copies what a handler writes.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
	wrote  bool
}

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
