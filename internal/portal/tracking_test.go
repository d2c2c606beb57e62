package portal_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/portal"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

type testBundle struct {
	store  *sqlstore.Store
	orders *order.Service
	server *portal.Server
	mux    *http.ServeMux
	now    time.Time
}

var secret = []byte("0123456789abcdef0123456789abcdef")

func setup(t *testing.T) *testBundle {
	t.Helper()
	s := testfix.MustStore(t, storetest.MustOpenSQLite(t))
	now := time.Date(2026, 11, 10, 3, 0, 0, 0, time.UTC)
	clock := purna.ClockFunc(func() time.Time { return now })
	orders := order.NewService(sqlstore.Orders{Store: s}, clock)
	srv := &portal.Server{
		Customers: customer.NewService(sqlstore.Customers{Store: s}, clock),
		Shops:     sqlstore.Shops{Store: s},
		Orders:    orders,
		Clock:     clock,
		Secret:    secret,
		Logger:    slog.New(slog.DiscardHandler),
	}
	mux := http.NewServeMux()
	srv.Register(mux)
	return &testBundle{store: s, orders: orders, server: srv, mux: mux, now: now}
}

// MustBrandedShop creates a shop with a brand, contact details and support
// hours.
func (b *testBundle) MustBrandedShop(t *testing.T, o *testfix.ShopOpts) *shop.Shop {
	t.Helper()
	sh := testfix.Shop(t, b.store, o)
	sh.Brand = shop.Brand{Color: "#7c3aed", ContactEmail: "halo@tokocosmos.id", Phone: "+62215550123",
		WhatsApp: "+6281234567890", Social: map[string]string{"instagram": "https://instagram.com/tokocosmos"}}
	sh.SupportHours = []shop.SupportHours{{Weekday: 1, Opens: "09:00", Closes: "17:00"}, {Weekday: 2, Opens: "09:00", Closes: "17:00"}}
	if err := (sqlstore.Shops{Store: b.store}).UpdateShop(context.Background(), sh); err != nil {
		t.Fatal(err)
	}
	return sh
}

// MustShippedOrder ingests order 1001, paid and shipped with JNE, with two
// scans, promised for promised.
func (b *testBundle) MustShippedOrder(t *testing.T, sh *shop.Shop, promised time.Time, edit func(*order.Input)) *order.Order {
	t.Helper()
	placed := time.Date(2026, 11, 2, 3, 4, 0, 0, time.UTC)
	in := testfix.OrderInput("1001", placed)
	paid, shipped := placed.Add(10*time.Minute), placed.Add(26*time.Hour)
	in.PaidAt = &paid
	in.Shipments = []order.ShipmentInput{{
		Carrier: "JNE", TrackingNumber: "JNE0012345678", TrackingURL: "https://www.jne.co.id/tracking?awb=JNE0012345678",
		ShippedAt: &shipped, PromisedAt: &promised,
		Events: []order.TrackingEventInput{
			{OccurredAt: shipped, Status: order.ShipmentInTransit, Location: "Jakarta Barat", Description: "Manifested"},
			{OccurredAt: shipped.Add(20 * time.Hour), Status: order.ShipmentInTransit, Location: "Bandung Hub", Description: "Arrived at hub"},
		},
	}}
	if edit != nil {
		edit(&in)
	}
	res, err := b.orders.Ingest(context.Background(), sh, in)
	if err != nil {
		t.Fatal(err)
	}
	return res.Order
}

func (b *testBundle) get(t *testing.T, path, acceptLanguage string) (*http.Response, string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	if acceptLanguage != "" {
		r.Header.Set("Accept-Language", acceptLanguage)
	}
	w := httptest.NewRecorder()
	b.mux.ServeHTTP(w, r)
	res := w.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("page has %q", w)
		}
	}
}

