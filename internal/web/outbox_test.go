package web_test

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/timeline"
	"github.com/purnajual/purna/internal/web"
)

// msgOpts describes an outbox message for addMessage. The zero value is a
// transactional order confirmation sent at the bundle's now.
type msgOpts struct {
	ShopID    purna.ID // default the bundle's shop
	OrderID   *purna.ID
	Template  string
	Kind      journey.Kind
	Status    journey.MessageStatus
	Reason    string
	Subject   string
	Recipient string
	At        time.Time // created, and sent if sent
	DueAt     time.Time // default At
}

// addMessage puts a message in the outbox the way the journey engine does:
// a run of the shop's order confirmation journey, advanced to a message,
// then finished with its status and a timeline event.
func (b *testBundle) addMessage(t *testing.T, customerID purna.ID, o msgOpts) *journey.Message {
	t.Helper()
	ctx := context.Background()
	js := sqlstore.Journeys{Store: b.store}
	if o.ShopID == "" {
		o.ShopID = b.shop.ID
	}
	if o.Template == "" {
		o.Template = "order_confirmation"
	}
	if o.Kind == "" {
		o.Kind = journey.Transactional
	}
	if o.Status == "" {
		o.Status = journey.Sent
	}
	if o.At.IsZero() {
		o.At = b.now
	}
	if o.DueAt.IsZero() {
		o.DueAt = o.At
	}
	if err := journey.InstallDefaults(ctx, js, o.ShopID, o.At); err != nil {
		t.Fatal(err)
	}
	all, err := js.FindJourneys(ctx, o.ShopID)
	if err != nil || len(all) == 0 {
		t.Fatalf("journeys: %v %v", all, err)
	}
	runID := purna.NewID(o.At)
	run := &journey.Run{ID: runID, ShopID: o.ShopID, JourneyID: all[0].ID, CustomerID: customerID, OrderID: o.OrderID,
		EventID: purna.NewID(o.At), Subject: "test:" + runID, Status: journey.Waiting, NextAt: &o.At, EventAt: o.At,
		CreatedAt: o.At, UpdatedAt: o.At}
	if ok, err := js.CreateRun(ctx, run); err != nil || !ok {
		t.Fatalf("create run: %v %v", ok, err)
	}
	m := &journey.Message{ID: purna.NewID(o.At), ShopID: o.ShopID, CustomerID: customerID, OrderID: o.OrderID,
		RunID: &runID, Channel: "email", Template: o.Template, Kind: o.Kind, Status: journey.Queued,
		DueAt: o.DueAt, CreatedAt: o.At, UpdatedAt: o.At}
	run.Step, run.Status, run.NextAt = 1, journey.Done, nil
	if err := js.AdvanceRun(ctx, run, []*journey.Message{m}); err != nil {
		t.Fatal(err)
	}
	m.Subject, m.Recipient = o.Subject, o.Recipient
	if o.Status != journey.Queued {
		m.Attempts = 1
	}
	if o.Status == journey.Sent {
		m.SentAt = &o.At
	}
	typ := map[journey.MessageStatus]timeline.Type{journey.Sent: journey.MessageSent,
		journey.Failed: journey.MessageFailed, journey.Skipped: journey.MessageSkipped,
		journey.Unknown: journey.MessageUnknown}[o.Status]
	var out journey.Outcomes
	out.Add(m, o.Status, o.Reason, typ, o.At)
	if err := js.FinishMessages(ctx, out); err != nil {
		t.Fatal(err)
	}
	return m
}

