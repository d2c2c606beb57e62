package journey_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/timeline"
)

// clock is a test clock that only moves when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// composeFunc writes the template's name as the subject: the engine is
// under test here, the templates have their own golden tests.
type composeFunc func(m *journey.Message, sh *shop.Shop, c *customer.Customer) (mail.Message, error)

func (f composeFunc) ComposeEmail(_ context.Context, d *journey.Draft) (mail.Message, error) {
	return f(d.Message, d.Shop, d.Customer)
}

type testBundle struct {
	store  *sqlstore.Store
	clock  *clock
	engine *journey.Engine
	orders *order.Service
	sent   *mail.Recorder
	shop   *shop.Shop
	d      *db.DB
}

func setup(t testing.TB, d *db.DB, start time.Time) *testBundle {
	t.Helper()
	s := testfix.MustStore(t, d)
	c := &clock{t: start}
	b := &testBundle{store: s, clock: c, sent: &mail.Recorder{}, d: d}
	b.orders = order.NewService(sqlstore.Orders{Store: s}, c)
	b.shop = testfix.Shop(t, s, nil)
	b.engine = &journey.Engine{
		Store: sqlstore.Journeys{Store: s}, Clock: c, Shops: sqlstore.Shops{Store: s},
		Customers: customer.NewService(sqlstore.Customers{Store: s}, c), Orders: b.orders,
		Products: product.NewService(sqlstore.Products{Store: s}, c), Policy: journey.DefaultPolicy,
		Channels: map[string]journey.Channel{"email": journey.Email{Sender: b.sent,
			Composer: composeFunc(func(m *journey.Message, sh *shop.Shop, cu *customer.Customer) (mail.Message, error) {
				return mail.Message{ID: m.ID, From: mail.Address{Name: sh.Name, Email: "toko@example.co.id"},
					To: mail.Address{Email: *cu.Email}, Subject: m.Template, Text: "hi", Marketing: m.Kind == journey.Marketing,
					UnsubscribeURL: "https://toko.example/u/x"}, nil
			})}},
	}
	if err := journey.InstallDefaults(context.Background(), b.engine.Store, b.shop.ID, start); err != nil {
		t.Fatal(err)
	}
	return b
}

// addMarketing adds a marketing journey: a nudge two days after delivery.
func (b *testBundle) addMarketing(t *testing.T) {
	t.Helper()
	now := b.clock.Now()
	j := &journey.Journey{ID: purna.NewID(now), ShopID: b.shop.ID, Key: "nudge", Name: "Nudge", Kind: journey.Marketing,
		Trigger: timeline.OrderDelivered, Reentry: journey.PerOrder, CreatedAt: now, UpdatedAt: now,
		Steps: []journey.Step{{Wait: &journey.Wait{Duration: journey.Duration(48 * time.Hour)}}, {Send: &journey.Send{Template: "winback"}}}}
	if err := j.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := b.engine.Store.SaveJourney(context.Background(), j); err != nil {
		t.Fatal(err)
	}
}

// ingest stores an order and hands its new events to the engine, as the
// dispatch job does.
func (b *testBundle) ingest(t *testing.T, in order.Input) *order.Result {
	t.Helper()
	res, err := b.orders.Ingest(context.Background(), b.shop, in)
	if err != nil {
		t.Fatal(err)
	}
	b.react(t, res.Events...)
	return res
}

