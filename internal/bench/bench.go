// Package bench is Purna's load generator: it posts realistic orders to a
// running server over HTTP and reports throughput and latency, so ingestion
// speed is measured the way merchants' stores will hit it. It also runs a
// bare server that only decodes the same JSON, as the ceiling to compare
// with.
package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a run.
type Options struct {
	URL      string        // server base URL, such as http://127.0.0.1:8080
	Key      string        // API key
	Conns    int           // concurrent connections
	Duration time.Duration // how long to send
	// Returning is the share of orders from customers seen before (0..1).
	Returning float64
	Seed      uint64
}

// Report is what a run measured.
type Report struct {
	Orders        int
	Errors        int
	FirstError    string
	Elapsed       time.Duration
	P50, P95, P99 time.Duration
	Max           time.Duration
}

// OrdersPerSecond is the completed orders per second.
func (r *Report) OrdersPerSecond() float64 { return float64(r.Orders) / r.Elapsed.Seconds() }

// String formats the report for a terminal.
func (r *Report) String() string {
	return fmt.Sprintf("orders: %d in %s, %.0f orders/s; errors: %d\nlatency: p50 %s, p95 %s, p99 %s, max %s",
		r.Orders, r.Elapsed.Round(time.Millisecond), r.OrdersPerSecond(), r.Errors,
		r.P50.Round(10*time.Microsecond), r.P95.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Max.Round(10*time.Microsecond))
}

// Ingest posts orders to /api/v1/orders until the duration ends.
func Ingest(ctx context.Context, o Options) (*Report, error) {
	if o.Conns <= 0 {
		o.Conns = 32
	}
	if o.Duration <= 0 {
		o.Duration = 10 * time.Second
	}
	if o.Returning == 0 {
		o.Returning = 0.3
	}
	tr := &http.Transport{
		MaxIdleConns: o.Conns, MaxIdleConnsPerHost: o.Conns, MaxConnsPerHost: o.Conns,
		DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext, DisableCompression: true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}

	ctx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	run := fmt.Sprintf("%x", time.Now().UnixNano())
	var (
		seq      atomic.Int64
		mu       sync.Mutex
		lat      []time.Duration
		errs     int
		firstErr string
		wg       sync.WaitGroup
	)
	start := time.Now()
	for w := range o.Conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(o.Seed, uint64(w)))
			local := make([]time.Duration, 0, 4096)
			var buf bytes.Buffer
			for ctx.Err() == nil {
				n := seq.Add(1)
				buf.Reset()
				writeOrder(&buf, rng, run, n, o.Returning)
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, o.URL+"/api/v1/orders", bytes.NewReader(buf.Bytes()))
				req.Header.Set("Authorization", "Bearer "+o.Key)
				req.Header.Set("Content-Type", "application/json")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() != nil {
						break
					}
					mu.Lock()
					errs++
					if firstErr == "" {
						firstErr = err.Error()
					}
					mu.Unlock()
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
					mu.Lock()
					errs++
					if firstErr == "" {
						firstErr = fmt.Sprintf("%d %s", resp.StatusCode, bytes.TrimSpace(body))
					}
					mu.Unlock()
					continue
				}
				local = append(local, d)
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(lat) == 0 {
		return nil, errors.New("bench: no order succeeded: " + firstErr)
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(float64(len(lat))*p))] }
	return &Report{Orders: len(lat), Errors: errs, FirstError: firstErr, Elapsed: elapsed,
		P50: pct(0.50), P95: pct(0.95), P99: pct(0.99), Max: lat[len(lat)-1]}, nil
}

var (
	firstNames = []string{"Siti", "Budi", "Dewi", "Agus", "Rina", "Andi", "Putri", "Eko", "Wulan", "Joko", "Ayu", "Rizky", "Ion", "Maria", "Andrei", "Elena"}
	lastNames  = []string{"Rahayu", "Santoso", "Lestari", "Wijaya", "Siregar", "Nasution", "Pratama", "Hidayat", "Popescu", "Ionescu"}
	products   = []struct {
		sku, name string
		price     int64
	}{
		{"EB-200", "Earbuds Nirkabel", 45000000}, {"SW-10", "Jam Tangan Pintar", 129900000},
		{"AP-3", "Pemurni Udara", 249900000}, {"FLT-3", "Filter HEPA", 15000000},
		{"BTK-L", "Kemeja Batik", 27500000}, {"SNK-42", "Sepatu Sneakers", 49900000},
	}
)

// writeOrder writes one realistic three-line order. A share of orders come
// from returning customers (a small pool of emails), the rest from new ones.
func writeOrder(w *bytes.Buffer, rng *rand.Rand, run string, n int64, returning float64) {
	cust := n
	if rng.Float64() < returning {
		cust = int64(rng.IntN(1000)) // one of 1000 regulars
	}
	type line struct {
		SKU       string `json:"sku"`
		Name      string `json:"name"`
		Quantity  int    `json:"quantity"`
		UnitPrice int64  `json:"unit_price"`
	}
	lines := make([]line, 3)
	for i := range lines {
		p := products[rng.IntN(len(products))]
		lines[i] = line{p.sku, p.name, 1 + rng.IntN(2), p.price}
	}
	body := map[string]any{
		"source": "api", "external_id": fmt.Sprintf("bench-%s-%d", run, n), "currency": "IDR",
		"placed_at": time.Now().UTC().Add(-time.Minute).Format(time.RFC3339Nano),
		"paid_at":   time.Now().UTC().Format(time.RFC3339Nano),
		"shipping":  1500000,
		"customer": map[string]any{
			"email":      fmt.Sprintf("pelanggan%d@example.co.id", cust),
			"phone":      fmt.Sprintf("+62812%08d", cust%100000000),
			"first_name": firstNames[cust%int64(len(firstNames))], "last_name": lastNames[cust%int64(len(lastNames))],
		},
		"shipping_address": map[string]any{"name": "Penerima", "address": "Jl. Merdeka 1", "city": "Bandung", "province": "Jawa Barat", "postal_code": "40111", "country": "ID"},
		"lines":            lines,
	}
	_ = json.NewEncoder(w).Encode(body)
}
