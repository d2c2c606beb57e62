package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/web"
)

const password = "rahasia-sekali-2026"

// testBundle is a running UI on a real SQLite database with one shop and
// one signed-up owner.
type testBundle struct {
	srv       *httptest.Server
	store     *sqlstore.Store
	shop      *shop.Shop
	orders    *order.Service
	customers *customer.Service
	auth      *auth.Service
	email     string
	now       time.Time
}

func setup(t *testing.T, shopOpts *testfix.ShopOpts) *testBundle {
	t.Helper()
	return setupWith(t, shopOpts, nil)
}

// setupWith is setup with the UI's Config changed by edit, if not nil,
// before the server starts. The outbox, the journeys pages with their
// editor and the message editor are on unless edit turns them off.
func setupWith(t *testing.T, shopOpts *testfix.ShopOpts, edit func(*web.Config)) *testBundle {
	t.Helper()
	d := storetest.MustOpenSQLite(t)
	s := testfix.MustStore(t, d)
	now := time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)
	clock := purna.ClockFunc(func() time.Time { return now })
	b := &testBundle{
		store: s, shop: testfix.Shop(t, s, shopOpts), now: now,
		orders:    order.NewService(sqlstore.Orders{Store: s}, clock),
		customers: customer.NewService(sqlstore.Customers{Store: s}, clock),
		auth:      auth.NewService(sqlstore.Auth{Store: s}, clock),
		email:     "owner@" + strings.ToLower(purna.NewID(now)) + ".example",
	}
	if _, err := b.auth.CreateUser(context.Background(), b.shop.ID, b.email, "Dewi Lestari", password, auth.Owner); err != nil {
		t.Fatal(err)
	}
	cfg := web.Config{
		Auth: b.auth, Orders: b.orders, Customers: b.customers, Shops: sqlstore.Shops{Store: s},
		Outbox: sqlstore.Journeys{Store: s}, Journeys: sqlstore.Journeys{Store: s}, Now: func() time.Time { return now },
		JourneyService: journey.NewService(sqlstore.Journeys{Store: s}, clock), Templates: sqlstore.Templates{Store: s},
	}
	if edit != nil {
		edit(&cfg)
	}
	srv := web.New(cfg)
	mux := http.NewServeMux()
	srv.Register(mux)
	b.srv = httptest.NewServer(http.NewCrossOriginProtection().Handler(mux))
	t.Cleanup(b.srv.Close)
	return b
}

// ingest records in for the bundle's shop.
func (b *testBundle) ingest(t *testing.T, in order.Input) *order.Order {
	t.Helper()
	res, err := b.orders.Ingest(context.Background(), b.shop, in)
	if err != nil {
		t.Fatal(err)
	}
	return res.Order
}

// seed adds three orders: a late parcel with JNE for Siti (1001), a
// delivered one for Budi (1002) and a pending Tokopedia order (1003).
func (b *testBundle) seed(t *testing.T) (late, delivered, pending *order.Order) {
	t.Helper()
	in := testfix.OrderInput("1001", b.now.Add(-72*time.Hour))
	paid := b.now.Add(-71 * time.Hour)
	shipped := b.now.Add(-48 * time.Hour)
	promised := b.now.Add(-24 * time.Hour)
	in.PaidAt = &paid
	in.Lines[0].SerialNumbers = []string{"SN-BL-000123"}
	in.ShippingAddress = &order.Address{Name: "Siti Rahayu", Address: "Jl. Braga No. 12", City: "Bandung", Province: "Jawa Barat", Postal: "40111", Country: "ID"}
	in.Shipments = []order.ShipmentInput{{
		Carrier: "JNE", TrackingNumber: "JNE123456", TrackingURL: "https://jne.co.id/track?awb=JNE123456",
		ShippedAt: &shipped, PromisedAt: &promised,
		Events: []order.TrackingEventInput{
			{OccurredAt: shipped, Status: order.ShipmentInTransit, Location: "Jakarta Hub"},
			{OccurredAt: b.now.Add(-2 * time.Hour), Status: order.ShipmentOutForDelivery, Location: "Bandung"},
		},
	}}
	late = b.ingest(t, in)

	in = testfix.OrderInput("1002", b.now.Add(-10*24*time.Hour))
	in.Customer = &customer.Input{Email: "budi@example.co.id", FirstName: "Budi", LastName: "Santoso"}
	paid2 := b.now.Add(-10 * 24 * time.Hour)
	ship2 := b.now.Add(-9 * 24 * time.Hour)
	in.PaidAt = &paid2
	in.Shipments = []order.ShipmentInput{{Carrier: "SiCepat", TrackingNumber: "SCP777", ShippedAt: &ship2,
		Events: []order.TrackingEventInput{{OccurredAt: b.now.Add(-8 * 24 * time.Hour), Status: order.ShipmentDelivered, Location: "Surabaya"}}}}
	delivered = b.ingest(t, in)

	in = testfix.OrderInput("TKP-3003", b.now.Add(-time.Hour))
	in.Source = "tokopedia"
	in.Customer = &customer.Input{Phone: "0813-1111-2222", FirstName: "Rina"}
	pending = b.ingest(t, in)
	return late, delivered, pending
}

// client returns an HTTP client with a cookie jar that does not follow
// redirects, so tests see them.
func (b *testBundle) client(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// login signs the owner in and returns a client carrying the session
// cookie and lang (if not "") as the language cookie.
func (b *testBundle) login(t *testing.T, lang string) *http.Client {
	t.Helper()
	c := b.client(t)
	resp := b.post(t, c, "/login", url.Values{"email": {b.email}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: status %d", resp.StatusCode)
	}
	if lang != "" {
		u, _ := url.Parse(b.srv.URL)
		c.Jar.SetCookies(u, []*http.Cookie{{Name: "lang", Value: lang}})
	}
	return c
}

func (b *testBundle) post(t *testing.T, c *http.Client, path string, form url.Values) *http.Response {
	t.Helper()
	resp, err := c.PostForm(b.srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// get fetches path and returns the status and body.
func (b *testBundle) get(t *testing.T, c *http.Client, path string, header ...string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body), resp.Header
}

// mustGet is get that fails unless the status is 200.
func (b *testBundle) mustGet(t *testing.T, c *http.Client, path string, header ...string) string {
	t.Helper()
	status, body, _ := b.get(t, c, path, header...)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d\n%s", path, status, body)
	}
	return body
}

func contains(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page does not contain %q", w)
		}
	}
}

func lacks(t *testing.T, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("page contains %q", w)
		}
	}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sqlstoreShops(b *testBundle) sqlstore.Shops { return sqlstore.Shops{Store: b.store} }
