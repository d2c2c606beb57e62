package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/upload"
	"github.com/purnajual/purna/internal/web"
)

// caseBundle is a running UI with the case pages on, a Jakarta shop that
// sells a blender (serialised, 12-month warranty) and a water filter, and
// Siti's order of one blender and two filters, delivered two days ago.
type caseBundle struct {
	*testBundle
	cases   *cases.Service
	order   *order.Order
	blender *order.Line
	filter  *order.Line
	siti    cases.Actor
}

// setupCases starts the UI on d with the case pages on.
func setupCases(t *testing.T, d *db.DB, edit ...func(*web.Config)) *caseBundle {
	t.Helper()
	ctx := context.Background()
	s := testfix.MustStore(t, d)
	now := time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)
	clock := purna.ClockFunc(func() time.Time { return now })
	b := &testBundle{
		store: s, shop: testfix.Shop(t, s, &testfix.ShopOpts{Timezone: "Asia/Jakarta"}), now: now,
		orders:    order.NewService(sqlstore.Orders{Store: s}, clock),
		customers: customer.NewService(sqlstore.Customers{Store: s}, clock),
		auth:      auth.NewService(sqlstore.Auth{Store: s}, clock),
		email:     "owner@" + strings.ToLower(purna.NewID(now)) + ".example",
	}
	if _, err := b.auth.CreateUser(ctx, b.shop.ID, b.email, "Dewi Lestari", password, auth.Owner); err != nil {
		t.Fatal(err)
	}
	cb := &caseBundle{testBundle: b, cases: cases.NewService(sqlstore.Cases{Store: s}, clock)}
	cfg := web.Config{
		Auth: b.auth, Orders: b.orders, Customers: b.customers, Shops: sqlstore.Shops{Store: s},
		Journeys: sqlstore.Journeys{Store: s}, JourneyService: journey.NewService(sqlstore.Journeys{Store: s}, clock),
		Now: func() time.Time { return now }, Cases: cb.cases,
	}
	for _, e := range edit {
		e(&cfg)
	}
	srv := web.New(cfg)
	mux := http.NewServeMux()
	srv.Register(mux)
	b.srv = httptest.NewServer(http.NewCrossOriginProtection().Handler(mux))
	t.Cleanup(b.srv.Close)

	prods := product.NewService(sqlstore.Products{Store: s}, clock)
	for _, in := range []product.Input{
		{SKU: "BLND-01", Name: "Blender Cosmos", Price: 45000000, WarrantyMonths: 12, Serialized: true},
		{SKU: "FLTR-02", Name: "Filter air", Price: 2500000},
	} {
		if _, _, err := prods.Save(ctx, b.shop.ID, "IDR", in); err != nil {
			t.Fatal(err)
		}
	}
	cb.order = cb.mustOrder(t, "INV-1")
	cb.blender, cb.filter = cb.order.Lines[0], cb.order.Lines[1]
	cb.siti = cases.Customer(*cb.order.CustomerID)
	return cb
}

// mustOrder ingests a delivered order of one blender (serial BL-<ext>)
// and two filters for Siti.
func (b *caseBundle) mustOrder(t *testing.T, ext string) *order.Order {
	t.Helper()
	in := testfix.OrderInput(ext, b.now.Add(-5*24*time.Hour))
	in.Lines[0].SerialNumbers = []string{"BL-" + ext}
	delivered := b.now.Add(-2 * 24 * time.Hour)
	in.Shipments = []order.ShipmentInput{{TrackingNumber: "JNE-" + ext, Status: order.ShipmentDelivered, DeliveredAt: &delivered}}
	return b.ingest(t, in)
}

