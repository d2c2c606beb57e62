package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/web"
)

const chromium = "/usr/bin/chromium"

// TestBrowser signs in through the form in a real browser, opens a
// customer from the list and checks that the timeline shows their orders.
// It saves screenshots of the main pages at 1280×800 to
// $PURNA_SCREENSHOT_DIR, or to a temporary directory, to look at the design.
func TestBrowser(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no Chromium at " + chromium + " (apt-get install chromium)")
	}
	catcher, smtp := mustCatcher(t)
	b := setupWith(t, nil, func(cfg *web.Config) { cfg.Mailbox = catcher })
	late, delivered, _ := b.seed(t)
	seedDemo(t, b)
	sent := b.seedOutbox(t, late, delivered)[journey.Sent]
	if err := smtp.Send(context.Background(), demoEmail(sent.ID)); err != nil {
		t.Fatal(err)
	}
	// Customers on their way through the how-to series, and a paused
	// late-parcel apology, for the journeys pages.
	js := b.installJourneys(t, b.shop.ID)
	howto := js["howto_onboarding"]
	for i, st := range []journey.RunStatus{journey.Done, journey.Done, journey.Done, journey.Waiting, journey.Waiting, journey.Exited} {
		msg := map[journey.RunStatus]journey.MessageStatus{journey.Done: journey.Sent, journey.Exited: ""}[st]
		if i == 2 {
			msg = journey.Skipped
		}
		b.addRun(t, howto, []string{*late.CustomerID, *delivered.CustomerID}[i%2], st, msg)
	}
	if resp := b.post(t, b.login(t, ""), "/journeys/"+js["delivery_late"].ID+"/pause", nil); resp.StatusCode != 303 {
		t.Fatalf("pause: %d", resp.StatusCode)
	}

	shots := os.Getenv("PURNA_SCREENSHOT_DIR")
	if shots == "" {
		shots = t.TempDir()
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.Headless, chromedp.NoFirstRun,
		chromedp.WindowSize(1280, 800), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "en-US"), chromedp.Flag("hide-scrollbars", true),
	}
	allocCtx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	// The first Run starts the browser; it must not carry the timeout.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(b.srv.URL+"/login")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	// shoot saves the viewport as <name>.png and the whole page as
	// <name>-full.png.
	shoot := func(name string) {
		t.Helper()
		buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		height, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, height)); err != nil {
			t.Fatal(err)
		}
		full, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
			t.Fatal(err)
		}
		for file, b := range map[string][]byte{name + ".png": buf, name + "-full.png": full} {
			if err := os.WriteFile(filepath.Join(shots, file), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("screenshot: %s", filepath.Join(shots, name+".png"))
	}
	// load runs trigger and waits for the page it opens.
	load := func(trigger chromedp.Action[chromedp.Void]) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel chromedp.CSS) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	shoot("login")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("email"), b.email),
		chromedp.SendKeys(chromedp.ID("password"), password),
	); err != nil {
		t.Fatal(err)
	}
	load(chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	if got := text("h1"); !strings.Contains(got, "Hello, Dewi Lestari") {
		t.Fatalf("after sign-in the heading is %q", got)
	}
	shoot("dashboard")

	load(chromedp.Click(chromedp.CSS(`.nav a[href="/orders"]`)))
	if got := text(".table"); !strings.Contains(got, "1001") {
		t.Errorf("orders list lacks 1001: %q", got)
	}
	shoot("orders")

	load(chromedp.Click(chromedp.CSS(`.nav a[href="/customers"]`)))
	shoot("customers")
	load(chromedp.Click(chromedp.Search(`//a[contains(., "Siti Rahayu")]`)))
	timeline := text("#timeline-list")
	for _, want := range []string{"Order placed", "Order paid", "Shipped with JNE", "Out for delivery"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("timeline lacks %q:\n%s", want, timeline)
		}
	}
	shoot("customer")

	load(chromedp.Click(chromedp.CSS(`.table a.strong`)))
	if got := text(".scans"); !strings.Contains(got, "Bandung") {
		t.Errorf("tracking lacks Bandung: %q", got)
	}
	shoot("order")

	// The switcher turns the UI Indonesian and keeps the page.
	load(chromedp.Click(chromedp.CSS(`.langs a[hreflang="id"]`)))
	if got := text(".card-head h2"); got != "Barang" {
		t.Errorf("after switching to id the first card is %q", got)
	}
	shoot("order-id")

	load(chromedp.Click(chromedp.CSS(`.nav a[href="/"]`)))
	shoot("dashboard-id")

	// On a phone the navigation folds into a bar above the page.
	load(chromedp.Click(chromedp.CSS(`.langs a[hreflang="ro"]`)))
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(shots, "dashboard-ro-phone.png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}

	// The outbox lists what journeys sent, and shows the email itself.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	load(chromedp.Click(chromedp.CSS(`.langs a[hreflang="en"]`)))
	load(chromedp.Click(chromedp.CSS(`.nav a[href="/outbox"]`)))
	if got := text(".table"); !strings.Contains(got, "Order confirmation") || !strings.Contains(got, "Skipped") {
		t.Errorf("outbox lacks the order confirmation or a skipped message: %q", got)
	}
	shoot("outbox")
	load(chromedp.Click(chromedp.CSS(`.table a[href="/outbox/` + sent.ID + `"]`)))
	if got := text(".mail-head"); !strings.Contains(got, "Terima kasih atas pesanan 1001") {
		t.Errorf("message page lacks the email's subject: %q", got)
	}
	shoot("outbox-message")

	// Journeys: every automation on one page, and one journey's flow.
	load(chromedp.Click(chromedp.CSS(`.nav a[href="/journeys"]`)))
	if got := text(".journeys"); !strings.Contains(got, "When an order is delivered → wait 3 days → send “How-to guide”") {
		t.Errorf("journeys lack the how-to summary: %q", got)
	}
	shoot("journeys")
	load(chromedp.Click(chromedp.CSS(`.journey h2 a[href="/journeys/` + howto.ID + `"]`)))
	if got := text(".flow"); !strings.Contains(got, "3 days") || !strings.Contains(got, "How-to guide") {
		t.Errorf("the how-to flow lacks its wait or its message: %q", got)
	}
	shoot("journey")
	load(chromedp.Click(chromedp.CSS(`.page-head form button`)))
	if got := text(".notice"); !strings.Contains(got, "This journey is paused") {
		t.Errorf("after pausing the notice is %q", got)
	}
	shoot("journey-paused")
	load(chromedp.Click(chromedp.CSS(`.langs a[hreflang="id"]`)))
	shoot("journey-paused-id")

	// The journey editor, in Indonesian.
	load(chromedp.Click(chromedp.CSS(`.page-actions a[href$="/edit"]`)))
	shoot("journey-edit-id")

	// Messages: the editor previews what the merchant types as they type.
	load(chromedp.Click(chromedp.CSS(`.langs a[hreflang="en"]`)))
	load(chromedp.Click(chromedp.CSS(`.nav a[href="/messages"]`)))
	shoot("messages")
	load(chromedp.Click(chromedp.CSS(`a[href="/messages/order_confirmation/en"]`)))
	if got := text("#preview-subject"); !strings.Contains(got, "#1042") {
		t.Errorf("the preview's subject is %q", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.Clear(chromedp.ID("subject")),
		chromedp.SendKeys(chromedp.ID("subject"), "Hello {{.Customer.FirstName}}, order {{.Order.Number}} is in"),
	); err != nil {
		t.Fatal(err)
	}
	want := "Hello Sari, order #1042 is in"
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`document.getElementById("preview-subject")?.textContent === `+fmt.Sprintf("%q", want),
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("the live preview did not show %q: %v (it shows %q)", want, err, text("#preview"))
	}
	shoot("message-editor")
	// Nothing was saved by previewing.
	if _, ok := b.findTemplate(t, b.shop.ID, "order_confirmation", "en"); ok {
		t.Error("the live preview saved the template")
	}
}

