package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/app"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/config"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/shop"
)

// TestDemoJourneys is issue 3's acceptance in the demo's setting: a new
// order posted through the API produces the confirmation email within
// seconds; marking its parcel delivered, then moving the demo's clock
// forward from the UI, produces the how-to message. Real SMTP, real HTTP,
// real jobs.
func TestDemoJourneys(t *testing.T) {
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
	sh := &shop.Shop{ID: purna.NewID(now), Name: "Toko Demo", CreatedAt: now, UpdatedAt: now}
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
	if _, err := a.Auth.CreateUser(ctx, sh.ID, "owner@toko.example", "Owner", "a long enough password", auth.Owner); err != nil {
		t.Fatal(err)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })

	api := func(method, path, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, a.URL()+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	waitFor := func(what string, within time.Duration, ok func(subjects []string) bool) {
		t.Helper()
		deadline := time.Now().Add(within)
		for {
			var subjects []string
			for _, m := range catcher.Messages() {
				subjects = append(subjects, m.Subject)
			}
			if ok(subjects) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s did not arrive within %s; the mail server got %q", what, within, subjects)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	if code, body := api("POST", "/api/v1/products", `{"sku":"BL-1","name":"Blender Turbo","price":45000000,
		"howto_text":"Pasang wadah sampai berbunyi klik, lalu pilih kecepatan."}`); code >= 300 {
		t.Fatalf("POST product: %d %s", code, body)
	}
	placed := a.Clock.Now().Add(-time.Minute).Format(time.RFC3339)
	code, body := api("POST", "/api/v1/orders", `{"source":"api","external_id":"DEMO-1","currency":"IDR","placed_at":"`+placed+`",
		"customer":{"email":"budi@example.co.id","first_name":"Budi","locale":"id"},
		"lines":[{"sku":"BL-1","name":"Blender Turbo","quantity":1,"unit_price":45000000}]}`)
	if code != 201 {
		t.Fatalf("POST order: %d %s", code, body)
	}
	orderID := between(body, `"id":"`, `"`)
	waitFor("the order confirmation", 10*time.Second, func(s []string) bool { return len(s) == 1 })

	delivered := a.Clock.Now().Format(time.RFC3339)
	if code, body := api("POST", "/api/v1/orders/"+orderID+"/shipments", `{"external_id":"P-1","carrier":"JNE","tracking_number":"JNE123",
		"events":[{"occurred_at":"`+delivered+`","status":"delivered"}]}`); code >= 300 {
		t.Fatalf("POST shipment: %d %s", code, body)
	}
	// A parcel first seen delivered was shipped too: both messages go.
	waitFor("the shipped and delivered messages", 10*time.Second, func(s []string) bool { return len(s) == 3 })

	// The merchant moves the demo's clock from the bar on every page: three
	// days, then an hour at a time until morning where the customer lives,
	// since a how-to waits out the night.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	resp, err := browser.PostForm(a.URL()+"/login", url.Values{"email": {"owner@toko.example"}, "password": {"a long enough password"}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), `action="/demo/clock"`) {
		t.Fatalf("the demo's pages have no clock bar")
	}
	steps := []string{"72h0m0s"}
	wib, _ := time.LoadLocation("Asia/Jakarta")
	for h := a.Clock.Now().Add(72 * time.Hour).In(wib).Hour(); h >= 21 || h < 8; h = (h + 1) % 24 {
		steps = append(steps, "1h0m0s")
	}
	for _, by := range steps {
		req, _ := http.NewRequest("POST", a.URL()+"/demo/clock", strings.NewReader(url.Values{"by": {by}, "next": {"/outbox"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := browser.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Request.URL.Path != "/outbox" {
			t.Fatalf("moving the clock by %s: %d at %s", by, resp.StatusCode, resp.Request.URL)
		}
	}
	// Three days after delivery come the how-to and the NPS survey.
	waitFor("the how-to message and the NPS survey", 15*time.Second, func(s []string) bool { return len(s) == 5 })
	var howto, nps *mail.Received
	for _, m := range catcher.Messages() {
		switch {
		case strings.Contains(m.Text, "Pasang wadah sampai berbunyi klik"):
			howto = &m
		case strings.Contains(m.Text, "/s/"):
			nps = &m
		}
	}
	if howto == nil {
		t.Fatalf("no message carries the product's how-to")
	}
	if nps == nil {
		t.Fatalf("no NPS survey among the messages")
	}
	testSurveyClosesTheLoop(t, a, sh, orderID, nps)

	// A week after delivery the review request comes, with a form link per
	// star; the NPS reminder does not, since Budi answered.
	steps = []string{"72h0m0s", "24h0m0s"}
	for h := a.Clock.Now().Add(96 * time.Hour).In(wib).Hour(); h >= 21 || h < 8; h = (h + 1) % 24 {
		steps = append(steps, "1h0m0s")
	}
	for _, by := range steps {
		req, _ := http.NewRequest("POST", a.URL()+"/demo/clock", strings.NewReader(url.Values{"by": {by}, "next": {"/outbox"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := browser.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("moving the clock by %s: %d", by, resp.StatusCode)
		}
	}
	waitFor("the review request", 15*time.Second, func(s []string) bool { return len(s) == 6 })
	last := catcher.Messages()[5]
	if !strings.Contains(last.Text, "/r/") || !strings.Contains(last.Text, "Blender Turbo") || !strings.Contains(last.Text, "?rating=5") {
		t.Fatalf("the sixth message is not the review request:\n%s", last.Text)
	}
}

// testSurveyClosesTheLoop is issue 5's first acceptance: answering 3 on
// NPS from the email opens a follow-up with the order's context and a
// call task. The score's link is what the customer taps; the page it
// opens records the score from a browser (its script posts the form), so
// a mail scanner that only fetches every link answers nothing.
func testSurveyClosesTheLoop(t *testing.T, a *app.App, sh *shop.Shop, orderID string, nps *mail.Received) {
	t.Helper()
	ctx := context.Background()
	var link string
	for _, f := range strings.Fields(nps.Text) {
		if strings.Contains(f, "/s/") && strings.HasSuffix(f, "/3") {
			link = f
		}
	}
	if link == "" {
		t.Fatalf("the NPS email has no link for a 3:\n%s", nps.Text)
	}
	// The test listens on port 0, so links name port 0; the path is what
	// matters.
	link = strings.Replace(link, "http://"+a.Config.Addr, a.URL(), 1)
	// Fetched, as a scanner does: the page shows the score, nothing is
	// stored yet.
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), `id="auto"`) || !strings.Contains(string(page), "<script>") {
		t.Fatalf("score page: %d\n%s", resp.StatusCode, page)
	}
	if p, _ := a.FollowUps.Find(ctx, followup.Filter{ShopID: sh.ID}); p.Total != 0 {
		t.Fatalf("fetching the link opened %d follow-ups", p.Total)
	}
	// The page's script posts the score, as a browser does on opening it.
	action := strings.TrimSuffix(link, "/3")
	resp, err = http.PostForm(action, url.Values{"score": {"3"}, "auto": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("posting the score: %d", resp.StatusCode)
	}
	// Then the customer says why.
	resp, err = http.PostForm(action, url.Values{"score": {"3"}, "comment": {"Blendernya berisik sekali"}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "Terima kasih atas pendapat Kakak") {
		t.Fatalf("posting the comment: %d\n%s", resp.StatusCode, page)
	}

	var f *followup.FollowUp
	deadline := time.Now().Add(15 * time.Second)
	for f == nil || f.Comment == "" {
		if time.Now().After(deadline) {
			t.Fatalf("no follow-up with the comment within 15s: %+v", f)
		}
		time.Sleep(100 * time.Millisecond)
		if p, err := a.FollowUps.Find(ctx, followup.Filter{ShopID: sh.ID}); err == nil && p.Total == 1 {
			f = p.Items[0]
		}
	}
	if f.Trigger != "nps" || f.Score != 3 || f.OrderID == nil || *f.OrderID != orderID || f.Comment != "Blendernya berisik sekali" {
		t.Fatalf("follow-up = %+v", f)
	}
	if o := f.Context.Order; o == nil || o.Number != "DEMO-1" || len(o.Lines) != 1 || o.Lines[0].Name != "Blender Turbo" ||
		o.DeliveredAt == nil || len(o.Tracking) == 0 || len(f.Context.Suggestions) == 0 {
		t.Fatalf("follow-up context = %+v", f.Context)
	}
	det, err := a.FollowUps.FindByID(ctx, sh.ID, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(det.Tasks) != 1 || det.Tasks[0].Kind != "call" || det.Tasks[0].Status != followup.TaskOpen {
		t.Fatalf("tasks = %+v", det.Tasks)
	}
}

// between returns the text of s after the first start, up to end.
func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, end)
	return v
}