func TestTrackingPage(t *testing.T) {
	t.Parallel()

	t.Run("Languages", func(t *testing.T) {
		t.Parallel()
		tests := []struct {
			name           string
			customerLocale string
			acceptLanguage string
			want           []string
		}{
			{"ShopLanguage", "", "", []string{`<html lang="id">`, "Pesanan 1001", "Dipesan 2 Nov 2026",
				"Pesanan Kakak dalam perjalanan", "Nomor resi", "Dalam perjalanan", "Riwayat pelacakan", "Bandung Hub",
				"Jumlah: 2", "Rp 450.000", "Rp 515.000", "Ongkos kirim", "Jam layanan: Senin–Selasa 09.00–17.00",
				"Chat lewat WhatsApp", "Dikirim", "Sedang diantar"}},
			{"BrowserLanguage", "", "en-GB,en;q=0.9", []string{`<html lang="en">`, "Order 1001", "Placed 2 Nov 2026",
				"Your order is on its way", "Tracking number", "In transit", "Tracking history",
				"Qty 2", "Rp 450,000", "Rp 515,000", "Shipping", "Support hours: Monday–Tuesday 09:00–17:00",
				"Chat on WhatsApp", "Out for delivery"}},
			{"CustomerLanguageWinsOverBrowser", "ro", "en-GB,en;q=0.9", []string{`<html lang="ro">`, "Comanda 1001",
				"Comanda ta e pe drum", "Număr AWB", "În tranzit", "Istoric urmărire", "Cantitate: 2",
				"450.000 IDR", "515.000 IDR", "Program: luni–marți 09:00–17:00", "Scrie-ne pe WhatsApp", "În livrare"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				b := setup(t)
				sh := b.MustBrandedShop(t, nil)
				o := b.MustShippedOrder(t, sh, b.now.Add(48*time.Hour), func(in *order.Input) {
					in.Customer.Locale = tc.customerLocale
				})
				res, body := b.get(t, "/t/"+portal.TrackingToken(secret, sh.ID, o.ID), tc.acceptLanguage)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("status = %d, want 200\n%s", res.StatusCode, body)
				}
				mustContain(t, body, tc.want...)
				mustNotContain(t, body, "track.")
			})
		}
	})

	t.Run("Headers", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		sh := b.MustBrandedShop(t, nil)
		o := b.MustShippedOrder(t, sh, b.now.Add(48*time.Hour), nil)
		for _, path := range []string{"/t/" + portal.TrackingToken(secret, sh.ID, o.ID), "/t/forged"} {
			res, _ := b.get(t, path, "")
			for k, want := range map[string]string{"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
				"X-Robots-Tag": "noindex", "Content-Type": "text/html; charset=utf-8"} {
				if got := res.Header.Get(k); got != want {
					t.Errorf("%s: %s = %q, want %q", path, k, got, want)
				}
			}
		}
	})

	t.Run("Late", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		sh := b.MustBrandedShop(t, nil)
		o := b.MustShippedOrder(t, sh, b.now.Add(-72*time.Hour), nil)
		_, body := b.get(t, "/t/"+portal.TrackingToken(secret, sh.ID, o.ID), "en")
		mustContain(t, body, "Sorry, your parcel is running late", "This parcel is late",
			"We promised it by 7 Nov 2026. We&#39;re sorry for the wait.", `class="badge late"`)
	})

	t.Run("OnTimeHasNoLateNotice", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		sh := b.MustBrandedShop(t, nil)
		o := b.MustShippedOrder(t, sh, b.now.Add(48*time.Hour), nil)
		_, body := b.get(t, "/t/"+portal.TrackingToken(secret, sh.ID, o.ID), "en")
		mustContain(t, body, "Expected by", "It should reach you by 12 Nov 2026.")
		mustNotContain(t, body, "running late", "This parcel is late", `class="late-note"`)
	})

	t.Run("WhatsApp", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		sh := b.MustBrandedShop(t, nil)
		o := b.MustShippedOrder(t, sh, b.now.Add(48*time.Hour), nil)
		tests := []struct{ lang, href string }{
			{"en", `href="https://wa.me/6281234567890?text=Hello%2C%20about%20order%201001"`},
			{"id", `href="https://wa.me/6281234567890?text=Halo%2C%20saya%20mau%20tanya%20soal%20pesanan%201001"`},
		}
		for _, tc := range tests {
			_, body := b.get(t, "/t/"+portal.TrackingToken(secret, sh.ID, o.ID), tc.lang)
			mustContain(t, body, tc.href, `href="mailto:halo@tokocosmos.id"`, `href="tel:&#43;62215550123"`)
		}
	})

	t.Run("NoWhatsAppWithoutNumber", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		sh := testfix.Shop(t, b.store, nil)
		o := b.MustShippedOrder(t, sh, b.now.Add(48*time.Hour), nil)
		_, body := b.get(t, "/t/"+portal.TrackingToken(secret, sh.ID, o.ID), "en")
		mustNotContain(t, body, "wa.me", "Chat on WhatsApp", "Support hours")
	})

	t.Run("CarrierLink", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		sh := b.MustBrandedShop(t, nil)
		o := b.MustShippedOrder(t, sh, b.now.Add(48*time.Hour), nil)
		_, body := b.get(t, "/t/"+portal.TrackingToken(secret, sh.ID, o.ID), "en")
		mustContain(t, body, `<a href="https://www.jne.co.id/tracking?awb=JNE0012345678" rel="noopener noreferrer" target="_blank">JNE0012345678</a>`)
	})

	t.Run("Escaping", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		sh := b.MustBrandedShop(t, &testfix.ShopOpts{Name: `Toko "<b>Bold</b>"`})
		o := b.MustShippedOrder(t, sh, b.now.Add(48*time.Hour), func(in *order.Input) {
			in.Lines[0].Name = `<script>alert("line")</script>`
			in.Shipments[0].Carrier = `<script>alert("carrier")</script>`
			in.Shipments[0].Events[0].Location = `<img src=x onerror=alert(1)>`
		})
		_, body := b.get(t, "/t/"+portal.TrackingToken(secret, sh.ID, o.ID), "en")
		mustNotContain(t, body, "<script", "<b>Bold", "<img src=x")
		mustContain(t, body, `&lt;script&gt;alert(&#34;line&#34;)&lt;/script&gt;`,
			`&lt;script&gt;alert(&#34;carrier&#34;)&lt;/script&gt;`, `&lt;img src=x onerror=alert(1)&gt;`)
	})

	t.Run("Delivered", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		sh := b.MustBrandedShop(t, nil)
		o := b.MustShippedOrder(t, sh, b.now.Add(48*time.Hour), func(in *order.Input) {
			at := time.Date(2026, 11, 5, 7, 0, 0, 0, time.UTC)
			in.Shipments[0].Events = append(in.Shipments[0].Events,
				order.TrackingEventInput{OccurredAt: at, Status: order.ShipmentDelivered, Location: "Bandung"})
		})
		_, body := b.get(t, "/t/"+portal.TrackingToken(secret, sh.ID, o.ID), "en")
		mustContain(t, body, "Your order arrived on 5 Nov 2026.", `aria-current="step"`)
		mustNotContain(t, body, "Expected by")
	})

	t.Run("Cancelled", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		sh := b.MustBrandedShop(t, nil)
		o := b.MustShippedOrder(t, sh, b.now.Add(48*time.Hour), func(in *order.Input) {
			at := in.PlacedAt.Add(time.Hour)
			in.CancelledAt = &at
			in.Shipments = nil
		})
		_, body := b.get(t, "/t/"+portal.TrackingToken(secret, sh.ID, o.ID), "ro")
		mustContain(t, body, "Comanda ta a fost anulată", `class="step done current stop"`)
		mustNotContain(t, body, "Livrată")
	})
}

