package journey_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/message"
	"github.com/purnajual/purna/internal/sms"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/timeline"
	"github.com/purnajual/purna/internal/whatsapp"
)

// capture is an HTTP server that keeps each request's JSON body and
// answers with reply(i) for the i-th request.
type capture struct {
	mu     sync.Mutex
	bodies []map[string]any
	auth   []string
}

func (c *capture) serve(t *testing.T, reply func(i int) (int, string)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Errorf("request body %q: %v", b, err)
		}
		c.mu.Lock()
		c.bodies = append(c.bodies, m)
		c.auth = append(c.auth, r.Header.Get("Authorization"))
		i := len(c.bodies) - 1
		c.mu.Unlock()
		code, body := reply(i)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestSMSAndWhatsAppChannels sends one journey's messages by SMS and by
// WhatsApp to real HTTP servers standing in for the gateway and for Meta's
// Graph API: the same door as email, with the providers' IDs recorded.
func TestSMSAndWhatsAppChannels(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		start := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
		b := setup(t, d, start)

		var gw, meta capture
		gwSrv := gw.serve(t, func(i int) (int, string) { return 200, `{"data":{"message_id":"sms-1"}}` })
		metaSrv := meta.serve(t, func(i int) (int, string) {
			return 200, `{"messaging_product":"whatsapp","contacts":[{"input":"6281234567890","wa_id":"6281234567890"}],"messages":[{"id":"wamid.HBgM"}]}`
		})
		smsCfg, err := sms.ParseURL(strings.Replace(gwSrv.URL, "http://", "http://tok@", 1) + "/send?from=Toko&id_field=data.message_id")
		if err != nil {
			t.Fatal(err)
		}
		smsClient, err := sms.New(smsCfg)
		if err != nil {
			t.Fatal(err)
		}
		waCfg, err := whatsapp.ParseURL(strings.Replace(metaSrv.URL, "http://", "whatsapp+http://1234567890:secret-token@", 1))
		if err != nil {
			t.Fatal(err)
		}
		waClient, err := whatsapp.New(waCfg)
		if err != nil {
			t.Fatal(err)
		}
		tc := &journey.TemplateComposer{From: "halo@toko.example", BaseURL: "https://toko.example", Secret: []byte("k")}
		b.engine.Channels["sms"] = journey.SMS{Composer: tc, Sender: smsClient}
		b.engine.Channels["whatsapp"] = journey.WhatsApp{Composer: tc, Sender: waClient}

		now := b.clock.Now()
		j := &journey.Journey{ID: purna.NewID(now), ShopID: b.shop.ID, Key: "phone", Name: "By phone", Kind: journey.Transactional,
			Trigger: timeline.OrderPlaced, Reentry: journey.PerOrder, CreatedAt: now, UpdatedAt: now,
			Steps: []journey.Step{{Send: &journey.Send{Template: "order_confirmation", Channel: "sms"}},
				{Send: &journey.Send{Template: "order_confirmation", Channel: "whatsapp"}}}}
		if err := j.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := b.engine.Store.SaveJourney(ctx, j); err != nil {
			t.Fatal(err)
		}
		in := testfix.OrderInput("P-1", start.Add(-time.Minute))
		b.ingest(t, in)
		b.run(t)

		if len(gw.bodies) != 1 || len(meta.bodies) != 1 {
			t.Fatalf("gateway got %d, Graph API got %d requests; want 1 each", len(gw.bodies), len(meta.bodies))
		}
		if got := gw.bodies[0]; got["to"] != "+6281234567890" || got["from"] != "Toko" ||
			!strings.Contains(got["text"].(string), "P-1") || gw.auth[0] != "Bearer tok" {
			t.Errorf("SMS request = %v (auth %q)", got, gw.auth[0])
		}
		wa := meta.bodies[0]
		tpl, _ := wa["template"].(map[string]any)
		if wa["to"] != "6281234567890" || tpl["name"] != "purna_order_confirmation" || meta.auth[0] != "Bearer secret-token" {
			t.Errorf("WhatsApp request = %v (auth %q)", wa, meta.auth[0])
		}
		if raw, _ := json.Marshal(tpl["components"]); !strings.Contains(string(raw), "P-1") {
			t.Errorf("WhatsApp parameters %s lack the order number P-1", raw)
		}

		rows, err := d.Read().Query(ctx, `SELECT channel, status, provider_id, recipient FROM messages WHERE shop_id = $1 AND channel <> 'email'`, b.shop.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string]string{}
		for rows.Next() {
			var ch, st, pid, rcpt string
			if err := rows.Scan(&ch, &st, &pid, &rcpt); err != nil {
				t.Fatal(err)
			}
			got[ch] = st + " " + pid + " " + rcpt
		}
		want := map[string]string{"sms": "sent sms-1 +6281234567890", "whatsapp": "sent wamid.HBgM +6281234567890"}
		for ch, w := range want {
			if got[ch] != w {
				t.Errorf("%s message = %q, want %q", ch, got[ch], w)
			}
		}

		// Meta reports it delivered, then read, then (again) delivered: two
		// events on the timeline. A report about a message we never sent
		// changes nothing.
		for _, st := range []string{"delivered", "read", "delivered"} {
			if err := b.engine.RecordStatuses(ctx, "whatsapp", []journey.ProviderStatus{
				{ProviderID: "wamid.HBgM", Status: st}, {ProviderID: "wamid.other", Status: "failed"}}); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type IN ('message.delivered', 'message.read')`,
			b.shop.ID).Scan(&n); err != nil || n != 2 {
			t.Errorf("delivery events = %d, %v; want 2", n, err)
		}
		if err := b.engine.RecordStatuses(ctx, "whatsapp", []journey.ProviderStatus{{ProviderID: "sms-1", Status: "failed"}}); err != nil {
			t.Fatal(err)
		}
		var st string
		if err := d.Read().QueryRow(ctx, `SELECT status FROM messages WHERE shop_id = $1 AND channel = 'sms'`, b.shop.ID).Scan(&st); err != nil || st != "sent" {
			t.Errorf("an SMS changed by a WhatsApp report: %q %v", st, err)
		}
	})
}

// TestChannelRefusals: a customer without a phone gets no SMS, and a
// gateway that refuses a message for good fails it without retrying.
func TestChannelRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	start := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	b := setup(t, storetest.MustOpenSQLite(t), start)
	var gw capture
	srv := gw.serve(t, func(int) (int, string) { return 400, `{"error":"invalid number"}` })
	cfg, err := sms.ParseURL(srv.URL + "/send")
	if err != nil {
		t.Fatal(err)
	}
	client, err := sms.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b.engine.Channels["sms"] = journey.SMS{Composer: &journey.TemplateComposer{BaseURL: "https://toko.example", Secret: []byte("k")}, Sender: client}
	now := b.clock.Now()
	j := &journey.Journey{ID: purna.NewID(now), ShopID: b.shop.ID, Key: "sms", Name: "SMS", Kind: journey.Transactional,
		Trigger: timeline.OrderPlaced, Reentry: journey.PerOrder, CreatedAt: now, UpdatedAt: now,
		Steps: []journey.Step{{Send: &journey.Send{Template: "order_confirmation", Channel: "sms"}}}}
	if err := j.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := b.engine.Store.SaveJourney(ctx, j); err != nil {
		t.Fatal(err)
	}
	noPhone := testfix.OrderInput("P-2", start.Add(-time.Minute))
	noPhone.Customer.Phone, noPhone.Customer.Email = "", "nophone@example.co.id"
	b.ingest(t, noPhone)
	b.ingest(t, testfix.OrderInput("P-3", start.Add(-time.Minute)))
	b.run(t)
	b.clock.Add(time.Hour)
	b.run(t)
	if len(gw.bodies) != 1 {
		t.Errorf("gateway got %d requests, want 1 (no retry of a refused message, none without a phone)", len(gw.bodies))
	}
	reasons := map[string]string{}
	rows, err := b.d.Read().Query(ctx, `SELECT o.external_id, m.status || ': ' || m.reason FROM messages m JOIN orders o ON o.id = m.order_id
		WHERE m.shop_id = $1 AND m.channel = 'sms'`, b.shop.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, r string
		if err := rows.Scan(&id, &r); err != nil {
			t.Fatal(err)
		}
		reasons[id] = r
	}
	if !strings.HasPrefix(reasons["P-2"], "skipped: the customer has no phone number") {
		t.Errorf("P-2: %q", reasons["P-2"])
	}
	if !strings.HasPrefix(reasons["P-3"], "failed: ") {
		t.Errorf("P-3: %q", reasons["P-3"])
	}
}

// TestEditedTemplatesAreSent: a shop's edited template replaces the
// shipped one in that language only, and another shop keeps the shipped one.
func TestEditedTemplatesAreSent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		start := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
		b := setup(t, d, start)
		tpls := sqlstore.Templates{Store: b.store}
		b.engine.Channels["email"] = journey.Email{Sender: b.sent, Composer: &journey.TemplateComposer{From: "halo@toko.example",
			BaseURL: "https://toko.example", Secret: []byte("k"), Overrides: tpls}}
		edited, err := message.Default(message.OrderConfirmation, "id")
		if err != nil {
			t.Fatal(err)
		}
		edited.Subject = "Terima kasih, {{.Customer.FirstName}}! Pesanan {{.Order.Number}} kami siapkan"
		if err := tpls.SaveTemplate(ctx, b.shop.ID, edited, start); err != nil {
			t.Fatal(err)
		}
		id := testfix.OrderInput("T-1", start.Add(-time.Minute))
		id.Customer.Locale = "id"
		en := testfix.OrderInput("T-2", start.Add(-time.Minute))
		en.Customer = &customer.Input{Email: "ana@example.ro", FirstName: "Ana", Locale: "en"}
		b.ingest(t, id)
		b.ingest(t, en)
		b.run(t)
		subjects := map[string]string{}
		for _, m := range b.sent.Messages() {
			subjects[m.To.Email] = m.Subject
		}
		if got := subjects[id.Customer.Email]; got != "Terima kasih, Siti! Pesanan T-1 kami siapkan" {
			t.Errorf("Indonesian subject = %q, want the edited one", got)
		}
		if got := subjects["ana@example.ro"]; strings.Contains(got, "Terima kasih") || got == "" {
			t.Errorf("English subject = %q, want the shipped one", got)
		}
	})
}

// TestBranch: a branch sends the rest of the journey only to customers who
// meet its condition; the others end there or skip to the step it names.
func TestBranch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		start := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
		b := setup(t, d, start)
		now := b.clock.Now()
		minTotal := int64(1_000_000_00) // Rp 1.000.000
		four := 4
		j := &journey.Journey{ID: purna.NewID(now), ShopID: b.shop.ID, Key: "big", Name: "Big spenders", Kind: journey.Transactional,
			Trigger: timeline.OrderPlaced, Reentry: journey.PerOrder, CreatedAt: now, UpdatedAt: now,
			Steps: []journey.Step{
				{Branch: &journey.Branch{If: journey.BranchIf{Conditions: journey.Conditions{MinTotal: &minTotal}}, ElseStep: &four}},
				{Send: &journey.Send{Template: "order_delivered"}},
				{Branch: &journey.Branch{If: journey.BranchIf{Consent: "email"}}},
				{Send: &journey.Send{Template: "delivery_late"}},
				{Send: &journey.Send{Template: "winback"}},
			}}
		if err := j.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := b.engine.Store.SaveJourney(ctx, j); err != nil {
			t.Fatal(err)
		}
		small := testfix.OrderInput("S-1", start.Add(-time.Minute))
		small.Customer = &customer.Input{Email: "small@example.co.id", FirstName: "Rina"}
		small.Lines[0].UnitPrice = 10_000_00
		big := testfix.OrderInput("B-1", start.Add(-time.Minute))
		big.Customer = &customer.Input{Email: "big@example.co.id", FirstName: "Dewi"}
		big.Lines[0].UnitPrice = 2_000_000_00
		b.ingest(t, small)
		b.ingest(t, big)
		b.run(t)
		got := map[string][]string{}
		for _, m := range b.sent.Messages() {
			got[m.To.Email] = append(got[m.To.Email], m.Subject)
		}
		for _, s := range got {
			slices.Sort(s) // journeys run side by side: no order between them
		}
		// The small order skips to step 4 (the win-back, which needs
		// consent, is skipped); the big one gets the delivered message, and
		// the branch on consent ends its run before the late notice.
		if want := []string{"order_confirmation"}; !slices.Equal(got["small@example.co.id"], want) {
			t.Errorf("small order got %v, want %v", got["small@example.co.id"], want)
		}
		if want := []string{"order_confirmation", "order_delivered"}; !slices.Equal(got["big@example.co.id"], want) { // sorted
			t.Errorf("big order got %v, want %v", got["big@example.co.id"], want)
		}
		var skipped int
		if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM messages m JOIN customers c ON c.id = m.customer_id
			WHERE m.shop_id = $1 AND c.email = 'small@example.co.id' AND m.template = 'winback' AND m.status = 'skipped'`, b.shop.ID).Scan(&skipped); err != nil || skipped != 1 {
			t.Errorf("the small order's win-back: %d skipped, %v", skipped, err)
		}
	})
}

