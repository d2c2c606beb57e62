package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/api"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

type testBundle struct {
	d      *db.DB
	store  *sqlstore.Store
	srv    *httptest.Server
	api    *api.Server
	shop   *shop.Shop
	key    string
	authSv *auth.Service
}

func setup(t testing.TB, d *db.DB) *testBundle {
	t.Helper()
	s := testfix.MustStore(t, d)
	clock := purna.SystemClock{}
	b := &testBundle{d: d, store: s, authSv: auth.NewService(sqlstore.Auth{Store: s}, clock)}
	orders := order.NewService(sqlstore.Orders{Store: s}, clock)
	orders.EnableBatching(nil) // as the app runs it
	t.Cleanup(orders.Close)
	b.api = api.New(api.Config{
		Auth: b.authSv, Orders: orders,
		Customers: customer.NewService(sqlstore.Customers{Store: s}, clock),
		Products:  product.NewService(sqlstore.Products{Store: s}, clock),
		Journeys:  journey.NewService(sqlstore.Journeys{Store: s}, clock),
		Shops:     sqlstore.Shops{Store: s}, Store: s, Clock: clock, MaxBodyBytes: 64 << 10,
	})
	mux := http.NewServeMux()
	b.api.Register(mux)
	b.srv = httptest.NewServer(mux)
	t.Cleanup(b.srv.Close)
	b.shop = testfix.Shop(t, s, nil)
	b.key = b.newKey(t, b.shop.ID)
	return b
}