// seedOutbox adds one message of each status to the customers of seed's
// late and delivered orders,
// newest first: queued (marketing, due later), unknown, failed, skipped,
// a custom template, and the sent order confirmation.
func (b *testBundle) seedOutbox(t *testing.T, late, delivered *order.Order) map[journey.MessageStatus]*journey.Message {
	t.Helper()
	siti, budi := *late.CustomerID, *delivered.CustomerID
	out := map[journey.MessageStatus]*journey.Message{}
	out[journey.Sent] = b.addMessage(t, siti, msgOpts{OrderID: &late.ID, At: b.now.Add(-72 * time.Hour),
		Subject: "Terima kasih atas pesanan 1001", Recipient: "siti@example.co.id"})
	b.addMessage(t, siti, msgOpts{Template: "birthday_wish", Kind: journey.Marketing, At: b.now.Add(-60 * time.Hour),
		Subject: "Selamat ulang tahun, Siti!", Recipient: "siti@example.co.id"})
	out[journey.Skipped] = b.addMessage(t, budi, msgOpts{Template: "howto_onboarding", Kind: journey.Marketing,
		Status: journey.Skipped, Reason: "no marketing consent on email", At: b.now.Add(-48 * time.Hour)})
	out[journey.Failed] = b.addMessage(t, siti, msgOpts{OrderID: &late.ID, Template: "order_shipped",
		Status: journey.Failed, Reason: "550 5.1.1 mailbox unavailable", At: b.now.Add(-47 * time.Hour),
		Subject: "Pesanan 1001 sudah dikirim", Recipient: "siti@example.co.id"})
	out[journey.Unknown] = b.addMessage(t, siti, msgOpts{OrderID: &late.ID, Template: "delivery_late",
		Status: journey.Unknown, Reason: "the server stopped while sending; not sent again", At: b.now.Add(-20 * time.Hour),
		Subject: "Maaf, paket Anda terlambat", Recipient: "siti@example.co.id"})
	out[journey.Queued] = b.addMessage(t, budi, msgOpts{Template: "winback", Kind: journey.Marketing,
		Status: journey.Queued, At: b.now.Add(-time.Hour), DueAt: b.now.Add(5 * time.Hour)})
	return out
}

func TestOutboxList(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	late, delivered, _ := b.seed(t)
	msgs := b.seedOutbox(t, late, delivered)
	sent := msgs[journey.Sent]
	c := b.login(t, "id")

	body := b.mustGet(t, c, "/outbox")
	contains(t, body,
		`href="/outbox" aria-current="page"`, "Kotak keluar", "Alur pelanggan",
		`href="/outbox/`+sent.ID+`"`, `href="/customers/`+sent.CustomerID+`"`, "Siti Rahayu", "Budi Santoso",
		"siti@example.co.id", "Terima kasih atas pesanan 1001",
		"Konfirmasi pesanan", "Pesanan dikirim", "Permintaan maaf keterlambatan", "Panduan penggunaan",
		"Ajakan kembali berbelanja", ">birthday_wish<", // an unknown template is shown as it is
		"Transaksional", "Pemasaran", "badge-kind-marketing",
		`badge-msg-sent">`, "Terkirim", `badge-msg-skipped">`, "Dilewati", `badge-msg-failed">`, "Gagal",
		`badge-msg-unknown">`, "Tidak diketahui", `badge-msg-queued">`, "Dalam antrean",
		"no marketing consent on email", "550 5.1.1 mailbox unavailable", "Dikirim dalam 5 jam",
		"Belum ditulis", "Belum ada alamat",
		"30 Okt 2026 10.04", "3 hari lalu", // sent 72 hours before now, in Jakarta time
		"1–6",
	)
	// Newest first.
	order := []string{"Ajakan kembali berbelanja", "Permintaan maaf keterlambatan", "Pesanan dikirim",
		"Panduan penggunaan", ">birthday_wish<", "Konfirmasi pesanan"}
	last := -1
	for _, s := range order {
		i := strings.Index(body, s)
		if i < last {
			t.Errorf("%q is out of order", s)
		}
		last = i
	}

	t.Run("StatusFilter", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, c, "/outbox?status=failed")
		contains(t, body, `<option value="failed" selected>`, "Pesanan 1001 sudah dikirim", "Hapus filter")
		lacks(t, body, "Terima kasih atas pesanan 1001", "Panduan penggunaan", "Ajakan kembali")
	})
	t.Run("UnknownStatusIsIgnored", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, c, "/outbox?status=bogus")
		contains(t, body, "Terima kasih atas pesanan 1001", "Pesanan 1001 sudah dikirim")
	})
	t.Run("CustomerFilter", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, c, "/outbox?customer="+msgs[journey.Skipped].CustomerID)
		contains(t, body, "Pesan untuk Budi Santoso", "Panduan penggunaan", "Ajakan kembali berbelanja")
		lacks(t, body, "Terima kasih atas pesanan 1001")
	})
	t.Run("NoMatch", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, c, "/outbox?status=sending")
		contains(t, body, "Tidak ada pesan yang cocok", `href="/outbox"`)
	})
	t.Run("English", func(t *testing.T) {
		t.Parallel()
		c := b.login(t, "en")
		body := b.mustGet(t, c, "/outbox")
		contains(t, body, "Outbox", "Order confirmation", "Order shipped", "Late delivery apology", "How-to guide",
			"Win-back", "Transactional", "Marketing", "Sent", "Skipped", "Failed", "Unknown", "Queued",
			"Goes out in 5 hours", "30 Oct 2026, 10:04", "3 days ago")
	})
	t.Run("Romanian", func(t *testing.T) {
		t.Parallel()
		c := b.login(t, "ro")
		body := b.mustGet(t, c, "/outbox")
		contains(t, body, "Căsuță de ieșire", "Confirmarea comenzii", "Trimis", "Omis", "Eșuat", "Necunoscut")
	})
	t.Run("CustomerPage", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, c, "/customers/"+sent.CustomerID)
		contains(t, body, "table-messages", "Konfirmasi pesanan", "Terima kasih atas pesanan 1001",
			`href="/outbox/`+sent.ID+`"`,
			// The timeline tells the message events, by the template's name.
			"Mengirim “Konfirmasi pesanan”", "Gagal mengirim “Pesanan dikirim”")
		lacks(t, body, "Lihat semua pesan")       // four messages fit
		lacks(t, body, "event.message", `"></a>`) // no order link without a number
	})
}

