package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/web"
)

// installJourneys gives shopID the default journeys and returns them by key.
func (b *testBundle) installJourneys(t *testing.T, shopID purna.ID) map[string]*journey.Journey {
	t.Helper()
	ctx := context.Background()
	js := sqlstore.Journeys{Store: b.store}
	if err := journey.InstallDefaults(ctx, js, shopID, b.now.Add(-30*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	all, err := js.FindJourneys(ctx, shopID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*journey.Journey{}
	for _, j := range all {
		out[j.Key] = j
	}
	return out
}

// journeyStatus reads the journey's status from the store.
func (b *testBundle) journeyStatus(t *testing.T, shopID, id purna.ID) journey.Status {
	t.Helper()
	j, err := sqlstore.Journeys{Store: b.store}.FindJourneyByID(context.Background(), shopID, id)
	if err != nil {
		t.Fatal(err)
	}
	return j.Status
}

// addRun puts a customer through j the way the engine does: a run is
// created, then advanced to status with msg (if not nil) as its message.
func (b *testBundle) addRun(t *testing.T, j *journey.Journey, customerID purna.ID, status journey.RunStatus, msg journey.MessageStatus) {
	t.Helper()
	ctx, js, at := context.Background(), sqlstore.Journeys{Store: b.store}, b.now.Add(-time.Hour)
	id := purna.NewID(at)
	run := &journey.Run{ID: id, ShopID: j.ShopID, JourneyID: j.ID, CustomerID: customerID, EventID: purna.NewID(at),
		Subject: "test:" + id, Status: journey.Waiting, NextAt: &at, EventAt: at, CreatedAt: at, UpdatedAt: at}
	if ok, err := js.CreateRun(ctx, run); err != nil || !ok {
		t.Fatalf("create run: %v %v", ok, err)
	}
	if status == journey.Waiting {
		return
	}
	var msgs []*journey.Message
	if msg != "" {
		msgs = append(msgs, &journey.Message{ID: purna.NewID(at), ShopID: j.ShopID, CustomerID: customerID, RunID: &id,
			Channel: "email", Template: j.Key, Kind: j.Kind, Status: msg, DueAt: at, CreatedAt: at, UpdatedAt: at})
	}
	run.Step, run.Status, run.NextAt = len(j.Steps), status, nil
	if err := js.AdvanceRun(ctx, run, msgs); err != nil {
		t.Fatal(err)
	}
}

func TestJourneyList(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	js := b.installJourneys(t, b.shop.ID)
	// A merchant's own journey, with a trigger and template Purna has no
	// words for, keeps its name and names them as they are.
	ctx := context.Background()
	minTotal, first := int64(50000000), true
	custom := &journey.Journey{ID: purna.NewID(b.now), ShopID: b.shop.ID, Key: "birthday", Name: "Ucapan ulang tahun", Status: journey.Active,
		Kind: journey.Marketing, Trigger: "customer.birthday", Reentry: journey.EveryTime,
		Conditions: journey.Conditions{MinTotal: &minTotal, Locales: []string{"id"}, FirstOrder: &first},
		Steps: []journey.Step{{Wait: &journey.Wait{Anchor: "birthday", Offset: journey.Duration(-24 * time.Hour)}},
			{Send: &journey.Send{Template: "birthday_wish", Channel: "email"}}},
		CreatedAt: b.now, UpdatedAt: b.now}
	// Saved as it is: Validate knows only the shipped templates so far.
	if err := (sqlstore.Journeys{Store: b.store}).SaveJourney(ctx, custom); err != nil {
		t.Fatal(err)
	}
	c := b.login(t, "id")

	body := b.mustGet(t, c, "/journeys")
	contains(t, body,
		`href="/journeys" aria-current="page"`, "17 dari 17 aktif",
		"Konfirmasi pesanan dan terima kasih", "Dikirim, dengan tautan pelacakan", "Sedang diantar",
		"Pesanan diterima", "Maaf, paket Anda terlambat", "Cara pakai, tiga hari setelah diterima", "Ucapan ulang tahun",
		"Saat pesanan dibuat → kirim “Konfirmasi pesanan”",
		"Saat paket dikirim → kirim “Pesanan dikirim”",
		"Saat paket terlambat → kirim “Permintaan maaf keterlambatan”",
		"Saat pesanan diterima → tunggu 3 hari → kirim “Panduan penggunaan”",
		"Saat “customer.birthday” terjadi → tunggu sampai 1 hari sebelum birthday → kirim “birthday_wish”",
		`badge-journey-active">`, "Aktif", "Transaksional", "Pemasaran",
		`href="/journeys/`+js["howto_onboarding"].ID+`"`, `action="/journeys/`+js["howto_onboarding"].ID+`/pause"`,
		`<div class="jstat-entered"><dt>Masuk</dt><dd>0</dd></div>`,
	)
	// The item is no longer "coming".
	lacks(t, body, `Alur pelanggan</span><span class="pill">`, "journeys.")

	t.Run("English", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, b.login(t, "en"), "/journeys")
		contains(t, body, "Journeys", "17 of 17 active", "Order confirmation and thanks", "How to use it, three days after delivery",
			"When an order is placed → send “Order confirmation”",
			"When a parcel is out for delivery → send “Out for delivery”",
			"When an order is delivered → wait 3 days → send “How-to guide”",
			"When “customer.birthday” happens → wait until 1 day before birthday → send “birthday_wish”",
			"Transactional", "Marketing", "Pause", "Entered", "Waiting", "Sent", "Skipped", "Left early")
		lacks(t, body, "journeys.")
	})
	t.Run("Romanian", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, b.login(t, "ro"), "/journeys")
		contains(t, body, "Parcursuri", "Când o comandă e livrată → așteaptă 3 zile → trimite „Ghid de utilizare”")
		lacks(t, body, "journeys.")
	})
	t.Run("Show", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, c, "/journeys/"+js["howto_onboarding"].ID)
		contains(t, body, "Cara pakai, tiga hari setelah diterima", `href="/journeys" aria-current="page"`,
			"Cara kerjanya", "Dimulai", "Saat pesanan diterima", "order.delivered", "Tunggu", "3 hari",
			"Kirim lewat Email", "Panduan penggunaan", "howto_onboarding", "Pelanggan keluar dari alur.",
			"Semua yang mengalami pemicunya", "Saat kasus layanan dibuka", "Sekali untuk setiap pesanan",
			`action="/journeys/`+js["howto_onboarding"].ID+`/pause"`, `name="next" value="/journeys/`+js["howto_onboarding"].ID+`"`)
		lacks(t, body, "journeys.", "Alur ini sedang dijeda")
	})
	t.Run("ShowCustom", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, c, "/journeys/"+custom.ID)
		contains(t, body, "Ucapan ulang tahun", "Pesanan minimal Rp 500.000", "Bahasa pelanggan: Bahasa Indonesia",
			"Hanya pesanan pertama", "sampai 1 hari sebelum birthday", "birthday_wish",
			"Tidak ada; setiap pelanggan mengikuti sampai akhir.", "Setiap kali pemicunya terjadi")
	})
	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		for _, path := range []string{"/journeys/" + purna.NewID(b.now), "/journeys/bogus"} {
			if status, _, _ := b.get(t, c, path); status != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", path, status)
			}
		}
	})
}

