package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/app"
	"github.com/purnajual/purna/internal/config"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/storetest"
)

// TestTwoProcessesOnePostgres starts two purna processes at once against
// one new PostgreSQL schema, as a merchant who outgrew one machine would:
// both migrate (one waits for the other), both take orders, each sees the
// other's, and every dispatch job runs exactly once.
func TestTwoProcessesOnePostgres(t *testing.T) {
	t.Parallel()
	if storetest.PostgresURL() == "" {
		t.Skip("PURNA_TEST_POSTGRES_URL is not set")
	}
	url := storetest.MustPostgresSchemaURL(t)
	apps := make([]*app.App, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range apps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cfg := config.Default()
			cfg.Addr, cfg.DatabaseURL, cfg.ShutdownTimeout = "127.0.0.1:0", url, 10*time.Second
			apps[i], errs[i] = app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		}()
	}
	wg.Wait()
	for i, a := range apps {
		if errs[i] != nil {
			t.Fatalf("process %d: %v", i, errs[i])
		}
		if err := a.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
	}

	ctx := context.Background()
	now := time.Now().UTC()
	sh := &shop.Shop{ID: purna.NewID(now), Name: "Toko Dua", CreatedAt: now, UpdatedAt: now}
	if err := sh.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := apps[0].Shops.CreateShop(ctx, sh); err != nil {
		t.Fatal(err)
	}
	_, key, err := apps[1].Auth.CreateAPIKey(ctx, sh.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	post := func(a *app.App, body string) int {
		req, _ := http.NewRequest("POST", a.URL()+"/api/v1/orders", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	const n = 20
	for i := range n {
		body := fmt.Sprintf(`{"source":"api","external_id":"P-%d","currency":"IDR","placed_at":"2026-11-20T10:04:00Z",
			"customer":{"email":"c%d@example.co.id"},"lines":[{"name":"Kipas","quantity":1,"unit_price":25000000}]}`, i, i%5)
		// Each order goes to both processes: the second answer is a
		// re-delivery, whichever process gets it.
		first, second := post(apps[i%2], body), post(apps[(i+1)%2], body)
		if first != 201 || second != 200 {
			t.Fatalf("order %d: %d then %d", i, first, second)
		}
	}
	var orders, events int
	q := apps[0].DB.Read()
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM orders WHERE shop_id = $1`, sh.ID).Scan(&orders); err != nil {
		t.Fatal(err)
	}
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM events WHERE shop_id = $1`, sh.ID).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if orders != n || events != n+5 { // one order.placed each, one customer.created per customer
		t.Fatalf("orders = %d, events = %d, want %d and %d", orders, events, n, n+5)
	}
	// Every dispatch job completes, once, on one process or the other.
	deadline := time.Now().Add(30 * time.Second)
	for {
		var done, other int
		err := q.QueryRow(ctx, `SELECT COUNT(*) FILTER (WHERE state = 'completed'), COUNT(*) FILTER (WHERE state <> 'completed')
			FROM river_job WHERE kind = 'timeline.dispatch'`).Scan(&done, &other)
		if err != nil {
			t.Fatal(err)
		}
		if other == 0 && done > 0 {
			var attempts int
			if err := q.QueryRow(ctx, `SELECT COALESCE(MAX(attempt), 0) FROM river_job WHERE kind = 'timeline.dispatch'`).Scan(&attempts); err != nil {
				t.Fatal(err)
			}
			if attempts != 1 {
				t.Errorf("a dispatch job ran %d times", attempts)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("dispatch jobs: %d completed, %d not", done, other)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