func TestOutboxPages(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	late, _, _ := b.seed(t)
	for i := range 53 {
		b.addMessage(t, *late.CustomerID, msgOpts{At: b.now.Add(-time.Duration(i+1) * time.Minute),
			Subject: "Pesan " + pageNumber(i), Recipient: "siti@example.co.id"})
	}
	c := b.login(t, "en")
	body := b.mustGet(t, c, "/outbox")
	contains(t, body, "1–50", "Pesan P-000<", "Pesan P-049<")
	lacks(t, body, "Pesan P-050<", `rel="prev"`)
	next := attr(t, body, `rel="next"`)
	body = b.mustGet(t, c, next)
	contains(t, body, "51–53", "Pesan P-050<", "Pesan P-052<")
	lacks(t, body, "Pesan P-049<", `rel="next"`)
	body = b.mustGet(t, c, attr(t, body, `rel="prev"`))
	contains(t, body, "1–50", "Pesan P-000<")

	// The customer's card shows the newest five and links to the rest.
	body = b.mustGet(t, c, "/customers/"+*late.CustomerID)
	contains(t, body, "Pesan P-004<", `href="/outbox?customer=`+*late.CustomerID+`"`, "See all messages")
	lacks(t, body, "Pesan P-005<")
	body = b.mustGet(t, c, "/outbox?customer="+*late.CustomerID)
	contains(t, body, "Messages to Siti Rahayu", "Pesan P-049<")
}

func TestOutboxEmpty(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	for lang, want := range map[string][]string{
		"id": {"Belum ada pesan", "Begitu ada pesanan masuk, konfirmasinya muncul di sini."},
		"en": {"No messages yet", "When an order comes in, its confirmation appears here."},
		"ro": {"Încă nu există mesaje", "Când vine o comandă, confirmarea ei apare aici."},
	} {
		body := b.mustGet(t, b.login(t, lang), "/outbox")
		contains(t, body, want...)
		lacks(t, body, "<table", `rel="next"`)
	}
}

func TestOutboxOtherShop(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	late, _, _ := b.seed(t)
	mine := b.addMessage(t, *late.CustomerID, msgOpts{Subject: "Untuk toko saya"})

	other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
	cust, _, err := b.customers.Save(context.Background(), other.ID, "ID",
		customer.Input{Email: "rahasia@example.co.id", FirstName: "Rahasia"})
	if err != nil {
		t.Fatal(err)
	}
	theirs := b.addMessage(t, cust.ID, msgOpts{ShopID: other.ID, Subject: "Rahasia toko lain",
		Recipient: "rahasia@example.co.id"})

	c := b.login(t, "en")
	body := b.mustGet(t, c, "/outbox")
	contains(t, body, "Untuk toko saya")
	lacks(t, body, "Rahasia", theirs.ID)
	b.mustGet(t, c, "/outbox/"+mine.ID)
	for _, path := range []string{
		"/outbox/" + theirs.ID,
		"/outbox/01JAAAAAAAAAAAAAAAAAAAAAAA",
		"/outbox/not-an-id",
		"/outbox?customer=" + cust.ID,
	} {
		status, body, _ := b.get(t, c, path)
		if status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, status)
			continue
		}
		contains(t, body, "Page not found")
		lacks(t, body, "Rahasia")
	}
}

// mustCatcher starts a mail catcher and returns it with an SMTP sender
// pointed at it, as the demo does.
func mustCatcher(t *testing.T) (*mail.Catcher, *mail.SMTP) {
	t.Helper()
	catcher, err := mail.NewCatcher("127.0.0.1:0", 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = catcher.Close() })
	host, port, err := net.SplitHostPort(catcher.Addr())
	if err != nil {
		t.Fatal(err)
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	smtp, err := mail.NewSMTP(mail.SMTPConfig{Host: host, Port: p, TLS: mail.TLSNone, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = smtp.Close() })
	return catcher, smtp
}