func TestJourneyListEmpty(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	body := b.mustGet(t, b.login(t, "en"), "/journeys")
	contains(t, body, "No journeys yet", "eleven ready-made journeys", `href="/outbox"`)
}

func TestJourneyPauseResume(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	js := b.installJourneys(t, b.shop.ID)
	late := js["delivery_late"]
	c := b.login(t, "id")

	resp := b.post(t, c, "/journeys/"+late.ID+"/pause", url.Values{"next": {"/journeys"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/journeys" {
		t.Fatalf("pause: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if got := b.journeyStatus(t, b.shop.ID, late.ID); got != journey.Paused {
		t.Fatalf("after pause the status is %q", got)
	}
	body := b.mustGet(t, c, "/journeys")
	contains(t, body, "15 dari 16 aktif", `badge-journey-paused">`, "Dijeda", "journey-paused",
		`action="/journeys/`+late.ID+`/resume"`, "Lanjutkan")
	body = b.mustGet(t, c, "/journeys/"+late.ID)
	contains(t, body, "Alur ini sedang dijeda", `action="/journeys/`+late.ID+`/resume"`)

	// Pausing twice changes nothing; without a journeys page to go back
	// to, the journey's own page is where the form came from.
	for _, next := range []string{"", "https://evil.example/", "//evil.example", "/outbox"} {
		resp = b.post(t, c, "/journeys/"+late.ID+"/pause", url.Values{"next": {next}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/journeys/"+late.ID {
			t.Errorf("pause with next %q: %d %q", next, resp.StatusCode, resp.Header.Get("Location"))
		}
	}

	resp = b.post(t, c, "/journeys/"+late.ID+"/resume", url.Values{"next": {"/journeys/" + late.ID}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/journeys/"+late.ID {
		t.Fatalf("resume: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if got := b.journeyStatus(t, b.shop.ID, late.ID); got != journey.Active {
		t.Fatalf("after resume the status is %q", got)
	}
	body = b.mustGet(t, c, "/journeys")
	contains(t, body, "16 dari 16 aktif", `action="/journeys/`+late.ID+`/pause"`)
	lacks(t, body, `badge-journey-paused">`)
}

func TestJourneyOtherShop(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.installJourneys(t, b.shop.ID)
	other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
	theirs := b.installJourneys(t, other.ID)["order_confirmation"]
	c := b.login(t, "en")

	if status, _, _ := b.get(t, c, "/journeys/"+theirs.ID); status != http.StatusNotFound {
		t.Errorf("GET another shop's journey: status %d, want 404", status)
	}
	for _, action := range []string{"pause", "resume"} {
		if resp := b.post(t, c, "/journeys/"+theirs.ID+"/"+action, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s on another shop's journey: status %d, want 404", action, resp.StatusCode)
		}
	}
	if got := b.journeyStatus(t, other.ID, theirs.ID); got != journey.Active {
		t.Errorf("another shop's journey is %q", got)
	}
	lacks(t, b.mustGet(t, c, "/journeys"), theirs.ID)
}

func TestCrossSiteJourneyPauseIsRejected(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	j := b.installJourneys(t, b.shop.ID)["order_confirmation"]
	c := b.login(t, "")
	req, err := http.NewRequest(http.MethodPost, b.srv.URL+"/journeys/"+j.ID+"/pause", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST pause: status %d, want 403", resp.StatusCode)
	}
	if got := b.journeyStatus(t, b.shop.ID, j.ID); got != journey.Active {
		t.Fatalf("after a cross-site pause the journey is %q", got)
	}
}

func TestJourneyStats(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	late, delivered, pending := b.seed(t)
	js := b.installJourneys(t, b.shop.ID)
	howto, confirm := js["howto_onboarding"], js["order_confirmation"]
	b.addRun(t, howto, *late.CustomerID, journey.Waiting, "")
	b.addRun(t, howto, *delivered.CustomerID, journey.Done, journey.Sent)
	b.addRun(t, howto, *pending.CustomerID, journey.Exited, journey.Skipped)
	b.addRun(t, confirm, *late.CustomerID, journey.Done, journey.Failed)
	// Another shop's runs count for its own journeys only.
	other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
	theirs := b.installJourneys(t, other.ID)["howto_onboarding"]
	b.addRun(t, theirs, *late.CustomerID, journey.Waiting, "")

	stats, err := sqlstore.Journeys{Store: b.store}.JourneyStats(context.Background(), b.shop.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[purna.ID]journey.Stats{
		howto.ID:   {Entered: 3, Waiting: 1, Done: 1, Exited: 1, Sent: 1, Skipped: 1},
		confirm.ID: {Entered: 1, Done: 1, Failed: 1},
	}
	if len(stats) != len(want) || stats[howto.ID] != want[howto.ID] || stats[confirm.ID] != want[confirm.ID] {
		t.Errorf("stats: %+v, want %+v", stats, want)
	}

	c := b.login(t, "id")
	body := b.mustGet(t, c, "/journeys")
	contains(t, body,
		`<div class="jstat-entered"><dt>Masuk</dt><dd>3</dd></div>`,
		`<div class="jstat-waiting"><dt>Menunggu</dt><dd>1</dd></div>`,
		`<div class="jstat-sent"><dt>Terkirim</dt><dd>1</dd></div>`,
		`<div class="jstat-skipped"><dt>Dilewati</dt><dd>1</dd></div>`,
		`<div class="jstat-exited"><dt>Keluar lebih awal</dt><dd>1</dd></div>`,
		"Dari 3 pelanggan yang masuk: 1 selesai, 1 menunggu, 1 keluar lebih awal",
		`<span class="jbar-done" style="width: 33.3%">`, `<span class="jbar-exited" style="width: 33.3%">`,
		`<span class="jbar-done" style="width: 100%">`, // the order confirmation's one run
	)
	body = b.mustGet(t, c, "/journeys/"+howto.ID)
	contains(t, body, "<dt>Selesai</dt><dd class=\"num\">1</dd>", "<dt>Gagal</dt><dd class=\"num\">0</dd>")
	body = b.mustGet(t, c, "/journeys/"+confirm.ID)
	contains(t, body, "<dt>Masuk</dt><dd class=\"num\">1</dd>", "<dt>Gagal</dt><dd class=\"num\">1</dd>")
}

func TestJourneysOff(t *testing.T) {
	t.Parallel()
	b := setupWith(t, nil, func(cfg *web.Config) { cfg.Journeys = nil })
	j := b.installJourneys(t, b.shop.ID)["order_confirmation"]
	c := b.login(t, "id")
	body := b.mustGet(t, c, "/")
	contains(t, body, `Alur pelanggan</span><span class="pill">Segera</span>`)
	lacks(t, body, `href="/journeys"`)
	for _, path := range []string{"/journeys", "/journeys/" + j.ID} {
		if status, _, _ := b.get(t, c, path); status != http.StatusNotFound {
			t.Errorf("GET %s with no journeys: status %d, want 404", path, status)
		}
	}
	if resp := b.post(t, c, "/journeys/"+j.ID+"/pause", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST pause with no journeys: status %d, want 404", resp.StatusCode)
	}
}