func (b *testBundle) react(t *testing.T, evs ...timeline.Event) {
	t.Helper()
	for _, e := range evs {
		if err := b.engine.React(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
}

// run ticks and delivers until nothing more is due now.
func (b *testBundle) run(t *testing.T) {
	t.Helper()
	for range 5 {
		n, err := b.engine.Tick(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		m, err := b.engine.Deliver(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 && m == 0 {
			return
		}
	}
}

func (b *testBundle) subjects() []string {
	var out []string
	for _, m := range b.sent.Messages() {
		out = append(out, m.Subject)
	}
	return out
}

func messageStatuses(t *testing.T, b *testBundle) map[string]string {
	t.Helper()
	rows, err := b.d.Read().Query(context.Background(), `SELECT template, status FROM messages WHERE shop_id = $1`, b.shop.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var tpl, st string
		if err := rows.Scan(&tpl, &st); err != nil {
			t.Fatal(err)
		}
		out[tpl] = st
	}
	return out
}

func TestJourneys(t *testing.T) {
	t.Parallel()
	// 10:00 in Jakarta: not quiet hours.
	start := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()

		t.Run("ConfirmationThenDeliveryThenHowTo", func(t *testing.T) {
			b := setup(t, d, start)
			in := testfix.OrderInput("J-1", start.Add(-time.Minute))
			in.Customer.Consent = map[customer.Channel]bool{customer.Email: true}
			res := b.ingest(t, in)
			b.run(t)
			if got := b.subjects(); len(got) != 1 || got[0] != "order_confirmation" {
				t.Fatalf("sent %v, want the confirmation", got)
			}
			// Running again sends nothing new.
			b.run(t)
			if n := len(b.sent.Messages()); n != 1 {
				t.Fatalf("sent %d messages after a second run", n)
			}

			b.clock.Add(time.Hour)
			delivered := b.clock.Now()
			r, err := b.orders.AddShipment(ctx, b.shop, res.Order.ID, order.ShipmentInput{TrackingNumber: "JNE9", Carrier: "JNE",
				ShippedAt: &start, DeliveredAt: &delivered})
			if err != nil {
				t.Fatal(err)
			}
			b.react(t, r.Events...)
			b.run(t)
			want := []string{"order_confirmation", "order_shipped", "order_delivered"}
			if got := b.subjects(); !equal(got, want) {
				t.Fatalf("sent %v, want %v", got, want)
			}
			// The how-to waits three days from delivery: not yet at 2 days.
			b.clock.Add(48 * time.Hour)
			b.run(t)
			if n := len(b.sent.Messages()); n != 3 {
				t.Fatalf("how-to sent early: %v", b.subjects())
			}
			b.clock.Add(25 * time.Hour)
			b.run(t)
			// With it, three days after delivery, the NPS survey.
			got := b.subjects()
			if len(got) != 5 || !equal(sorted(got[3:]), []string{"howto_onboarding", "survey_nps"}) {
				t.Fatalf("sent %v, want the how-to and the NPS survey last", got)
			}
			// Each sent message is on the customer's timeline.
			var n int
			if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type = 'message.sent'`, b.shop.ID).Scan(&n); err != nil || n != 5 {
				t.Errorf("message.sent events = %d (%v)", n, err)
			}
		})

		t.Run("NoConsentNoMarketingButTransactionalArrives", func(t *testing.T) {
			b := setup(t, d, start)
			b.addMarketing(t)
			in := testfix.OrderInput("J-2", start.Add(-time.Minute))
			in.Customer.Consent = map[customer.Channel]bool{customer.Email: false}
			res := b.ingest(t, in)
			delivered := start
			r, err := b.orders.AddShipment(ctx, b.shop, res.Order.ID, order.ShipmentInput{TrackingNumber: "T2", DeliveredAt: &delivered})
			if err != nil {
				t.Fatal(err)
			}
			b.react(t, r.Events...)
			b.clock.Add(80 * time.Hour)
			b.run(t)
			st := messageStatuses(t, b)
			if st["order_confirmation"] != "sent" || st["order_delivered"] != "sent" || st["howto_onboarding"] != "sent" || st["winback"] != "skipped" {
				t.Errorf("statuses = %v", st)
			}
			var reason string
			_ = d.Read().QueryRow(ctx, `SELECT reason FROM messages WHERE shop_id = $1 AND template = 'winback'`, b.shop.ID).Scan(&reason)
			if reason == "" {
				t.Errorf("a skipped message has no reason")
			}
		})

		t.Run("ExitEventStopsTheSeries", func(t *testing.T) {
			b := setup(t, d, start)
			in := testfix.OrderInput("J-3", start.Add(-time.Minute))
			in.Customer.Consent = map[customer.Channel]bool{customer.Email: true}
			res := b.ingest(t, in)
			delivered := start
			r, _ := b.orders.AddShipment(ctx, b.shop, res.Order.ID, order.ShipmentInput{TrackingNumber: "T3", DeliveredAt: &delivered})
			b.react(t, r.Events...)
			b.run(t)
			b.react(t, timeline.Event{ID: purna.NewID(start), ShopID: b.shop.ID, CustomerID: res.Order.CustomerID,
				Type: journey.CaseOpened, OccurredAt: b.clock.Now()})
			b.clock.Add(80 * time.Hour)
			b.run(t)
			if st := messageStatuses(t, b); st["howto_onboarding"] != "" {
				t.Errorf("how-to after a case was opened: %v", st)
			}
		})

		t.Run("CustomEventStartsACustomJourney", func(t *testing.T) {
			b := setup(t, d, start)
			svc := journey.NewService(b.engine.Store, b.clock)
			if _, err := svc.Create(ctx, b.shop.ID, journey.Input{Name: "Renewed", Kind: journey.Transactional,
				Trigger: "subscription.renewed", Steps: []journey.Step{{Send: &journey.Send{Template: "order_delivered"}}}}); err != nil {
				t.Fatal(err)
			}
			customers := customer.NewService(sqlstore.Customers{Store: b.store}, b.clock)
			if _, _, err := customers.Save(ctx, b.shop.ID, "ID", customer.Input{Email: "rudi@example.co.id"}); err != nil {
				t.Fatal(err)
			}
			for range 2 { // posted twice, recorded and acted on once
				ev, created, err := customers.RecordEvent(ctx, b.shop.ID, customer.EventInput{Type: "subscription.renewed",
					Email: "rudi@example.co.id", ExternalID: "r-1"})
				if err != nil {
					t.Fatal(err)
				}
				if created {
					b.react(t, *ev)
				}
			}
			b.run(t)
			if got := b.subjects(); len(got) != 1 || got[0] != "order_delivered" {
				t.Errorf("sent %v", got)
			}
		})

		t.Run("OldEventsDoNotStartJourneys", func(t *testing.T) {
			b := setup(t, d, start)
			b.ingest(t, testfix.OrderInput("J-OLD", start.AddDate(-1, 0, 0)))
			b.run(t)
			if n := len(b.sent.Messages()); n != 0 {
				t.Errorf("an imported year-old order sent %v", b.subjects())
			}
		})

		t.Run("CrashAfterClaimIsUnknownNotResent", func(t *testing.T) {
			b := setup(t, d, start)
			b.ingest(t, testfix.OrderInput("J-4", start.Add(-time.Minute)))
			if _, err := b.engine.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			// The process claims the message and dies before recording
			// the outcome.
			var id string
			if err := d.Read().QueryRow(ctx, `SELECT id FROM messages WHERE shop_id = $1`, b.shop.ID).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if ok, err := (sqlstore.Journeys{Store: b.store}).ClaimMessages(ctx, []purna.ID{id}, b.clock.Now()); err != nil || !ok[id] {
				t.Fatalf("claim: %v %v", ok, err)
			}
			b.clock.Add(11 * time.Minute)
			b.run(t)
			if n := len(b.sent.Messages()); n != 0 {
				t.Errorf("a message whose send was interrupted went out again")
			}
			if st := messageStatuses(t, b); st["order_confirmation"] != "unknown" {
				t.Errorf("statuses = %v, want unknown", st)
			}
		})

		t.Run("TemporaryFailureRetriesPermanentStops", func(t *testing.T) {
			b := setup(t, d, start)
			b.sent.FailNth(1, &mail.ConnError{Op: "dial", Err: errors.New("connection refused")})
			b.ingest(t, testfix.OrderInput("J-5", start.Add(-time.Minute)))
			b.run(t)
			if st := messageStatuses(t, b); st["order_confirmation"] != "queued" {
				t.Fatalf("after a temporary failure: %v", st)
			}
			b.clock.Add(2 * time.Minute)
			b.run(t)
			if st := messageStatuses(t, b); st["order_confirmation"] != "sent" || len(b.sent.Messages()) != 1 {
				t.Errorf("after the retry: %v, %d sent", st, len(b.sent.Messages()))
			}
		})

		t.Run("HardBounceSuppressesTheAddress", func(t *testing.T) {
			b := setup(t, d, start)
			b.sent.FailNth(1, &mail.SMTPError{Code: 550, Enhanced: "5.1.1", Msg: "no such mailbox"})
			in := testfix.OrderInput("J-6", start.Add(-time.Minute))
			b.ingest(t, in)
			b.run(t)
			if st := messageStatuses(t, b); st["order_confirmation"] != "failed" {
				t.Fatalf("after a hard bounce: %v", st)
			}
			var reason, addr string
			if err := d.Read().QueryRow(ctx, `SELECT reason, address FROM suppressions WHERE shop_id = $1 AND channel = 'email'`,
				b.shop.ID).Scan(&reason, &addr); err != nil || reason != "bounce" || addr != in.Customer.Email {
				t.Fatalf("suppression = %q %q, %v", reason, addr, err)
			}
			// The next message to the address is not even tried, transactional
			// as it is; another customer's mail still goes.
			b.ingest(t, testfix.OrderInput("J-7", start.Add(-time.Minute)))
			other := testfix.OrderInput("J-8", start.Add(-time.Minute))
			other.Customer = &customer.Input{Email: "other@example.co.id", FirstName: "Rina", Locale: "id"}
			b.ingest(t, other)
			b.run(t)
			if n := len(b.sent.Messages()); n != 1 {
				t.Errorf("sent %d messages after the bounce, want only the other customer's", n)
			}
			var skipped string
			if err := d.Read().QueryRow(ctx, `SELECT m.reason FROM messages m JOIN orders o ON o.id = m.order_id
				WHERE o.shop_id = $1 AND o.external_id = 'J-7'`, b.shop.ID).Scan(&skipped); err != nil ||
				!strings.Contains(skipped, "suppressed (bounce)") {
				t.Errorf("J-7's message: %q, %v", skipped, err)
			}
		})

		t.Run("ChannelNotSetUpFailsAndSaysSo", func(t *testing.T) {
			b := setup(t, d, start)
			delete(b.engine.Channels, "email")
			b.ingest(t, testfix.OrderInput("J-9", start.Add(-time.Minute)))
			b.run(t)
			var status, reason string
			if err := d.Read().QueryRow(ctx, `SELECT status, reason FROM messages WHERE shop_id = $1`, b.shop.ID).Scan(&status, &reason); err != nil ||
				status != "failed" || !strings.Contains(reason, "no email channel") {
				t.Errorf("message = %s %q, %v", status, reason, err)
			}
		})
	})
}

// TestQuietHoursAndCap checks marketing waits for morning in the customer's
// own time zone, and that a second marketing message within the cap is
// skipped and recorded.
func TestQuietHoursAndCap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, zone string
		at         time.Time // delivery time, UTC
		wantAt     time.Time // when the how-to (due 72h later) goes
	}{
		// 22:30 WIB is quiet: waits to 08:00 WIB (01:00 UTC).
		{"Jakarta", "Asia/Jakarta", time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC), time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC)},
		// The same instant is 23:30 WITA in Makassar: waits to 08:00 WITA (00:00 UTC).
		{"Makassar", "Asia/Makassar", time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC), time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)},
		// 17:30 in Bucharest is not quiet: goes at once.
		{"Bucharest", "Europe/Bucharest", time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC), time.Date(2026, 11, 23, 15, 30, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			b := setup(t, storetest.MustOpenSQLite(t), tc.at)
			in := testfix.OrderInput("Q-"+tc.name, tc.at.Add(-time.Hour))
			in.Customer.Timezone = tc.zone
			in.Customer.Consent = map[customer.Channel]bool{customer.Email: true}
			res := b.ingest(t, in)
			delivered := tc.at
			r, err := b.orders.AddShipment(ctx, b.shop, res.Order.ID, order.ShipmentInput{TrackingNumber: "Q", DeliveredAt: &delivered})
			if err != nil {
				t.Fatal(err)
			}
			b.react(t, r.Events...)
			b.clock.Set(tc.at.Add(72 * time.Hour))
			b.run(t)
			howto := func() bool {
				for _, m := range b.sent.Messages() {
					if m.Subject == "howto_onboarding" {
						return true
					}
				}
				return false
			}
			if tc.wantAt.After(b.clock.Now()) {
				if howto() {
					t.Fatalf("marketing sent in quiet hours")
				}
				b.clock.Set(tc.wantAt.Add(-time.Minute))
				b.run(t)
				if howto() {
					t.Fatalf("sent before %s", tc.wantAt)
				}
				b.clock.Set(tc.wantAt)
				b.run(t)
			}
			if !howto() {
				t.Fatalf("the how-to did not go at %s: %v", tc.wantAt, b.subjects())
			}

		})
	}
}

func TestFrequencyCap(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// 08:00 and 18:00 WIB, ten hours apart, both outside quiet hours.
	first := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	second := first.Add(10 * time.Hour)
	b := setup(t, storetest.MustOpenSQLite(t), first)
	b.addMarketing(t)
	for i, at := range []time.Time{first, second} {
		b.clock.Set(at)
		in := testfix.OrderInput(fmt.Sprintf("CAP-%d", i), at.Add(-time.Hour))
		in.Customer.Consent = map[customer.Channel]bool{customer.Email: true}
		res := b.ingest(t, in)
		delivered := at
		r, err := b.orders.AddShipment(ctx, b.shop, res.Order.ID, order.ShipmentInput{TrackingNumber: fmt.Sprint("C", i), DeliveredAt: &delivered})
		if err != nil {
			t.Fatal(err)
		}
		b.react(t, r.Events...)
		b.run(t)
	}
	b.clock.Set(first.Add(48 * time.Hour))
	b.run(t)
	b.clock.Set(second.Add(48 * time.Hour))
	b.run(t)
	rows, err := b.d.Read().Query(ctx, `SELECT status, reason FROM messages WHERE shop_id = $1 AND template = 'winback' ORDER BY due_at`, b.shop.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var st, reason string
		if err := rows.Scan(&st, &reason); err != nil {
			t.Fatal(err)
		}
		got = append(got, st+": "+reason)
	}
	if len(got) != 2 || got[0] != "sent: " || !strings.HasPrefix(got[1], "skipped: frequency cap") {
		t.Fatalf("marketing messages = %q", got)
	}
	var n int
	if err := b.d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type = 'message.skipped'`, b.shop.ID).Scan(&n); err != nil || n != 1 {
		t.Errorf("message.skipped events = %d (%v)", n, err)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sorted(a []string) []string {
	out := slices.Clone(a)
	slices.Sort(out)
	return out
}
