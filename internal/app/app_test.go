package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/app"
	"github.com/purnajual/purna/internal/config"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/shop"
)

// MustOpenApp boots the whole product on a random port with a temporary
// SQLite database.
func MustOpenApp(t *testing.T) *app.App {
	t.Helper()
	cfg := config.Default()
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.ShutdownTimeout = 10 * time.Second
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := a.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return a
}

func TestServe(t *testing.T) {
	t.Parallel()
	a := MustOpenApp(t)
	ctx := context.Background()
	now := time.Now().UTC()
	sh := &shop.Shop{ID: purna.NewID(now), Name: "Toko Uji", CreatedAt: now, UpdatedAt: now}
	if err := sh.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := a.Shops.CreateShop(ctx, sh); err != nil {
		t.Fatal(err)
	}
	_, key, err := a.Auth.CreateAPIKey(ctx, sh.ID, "test")
	if err != nil {
		t.Fatal(err)
	}

	get := func(path string) (int, string) {
		resp, err := http.Get(a.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("healthz: %d %q", code, body)
	}
	if code, _ := get("/readyz"); code != 200 {
		t.Errorf("readyz: %d", code)
	}

	body := `{"source":"api","external_id":"E2E-1","currency":"IDR","placed_at":"2026-11-20T10:04:00Z",
		"customer":{"email":"budi@example.co.id"},"lines":[{"name":"Blender","quantity":1,"unit_price":45000000}]}`
	req, _ := http.NewRequest("POST", a.URL()+"/api/v1/orders", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("POST order: %d", resp.StatusCode)
	}

	// The dispatch job for the new events runs in the background workers.
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, m := get("/metrics")
		if strings.Contains(m, `purna_timeline_events_dispatched_total{type="order.placed"} 1`) {
			if !strings.Contains(m, `purna_orders_ingested_total{new="true",source="api"} 1`) ||
				!strings.Contains(m, `purna_http_requests_total{route="POST /api/v1/orders",status="201"} 1`) ||
				!strings.Contains(m, `purna_job_queue_depth{state="available"}`) {
				t.Errorf("metrics lack ingest or request counts:\n%s", grep(m, "purna_"))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the dispatch job did not run:\n%s", grep(m, "purna_"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestSweepRunsAtStart(t *testing.T) {
	t.Parallel()
	a := MustOpenApp(t)
	deadline := time.Now().Add(20 * time.Second)
	for {
		var n int
		if err := a.DB.Read().QueryRow(context.Background(),
			`SELECT COUNT(*) FROM river_job WHERE kind = 'maintenance.sweep' AND state = 'completed'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sweep did not run at start (%d completed)", n)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func grep(s, prefix string) string {
	var b bytes.Buffer
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

func TestRunRefusesBadConfig(t *testing.T) {
	t.Parallel()
	env := map[string]string{"PURNA_DATABASE_URL": "mysql://x"}
	var out, errOut bytes.Buffer
	err := app.Run(context.Background(), []string{"purna", "serve", "--data", t.TempDir()}, func(k string) string { return env[k] }, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "PURNA_DATABASE_URL") {
		t.Fatalf("err = %v, want one naming PURNA_DATABASE_URL", err)
	}
}

func customerInput() customer.Input {
	return customer.Input{Email: "sari@example.co.id", FirstName: "Sari", Consent: map[customer.Channel]bool{customer.Email: true}}
}