func TestTrackingPageNotFound(t *testing.T) {
	t.Parallel()
	b := setup(t)
	shopA := b.MustBrandedShop(t, &testfix.ShopOpts{Name: "Toko A"})
	shopB := b.MustBrandedShop(t, &testfix.ShopOpts{Name: "Toko B"})
	orderB := b.MustShippedOrder(t, shopB, b.now, nil)
	custID := *orderB.CustomerID

	tests := []struct {
		name, token, acceptLanguage, want string
	}{
		{"Forged", "bm90LWEtdG9rZW4.c2lnbmF0dXJl", "", "Pesanan tidak ditemukan"},
		{"ForgedInEnglish", "garbage", "en-US", "We can&#39;t find this order"},
		{"OtherSecret", portal.TrackingToken([]byte("another installation's secret!!"), shopB.ID, orderB.ID), "ro", "Nu găsim această comandă"},
		{"UnsubscribeToken", customer.UnsubscribeToken(secret, shopB.ID, custID, customer.Email), "en", "We can&#39;t find this order"},
		// The token carries the shop, and orders are looked up in it only.
		{"OtherShopsOrder", portal.TrackingToken(secret, shopA.ID, orderB.ID), "en", "We can&#39;t find this order"},
		{"UnknownShop", portal.TrackingToken(secret, purna.NewID(b.now), orderB.ID), "en", "We can&#39;t find this order"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, body := b.get(t, "/t/"+tc.token, tc.acceptLanguage)
			if res.StatusCode != http.StatusNotFound {
				t.Fatalf("status = %d, want 404", res.StatusCode)
			}
			mustContain(t, body, tc.want)
			mustNotContain(t, body, "1001", "JNE", "Blender")
		})
	}
}
