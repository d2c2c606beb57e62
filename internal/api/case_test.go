package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

// caseBundle is the API test bundle with cases on, a blender (serialised,
// 12-month warranty) and filters in the catalogue, and Siti's order of one
// blender and two filters, delivered yesterday.
type caseBundle struct {
	*testBundle
	orderID, customerID  string
	blenderID, filterID  string
	blenderLine, filLine string
}

func setupCases(t *testing.T, d *db.DB) *caseBundle {
	t.Helper()
	b := &caseBundle{testBundle: setup(t, d)}
	b.api.Cases = cases.NewService(sqlstore.Cases{Store: b.store}, purna.SystemClock{})
	for _, p := range []string{
		`{"sku":"BLND-01","name":"Blender","price":45000000,"warranty_months":12,"serialized":true}`,
		`{"sku":"FLTR-02","name":"Filter","price":2500000}`,
	} {
		if r := b.do(t, "POST", "/api/v1/products", b.key, p); r.status != 201 {
			t.Fatalf("product: %d %s", r.status, r.body)
		}
	}
	now := time.Now().UTC()
	o := fmt.Sprintf(`{"source":"api","external_id":"INV-C1","currency":"IDR","placed_at":%q,
		"customer":{"email":"siti@example.co.id","first_name":"Siti"},
		"lines":[{"sku":"BLND-01","name":"Blender","quantity":1,"unit_price":45000000,"serial_numbers":["BL-1"]},
		         {"sku":"FLTR-02","name":"Filter","quantity":2,"unit_price":2500000}],
		"shipments":[{"tracking_number":"JNE-1","status":"delivered","delivered_at":%q}]}`,
		now.AddDate(0, 0, -3).Format(time.RFC3339), now.AddDate(0, 0, -1).Format(time.RFC3339))
	r := b.do(t, "POST", "/api/v1/orders", b.key, o)
	if r.status != 201 {
		t.Fatalf("order: %d %s", r.status, r.body)
	}
	var got struct {
		ID         string `json:"id"`
		CustomerID string `json:"customer_id"`
		Lines      []struct {
			ID        string `json:"id"`
			ProductID string `json:"product_id"`
		} `json:"lines"`
	}
	r.decode(t, &got)
	b.orderID, b.customerID = got.ID, got.CustomerID
	b.blenderLine, b.blenderID = got.Lines[0].ID, got.Lines[0].ProductID
	b.filLine, b.filterID = got.Lines[1].ID, got.Lines[1].ProductID
	return b
}