// openReturn opens, as Siti, a return of n filters of o for a refund.
func (b *caseBundle) openReturn(t *testing.T, o *order.Order, n int64) *cases.Case {
	t.Helper()
	c, err := b.cases.Open(context.Background(), b.shop.ID, cases.Customer(*o.CustomerID), cases.OpenInput{
		Kind: cases.Return, OrderID: &o.ID, Wanted: cases.Refund, Note: "Salah beli",
		Lines: []cases.LineInput{{OrderLineID: o.Lines[1].ID, Quantity: n, Reason: "changed_mind"}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// mustCase loads case id as an agent.
func (b *caseBundle) mustCase(t *testing.T, id purna.ID) *cases.Detail {
	t.Helper()
	d, err := b.cases.FindByID(context.Background(), b.shop.ID, cases.Agent("test"), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// postBody posts form to path and returns the status and the body.
func (b *caseBundle) postBody(t *testing.T, c *http.Client, path string, form url.Values) (int, string, string) {
	t.Helper()
	resp, err := c.PostForm(b.srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, readAll(t, resp), resp.Header.Get("Location")
}

func actionForm(action string, kv ...string) url.Values {
	f := url.Values{"action": {action}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// TestCaseReturnFlow approves, receives and refunds a return through the
// forms, on SQLite and PostgreSQL: each page offers only the moves the
// state machine allows, a stale move shows the service's message and
// changes nothing, and the history records who did what.
func TestCaseReturnFlow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupCases(t, d)
		rc := b.openReturn(t, b.order, 2)
		c := b.login(t, "en")
		path := "/cases/" + rc.ID

		body := b.mustGet(t, c, path)
		contains(t, body, rc.Number, "Return", "Requested", "Filter air", "Changed my mind", "Siti Rahayu",
			`href="/orders/`+b.order.ID+`"`, `href="/customers/`+rc.CustomerID+`"`, "Salah beli",
			`data-action="approve"`, `data-action="reject"`, `data-action="cancel"`)
		lacks(t, body, `data-action="receive"`, `data-action="resolve"`, `data-action="close"`)

		status, _, loc := b.postBody(t, c, path+"/act", actionForm("approve", "note", "OK, kirim balik"))
		if status != http.StatusSeeOther || loc != path+"?done=approve" {
			t.Fatalf("approve: %d → %q", status, loc)
		}
		body = b.mustGet(t, c, loc)
		contains(t, body, "Done: Approve.", `data-action="receive"`, `data-action="cancel"`, "OK, kirim balik")
		lacks(t, body, `data-action="approve"`, `data-action="resolve"`)

		// A second tab still showing "approve": refused, nothing changes.
		status, body, _ = b.postBody(t, c, path+"/act", actionForm("approve"))
		if status != http.StatusConflict {
			t.Fatalf("stale approve: status %d", status)
		}
		contains(t, body, "A return that is approved cannot be approved", `data-action="receive"`)
		if got := b.mustCase(t, rc.ID); got.Status != cases.Approved || len(got.History) != 2 {
			t.Fatalf("after stale approve: %s with %d history rows", got.Status, len(got.History))
		}
		// Resolving before receiving: also the service's words.
		status, body, _ = b.postBody(t, c, path+"/act", actionForm("resolve", "resolution", "refund", "amount", "10"))
		if status != http.StatusConflict {
			t.Fatalf("early resolve: status %d", status)
		}
		contains(t, body, "cannot be resolved; receive it first.")

		status, body, _ = b.postBody(t, c, path+"/act", actionForm("receive",
			"lines[0].received_quantity", "x", "lines[0].condition", "opened"))
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("receive x: status %d", status)
		}
		contains(t, body, "Enter a whole number.")
		status, _, loc = b.postBody(t, c, path+"/act", actionForm("receive",
			"lines[0].received_quantity", "2", "lines[0].condition", "opened"))
		if status != http.StatusSeeOther {
			t.Fatalf("receive: %d", status)
		}
		body = b.mustGet(t, c, loc)
		contains(t, body, "Received", "Opened", `data-action="resolve"`,
			`name="amount" inputmode="decimal" value="50000"`, "At most Rp")

		// The refund is entered in rupiah and may not be more than the
		// filters cost.
		for _, tc := range []struct{ amount, want string }{
			{"lima puluh", "Enter an amount in IDR"},
			{"60000", "must not be more than the lines cost"},
		} {
			status, body, _ = b.postBody(t, c, path+"/act", actionForm("resolve", "resolution", "refund", "amount", tc.amount))
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("resolve %q: status %d", tc.amount, status)
			}
			contains(t, body, tc.want, `value="`+tc.amount+`"`)
		}
		status, _, loc = b.postBody(t, c, path+"/act", actionForm("resolve", "resolution", "refund", "amount", "30000.50"))
		if status != http.StatusSeeOther {
			t.Fatalf("resolve: %d", status)
		}
		body = b.mustGet(t, c, loc)
		contains(t, body, "Resolved", "Refund", `data-action="close"`)

		got := b.mustCase(t, rc.ID)
		if got.Status != cases.Resolved || got.Resolution != cases.Refund || got.Refund.Amount != 3000050 {
			t.Fatalf("resolved: %s %s %d", got.Status, got.Resolution, got.Refund.Amount)
		}
		if got.Lines[0].ReceivedQuantity != 2 || got.Lines[0].Condition != cases.Opened {
			t.Errorf("received: %d %s", got.Lines[0].ReceivedQuantity, got.Lines[0].Condition)
		}
		var acts []string
		for _, h := range got.History {
			acts = append(acts, fmt.Sprintf("%s:%s:%s", h.Action, h.Actor.Role, h.To))
			if h.Action != cases.OpenAction && (h.Actor.ID == "" || h.Actor.ID == "test") {
				t.Errorf("%s by %q, want the signed-in user", h.Action, h.Actor.ID)
			}
		}
		want := "open:customer:requested approve:agent:approved receive:agent:received resolve:agent:resolved"
		if strings.Join(acts, " ") != want {
			t.Errorf("history = %s\nwant      %s", strings.Join(acts, " "), want)
		}
		// The history reads newest first, in the shop's zone (WIB).
		contains(t, body, "You", "2 Nov 2026, 10:04")
	})
}

// TestCaseReject rejects a return through its form: the reason for the
// customer is required, goes into the history apart from the internal
// note, and an empty one changes nothing.
func TestCaseReject(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupCases(t, d)
		rc := b.openReturn(t, b.order, 1)
		c := b.login(t, "en")
		path := "/cases/" + rc.ID
		contains(t, b.mustGet(t, c, path), `name="customer_reason"`, "The customer reads this in the message",
			"Internal note (the customer does not see it)")

		for _, tc := range []struct {
			name       string
			form       url.Values
			wantStatus int
			want       []string
		}{
			{"OnlyANote", actionForm("reject", "note", "Segel rusak"), http.StatusUnprocessableEntity,
				[]string{"Say why, so the customer understands.", "Segel rusak"}},
			{"BlankReason", actionForm("reject", "customer_reason", "   "), http.StatusUnprocessableEntity,
				[]string{"Say why, so the customer understands."}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, body, _ := b.postBody(t, c, path+"/act", tc.form)
				if status != tc.wantStatus {
					t.Fatalf("status %d, want %d", status, tc.wantStatus)
				}
				contains(t, body, tc.want...)
				if got := b.mustCase(t, rc.ID); got.Status != cases.Requested || len(got.History) != 1 {
					t.Fatalf("changed: %s with %d history rows", got.Status, len(got.History))
				}
			})
		}

		status, _, loc := b.postBody(t, c, path+"/act", actionForm("reject",
			"customer_reason", "The seal is broken, so we cannot take it back.", "note", "Segel rusak"))
		if status != http.StatusSeeOther || loc != path+"?done=reject" {
			t.Fatalf("reject: %d → %q", status, loc)
		}
		got := b.mustCase(t, rc.ID)
		h := got.History[len(got.History)-1]
		if got.Status != cases.Rejected || h.CustomerReason != "The seal is broken, so we cannot take it back." || h.Note != "Segel rusak" {
			t.Errorf("rejected: %s %+v", got.Status, h)
		}
	})
}

// TestCaseShipTracking ships a replacement for an approved warranty claim
// with a tracking number from the form's tracking field.
func TestCaseShipTracking(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setupCases(t, d)
		claim, err := b.cases.Open(ctx, b.shop.ID, b.siti, cases.OpenInput{Kind: cases.WarrantyClaim, OrderID: &b.order.ID,
			Lines: []cases.LineInput{{OrderLineID: b.blender.ID, Quantity: 1, SerialNumber: "BL-INV-1"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.cases.Act(ctx, b.shop.ID, claim.ID, cases.Agent("test"), cases.Approve, cases.ActInput{}); err != nil {
			t.Fatal(err)
		}
		c := b.login(t, "en")
		path := "/cases/" + claim.ID
		contains(t, b.mustGet(t, c, path), `data-action="ship"`, `id="tracking-ship" name="tracking"`)

		status, _, loc := b.postBody(t, c, path+"/act", actionForm("ship", "tracking", "JNE-OUT-9", "note", "Dari gudang"))
		if status != http.StatusSeeOther || loc != path+"?done=ship" {
			t.Fatalf("ship: %d → %q", status, loc)
		}
		got := b.mustCase(t, claim.ID)
		h := got.History[len(got.History)-1]
		if len(got.Replacements) != 1 || got.Replacements[0].Tracking != "JNE-OUT-9" || h.Note != "Dari gudang" {
			t.Errorf("shipped: %+v %+v", got.Replacements, h)
		}
	})
}

// TestCaseNotes adds an internal note and one the customer sees; text is
// escaped, and the customer's view of the case has only the visible one.
func TestCaseNotes(t *testing.T) {
	t.Parallel()
	b := setupCases(t, storetest.MustOpenSQLite(t))
	rc := b.openReturn(t, b.order, 1)
	c := b.login(t, "en")
	path := "/cases/" + rc.ID

	status, body, _ := b.postBody(t, c, path+"/notes", url.Values{"text": {"  "}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("empty note: %d", status)
	}
	contains(t, body, "Write the note first.")
	for _, f := range []url.Values{
		{"text": {"Kardus <b>penyok</b>, cek dulu"}},
		{"text": {"Kami sudah terima paketnya"}, "visible": {"1"}},
	} {
		if status, _, loc := b.postBody(t, c, path+"/notes", f); status != http.StatusSeeOther || !strings.HasPrefix(loc, path+"?noted=1") {
			t.Fatalf("note: %d → %q", status, loc)
		}
	}
	body = b.mustGet(t, c, path)
	contains(t, body, "Kardus &lt;b&gt;penyok&lt;/b&gt;, cek dulu", "Internal", "Customer sees it", "Kami sudah terima paketnya")
	lacks(t, body, "<b>penyok</b>")

	mine, err := b.cases.FindByID(context.Background(), b.shop.ID, b.siti, rc.ID)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, n := range mine.Notes {
		texts = append(texts, n.Text)
	}
	if got := strings.Join(texts, "|"); got != "Salah beli|Kami sudah terima paketnya" {
		t.Errorf("customer sees notes %q", got)
	}
}

// TestCaseAssign takes a case, sets its due time, and lets it go.
func TestCaseAssign(t *testing.T) {
	t.Parallel()
	b := setupCases(t, storetest.MustOpenSQLite(t))
	rc := b.openReturn(t, b.order, 1)
	c := b.login(t, "en")
	path := "/cases/" + rc.ID

	if status, body, _ := b.postBody(t, c, path+"/assign", url.Values{"assignee": {"me"}, "due": {"tomorrow"}}); status != http.StatusUnprocessableEntity {
		t.Fatalf("bad due: %d", status)
	} else {
		contains(t, body, "Enter a date and time.")
	}
	if status, _, _ := b.postBody(t, c, path+"/assign", url.Values{"assignee": {"me"}, "due": {"2026-11-03T17:00"}}); status != http.StatusSeeOther {
		t.Fatalf("assign: %d", status)
	}
	got := b.mustCase(t, rc.ID)
	if got.AssigneeID == nil || got.DueAt == nil || !got.DueAt.Equal(time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)) {
		t.Fatalf("assigned to %v due %v", got.AssigneeID, got.DueAt)
	}
	body := b.mustGet(t, c, path)
	contains(t, body, `<dd id="case-assignee">You</dd>`, "3 Nov 2026, 17:00", "Unassign")
	if status, _, _ := b.postBody(t, c, path+"/assign", url.Values{"assignee": {"none"}}); status != http.StatusSeeOther {
		t.Fatalf("unassign: %d", status)
	}
	if got := b.mustCase(t, rc.ID); got.AssigneeID != nil || got.DueAt == nil {
		t.Fatalf("after unassign: %v due %v", got.AssigneeID, got.DueAt)
	}

	// A colleague joins: the case can be given to her by name, and the
	// page says who has it. Someone of another shop cannot be given it.
	rina, err := b.auth.CreateUser(context.Background(), b.shop.ID, "rina@toko.example", "Rina Wulandari", "a long enough password", auth.Agent)
	if err != nil {
		t.Fatal(err)
	}
	body = b.mustGet(t, c, path)
	contains(t, body, `<select id="assignee" name="assignee">`, `<option value="user:`+rina.ID+`">Rina Wulandari</option>`)
	if status, _, _ := b.postBody(t, c, path+"/assign", url.Values{"assignee": {"user:" + rina.ID}}); status != http.StatusSeeOther {
		t.Fatalf("give to Rina: %d", status)
	}
	if got := b.mustCase(t, rc.ID); got.AssigneeID == nil || *got.AssigneeID != rina.ID {
		t.Fatalf("given to %v, want Rina", got.AssigneeID)
	}
	contains(t, b.mustGet(t, c, path), `<dd id="case-assignee">Rina Wulandari</dd>`, `selected>Rina Wulandari</option>`)
	// The list and "assign to me" sent together: the button wins.
	if status, _, _ := b.postBody(t, c, path+"/assign", url.Values{"assignee": {"user:" + rina.ID, "me"}}); status != http.StatusSeeOther {
		t.Fatalf("assign to me: %d", status)
	}
	if got := b.mustCase(t, rc.ID); got.AssigneeID == nil || *got.AssigneeID == rina.ID {
		t.Fatalf("the button lost to the list: %v", got.AssigneeID)
	}
	other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
	agus, err := b.auth.CreateUser(context.Background(), other.ID, "agus@lain.example", "Agus", "a long enough password", auth.Owner)
	if err != nil {
		t.Fatal(err)
	}
	if status, _, _ := b.postBody(t, c, path+"/assign", url.Values{"assignee": {"user:" + agus.ID}}); status != http.StatusUnprocessableEntity {
		t.Fatalf("give to another shop's user: %d, want 422", status)
	}
	lacks(t, b.mustGet(t, c, path), "Agus")
}

// TestCaseInbox filters the inbox by kind, status, assignee, overdue and
// number, and pages through it, on SQLite and PostgreSQL.
func TestCaseInbox(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupCases(t, d)
		ctx := context.Background()
		c := b.login(t, "en")
		empty := b.mustGet(t, c, "/cases")
		contains(t, empty, "No cases yet", `href="/cases" aria-current="page"`)

		// 52 returns on 52 orders, and a warranty claim on the blender of
		// the first one.
		var rets []*cases.Case
		for i := range 52 {
			o := b.order
			if i > 0 {
				o = b.mustOrder(t, fmt.Sprintf("INV-%d", i+1))
			}
			rets = append(rets, b.openReturn(t, o, 1))
		}
		claim, err := b.cases.Open(ctx, b.shop.ID, b.siti, cases.OpenInput{Kind: cases.WarrantyClaim, OrderID: &b.order.ID,
			Note: "Tidak menyala", Lines: []cases.LineInput{{OrderLineID: b.blender.ID, Quantity: 1, SerialNumber: "BL-INV-1"}}})
		if err != nil {
			t.Fatal(err)
		}
		first, second := rets[0], rets[1]
		if s, _, _ := b.postBody(t, c, "/cases/"+second.ID+"/act", actionForm("approve")); s != http.StatusSeeOther {
			t.Fatalf("approve: %d", s)
		}
		if s, _, _ := b.postBody(t, c, "/cases/"+first.ID+"/assign", url.Values{"assignee": {"me"}, "due": {"2026-11-01T09:00"}}); s != http.StatusSeeOther {
			t.Fatalf("assign: %d", s)
		}
		newest := rets[51]
		if s, _, _ := b.postBody(t, c, "/cases/"+newest.ID+"/assign", url.Values{"assignee": {"me"}}); s != http.StatusSeeOther {
			t.Fatalf("assign: %d", s)
		}

		body := b.mustGet(t, c, "/cases")
		contains(t, body, "53 cases", claim.Number, "Warranty claim", "Siti Rahayu", "INV-52", "1–50 of 53", `rel="next"`)
		lacks(t, body, ">"+first.Number+"<") // the oldest is on page two

		next := between(body, `<span class="pager-links"><a class="btn" href="`, `" rel="next"`)
		body = b.mustGet(t, c, strings.ReplaceAll(next, "&amp;", "&"))
		contains(t, body, first.Number, second.Number, "51–53 of 53", `rel="prev"`)

		for _, tc := range []struct {
			name, query string
			want        []string
			unwanted    []string
		}{
			{"kind", "?kind=warranty_claim", []string{"1 case", claim.Number}, []string{second.Number}},
			{"status", "?status=approved", []string{"1 case", second.Number}, []string{claim.Number}},
			{"mine", "?assignee=mine", []string{"2 cases", first.Number, newest.Number, "You"}, []string{claim.Number, second.Number}},
			{"unassigned", "?assignee=unassigned", []string{claim.Number, rets[50].Number, "Nobody yet"}, []string{">" + newest.Number + "<", "You"}},
			{"overdue", "?overdue=1", []string{"1 case", first.Number, "case-overdue"}, []string{claim.Number}},
			{"number", "?q=" + strings.ToLower(claim.Number), []string{"1 case", claim.Number}, []string{second.Number}},
			{"nothing", "?q=X-9", []string{"No cases match", "0 cases"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				body := b.mustGet(t, c, "/cases"+tc.query)
				contains(t, body, tc.want...)
				lacks(t, body, tc.unwanted...)
			})
		}
	})
}

// TestCaseOtherShop shows that a case of another shop is not found on
// every case address, and not listed.
func TestCaseOtherShop(t *testing.T) {
	t.Parallel()
	b := setupCases(t, storetest.MustOpenSQLite(t))
	rc := b.openReturn(t, b.order, 1)
	other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
	email := "other@" + strings.ToLower(purna.NewID(b.now)) + ".example"
	if _, err := b.auth.CreateUser(context.Background(), other.ID, email, "Agus", password, auth.Owner); err != nil {
		t.Fatal(err)
	}
	c := b.client(t)
	if resp := b.post(t, c, "/login", url.Values{"email": {email}, "password": {password}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	for _, path := range []string{"/cases/" + rc.ID, "/cases/" + rc.ID + "/files/" + purna.NewID(b.now), "/orders/" + b.order.ID} {
		if status, _, _ := b.get(t, c, path); status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, status)
		}
	}
	for path, f := range map[string]url.Values{
		"/cases/" + rc.ID + "/act":         actionForm("approve"),
		"/cases/" + rc.ID + "/notes":       {"text": {"hai"}},
		"/cases/" + rc.ID + "/assign":      {"assignee": {"me"}},
		"/orders/" + b.order.ID + "/cases": {"line": {b.filter.ID}, "kind": {"return"}, "quantity": {"1"}, "reason": {"damaged"}},
	} {
		if status, _, _ := b.postBody(t, c, path, f); status != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", path, status)
		}
	}
	body := b.mustGet(t, c, "/cases")
	lacks(t, body, ">"+rc.Number+"<")
	if got := b.mustCase(t, rc.ID); got.Status != cases.Requested || len(got.Notes) != 1 || got.AssigneeID != nil {
		t.Errorf("case changed: %s, %d notes, assignee %v", got.Status, len(got.Notes), got.AssigneeID)
	}
}