func TestOutboxShow(t *testing.T) {
	t.Parallel()
	catcher, smtp := mustCatcher(t)
	b := setupWith(t, nil, func(cfg *web.Config) { cfg.Mailbox = catcher })
	late, delivered, _ := b.seed(t)
	msgs := b.seedOutbox(t, late, delivered)
	sent, failed := msgs[journey.Sent], msgs[journey.Failed]
	err := smtp.Send(context.Background(), mail.Message{
		ID: sent.ID, From: mail.Address{Name: "Toko Test", Email: "halo@tokotest.id"},
		To: mail.Address{Name: "Siti Rahayu", Email: "siti@example.co.id"}, Subject: "Terima kasih, Siti!",
		Text: "Halo Siti,\nTerima kasih atas pesanan 1001.",
		HTML: `<p>Halo <b>Siti</b> &amp; "keluarga"</p><script>alert(1)</script>`,
	})
	if err != nil {
		t.Fatal(err)
	}
	c := b.login(t, "id")

	body := b.mustGet(t, c, "/outbox/"+sent.ID)
	contains(t, body,
		"Konfirmasi pesanan", `badge-msg-sent">`, "Terkirim", "Transaksional", "siti@example.co.id",
		`href="/customers/`+sent.CustomerID+`"`, "Siti Rahayu", `href="/orders/`+*sent.OrderID+`">1001<`, sent.ID,
		// The caught email: its headers, its text part, and its HTML in a
		// sandboxed frame, escaped into the srcdoc attribute.
		"Toko Test &lt;halo@tokotest.id&gt;", "Terima kasih, Siti!", "Terima kasih atas pesanan 1001.",
		`<iframe sandbox srcdoc="&lt;p&gt;Halo &lt;b&gt;Siti&lt;/b&gt; &amp;amp; &#34;keluarga&#34;&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`,
	)
	lacks(t, body, "<b>Siti</b>", "<script>alert(1)", "allow-scripts", "allow-same-origin")

	t.Run("English", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, b.login(t, "en"), "/outbox/"+sent.ID)
		contains(t, body, "Order confirmation", "The email", "Plain-text version", "Order confirmation")
	})
	t.Run("FailedShowsReasonAndNoEmail", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, c, "/outbox/"+failed.ID)
		contains(t, body, `badge-msg-failed">`, "Alasan gagal", "550 5.1.1 mailbox unavailable",
			"Belum ada yang dikirim")
		lacks(t, body, "<iframe")
	})
	t.Run("SentButNoLongerCaught", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, c, "/outbox/"+msgs[journey.Unknown].ID)
		contains(t, body, "Sudah tidak ada di kotak surat", "Alasan hasilnya tidak diketahui")
		lacks(t, body, "<iframe")
	})
	t.Run("QueuedWasNotSent", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, c, "/outbox/"+msgs[journey.Queued].ID)
		contains(t, body, "Belum ada yang dikirim", "Jadwal kirim", "Dikirim dalam 5 jam", "Ajakan kembali berbelanja")
	})
	t.Run("WithoutMailbox", func(t *testing.T) {
		t.Parallel()
		b2 := setup(t, nil)
		late, _, _ := b2.seed(t)
		m := b2.addMessage(t, *late.CustomerID, msgOpts{Subject: "Halo", Recipient: "siti@example.co.id"})
		body := b2.mustGet(t, b2.login(t, "en"), "/outbox/"+m.ID)
		contains(t, body, "No copy kept")
		lacks(t, body, "<iframe")
	})
}

func TestOutboxOff(t *testing.T) {
	t.Parallel()
	b := setupWith(t, nil, func(cfg *web.Config) { cfg.Outbox = nil })
	late, _, _ := b.seed(t)
	m := b.addMessage(t, *late.CustomerID, msgOpts{Subject: "Halo"})
	c := b.login(t, "en")
	body := b.mustGet(t, c, "/")
	lacks(t, body, `href="/outbox"`, "Outbox")
	contains(t, body, "Journeys")
	body = b.mustGet(t, c, "/customers/"+*late.CustomerID)
	lacks(t, body, "table-messages", "See all messages")
	for _, path := range []string{"/outbox", "/outbox/" + m.ID} {
		if status, _, _ := b.get(t, c, path); status != http.StatusNotFound {
			t.Errorf("GET %s with no outbox: status %d, want 404", path, status)
		}
	}
}