// problem is an error answer.
type problem struct {
	Code   string `json:"code"`
	Detail string `json:"detail"`
	Errors []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

func (r reply) problem(t *testing.T) problem {
	t.Helper()
	var p problem
	r.decode(t, &p)
	return p
}

func (p problem) field(name string) string {
	for _, e := range p.Errors {
		if e.Field == name {
			return e.Message
		}
	}
	return ""
}

func TestCasesAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupCases(t, d)
		doc := b.openapi(t)

		el := b.do(t, "GET", "/api/v1/orders/"+b.orderID+"/eligibility", b.key, nil)
		var items []struct {
			LineID string `json:"line_id"`
			Return struct {
				Allowed  bool  `json:"allowed"`
				Quantity int64 `json:"quantity"`
			} `json:"return"`
		}
		el.decode(t, &items)
		if el.status != 200 || len(items) != 2 || !items[1].Return.Allowed || items[1].Return.Quantity != 2 {
			t.Fatalf("eligibility: %d %s", el.status, el.body)
		}
		doc.check(t, "GET", "/api/v1/orders/{id}/eligibility", "200", el)

		// Refused opens name the field and store nothing.
		for _, tc := range []struct{ body, field, msg string }{
			{`{"kind":"return","order_id":%q,"lines":[{"order_line_id":%q,"quantity":3,"reason":"damaged"}]}`, "lines[0].quantity", "at most 2"},
			{`{"kind":"return","order_id":%q,"lines":[{"order_line_id":%q,"quantity":1}]}`, "lines[0].reason", "required"},
			{`{"kind":"warranty_claim","order_id":%q,"lines":[{"order_line_id":%q,"quantity":1,"serial_number":"X"}]}`, "lines[0].order_line_id", "no warranty"},
			{`{"kind":"return","order_id":%q,"lines":[{"order_line_id":%q,"quantity":"one"}]}`, "lines[0].quantity", ""},
		} {
			r := b.do(t, "POST", "/api/v1/cases", b.key, fmt.Sprintf(tc.body, b.orderID, b.filLine))
			if p := r.problem(t); r.status/100 != 4 || !strings.Contains(p.field(tc.field), tc.msg) || p.field(tc.field) == "" && tc.msg == "" && r.status != 422 {
				t.Errorf("%s: %d %s", tc.field, r.status, r.body)
			}
		}
		wrongSerial := fmt.Sprintf(`{"kind":"warranty_claim","order_id":%q,"lines":[{"order_line_id":%q,"quantity":1,"serial_number":"BL-9"}]}`, b.orderID, b.blenderLine)
		if r := b.do(t, "POST", "/api/v1/cases", b.key, wrongSerial); r.status != 422 || r.problem(t).field("lines[0].serial_number") == "" {
			t.Errorf("wrong serial: %d %s", r.status, r.body)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM cases WHERE shop_id = $1`, b.shop.ID); n != 0 {
			t.Fatalf("refused opens stored %d cases", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM case_lines WHERE shop_id = $1`, b.shop.ID); n != 0 {
			t.Fatalf("refused opens stored %d lines", n)
		}

		open := fmt.Sprintf(`{"kind":"return","order_id":%q,"wanted":"refund","note":"Too many",
			"lines":[{"order_line_id":%q,"quantity":1,"reason":"changed_mind"}]}`, b.orderID, b.filLine)
		r1 := b.do(t, "POST", "/api/v1/cases", b.key, open, "Idempotency-Key", "case-1")
		var c cases.Case
		r1.decode(t, &c)
		if r1.status != 201 || c.Number != "R-1001" || c.Source != cases.SourceAPI || c.Status != cases.Requested {
			t.Fatalf("open: %d %s", r1.status, r1.body)
		}
		doc.check(t, "POST", "/api/v1/cases", "201", r1)
		// A retry with the key replays; a double click without it is a conflict.
		if r := b.do(t, "POST", "/api/v1/cases", b.key, open, "Idempotency-Key", "case-1"); r.status != 201 || r.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("replay: %d %s", r.status, r.body)
		}
		if r := b.do(t, "POST", "/api/v1/cases", b.key, open); r.status != 409 || !strings.Contains(r.problem(t).Detail, "R-1001") {
			t.Errorf("double submit: %d %s", r.status, r.body)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM cases WHERE shop_id = $1`, b.shop.ID); n != 1 {
			t.Errorf("cases = %d, want 1", n)
		}

		act := func(body string) reply {
			return b.do(t, "POST", "/api/v1/cases/"+c.ID+"/actions", b.key, body)
		}
		if r := act(`{"action":"resolve","resolution":"refund","amount":2500000}`); r.status != 409 ||
			r.problem(t).Detail != "A return that is requested cannot be resolved; it can be approved, rejected or cancelled." {
			t.Errorf("early resolve: %d %s", r.status, r.body)
		}
		if r := act(`{"action":"fly"}`); r.status != 422 || r.problem(t).field("action") == "" {
			t.Errorf("unknown action: %d %s", r.status, r.body)
		}
		for _, body := range []string{`{"action":"approve","note":"ok"}`, `{"action":"receive"}`} {
			if r := act(body); r.status != 200 {
				t.Fatalf("%s: %d %s", body, r.status, r.body)
			}
		}
		if r := act(`{"action":"resolve","resolution":"refund","amount":9000000}`); r.status != 422 || !strings.Contains(r.problem(t).field("amount"), "2500000") {
			t.Errorf("refund over the line: %d %s", r.status, r.body)
		}
		r := act(`{"action":"resolve","resolution":"refund","amount":2500000}`)
		r.decode(t, &c)
		if r.status != 200 || c.Status != cases.Resolved || c.Refund != (purna.Money{Amount: 2500000, Currency: "IDR"}) {
			t.Fatalf("resolve: %d %s", r.status, r.body)
		}

		if r := b.do(t, "POST", "/api/v1/cases/"+c.ID+"/notes", b.key, `{"text":"Refund sent by bank transfer","visible":true}`); r.status != 201 {
			t.Errorf("note: %d %s", r.status, r.body)
		}
		g := b.do(t, "GET", "/api/v1/cases/"+c.ID, b.key, nil)
		var det cases.Detail
		g.decode(t, &det)
		if g.status != 200 || len(det.History) != 4 || len(det.Notes) != 2 || det.Number != "R-1001" {
			t.Errorf("detail: %d %s", g.status, g.body)
		}
		doc.check(t, "GET", "/api/v1/cases/{id}", "200", g)

		tl := b.do(t, "GET", "/api/v1/customers/"+b.customerID+"/timeline", b.key, nil)
		for _, ty := range []string{"case.opened", "return.requested", "return.approved", "return.received", "return.resolved"} {
			if !strings.Contains(string(tl.body), `"type":"`+ty+`"`) {
				t.Errorf("timeline lacks %s", ty)
			}
		}

		list := b.do(t, "GET", "/api/v1/cases?status=resolved&kind=return&q=r-1001", b.key, nil)
		var page purna.Page[cases.Case]
		list.decode(t, &page)
		if list.status != 200 || page.Total != 1 {
			t.Errorf("list: %d %s", list.status, list.body)
		}
		doc.check(t, "GET", "/api/v1/cases", "200", list)
		if r := b.do(t, "GET", "/api/v1/cases?kind=gift", b.key, nil); r.status != 422 || r.problem(t).field("kind") == "" {
			t.Errorf("bad kind: %d %s", r.status, r.body)
		}
		if r := b.do(t, "PATCH", "/api/v1/cases/"+c.ID, b.key, `{"assignee_id":"01JXXXXXXXXXXXXXXXXXXXXXXX"}`); r.status != 422 {
			t.Errorf("assign a stranger: %d %s", r.status, r.body)
		}

		now := time.Now().UTC()
		st := b.do(t, "GET", "/api/v1/cases/stats?from="+now.AddDate(0, -1, 0).Format(time.RFC3339)+"&to="+now.Add(time.Hour).Format(time.RFC3339), b.key, nil)
		var stats cases.Stats
		st.decode(t, &stats)
		if st.status != 200 || len(stats.Reasons) != 1 || stats.Reasons[0].Reason != "changed_mind" {
			t.Errorf("stats: %d %s", st.status, st.body)
		}
		doc.check(t, "GET", "/api/v1/cases/stats", "200", st)
		if r := b.do(t, "GET", "/api/v1/cases/stats", b.key, nil); r.status != 422 || r.problem(t).field("from") == "" {
			t.Errorf("stats without a period: %d %s", r.status, r.body)
		}

		reg := fmt.Sprintf(`{"order_id":%q,"order_line_id":%q,"serial_number":"BL-1"}`, b.orderID, b.blenderLine)
		if r := b.do(t, "POST", "/api/v1/registrations", b.key, reg); r.status != 201 {
			t.Errorf("register: %d %s", r.status, r.body)
		} else {
			doc.check(t, "POST", "/api/v1/registrations", "201", r)
		}
		if r := b.do(t, "POST", "/api/v1/registrations", b.key, reg); r.status != 409 || r.problem(t).field("serial_number") == "" {
			t.Errorf("register twice: %d %s", r.status, r.body)
		}
	})
}

func TestPolicyAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupCases(t, d)
		g := b.do(t, "GET", "/api/v1/policy", b.key, nil)
		var p map[string]any
		g.decode(t, &p)
		if g.status != 200 || dig(p, "returns", "window_days") != float64(7) {
			t.Fatalf("default policy: %d %s", g.status, g.body)
		}
		returns := p["returns"].(map[string]any)
		returns["window_days"] = -1
		bad, _ := json.Marshal(p)
		if r := b.do(t, "PUT", "/api/v1/policy", b.key, bad); r.status != 422 || r.problem(t).field("returns.window_days") == "" {
			t.Errorf("bad policy: %d %s", r.status, r.body)
		}
		returns["window_days"] = 30
		good, _ := json.Marshal(p)
		if r := b.do(t, "PUT", "/api/v1/policy", b.key, good); r.status != 200 {
			t.Fatalf("put: %d %s", r.status, r.body)
		}
		g = b.do(t, "GET", "/api/v1/policy", b.key, nil)
		g.decode(t, &p)
		if dig(p, "returns", "window_days") != float64(30) {
			t.Errorf("saved policy: %s", g.body)
		}
		// The eligibility follows the saved policy.
		el := b.do(t, "GET", "/api/v1/orders/"+b.orderID+"/eligibility", b.key, nil)
		if !strings.Contains(string(el.body), `"date":"`+time.Now().UTC().AddDate(0, 0, 29).In(b.shop.Location()).Format(time.DateOnly)) {
			t.Errorf("eligibility with a 30-day window: %s", el.body)
		}
		other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Magazin", Country: "RO", Currency: "RON", Timezone: "Europe/Bucharest"})
		ro := b.do(t, "GET", "/api/v1/policy", b.newKey(t, other.ID), nil)
		ro.decode(t, &p)
		if dig(p, "returns", "window_days") != float64(14) || dig(p, "warranty", "months") != float64(24) {
			t.Errorf("Romanian default: %s", ro.body)
		}
	})
}