// TestOrderAfterSales shows what each line of an order allows, with the
// reasons in words, and opens a case on a line for the customer.
func TestOrderAfterSales(t *testing.T) {
	t.Parallel()
	b := setupCases(t, storetest.MustOpenSQLite(t))
	c := b.login(t, "en")
	path := "/orders/" + b.order.ID

	body := b.mustGet(t, c, path)
	// Delivered 31 Oct (WIB): returnable for 7 days, in warranty 12 months.
	contains(t, body, "Returns, warranty and service", "Until 7 Nov 2026 (up to 2)", "In warranty until 31 Oct 2027",
		"Open a case for the customer", `value="`+b.filter.ID+`"`)

	status, body, _ := b.postBody(t, c, path+"/cases", url.Values{"line": {b.filter.ID}, "kind": {"return"},
		"quantity": {"1"}, "reason": {""}, "wanted": {"refund"}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("no reason: %d", status)
	}
	contains(t, body, "lines[0].reason: is required", `id="open-problem"`)

	status, _, loc := b.postBody(t, c, path+"/cases", url.Values{"line": {b.filter.ID}, "kind": {"return"},
		"quantity": {"2"}, "reason": {"damaged"}, "wanted": {"refund"}, "note": {"Bocor"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/cases/") {
		t.Fatalf("open: %d → %q", status, loc)
	}
	body = b.mustGet(t, c, loc)
	contains(t, body, "Case opened for the customer.", "Arrived damaged", "Opened by an agent", "Bocor")

	// Both filters are now being returned: the panel says so in words.
	body = b.mustGet(t, c, path)
	contains(t, body, "Every unit is already returned or on its way", "R-1001")
}

// TestCaseStats checks the numbers page against a known set: two filters
// sold and one returned is a 50% return rate.
func TestCaseStats(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupCases(t, d)
		c := b.login(t, "en")
		rc := b.openReturn(t, b.order, 1)
		for _, act := range []url.Values{actionForm("approve"), actionForm("receive", "lines[0].received_quantity", "1",
			"lines[0].condition", "new"), actionForm("resolve", "resolution", "refund", "amount", "25000")} {
			if s, _, _ := b.postBody(t, c, "/cases/"+rc.ID+"/act", act); s != http.StatusSeeOther {
				t.Fatalf("%s: %d", act.Get("action"), s)
			}
		}
		body := b.mustGet(t, c, "/cases/stats?days=30")
		contains(t, body, "After-sales numbers", `aria-current="page">Last 30 days`, "Filter air", "Blender Cosmos",
			`<td class="num strong">50%</td>`, `<td class="num strong">0%</td>`, "Changed my mind", "Rp 25,000",
			`style="width: 100%"`)
		products := between(body, `id="stats-products"`, `</table>`)
		filter := between(products, "Filter air", "</tr>")
		if !strings.Contains(filter, `<td class="num">2</td>`) || !strings.Contains(filter, `<td class="num strong">50%</td>`) {
			t.Errorf("filter row: %s", filter)
		}
		id := b.mustGet(t, b.login(t, "id"), "/cases/stats")
		contains(t, id, "Angka purnajual", "50%", "Berubah pikiran", `aria-current="page">90 hari terakhir`)
	})
}

// TestCasesOff hides the case pages when the app gives no cases.Service.
func TestCasesOff(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	late, _, _ := b.seed(t)
	c := b.login(t, "en")
	for _, path := range []string{"/cases", "/cases/stats", "/cases/" + purna.NewID(b.now)} {
		if status, _, _ := b.get(t, c, path); status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, status)
		}
	}
	body := b.mustGet(t, c, "/orders/"+late.ID)
	lacks(t, body, "after-sales", `href="/cases"`)
}