// demoEmail is an order confirmation as an Indonesian shop might send it,
// with outbox message id.
func demoEmail(id string) mail.Message {
	return mail.Message{
		ID: id, From: mail.Address{Name: "Toko Test", Email: "halo@tokotest.id"},
		To: mail.Address{Name: "Siti Rahayu", Email: "siti@example.co.id"}, Lang: "id",
		Subject: "Terima kasih atas pesanan 1001",
		Text:    "Halo Siti,\n\nTerima kasih atas pesanan 1001. Kami sedang mengemasnya dan akan mengabari Anda begitu dikirim.\n\nBlender Cosmos x1  Rp 450.000\nFilter air x2  Rp 50.000\nOngkos kirim  Rp 15.000\nTotal  Rp 515.000\n\nToko Test",
		HTML: `<!doctype html><html><body style="margin:0;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif;color:#18181b">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5;padding:32px 0"><tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="background:#fff;border-radius:12px;overflow:hidden">
<tr><td style="background:#4f46e5;color:#fff;padding:20px 32px;font-size:18px;font-weight:bold">Toko Test</td></tr>
<tr><td style="padding:32px">
<h1 style="margin:0 0 12px;font-size:22px">Terima kasih, Siti!</h1>
<p style="margin:0 0 20px;line-height:1.6;color:#3f3f46">Pesanan <b>1001</b> sudah kami terima dan sedang dikemas. Kami akan mengirim tautan pelacakan begitu paket dikirim.</p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-top:1px solid #e4e4e7;font-size:14px">
<tr><td style="padding:10px 0">Blender Cosmos × 1</td><td align="right">Rp 450.000</td></tr>
<tr><td style="padding:10px 0;border-top:1px solid #f4f4f5">Filter air × 2</td><td align="right" style="border-top:1px solid #f4f4f5">Rp 50.000</td></tr>
<tr><td style="padding:10px 0;border-top:1px solid #f4f4f5">Ongkos kirim</td><td align="right" style="border-top:1px solid #f4f4f5">Rp 15.000</td></tr>
<tr><td style="padding:12px 0;border-top:1px solid #e4e4e7;font-weight:bold">Total</td><td align="right" style="border-top:1px solid #e4e4e7;font-weight:bold">Rp 515.000</td></tr>
</table>
<p style="margin:24px 0 0"><a href="https://tokotest.id/orders/1001" style="display:inline-block;background:#4f46e5;color:#fff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:bold">Lihat pesanan</a></p>
</td></tr>
<tr><td style="padding:20px 32px;background:#fafafa;color:#71717a;font-size:12px">Toko Test · Jl. Braga No. 12, Bandung</td></tr>
</table></td></tr></table></body></html>`,
	}
}

