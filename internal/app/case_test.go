package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/app"
	"github.com/purnajual/purna/internal/config"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/shop"
)

// TestDemoReturn is issue 4's first acceptance, end to end with real SMTP,
// HTTP and jobs: a customer opens the portal from the delivered order's
// email, asks to return one line, the shop approves it, receives it and
// refunds it, and the customer gets a message at each step.
func TestDemoReturn(t *testing.T) {
	t.Parallel()
	catcher, err := mail.NewCatcher("127.0.0.1:0", 100)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { catcher.Close() })
	cfg := config.Default()
	cfg.Addr, cfg.DataDir, cfg.Demo = "127.0.0.1:0", t.TempDir(), true
	cfg.SMTPURL = "smtp://" + catcher.Addr() + "?tls=none"
	cfg.ShutdownTimeout = 10 * time.Second
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	now := a.Clock.Now()
	sh := &shop.Shop{ID: purna.NewID(now), Name: "Toko Demo", Currency: "IDR", CreatedAt: now, UpdatedAt: now}
	if err := sh.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := a.Shops.CreateShop(ctx, sh); err != nil {
		t.Fatal(err)
	}
	if err := a.InstallJourneys(ctx); err != nil {
		t.Fatal(err)
	}
	_, key, err := a.Auth.CreateAPIKey(ctx, sh.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })

	api := func(method, path, body string, out any) {
		t.Helper()
		req, _ := http.NewRequest(method, a.URL()+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
		if out != nil {
			if err := json.Unmarshal(b, out); err != nil {
				t.Fatal(err)
			}
		}
	}
	mails := func() []mail.Received { return catcher.Messages() }
	waitMails := func(what string, n int) []mail.Received {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for len(mails()) < n {
			if time.Now().After(deadline) {
				var subjects []string
				for _, m := range mails() {
					subjects = append(subjects, m.Subject)
				}
				t.Fatalf("%s: %d messages, want %d: %q", what, len(subjects), n, subjects)
			}
			time.Sleep(100 * time.Millisecond)
		}
		return mails()
	}

	api("POST", "/api/v1/products", `{"sku":"BL-1","name":"Blender Turbo","price":45000000}`, nil)
	api("POST", "/api/v1/products", `{"sku":"FLT-3","name":"Filter","price":1500000}`, nil)
	placed := a.Clock.Now().Add(-2 * time.Hour).Format(time.RFC3339)
	var o struct {
		ID    string `json:"id"`
		Lines []struct {
			ID  string `json:"id"`
			SKU string `json:"sku"`
		} `json:"lines"`
	}
	api("POST", "/api/v1/orders", `{"source":"api","external_id":"RET-1","currency":"IDR","placed_at":"`+placed+`",
		"customer":{"email":"ana@example.ro","first_name":"Ana","locale":"en"},
		"lines":[{"sku":"BL-1","name":"Blender Turbo","quantity":1,"unit_price":45000000},
		         {"sku":"FLT-3","name":"Filter","quantity":2,"unit_price":1500000}]}`, &o)
	api("POST", "/api/v1/orders/"+o.ID+"/shipments", `{"external_id":"P-1","carrier":"JNE","tracking_number":"JNE9",
		"events":[{"occurred_at":"`+a.Clock.Now().Add(-time.Hour).Format(time.RFC3339)+`","status":"delivered"}]}`, nil)
	got := waitMails("confirmation, shipped and delivered", 3)

	// The delivered email links to the portal.
	var link string
	for _, m := range got {
		if _, after, ok := strings.Cut(m.Text, "Returns, warranty and repairs, any time: "); ok {
			link = strings.Fields(after)[0]
		}
	}
	// The test listens on port 0, so links made from the configured address
	// name port 0; the path is what matters.
	link = strings.Replace(link, "http://"+cfg.Addr, a.URL(), 1)
	if !strings.HasPrefix(link, a.URL()+"/p/") {
		t.Fatalf("no portal link in the delivered email: %q", link)
	}
	jar, _ := cookiejar.New(nil)
	customer := &http.Client{Jar: jar}
	resp, err := customer.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "Blender Turbo") || !strings.Contains(string(page), "Returnable until") {
		t.Fatalf("portal order page: %d\n%s", resp.StatusCode, page)
	}

	// The customer returns the blender, for a refund.
	var blender string
	for _, l := range o.Lines {
		if l.SKU == "BL-1" {
			blender = l.ID
		}
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range map[string]string{"qty-" + blender: "1", "reason": "defective", "wanted": "refund", "note": "It stopped after a day."} {
		_ = w.WriteField(k, v)
	}
	_ = w.Close()
	req, _ := http.NewRequest("POST", a.URL()+"/p/orders/"+o.ID+"/return", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err = customer.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	caseID, ok := strings.CutPrefix(resp.Request.URL.Path, "/p/cases/")
	if resp.StatusCode != 200 || !ok {
		t.Fatalf("return request: %d at %s\n%s", resp.StatusCode, resp.Request.URL, page)
	}
	waitMails("the request's confirmation", 4)

	// The shop approves, receives and refunds it.
	api("POST", "/api/v1/cases/"+caseID+"/actions", `{"action":"approve"}`, nil)
	waitMails("the approval", 5)
	api("POST", "/api/v1/cases/"+caseID+"/actions", `{"action":"receive"}`, nil)
	waitMails("the receipt", 6)
	var resolved struct {
		Status string `json:"status"`
		Refund struct {
			Amount   int64  `json:"amount"`
			Currency string `json:"currency"`
		} `json:"refund"`
	}
	api("POST", "/api/v1/cases/"+caseID+"/actions", `{"action":"resolve","resolution":"refund","amount":45000000}`, &resolved)
	if resolved.Status != "resolved" || resolved.Refund.Amount != 45000000 || resolved.Refund.Currency != "IDR" {
		t.Errorf("resolved case = %+v", resolved)
	}
	got = waitMails("the refund", 7)
	if last := got[6]; !strings.Contains(last.Subject+last.Text, "450") {
		t.Errorf("the refund message does not name the amount:\n%s\n%s", last.Subject, last.Text)
	}
	for _, m := range got[3:] {
		if !strings.Contains(m.Subject+m.Text, "R-") {
			t.Errorf("a case message does not name the case: %q", m.Subject)
		}
	}
}
