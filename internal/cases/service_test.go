package cases_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

// clock is a test clock that tests move.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t.UTC(); c.mu.Unlock() }

// testBundle is a Jakarta shop with a blender (serialised, 12-month
// warranty, a service every 180 days) and filters, and Siti's order of one
// blender (serial BL-1) and two filters, delivered on 1 Dec 2026 at 15:00.
// The clock stands at 3 Dec, 10:00.
type testBundle struct {
	d       *db.DB
	store   *sqlstore.Store
	svc     *cases.Service
	orders  *order.Service
	clock   *clock
	shop    *shop.Shop
	order   *order.Order
	blender *order.Line
	filter  *order.Line
	siti    cases.Actor
	agent   cases.Actor
	wib     *time.Location
}

func at(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation(time.DateTime, s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

func setup(t *testing.T, d *db.DB) *testBundle {
	t.Helper()
	ctx := context.Background()
	s := testfix.MustStore(t, d)
	wib, _ := time.LoadLocation("Asia/Jakarta")
	b := &testBundle{d: d, store: s, clock: &clock{}, wib: wib, agent: cases.Agent("api-key")}
	b.clock.Set(at(t, wib, "2026-11-28 09:00:00"))
	b.shop = testfix.Shop(t, s, nil)
	b.svc = cases.NewService(sqlstore.Cases{Store: s}, b.clock)
	b.orders = order.NewService(sqlstore.Orders{Store: s}, b.clock)
	prods := product.NewService(sqlstore.Products{Store: s}, b.clock)
	for _, in := range []product.Input{
		{SKU: "BLND-01", Name: "Blender Cosmos", Price: 45000000, WarrantyMonths: 12, Serialized: true, MaintenanceDays: 180},
		{SKU: "FLTR-02", Name: "Filter air", Price: 2500000},
		{SKU: "BLADE-9", Name: "Blender blade", Price: 900000, SparePartFor: []string{"BLND-01"}},
	} {
		if _, _, err := prods.Save(ctx, b.shop.ID, "IDR", in); err != nil {
			t.Fatal(err)
		}
	}
	b.order = b.mustOrder(t, "INV-1", "siti@example.co.id")
	b.blender, b.filter = b.order.Lines[0], b.order.Lines[1]
	b.siti = cases.Customer(*b.order.CustomerID)
	b.clock.Set(at(t, wib, "2026-12-03 10:00:00"))
	return b
}

// mustOrder ingests a delivered order of one blender and two filters.
func (b *testBundle) mustOrder(t *testing.T, ext, email string) *order.Order {
	t.Helper()
	in := testfix.OrderInput(ext, at(t, b.wib, "2026-11-28 10:00:00"))
	in.Customer = &customer.Input{Email: email, FirstName: "Siti"}
	in.Lines[0].SerialNumbers = []string{"BL-1"}
	delivered := at(t, b.wib, "2026-12-01 15:00:00")
	in.Shipments = []order.ShipmentInput{{TrackingNumber: "JNE-" + ext, Status: order.ShipmentDelivered, DeliveredAt: &delivered}}
	res, err := b.orders.Ingest(context.Background(), b.shop, in)
	if err != nil {
		t.Fatal(err)
	}
	return res.Order
}

func (b *testBundle) count(t *testing.T, q string) int {
	t.Helper()
	var n int
	if err := b.d.Read().QueryRow(context.Background(), q, b.shop.ID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (b *testBundle) eventTypes(t *testing.T) []string {
	t.Helper()
	rows, err := b.d.Read().Query(context.Background(), `SELECT type FROM events WHERE shop_id = $1
		AND (type LIKE 'case.%' OR type LIKE 'return.%' OR type LIKE 'claim.%' OR type LIKE 'repair.%'
		OR type LIKE 'maintenance.%' OR type LIKE 'warranty.%' OR type LIKE 'exchange.%' OR type LIKE 'replacement.%')
		ORDER BY occurred_at, created_at, id`, b.shop.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

func (b *testBundle) openReturn(t *testing.T, qty int64) *cases.Case {
	t.Helper()
	c, err := b.svc.Open(context.Background(), b.shop.ID, b.siti, cases.OpenInput{Kind: cases.Return, OrderID: &b.order.ID,
		Wanted: cases.Refund, Note: "Salah beli",
		Lines: []cases.LineInput{{OrderLineID: b.filter.ID, Quantity: qty, Reason: "changed_mind"}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if purna.ErrorCode(err) != code {
		t.Fatalf("err = %v, want %s", err, code)
	}
}

func wantField(t *testing.T, err error, field, contains string) {
	t.Helper()
	wantCode(t, err, purna.EINVALID)
	msg, ok := purna.ErrorFields(err)[field]
	if !ok || !strings.Contains(msg, contains) {
		t.Fatalf("fields = %v, want %s containing %q", purna.ErrorFields(err), field, contains)
	}
}

func TestReturnFlow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		c := b.openReturn(t, 1)
		if c.Number != "R-1001" || c.Status != cases.Requested || c.Source != cases.SourcePortal || c.Refund.Currency != "IDR" {
			t.Fatalf("opened: %+v", c)
		}

		// A wrong move changes nothing.
		_, err := b.svc.Act(ctx, b.shop.ID, c.ID, b.agent, cases.Receive, cases.ActInput{})
		wantCode(t, err, purna.ECONFLICT)
		if got := purna.ErrorMessage(err); got != "A return that is requested cannot be received; approve it first." {
			t.Errorf("message = %q", got)
		}
		// The customer cannot approve their own return.
		_, err = b.svc.Act(ctx, b.shop.ID, c.ID, b.siti, cases.Approve, cases.ActInput{})
		wantCode(t, err, purna.EFORBIDDEN)

		b.clock.Set(b.clock.Now().Add(time.Hour))
		c, err = b.svc.Act(ctx, b.shop.ID, c.ID, b.agent, cases.Approve, cases.ActInput{Note: "OK"})
		if err != nil {
			t.Fatal(err)
		}
		c, err = b.svc.Act(ctx, b.shop.ID, c.ID, b.siti, cases.SendBack, cases.ActInput{Tracking: "JNE-BACK-1"})
		if err != nil || c.Status != cases.InTransit || c.Tracking != "JNE-BACK-1" {
			t.Fatalf("send back: %v %+v", err, c)
		}
		_, err = b.svc.Act(ctx, b.shop.ID, c.ID, b.agent, cases.Receive, cases.ActInput{Lines: []cases.ReceivedLine{
			{LineID: c.Lines[0].ID, ReceivedQuantity: 2, Condition: cases.Opened}}})
		wantField(t, err, "lines[0].received_quantity", "between 0 and 1")
		c, err = b.svc.Act(ctx, b.shop.ID, c.ID, b.agent, cases.Receive, cases.ActInput{Lines: []cases.ReceivedLine{
			{LineID: c.Lines[0].ID, ReceivedQuantity: 1, Condition: cases.Opened}}})
		if err != nil || c.Lines[0].ReceivedQuantity != 1 || c.Lines[0].Condition != cases.Opened {
			t.Fatalf("receive: %v %+v", err, c)
		}
		// The refund cannot be more than the line cost.
		_, err = b.svc.Act(ctx, b.shop.ID, c.ID, b.agent, cases.Resolve, cases.ActInput{Resolution: cases.Refund, Amount: ptr(int64(2500001))})
		wantField(t, err, "amount", "2500000")
		b.clock.Set(b.clock.Now().Add(47 * time.Hour))
		c, err = b.svc.Act(ctx, b.shop.ID, c.ID, b.agent, cases.Resolve, cases.ActInput{Resolution: cases.Refund, Amount: ptr(int64(2500000))})
		if err != nil || c.Status != cases.Resolved || c.Refund.Amount != 2500000 || c.ResolvedAt == nil || c.Lines[0].RefundAmount != 2500000 {
			t.Fatalf("resolve: %v %+v", err, c)
		}
		c, err = b.svc.Act(ctx, b.shop.ID, c.ID, cases.System, cases.Close, cases.ActInput{})
		if err != nil || c.Status != cases.Closed || c.ClosedAt == nil || c.Seq != 6 {
			t.Fatalf("close: %v %+v", err, c)
		}

		want := "case.opened return.requested return.approved return.sent_back return.received return.resolved case.closed"
		if got := strings.Join(b.eventTypes(t), " "); got != want {
			t.Errorf("timeline:\n got %s\nwant %s", got, want)
		}
		det, err := b.svc.FindByID(ctx, b.shop.ID, b.agent, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(det.History) != 6 || det.History[1].From != cases.Requested || det.History[1].To != cases.Approved ||
			det.History[1].Actor.Role != cases.RoleAgent || det.History[1].Note != "OK" {
			t.Errorf("history: %+v", det.History)
		}
		// The agent's note stays internal.
		det, err = b.svc.FindByID(ctx, b.shop.ID, b.siti, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(det.History) != 6 || det.History[1].Note != "" {
			t.Errorf("customer's history: %+v", det.History[1])
		}
		if len(det.Notes) != 1 || det.Notes[0].Text != "Salah beli" {
			t.Errorf("notes: %+v", det.Notes)
		}

		// The returned filter is no longer returnable; the other one is.
		items, err := b.svc.Eligibility(ctx, b.shop.ID, b.siti, b.order.ID)
		if err != nil {
			t.Fatal(err)
		}
		if it := items[1]; it.Return.Quantity != 1 || !it.Return.Allowed {
			t.Errorf("filter after return: %+v", it.Return)
		}
		st, err := b.svc.Stats(ctx, b.shop.ID, b.clock.Now().AddDate(0, -1, 0), b.clock.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		var filter cases.ProductStats
		for _, p := range st.Products {
			if p.Name == "Filter air" {
				filter = p
			}
		}
		if filter.Sold != 2 || filter.Returned != 1 || filter.ReturnRate != 0.5 || filter.RefundCost != 2500000 {
			t.Errorf("stats: %+v", st.Products)
		}
		if len(st.Reasons) != 1 || st.Reasons[0].Reason != "changed_mind" || st.Reasons[0].Share != 1 {
			t.Errorf("reasons: %+v", st.Reasons)
		}
		if st.Kinds[0].Kind != cases.Return || st.Kinds[0].Resolved != 1 || st.Kinds[0].MedianHours != 48 {
			t.Errorf("kinds: %+v", st.Kinds)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestOpenRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		ret := func(l cases.LineInput) cases.OpenInput {
			return cases.OpenInput{Kind: cases.Return, OrderID: &b.order.ID, Lines: []cases.LineInput{l}}
		}
		tests := []struct {
			name  string
			now   string // Jakarta wall time; empty keeps 3 Dec
			actor cases.Actor
			in    func() cases.OpenInput
			field string
			msg   string
		}{
			{"OverQuantity", "", b.siti, func() cases.OpenInput {
				return ret(cases.LineInput{OrderLineID: b.filter.ID, Quantity: 3, Reason: "damaged"})
			}, "lines[0].quantity", "at most 2"},
			{"LastDayOfWindow", "2026-12-08 23:59:59", b.siti, func() cases.OpenInput {
				return ret(cases.LineInput{OrderLineID: b.filter.ID, Quantity: 3, Reason: "damaged"})
			}, "lines[0].quantity", "at most 2"},
			{"PastWindow", "2026-12-09 00:00:00", b.siti, func() cases.OpenInput {
				return ret(cases.LineInput{OrderLineID: b.filter.ID, Quantity: 1, Reason: "damaged"})
			}, "lines[0].order_line_id", "closed on 2026-12-08"},
			{"UnknownReason", "", b.siti, func() cases.OpenInput {
				return ret(cases.LineInput{OrderLineID: b.filter.ID, Quantity: 1, Reason: "bored"})
			}, "lines[0].reason", "must be one of"},
			{"NotALineOfTheOrder", "", b.agent, func() cases.OpenInput {
				return ret(cases.LineInput{OrderLineID: "01JXXXXXXXXXXXXXXXXXXXXXXX", Quantity: 1, Reason: "damaged"})
			}, "lines[0].order_line_id", "not a line"},
			{"WrongSerial", "", b.siti, func() cases.OpenInput {
				return cases.OpenInput{Kind: cases.WarrantyClaim, OrderID: &b.order.ID,
					Lines: []cases.LineInput{{OrderLineID: b.blender.ID, Quantity: 1, SerialNumber: "BL-999"}}}
			}, "lines[0].serial_number", "does not match"},
			{"ClaimWithoutWarranty", "", b.siti, func() cases.OpenInput {
				return cases.OpenInput{Kind: cases.WarrantyClaim, OrderID: &b.order.ID,
					Lines: []cases.LineInput{{OrderLineID: b.filter.ID, Quantity: 1}}}
			}, "lines[0].order_line_id", "no warranty"},
			{"WantedNotOffered", "", b.siti, func() cases.OpenInput {
				in := ret(cases.LineInput{OrderLineID: b.filter.ID, Quantity: 1, Reason: "damaged"})
				in.Wanted = cases.StoreCredit
				return in
			}, "wanted", "not offered"},
			{"AnotherCustomer", "", b.agent, func() cases.OpenInput {
				in := ret(cases.LineInput{OrderLineID: b.filter.ID, Quantity: 1, Reason: "damaged"})
				in.CustomerID = "01JXXXXXXXXXXXXXXXXXXXXXXX"
				return in
			}, "customer_id", "not the order's customer"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				if tc.now != "" {
					b.clock.Set(at(t, b.wib, tc.now))
					defer b.clock.Set(at(t, b.wib, "2026-12-03 10:00:00"))
				}
				_, err := b.svc.Open(ctx, b.shop.ID, tc.actor, tc.in())
				wantField(t, err, tc.field, tc.msg)
			})
		}
		if n := b.count(t, `SELECT COUNT(*) FROM cases WHERE shop_id = $1`); n != 0 {
			t.Errorf("cases stored: %d", n)
		}
		if n := b.count(t, `SELECT COUNT(*) FROM events WHERE shop_id = $1 AND type LIKE 'case.%'`); n != 0 {
			t.Errorf("events stored: %d", n)
		}

		t.Run("DoubleSubmit", func(t *testing.T) {
			first := b.openReturn(t, 1)
			in := ret(cases.LineInput{OrderLineID: b.filter.ID, Quantity: 1, Reason: "damaged"})
			_, err := b.svc.Open(ctx, b.shop.ID, b.siti, in)
			wantCode(t, err, purna.ECONFLICT)
			if !strings.Contains(purna.ErrorMessage(err), first.Number) {
				t.Errorf("message %q does not name %s", purna.ErrorMessage(err), first.Number)
			}
			// Once it is rejected, the customer may ask again.
			if _, err := b.svc.Act(ctx, b.shop.ID, first.ID, b.agent, cases.Reject,
				cases.ActInput{CustomerReason: "Beyond the window."}); err != nil {
				t.Fatal(err)
			}
			again, err := b.svc.Open(ctx, b.shop.ID, b.siti, in)
			if err != nil || again.Number != "R-1002" {
				t.Fatalf("after rejection: %v %+v", err, again)
			}
		})

		t.Run("CancelledOrder", func(t *testing.T) {
			o := b.mustOrder(t, "INV-C", "budi@example.co.id")
			cancelled := b.clock.Now()
			if _, err := b.orders.Update(ctx, b.shop, o.ID, order.Update{CancelledAt: &cancelled}); err != nil {
				t.Fatal(err)
			}
			_, err := b.svc.Open(ctx, b.shop.ID, b.agent, cases.OpenInput{Kind: cases.Return, OrderID: &o.ID,
				Lines: []cases.LineInput{{OrderLineID: o.Lines[1].ID, Quantity: 1, Reason: "damaged"}}})
			wantField(t, err, "lines[0].order_line_id", "cancelled")
		})
	})
}

func TestWarranty(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		_, err := b.svc.Register(ctx, b.shop.ID, b.siti, cases.RegisterInput{OrderID: &b.order.ID, OrderLineID: &b.blender.ID, SerialNumber: "BL-2"})
		wantField(t, err, "serial_number", "does not match")
		reg, err := b.svc.Register(ctx, b.shop.ID, b.siti, cases.RegisterInput{OrderID: &b.order.ID, OrderLineID: &b.blender.ID, SerialNumber: "BL-1"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = b.svc.Register(ctx, b.shop.ID, b.agent, cases.RegisterInput{OrderID: &b.order.ID, OrderLineID: &b.blender.ID, SerialNumber: "BL-1"})
		wantCode(t, err, purna.ECONFLICT)

		items, err := b.svc.Eligibility(ctx, b.shop.ID, b.siti, b.order.ID)
		if err != nil {
			t.Fatal(err)
		}
		if w := items[0].Warranty; !w.Active || w.Until == nil || w.Until.Date != "2027-12-01" || !w.ClaimAllowed {
			t.Errorf("warranty after registration %s: %+v", reg.ID, w)
		}
		if m := items[0].Maintenance; !m.Scheduled || m.Due == nil || m.Due.Date != "2027-05-30" {
			t.Errorf("maintenance: %+v", m)
		}

		// A claim on the registered unit, approved and resolved by a
		// replacement: the new unit has its own eligibility.
		claim, err := b.svc.Open(ctx, b.shop.ID, b.siti, cases.OpenInput{Kind: cases.WarrantyClaim, OrderID: &b.order.ID,
			Note: "Motor mati", Lines: []cases.LineInput{{OrderLineID: b.blender.ID, Quantity: 1, SerialNumber: "BL-1"}}})
		if err != nil || claim.Number != "W-1001" || claim.Status != cases.Submitted {
			t.Fatalf("claim: %v %+v", err, claim)
		}
		for _, act := range []cases.Action{cases.Approve, cases.Ship} {
			if claim, err = b.svc.Act(ctx, b.shop.ID, claim.ID, b.agent, act, cases.ActInput{}); err != nil {
				t.Fatalf("%s: %v", act, err)
			}
		}
		claim, err = b.svc.Act(ctx, b.shop.ID, claim.ID, b.agent, cases.Resolve, cases.ActInput{Resolution: cases.ReplacementDone})
		if err != nil || len(claim.Replacements) != 1 || claim.Lines[0].CostAmount != 45000000 {
			t.Fatalf("resolve claim: %v %+v", err, claim)
		}
		items, err = b.svc.Eligibility(ctx, b.shop.ID, b.agent, b.order.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 3 || items[2].ReplacesLineID != b.blender.ID {
			t.Errorf("items after replacement: %+v", items)
		}

		// Bought elsewhere, with a receipt dated 1 Nov 2026.
		_, err = b.svc.Register(ctx, b.shop.ID, b.siti, cases.RegisterInput{ProductID: b.blender.ProductID, SerialNumber: "MKT-7"})
		wantField(t, err, "purchased_at", "required")
		bought := at(t, b.wib, "2026-11-01 12:00:00")
		else1, err := b.svc.Register(ctx, b.shop.ID, b.siti, cases.RegisterInput{ProductID: b.blender.ProductID,
			SerialNumber: "MKT-7", PurchasedAt: &bought, ProofBlobID: "upl_123"})
		if err != nil || else1.OrderID != nil || else1.CustomerID != b.siti.ID {
			t.Fatalf("bought elsewhere: %v %+v", err, else1)
		}
		mine, err := b.svc.RegisteredItems(ctx, b.shop.ID, b.siti, b.siti.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 1 || mine[0].RegistrationID != else1.ID || mine[0].Warranty.Until == nil ||
			mine[0].Warranty.Until.Date != "2027-11-01" || mine[0].Return.Allowed {
			t.Errorf("items bought elsewhere: %+v", mine)
		}
		// A claim on it needs no order.
		c, err := b.svc.Open(ctx, b.shop.ID, b.siti, cases.OpenInput{Kind: cases.WarrantyClaim,
			Lines: []cases.LineInput{{RegistrationID: else1.ID, Quantity: 1}}})
		if err != nil || c.OrderID != nil || *c.Lines[0].RegistrationID != else1.ID {
			t.Fatalf("claim on item bought elsewhere: %v %+v", err, c)
		}
		want := "warranty.registered case.opened claim.submitted claim.approved claim.shipped claim.resolved warranty.registered case.opened claim.submitted"
		if got := strings.Join(b.eventTypes(t), " "); got != want {
			t.Errorf("timeline:\n got %s\nwant %s", got, want)
		}
	})
}

func TestRepair(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		open := func() *cases.Case {
			c, err := b.svc.Open(ctx, b.shop.ID, b.agent, cases.OpenInput{Kind: cases.Repair, OrderID: &b.order.ID,
				Lines: []cases.LineInput{{OrderLineID: b.blender.ID, Quantity: 1, SerialNumber: "BL-1"}}})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		act := func(c *cases.Case, who cases.Actor, a cases.Action, in cases.ActInput) *cases.Case {
			t.Helper()
			c, err := b.svc.Act(ctx, b.shop.ID, c.ID, who, a, in)
			if err != nil {
				t.Fatalf("%s: %v", a, err)
			}
			return c
		}
		// In warranty: free, no quote.
		c := open()
		if c.Repair == nil || !c.Repair.InWarranty {
			t.Fatalf("repair order: %+v", c.Repair)
		}
		c = act(c, b.agent, cases.Receive, cases.ActInput{})
		c = act(c, b.agent, cases.Diagnose, cases.ActInput{Repair: &cases.RepairInput{Diagnosis: "Motor burnt"}})
		_, err := b.svc.Act(ctx, b.shop.ID, c.ID, b.agent, cases.Quote, cases.ActInput{Repair: &cases.RepairInput{LabourMinutes: 30, LabourRate: 6000000}})
		wantCode(t, err, purna.ECONFLICT)
		c = act(c, b.agent, cases.RepairAction, cases.ActInput{Repair: &cases.RepairInput{
			Parts: []cases.Part{{Name: "Motor", Quantity: 1, UnitPrice: 12000000}}, LabourMinutes: 30, LabourRate: 6000000}})
		if c.Repair.Total != 0 || c.Repair.Cost != 15000000 || c.Lines[0].CostAmount != 15000000 {
			t.Errorf("free repair: %+v", c.Repair)
		}
		c = act(c, b.agent, cases.ReturnToCustomer, cases.ActInput{})
		c = act(c, b.agent, cases.Close, cases.ActInput{})

		// Out of warranty, a year and a half later: quoted, and the
		// customer declines.
		b.clock.Set(at(t, b.wib, "2028-06-01 10:00:00"))
		c = open()
		if c.Repair.InWarranty {
			t.Fatal("repair after the warranty is in warranty")
		}
		c = act(c, b.agent, cases.Receive, cases.ActInput{})
		c = act(c, b.agent, cases.Diagnose, cases.ActInput{Repair: &cases.RepairInput{Diagnosis: "Worn blade"}})
		_, err = b.svc.Act(ctx, b.shop.ID, c.ID, b.agent, cases.RepairAction, cases.ActInput{})
		wantCode(t, err, purna.ECONFLICT)
		c = act(c, b.agent, cases.Quote, cases.ActInput{Repair: &cases.RepairInput{
			Parts: []cases.Part{{Name: "Blade", Quantity: 1, UnitPrice: 900000}}, LabourMinutes: 15, LabourRate: 6000000}})
		if c.Repair.Total != 2400000 || c.Status != cases.Quoted {
			t.Errorf("quote: %+v", c.Repair)
		}
		other := b.mustOrder(t, "INV-2", "budi@example.co.id")
		budi := cases.Customer(*other.CustomerID)
		_, err = b.svc.Act(ctx, b.shop.ID, c.ID, budi, cases.AcceptQuote, cases.ActInput{})
		wantCode(t, err, purna.ENOTFOUND)
		c = act(c, b.siti, cases.DeclineQuote, cases.ActInput{})
		c = act(c, b.agent, cases.ReturnToCustomer, cases.ActInput{})
		if c.Status != cases.ReturnedToCustomer {
			t.Errorf("status = %s", c.Status)
		}
	})
}

func TestMaintenance(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		pol, err := b.svc.Policies().Get(ctx, b.shop.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pol.Returns.WindowDays != 7 {
			t.Errorf("default policy for Indonesia: %+v", pol.Returns)
		}
		pol.Maintenance.Locations = []policyLocation{{Name: "Bengkel Kemang", Slots: []policySlot{{Weekday: 1, Start: "09:00", End: "12:00", Capacity: 2}}}}
		if _, err := b.svc.Policies().Put(ctx, b.shop.ID, *pol); err != nil {
			t.Fatal(err)
		}
		book := func(when string) (*cases.Case, error) {
			return b.svc.Open(ctx, b.shop.ID, b.siti, cases.OpenInput{Kind: cases.Maintenance, OrderID: &b.order.ID,
				Booking: &cases.Booking{Location: "Bengkel Kemang", StartsAt: at(t, b.wib, when)},
				Lines:   []cases.LineInput{{OrderLineID: b.blender.ID, Quantity: 1}}})
		}
		_, err = book("2026-12-08 10:00:00") // a Tuesday
		wantField(t, err, "booking.starts_at", "service hours")
		c, err := book("2026-12-07 10:00:00") // a Monday
		if err != nil || c.Number != "M-1001" || c.Status != cases.Booked {
			t.Fatalf("book: %v %+v", err, c)
		}
		c, err = b.svc.Act(ctx, b.shop.ID, c.ID, b.siti, cases.Reschedule, cases.ActInput{
			Booking: &cases.Booking{Location: "Bengkel Kemang", StartsAt: at(t, b.wib, "2026-12-14 09:00:00")}})
		if err != nil || !c.Booking.StartsAt.Equal(at(t, b.wib, "2026-12-14 09:00:00")) {
			t.Fatalf("reschedule: %v %+v", err, c)
		}
		b.clock.Set(at(t, b.wib, "2026-12-14 10:00:00"))
		if c, err = b.svc.Act(ctx, b.shop.ID, c.ID, b.agent, cases.Complete, cases.ActInput{}); err != nil {
			t.Fatal(err)
		}
		items, err := b.svc.Eligibility(ctx, b.shop.ID, b.siti, b.order.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m := items[0].Maintenance; m.Service != 2 || m.Due == nil || m.Due.Date != "2027-06-12" {
			t.Errorf("after the first service: %+v", m)
		}
	})
}

func TestAccess(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		c := b.openReturn(t, 1)
		other := b.mustOrder(t, "INV-2", "budi@example.co.id")
		budi := cases.Customer(*other.CustomerID)
		otherShop := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})

		calls := map[string]func() error{
			"FindByIDOtherCustomer": func() error { _, err := b.svc.FindByID(ctx, b.shop.ID, budi, c.ID); return err },
			"ActOtherCustomer": func() error {
				_, err := b.svc.Act(ctx, b.shop.ID, c.ID, budi, cases.Cancel, cases.ActInput{})
				return err
			},
			"NoteOtherCustomer": func() error {
				_, err := b.svc.AddNote(ctx, b.shop.ID, c.ID, budi, cases.NoteInput{Text: "hi"})
				return err
			},
			"EligibilityOtherCustomer": func() error { _, err := b.svc.Eligibility(ctx, b.shop.ID, budi, b.order.ID); return err },
			"OpenOnOtherCustomersOrder": func() error {
				_, err := b.svc.Open(ctx, b.shop.ID, budi, cases.OpenInput{Kind: cases.Return, OrderID: &b.order.ID,
					Lines: []cases.LineInput{{OrderLineID: b.filter.ID, Quantity: 1, Reason: "damaged"}}})
				return err
			},
			"RegisterOnOtherCustomersOrder": func() error {
				_, err := b.svc.Register(ctx, b.shop.ID, budi, cases.RegisterInput{OrderID: &b.order.ID, OrderLineID: &b.blender.ID, SerialNumber: "BL-1"})
				return err
			},
			"RegisteredItemsOtherCustomer": func() error { _, err := b.svc.RegisteredItems(ctx, b.shop.ID, budi, b.siti.ID); return err },
			"FindByIDOtherShop":            func() error { _, err := b.svc.FindByID(ctx, otherShop.ID, b.agent, c.ID); return err },
			"ActOtherShop": func() error {
				_, err := b.svc.Act(ctx, otherShop.ID, c.ID, b.agent, cases.Approve, cases.ActInput{})
				return err
			},
			"EligibilityOtherShop": func() error { _, err := b.svc.Eligibility(ctx, otherShop.ID, b.agent, b.order.ID); return err },
		}
		for name, call := range calls {
			t.Run(name, func(t *testing.T) { wantCode(t, call(), purna.ENOTFOUND) })
		}
		page, err := b.svc.Find(ctx, budi, cases.Filter{ShopID: b.shop.ID})
		if err != nil || page.Total != 0 || len(page.Items) != 0 {
			t.Errorf("budi's list: %v %+v", err, page)
		}
		page, err = b.svc.Find(ctx, b.agent, cases.Filter{ShopID: otherShop.ID})
		if err != nil || page.Total != 0 {
			t.Errorf("other shop's list: %v %+v", err, page)
		}
		got, err := b.svc.FindByID(ctx, b.shop.ID, b.siti, c.ID)
		if err != nil || got.Status != cases.Requested {
			t.Errorf("case after refused calls: %v %+v", err, got)
		}
		// Internal notes stay internal.
		if _, err := b.svc.AddNote(ctx, b.shop.ID, c.ID, b.agent, cases.NoteInput{Text: "Pelanggan sering retur"}); err != nil {
			t.Fatal(err)
		}
		mine, _ := b.svc.FindByID(ctx, b.shop.ID, b.siti, c.ID)
		theirs, _ := b.svc.FindByID(ctx, b.shop.ID, b.agent, c.ID)
		if len(mine.Notes) != 1 || len(theirs.Notes) != 2 {
			t.Errorf("notes: customer sees %d, agent %d", len(mine.Notes), len(theirs.Notes))
		}
	})
}

func TestFind(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		r := b.openReturn(t, 1)
		claim, err := b.svc.Open(ctx, b.shop.ID, b.agent, cases.OpenInput{Kind: cases.WarrantyClaim, OrderID: &b.order.ID,
			Lines: []cases.LineInput{{OrderLineID: b.blender.ID, Quantity: 1, SerialNumber: "BL-1"}}})
		if err != nil {
			t.Fatal(err)
		}
		due := b.clock.Now().Add(time.Hour)
		if _, err := b.svc.Assign(ctx, b.shop.ID, claim.ID, b.agent, cases.AssignInput{DueAt: &due}); err != nil {
			t.Fatal(err)
		}
		_, err = b.svc.Assign(ctx, b.shop.ID, claim.ID, b.agent, cases.AssignInput{AssigneeID: ptr("01JXXXXXXXXXXXXXXXXXXXXXXX")})
		wantField(t, err, "assignee_id", "not a user")
		_, err = b.svc.Assign(ctx, b.shop.ID, claim.ID, b.siti, cases.AssignInput{DueAt: &due})
		wantCode(t, err, purna.EFORBIDDEN)

		page, err := b.svc.Find(ctx, b.agent, cases.Filter{ShopID: b.shop.ID, Limit: 1})
		if err != nil || page.Total != 2 || len(page.Items) != 1 || page.Items[0].ID != claim.ID || page.Next == "" {
			t.Fatalf("first page: %v %+v", err, page)
		}
		page, err = b.svc.Find(ctx, b.agent, cases.Filter{ShopID: b.shop.ID, Limit: 1, Cursor: page.Next})
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != r.ID || page.Next != "" || len(page.Items[0].Lines) != 1 {
			t.Fatalf("second page: %v %+v", err, page)
		}
		kind := cases.WarrantyClaim
		for name, f := range map[string]cases.Filter{
			"Kind":   {Kind: &kind},
			"Number": {Query: "w-10"},
		} {
			f.ShopID = b.shop.ID
			page, err := b.svc.Find(ctx, b.agent, f)
			if err != nil || page.Total != 1 || page.Items[0].ID != claim.ID {
				t.Errorf("%s: %v %+v", name, err, page)
			}
		}
		b.clock.Set(due.Add(time.Minute))
		page, err = b.svc.Find(ctx, b.agent, cases.Filter{ShopID: b.shop.ID, Overdue: true})
		if err != nil || page.Total != 1 || page.Items[0].ID != claim.ID {
			t.Errorf("overdue: %v %+v", err, page)
		}
	})
}

type (
	policyLocation = policy.Location
	policySlot     = policy.Slot
)