func TestBranchValidation(t *testing.T) {
	t.Parallel()
	zero, past := 0, 9
	for _, tc := range []struct {
		name  string
		step  journey.Step
		field string
	}{
		{"backwards", journey.Step{Branch: &journey.Branch{ElseStep: &zero}}, "steps[0].branch.else_step"},
		{"past the end", journey.Step{Branch: &journey.Branch{ElseStep: &past}}, "steps[0].branch.else_step"},
		{"unknown channel", journey.Step{Branch: &journey.Branch{If: journey.BranchIf{Consent: "fax"}}}, "steps[0].branch.if.consent"},
		{"two kinds", journey.Step{Branch: &journey.Branch{}, Send: &journey.Send{Template: "winback"}}, "steps[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := &journey.Journey{Name: "x", Kind: journey.Transactional, Trigger: timeline.OrderPlaced,
				Steps: []journey.Step{tc.step, {Send: &journey.Send{Template: "order_confirmation"}}}}
			err := j.Validate()
			var pe *purna.Error
			if !errors.As(err, &pe) || pe.Fields[tc.field] == "" {
				t.Errorf("Validate() = %v, want a problem with %s", err, tc.field)
			}
		})
	}
}

// countingStore counts how often the engine reads a shop's journeys.
type countingStore struct {
	journey.Store
	finds atomic.Int64
}