// seedDemo adds a few weeks of orders from several customers, so that the
// screenshots show a lived-in shop.
func seedDemo(t *testing.T, b *testBundle) {
	t.Helper()
	people := []customer.Input{
		{Email: "agus.w@example.co.id", FirstName: "Agus", LastName: "Wibowo", City: "Semarang"},
		{Email: "putri.a@example.co.id", FirstName: "Putri", LastName: "Anggraini", City: "Yogyakarta"},
		{Email: "rizky@example.co.id", FirstName: "Rizky", LastName: "Pratama", City: "Medan"},
		{Email: "nur.h@example.co.id", FirstName: "Nur", LastName: "Hidayah", City: "Makassar"},
		{Email: "yoga@example.co.id", FirstName: "Yoga", LastName: "Saputra", City: "Denpasar"},
		{Phone: "0812-7777-1212", FirstName: "Wulan", LastName: "Sari", City: "Malang"},
	}
	products := []order.LineInput{
		{SKU: "KTL-05", Name: "Ketel listrik 1,7 L", Quantity: 1, UnitPrice: 32900000},
		{SKU: "RC-10", Name: "Rice cooker digital", Quantity: 1, UnitPrice: 78900000},
		{SKU: "MXR-02", Name: "Hand mixer 5 kecepatan", Quantity: 1, UnitPrice: 24500000},
		{SKU: "AF-35", Name: "Air fryer 3,5 L", Quantity: 1, UnitPrice: 99900000},
	}
	sources := []string{"shopify", "tokopedia", "shopee", "api"}
	carriers := []string{"JNE", "SiCepat", "J&T Express", "AnterAja"}
	perWeek := []int{2, 3, 2, 4, 3, 5, 4, 6, 5, 7, 6, 3}
	n := 0
	for w, count := range perWeek {
		for i := range count {
			n++
			placed := b.now.Add(-time.Duration(11-w)*7*24*time.Hour - time.Duration(i*29+5)*time.Hour)
			if placed.After(b.now) {
				placed = b.now.Add(-time.Duration(i+2) * time.Hour)
			}
			p := people[n%len(people)]
			in := order.Input{
				Source: sources[n%len(sources)], ExternalID: fmt.Sprintf("%d", 2000+n), Currency: "IDR",
				PlacedAt: placed, Customer: &p, Lines: []order.LineInput{products[n%len(products)]}, Shipping: 1800000,
				ShippingAddress: &order.Address{Name: p.FirstName + " " + p.LastName, Address: "Jl. Merdeka No. " + fmt.Sprint(n), City: p.City, Country: "ID"},
			}
			age := b.now.Sub(placed)
			if n%9 != 0 {
				paid := placed.Add(20 * time.Minute)
				in.PaidAt = &paid
			}
			if n%13 == 0 {
				c := placed.Add(3 * time.Hour)
				in.CancelledAt, in.PaidAt, in.CancelReason = &c, nil, "Stok habis"
			}
			if in.PaidAt != nil && in.CancelledAt == nil && age > 30*time.Hour {
				shipped := placed.Add(26 * time.Hour)
				promised := shipped.Add(3 * 24 * time.Hour)
				s := order.ShipmentInput{Carrier: carriers[n%len(carriers)], TrackingNumber: fmt.Sprintf("TRK%06d", n*7919),
					ShippedAt: &shipped, PromisedAt: &promised,
					Events: []order.TrackingEventInput{{OccurredAt: shipped.Add(2 * time.Hour), Status: order.ShipmentInTransit, Location: "Jakarta"}}}
				if age > 6*24*time.Hour {
					s.Events = append(s.Events, order.TrackingEventInput{OccurredAt: shipped.Add(60 * time.Hour), Status: order.ShipmentDelivered, Location: p.City})
				}
				in.Shipments = []order.ShipmentInput{s}
			}
			b.ingest(t, in)
		}
	}
}