func (b *testBundle) newKey(t testing.TB, shopID purna.ID) string {
	t.Helper()
	_, plain, err := b.authSv.CreateAPIKey(context.Background(), shopID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return plain
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

func (b *testBundle) do(t testing.TB, method, path, key string, body any, hdr ...string) reply {
	t.Helper()
	var rd io.Reader
	switch v := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(v)
	case []byte:
		rd = bytes.NewReader(v)
	default:
		j, _ := json.Marshal(v)
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, b.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header, data}
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const orderJSON = `{"source":"api","external_id":"INV-1","currency":"IDR","placed_at":"2026-11-20T10:04:00+07:00",
 "paid_at":"2026-11-20T10:30:00+07:00",
 "customer":{"email":"Siti@Example.co.id","phone":"0812 3456 7890","first_name":"Siti","last_name":"Rahayu","consent":{"email":true}},
 "lines":[{"sku":"EB-200","name":"Earbuds","quantity":1,"unit_price":45000000},
          {"sku":"FLT-3","name":"Filter","quantity":2,"unit_price":1500000}]}`

func TestOrders(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		t.Run("PostTwiceGivesOneOrderAndOneSetOfEvents", func(t *testing.T) {
			b := setup(t, d)
			r1 := b.do(t, "POST", "/api/v1/orders", b.key, orderJSON)
			if r1.status != http.StatusCreated {
				t.Fatalf("first POST: %d %s", r1.status, r1.body)
			}
			var o order.Order
			r1.decode(t, &o)
			if o.Total != 48000000 || o.Status != order.Paid || o.Email != "siti@example.co.id" {
				t.Errorf("order: total=%d status=%s email=%s", o.Total, o.Status, o.Email)
			}
			r2 := b.do(t, "POST", "/api/v1/orders", b.key, orderJSON)
			if r2.status != http.StatusOK {
				t.Fatalf("second POST: %d %s", r2.status, r2.body)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM orders WHERE shop_id = $1`, b.shop.ID); n != 1 {
				t.Errorf("orders = %d", n)
			}
			// customer.created, consent.changed, order.placed, order.paid
			if n := count(t, d, `SELECT COUNT(*) FROM events WHERE shop_id = $1`, b.shop.ID); n != 4 {
				t.Errorf("events = %d, want 4", n)
			}
			g := b.do(t, "GET", "/api/v1/orders/"+o.ID, b.key, nil)
			var got order.Order
			g.decode(t, &got)
			if g.status != 200 || len(got.Lines) != 2 || got.Lines[1].Total != 3000000 {
				t.Errorf("GET: %d %s", g.status, g.body)
			}
			tl := b.do(t, "GET", "/api/v1/customers/"+*o.CustomerID+"/timeline", b.key, nil)
			var page struct {
				Items []struct{ Type string } `json:"items"`
				Total int                     `json:"total"`
			}
			tl.decode(t, &page)
			if len(page.Items) != 4 || page.Total != 4 || page.Items[0].Type != "order.paid" {
				t.Errorf("timeline: %s", tl.body)
			}

			// Mark it shipped, then cancelled: each adds only its own events.
			ship := b.do(t, "POST", "/api/v1/orders/"+o.ID+"/shipments", b.key,
				`{"carrier":"JNE","tracking_number":"JNE1","events":[{"occurred_at":"2026-11-21T08:00:00Z","status":"in_transit","location":"Jakarta"}]}`)
			if ship.status != 200 {
				t.Fatalf("shipment: %d %s", ship.status, ship.body)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM events WHERE shop_id = $1`, b.shop.ID); n != 7 {
				t.Errorf("events after shipping = %d, want 7", n)
			}
			for range 2 {
				c := b.do(t, "PATCH", "/api/v1/orders/"+o.ID, b.key, `{"cancelled_at":"2026-11-22T00:00:00Z","cancel_reason":"customer"}`)
				if c.status != 200 {
					t.Fatalf("cancel: %d %s", c.status, c.body)
				}
			}
			if n := count(t, d, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type = 'order.cancelled'`, b.shop.ID); n != 1 {
				t.Errorf("cancel events = %d, want 1", n)
			}
		})

		t.Run("IdempotencyKey", func(t *testing.T) {
			b := setup(t, d)
			r1 := b.do(t, "POST", "/api/v1/orders", b.key, orderJSON, "Idempotency-Key", "k-1")
			r2 := b.do(t, "POST", "/api/v1/orders", b.key, orderJSON, "Idempotency-Key", "k-1")
			if r1.status != 201 || r2.status != 201 || !bytes.Equal(r1.body, r2.body) || r2.header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("replay: %d/%d replayed=%q", r1.status, r2.status, r2.header.Get("Idempotent-Replayed"))
			}
			other := strings.Replace(orderJSON, "INV-1", "INV-2", 1)
			r3 := b.do(t, "POST", "/api/v1/orders", b.key, other, "Idempotency-Key", "k-1")
			if r3.status != http.StatusUnprocessableEntity || !strings.Contains(string(r3.body), "Idempotency-Key") {
				t.Errorf("reuse with another body: %d %s", r3.status, r3.body)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM orders WHERE shop_id = $1`, b.shop.ID); n != 1 {
				t.Errorf("orders = %d, want 1", n)
			}
			// A day later the key is swept, and the same key is free again.
			if _, err := b.store.Sweep(context.Background(), time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM idempotency_keys WHERE shop_id = $1`, b.shop.ID); n != 1 {
				t.Errorf("a fresh key was swept: %d left", n)
			}
			if _, err := b.store.Sweep(context.Background(), time.Now().Add(25*time.Hour)); err != nil {
				t.Fatal(err)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM idempotency_keys WHERE shop_id = $1`, b.shop.ID); n != 0 {
				t.Errorf("idempotency keys after a day = %d, want 0", n)
			}
		})

		t.Run("ShopsSeeOnlyTheirOwn", func(t *testing.T) {
			b := setup(t, d)
			r := b.do(t, "POST", "/api/v1/orders", b.key, orderJSON)
			var o order.Order
			r.decode(t, &o)
			other := testfix.Shop(t, b.store, nil)
			otherKey := b.newKey(t, other.ID)
			for _, path := range []string{"/api/v1/orders/" + o.ID, "/api/v1/customers/" + *o.CustomerID, "/api/v1/customers/" + *o.CustomerID + "/timeline"} {
				if g := b.do(t, "GET", path, otherKey, nil); g.status != http.StatusNotFound {
					t.Errorf("%s from another shop: %d", path, g.status)
				}
			}
			if p := b.do(t, "PATCH", "/api/v1/orders/"+o.ID, otherKey, `{"cancelled_at":"2026-11-22T00:00:00Z"}`); p.status != 404 {
				t.Errorf("PATCH from another shop: %d", p.status)
			}
			var page purna.Page[*order.Order]
			b.do(t, "GET", "/api/v1/orders", otherKey, nil).decode(t, &page)
			if page.Total != 0 || len(page.Items) != 0 {
				t.Errorf("other shop lists %d orders", page.Total)
			}
		})

		t.Run("Pagination", func(t *testing.T) {
			b := setup(t, d)
			for i := range 5 {
				body := strings.Replace(orderJSON, "INV-1", "INV-P"+string(rune('A'+i)), 1)
				body = strings.Replace(body, "2026-11-20T10:04", "2026-11-1"+string(rune('0'+i))+"T10:04", 1)
				if r := b.do(t, "POST", "/api/v1/orders", b.key, body); r.status != 201 {
					t.Fatalf("%d %s", r.status, r.body)
				}
			}
			seen := map[string]bool{}
			cursor := ""
			var last time.Time
			for pages := 0; ; pages++ {
				var page purna.Page[*order.Order]
				r := b.do(t, "GET", "/api/v1/orders?limit=2&cursor="+cursor, b.key, nil)
				r.decode(t, &page)
				if page.Total != 5 {
					t.Fatalf("total = %d: %s", page.Total, r.body)
				}
				for _, o := range page.Items {
					if seen[o.ID] {
						t.Errorf("order %s twice", o.ID)
					}
					if !last.IsZero() && o.PlacedAt.After(last) {
						t.Errorf("not latest first")
					}
					seen[o.ID], last = true, o.PlacedAt
				}
				if page.Next == "" {
					break
				}
				cursor = page.Next
				if pages > 5 {
					t.Fatal("pagination does not end")
				}
			}
			if len(seen) != 5 {
				t.Errorf("saw %d orders", len(seen))
			}
			if r := b.do(t, "GET", "/api/v1/orders?cursor=garbage", b.key, nil); r.status != 422 {
				t.Errorf("bad cursor: %d", r.status)
			}
			var found purna.Page[*order.Order]
			b.do(t, "GET", "/api/v1/orders?q=inv-pc", b.key, nil).decode(t, &found)
			if found.Total != 1 {
				t.Errorf("search found %d", found.Total)
			}
		})
	})
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		big := `{"source":"api","external_id":"X","currency":"IDR","placed_at":"2026-11-20T10:04:00Z","lines":[` +
			strings.Repeat(`{"name":"x","quantity":1,"unit_price":1},`, 3000) + `{"name":"x","quantity":1,"unit_price":1}]}`
		tests := []struct {
			name, key, body string
			status          int
			code, field     string
		}{
			{"NoKey", "", orderJSON, 401, "unauthorized", ""},
			{"WrongKey", "pk_wrong", orderJSON, 401, "unauthorized", ""},
			{"NotJSON", b.key, `{"source":`, 400, "malformed", "body"},
			{"NotAnObject", b.key, `[1,2]`, 400, "malformed", "body"},
			{"Trailing", b.key, orderJSON + `{}`, 400, "malformed", "body"},
			{"Empty", b.key, ``, 400, "malformed", "body"},
			{"UnknownField", b.key, strings.Replace(orderJSON, `"source"`, `"colour":"red","source"`, 1), 422, "invalid", "colour"},
			{"WrongType", b.key, strings.Replace(orderJSON, `"quantity":2`, `"quantity":"two"`, 1), 422, "invalid", "lines[1].quantity"},
			{"NegativeQuantity", b.key, strings.Replace(orderJSON, `"quantity":2`, `"quantity":-2`, 1), 422, "invalid", "lines[1].quantity"},
			{"UnknownCurrency", b.key, strings.Replace(orderJSON, `"IDR"`, `"XYZ"`, 1), 422, "invalid", "currency"},
			{"BadEmail", b.key, strings.Replace(orderJSON, `Siti@Example.co.id`, `siti@`, 1), 422, "invalid", "customer.email"},
			{"BadPhone", b.key, strings.Replace(orderJSON, `0812 3456 7890`, `call me`, 1), 422, "invalid", "customer.phone"},
			{"NoLines", b.key, `{"source":"api","external_id":"X","currency":"IDR","placed_at":"2026-11-20T10:04:00Z","lines":[]}`, 422, "invalid", "lines"},
			{"BadTime", b.key, strings.Replace(orderJSON, `2026-11-20T10:04:00+07:00`, `yesterday`, 1), 422, "invalid", "body"},
			{"TooLarge", b.key, big, 413, "too_large", ""},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := b.do(t, "POST", "/api/v1/orders", tc.key, tc.body)
				if r.status != tc.status {
					t.Fatalf("status = %d, want %d: %s", r.status, tc.status, r.body)
				}
				if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("content type %q", ct)
				}
				var p struct {
					Status int    `json:"status"`
					Code   string `json:"code"`
					Errors []struct{ Field, Message string }
				}
				r.decode(t, &p)
				if p.Code != tc.code || p.Status != tc.status {
					t.Errorf("problem = %s", r.body)
				}
				if tc.field != "" {
					found := false
					for _, e := range p.Errors {
						found = found || e.Field == tc.field
					}
					if !found {
						t.Errorf("no error for field %q: %s", tc.field, r.body)
					}
				}
			})
		}
		if n := count(t, d, `SELECT COUNT(*) FROM orders WHERE shop_id = $1`, b.shop.ID); n != 0 {
			t.Errorf("bad input stored %d orders", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM customers WHERE shop_id = $1`, b.shop.ID); n != 0 {
			t.Errorf("bad input stored %d customers", n)
		}
	})
}

func TestShopUpdate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		r := b.do(t, "PATCH", "/api/v1/shop", b.key, `{"name":"Toko Baru","brand":{"color":"#0f766e","whatsapp":"0812 1111 2222",
			"contact_email":"halo@toko.example","social":{"instagram":"https://instagram.com/tokobaru"}},
			"support_hours":[{"weekday":1,"opens":"09:00","closes":"17:00"}]}`)
		if r.status != 200 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		var sh shop.Shop
		b.do(t, "GET", "/api/v1/shop", b.key, nil).decode(t, &sh)
		if sh.Name != "Toko Baru" || sh.Brand.WhatsApp != "+6281211112222" || len(sh.SupportHours) != 1 || sh.Currency != "IDR" {
			t.Errorf("shop = %+v", sh)
		}
		bad := b.do(t, "PATCH", "/api/v1/shop", b.key, `{"timezone":"Mars/Olympus","brand":{"color":"teal","social":{"x":"http://x"}}}`)
		if bad.status != 422 {
			t.Fatalf("%d %s", bad.status, bad.body)
		}
		for _, f := range []string{"brand.color", "brand.social.x", "timezone"} {
			if !strings.Contains(string(bad.body), `"field":"`+f+`"`) {
				t.Errorf("no error for %s: %s", f, bad.body)
			}
		}
		b.do(t, "GET", "/api/v1/shop", b.key, nil).decode(t, &sh)
		if sh.Timezone != "Asia/Jakarta" {
			t.Errorf("a refused update changed the shop: %s", sh.Timezone)
		}
	})
}