func (s *countingStore) FindJourneys(ctx context.Context, shopID purna.ID) ([]*journey.Journey, error) {
	s.finds.Add(1)
	return s.Store.FindJourneys(ctx, shopID)
}

// TestJourneyCachePerBatch: within one batch of events (one dispatch job)
// the shop's journeys are read once; a new batch reads them again, so a
// change shows up in the next batch.
func TestJourneyCachePerBatch(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	b := setup(t, storetest.MustOpenSQLite(t), start)
	cs := &countingStore{Store: b.engine.Store}
	b.engine.Store = cs
	res, err := b.orders.Ingest(context.Background(), b.shop, testfix.OrderInput("C-1", start.Add(-time.Minute)))
	if err != nil || len(res.Events) < 2 {
		t.Fatalf("ingest: %d events, %v", len(res.Events), err)
	}
	ctx := journey.WithJourneyCache(context.Background())
	for _, e := range res.Events {
		if err := b.engine.React(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if n := cs.finds.Load(); n != 1 {
		t.Errorf("%d reads of the journeys for %d events in one batch, want 1", n, len(res.Events))
	}
	if err := b.engine.React(journey.WithJourneyCache(context.Background()), res.Events[0]); err != nil {
		t.Fatal(err)
	}
	if n := cs.finds.Load(); n != 2 {
		t.Errorf("a new batch read the journeys %d times in all, want 2", n)
	}
}
