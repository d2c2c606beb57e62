package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

func TestJourneysAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		if err := journey.InstallDefaults(context.Background(), sqlstore.Journeys{Store: b.store}, b.shop.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		var list []journey.Journey
		b.do(t, "GET", "/api/v1/journeys", b.key, nil).decode(t, &list)
		if len(list) != len(journey.Defaults()) {
			t.Fatalf("journeys = %d, want the %d defaults", len(list), len(journey.Defaults()))
		}
		id := list[0].ID
		var j journey.Journey
		r := b.do(t, "PATCH", "/api/v1/journeys/"+id, b.key, `{"status":"paused"}`)
		r.decode(t, &j)
		if r.status != 200 || j.Status != journey.Paused {
			t.Fatalf("pause: %d %s", r.status, r.body)
		}

		created := b.do(t, "POST", "/api/v1/journeys", b.key, `{"name":"Thanks for renewing","kind":"transactional",
			"trigger":"subscription.renewed","steps":[{"wait":{"duration":"1d"}},{"send":{"template":"order_delivered","channel":"email"}}]}`)
		if created.status != http.StatusCreated {
			t.Fatalf("create: %d %s", created.status, created.body)
		}
		created.decode(t, &j)
		if len(j.Steps) != 2 || time.Duration(j.Steps[0].Wait.Duration) != 24*time.Hour || j.Reentry != journey.PerOrder {
			t.Errorf("created = %+v", j)
		}
		bad := b.do(t, "POST", "/api/v1/journeys", b.key, `{"name":"","kind":"loud","trigger":"x.y","steps":[{"send":{"template":"no_such"}},{}]}`)
		if bad.status != 422 {
			t.Fatalf("invalid journey: %d %s", bad.status, bad.body)
		}
		for _, f := range []string{"name", "kind", "steps[0].send.template", "steps[1]"} {
			if !strings.Contains(string(bad.body), `"field":"`+f+`"`) {
				t.Errorf("no error for %s: %s", f, bad.body)
			}
		}
		other := testBundleKey(t, b)
		if r := b.do(t, "GET", "/api/v1/journeys/"+id, other, nil); r.status != 404 {
			t.Errorf("another shop's journey: %d", r.status)
		}
	})
}

func TestEventsAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		b.do(t, "POST", "/api/v1/customers", b.key, `{"email":"dewi@example.co.id","first_name":"Dewi"}`)
		ev := `{"type":"subscription.renewed","email":"Dewi@example.co.id","external_id":"sub-9","data":{"plan":"gold"}}`
		if r := b.do(t, "POST", "/api/v1/events", b.key, ev); r.status != http.StatusCreated || !strings.Contains(string(r.body), `"recorded"`) {
			t.Fatalf("first: %d %s", r.status, r.body)
		}
		if r := b.do(t, "POST", "/api/v1/events", b.key, ev); r.status != http.StatusOK || !strings.Contains(string(r.body), `"unchanged"`) {
			t.Fatalf("again: %d %s", r.status, r.body)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type = 'subscription.renewed'`, b.shop.ID); n != 1 {
			t.Errorf("events = %d, want 1", n)
		}
		for name, tc := range map[string]struct {
			body   string
			status int
			field  string
		}{
			"Reserved":        {`{"type":"order.paid","email":"dewi@example.co.id"}`, 422, "type"},
			"BadType":         {`{"type":"Renewed!","email":"dewi@example.co.id"}`, 422, "type"},
			"NoCustomer":      {`{"type":"store.visited"}`, 422, "customer_id"},
			"UnknownCustomer": {`{"type":"store.visited","email":"nobody@example.co.id"}`, 404, "customer_id"},
			"DataNotObject":   {`{"type":"store.visited","email":"dewi@example.co.id","data":[1]}`, 422, "data"},
		} {
			r := b.do(t, "POST", "/api/v1/events", b.key, tc.body)
			if r.status != tc.status || !strings.Contains(string(r.body), `"field":"`+tc.field+`"`) {
				t.Errorf("%s: %d %s", name, r.status, r.body)
			}
		}
	})
}

// testBundleKey makes another shop and returns its API key.
func testBundleKey(t *testing.T, b *testBundle) string {
	t.Helper()
	other := testfixShop(t, b)
	return b.newKey(t, other)
}

func testfixShop(t *testing.T, b *testBundle) string {
	t.Helper()
	return testfix.Shop(t, b.store, nil).ID
}

func TestSuppressionsAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		// Bad input names the field and stores nothing.
		r := b.do(t, "POST", "/api/v1/suppressions", b.key, `{"channel":"fax","address":"not an address","reason":"angry"}`)
		if r.status != http.StatusUnprocessableEntity && r.status != http.StatusBadRequest {
			t.Fatalf("bad input: %d %s", r.status, r.body)
		}
		for _, f := range []string{`"channel"`, `"reason"`} {
			if !strings.Contains(string(r.body), f) {
				t.Errorf("the error does not name %s: %s", f, r.body)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM suppressions`); n != 0 {
			t.Fatalf("%d suppressions stored from bad input", n)
		}

		// The address is stored as customers' addresses are, so it matches
		// them; adding it twice changes nothing.
		for range 2 {
			r = b.do(t, "POST", "/api/v1/suppressions", b.key, `{"channel":"email","address":" Siti@Example.co.id ","reason":"complaint"}`)
			if r.status != http.StatusOK || !strings.Contains(string(r.body), `"address":"siti@example.co.id"`) {
				t.Fatalf("suppress: %d %s", r.status, r.body)
			}
		}
		r = b.do(t, "POST", "/api/v1/suppressions", b.key, `{"channel":"sms","address":"+62 812-3456-7890"}`)
		if r.status != http.StatusOK || !strings.Contains(string(r.body), `"address":"+6281234567890"`) ||
			!strings.Contains(string(r.body), `"reason":"manual"`) {
			t.Fatalf("suppress sms: %d %s", r.status, r.body)
		}
		var page struct {
			Items []journey.Suppression `json:"items"`
			Next  string                `json:"next_cursor"`
			Total int                   `json:"total"`
		}
		b.do(t, "GET", "/api/v1/suppressions?limit=1", b.key, nil).decode(t, &page)
		if len(page.Items) != 1 || page.Total != 2 || page.Next == "" || page.Items[0].Channel != "email" {
			t.Fatalf("first page = %+v", page)
		}
		cursor := page.Next
		page.Next = ""
		b.do(t, "GET", "/api/v1/suppressions?limit=1&cursor="+cursor, b.key, nil).decode(t, &page)
		if len(page.Items) != 1 || page.Next != "" || page.Items[0].Channel != "sms" {
			t.Fatalf("second page = %+v", page)
		}

		// Another shop sees none of it and cannot lift it.
		other := testfix.Shop(t, b.store, nil)
		otherKey := b.newKey(t, other.ID)
		b.do(t, "GET", "/api/v1/suppressions", otherKey, nil).decode(t, &page)
		if page.Total != 0 || len(page.Items) != 0 {
			t.Errorf("another shop sees %+v", page)
		}
		if r := b.do(t, "DELETE", "/api/v1/suppressions/email/siti@example.co.id", otherKey, nil); r.status != http.StatusNotFound {
			t.Errorf("another shop's delete: %d", r.status)
		}
		if r := b.do(t, "DELETE", "/api/v1/suppressions/email/Siti@Example.co.id", b.key, nil); r.status != http.StatusOK {
			t.Errorf("delete: %d %s", r.status, r.body)
		}
		if r := b.do(t, "DELETE", "/api/v1/suppressions/email/siti@example.co.id", b.key, nil); r.status != http.StatusNotFound {
			t.Errorf("second delete: %d", r.status)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM suppressions WHERE shop_id = $1`, b.shop.ID); n != 1 {
			t.Errorf("suppressions left = %d, want 1", n)
		}
	})
}