// TestCaseFiles shows a photo attached to a note as a thumbnail, served to
// the shop's agents only when it is attached to that case.
func TestCaseFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := upload.NewFS(t.TempDir())
	b := setupCases(t, storetest.MustOpenSQLite(t), func(cfg *web.Config) { cfg.Uploads = store })
	rc := b.openReturn(t, b.order, 1)
	put := func(name string) purna.ID {
		t.Helper()
		f, err := os.Open("../upload/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		a, err := upload.Accept(f, "photos", name, "", upload.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		if err := store.Put(ctx, b.shop.ID, a.Blob, a.Open()); err != nil {
			t.Fatal(err)
		}
		return a.Blob.ID
	}
	photo, stray := put("gps.jpg"), put("lossy.webp")
	if _, err := b.cases.AddNote(ctx, b.shop.ID, rc.ID, b.siti, cases.NoteInput{Text: "Fotonya", Attachments: []string{photo}}); err != nil {
		t.Fatal(err)
	}
	c := b.login(t, "en")
	body := b.mustGet(t, c, "/cases/"+rc.ID)
	contains(t, body, `<img class="case-thumb" src="/cases/`+rc.ID+`/files/`+photo+`"`, `enctype="multipart/form-data"`)

	status, _, hdr := b.get(t, c, "/cases/"+rc.ID+"/files/"+photo)
	if status != http.StatusOK || hdr.Get("Content-Type") != "image/jpeg" || hdr.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("photo: %d %s", status, hdr.Get("Content-Type"))
	}
	// A blob of the shop that is not attached to this case is not served.
	if status, _, _ := b.get(t, c, "/cases/"+rc.ID+"/files/"+stray); status != http.StatusNotFound {
		t.Errorf("stray blob: %d, want 404", status)
	}
	// Nor to anyone signed out.
	if status, _, _ := b.get(t, b.client(t), "/cases/"+rc.ID+"/files/"+photo); status != http.StatusSeeOther {
		t.Errorf("signed out: %d, want a redirect to sign in", status)
	}
}