// TestCasesCrossShop: another shop's key finds none of the first shop's
// cases, orders or registrations, and changes nothing.
func TestCasesCrossShop(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupCases(t, d)
		r := b.do(t, "POST", "/api/v1/cases", b.key, fmt.Sprintf(`{"kind":"return","order_id":%q,
			"lines":[{"order_line_id":%q,"quantity":1,"reason":"damaged"}]}`, b.orderID, b.filLine))
		var c cases.Case
		r.decode(t, &c)
		if r.status != 201 {
			t.Fatalf("open: %d %s", r.status, r.body)
		}
		other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
		key := b.newKey(t, other.ID)
		for _, tc := range []struct{ method, path, body string }{
			{"GET", "/api/v1/cases/" + c.ID, ""},
			{"PATCH", "/api/v1/cases/" + c.ID, `{"due_at":"2030-01-01T00:00:00Z"}`},
			{"POST", "/api/v1/cases/" + c.ID + "/actions", `{"action":"approve"}`},
			{"POST", "/api/v1/cases/" + c.ID + "/notes", `{"text":"hello"}`},
			{"GET", "/api/v1/orders/" + b.orderID + "/eligibility", ""},
		} {
			var body any
			if tc.body != "" {
				body = tc.body
			}
			if r := b.do(t, tc.method, tc.path, key, body); r.status != 404 {
				t.Errorf("%s %s with another shop's key: %d %s", tc.method, tc.path, r.status, r.body)
			}
		}
		// Opening or registering on the other shop's order names the order
		// as unknown, as for an order that does not exist.
		if r := b.do(t, "POST", "/api/v1/cases", key, fmt.Sprintf(`{"kind":"return","order_id":%q,
			"lines":[{"order_line_id":%q,"quantity":1,"reason":"damaged"}]}`, b.orderID, b.filLine)); r.status != 422 || r.problem(t).field("order_id") == "" {
			t.Errorf("open on another shop's order: %d %s", r.status, r.body)
		}
		if r := b.do(t, "POST", "/api/v1/registrations", key, fmt.Sprintf(`{"order_id":%q,"order_line_id":%q,"serial_number":"BL-1"}`,
			b.orderID, b.blenderLine)); r.status != 422 || r.problem(t).field("order_id") == "" {
			t.Errorf("register on another shop's order: %d %s", r.status, r.body)
		}
		if r := b.do(t, "POST", "/api/v1/registrations", key, fmt.Sprintf(`{"customer_id":%q,"product_id":%q,"serial_number":"X-1","purchased_at":"2026-01-01T00:00:00Z"}`,
			b.customerID, b.blenderID)); r.status != 422 {
			t.Errorf("register for another shop's customer: %d %s", r.status, r.body)
		}
		list := b.do(t, "GET", "/api/v1/cases", key, nil)
		if !strings.Contains(string(list.body), `"total":0`) {
			t.Errorf("other shop's list: %s", list.body)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM cases`); n != 1 {
			t.Errorf("cases = %d", n)
		}
		if n := count(t, d, `SELECT seq FROM cases WHERE id = $1`, c.ID); n != 1 {
			t.Errorf("the case moved: seq %d", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM case_notes`); n != 0 {
			t.Errorf("notes = %d", n)
		}
	})
}

// apiDoc is the served OpenAPI document, to check answers against.
type apiDoc struct {
	Paths      map[string]map[string]map[string]any `json:"paths"`
	Components struct {
		Schemas map[string]any `json:"schemas"`
	} `json:"components"`
}

func (b *caseBundle) openapi(t *testing.T) *apiDoc {
	t.Helper()
	var doc apiDoc
	b.do(t, "GET", "/api/v1/openapi.json", "", nil).decode(t, &doc)
	return &doc
}

func (doc *apiDoc) check(t *testing.T, method, path, status string, r reply) {
	t.Helper()
	op := doc.Paths[path][strings.ToLower(method)]
	schema := dig(op, "responses", status, "content", "application/json", "schema")
	var v any
	_ = json.Unmarshal(r.body, &v)
	if errs := validate(schema, v, doc.Components.Schemas, "$"); len(errs) > 0 {
		t.Errorf("%s %s does not match its schema:\n%s", method, path, strings.Join(errs, "\n"))
	}
}

var _ = http.StatusOK
