package bench

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"time"
)

// baselineOrder mirrors the fields of the API's order input, so the bare
// server does the same decoding work without storing anything.
type baselineOrder struct {
	Source, ExternalID string
	Currency           string
	PlacedAt, PaidAt   time.Time
	Shipping           int64
	Customer           map[string]any
	ShippingAddress    map[string]any `json:"shipping_address"`
	Lines              []struct {
		SKU       string `json:"sku"`
		Name      string `json:"name"`
		Quantity  int64  `json:"quantity"`
		UnitPrice int64  `json:"unit_price"`
	}
}

// Baseline serves POST /api/v1/orders by decoding the body and answering
// 201 with a small JSON document: the ceiling for Purna's ingestion on the
// same machine. It returns when ctx ends.
func Baseline(ctx context.Context, addr string, ready func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/orders", func(w http.ResponseWriter, r *http.Request) {
		var o baselineOrder
		if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{"external_id": o.ExternalID, "lines": len(o.Lines)})
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if ready != nil {
		ready("http://" + ln.Addr().String())
	}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
