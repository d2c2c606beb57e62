package cases_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/storetest"
)

// eventData returns the data of the shop's last event of type ty.
func (b *testBundle) eventData(t *testing.T, ty string) map[string]any {
	t.Helper()
	var text string
	err := b.d.Read().QueryRow(context.Background(), `SELECT data FROM events WHERE shop_id = $1 AND type = $2
		ORDER BY occurred_at DESC, id DESC LIMIT 1`, b.shop.ID, ty).Scan(&text)
	if err != nil {
		t.Fatalf("event %s: %v", ty, err)
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(text), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestReject(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		c := b.openReturn(t, 1)
		for _, tc := range []struct {
			name, field string
			in          cases.ActInput
		}{
			{"NoReason", "customer_reason", cases.ActInput{Note: "Looks used"}},
			{"BlankReason", "customer_reason", cases.ActInput{CustomerReason: "  "}},
			{"LongReason", "customer_reason", cases.ActInput{CustomerReason: strings.Repeat("x", 2001)}},
		} {
			_, err := b.svc.Act(ctx, b.shop.ID, c.ID, b.agent, cases.Reject, tc.in)
			if msg := purna.ErrorFields(err)[tc.field]; purna.ErrorCode(err) != purna.EINVALID || msg == "" {
				t.Errorf("%s: %v, want a %s problem", tc.name, err, tc.field)
			}
		}
		if n := b.count(t, `SELECT COUNT(*) FROM case_events WHERE shop_id = $1`); n != 1 {
			t.Errorf("history rows after refusals: %d", n)
		}

		c, err := b.svc.Act(ctx, b.shop.ID, c.ID, b.agent, cases.Reject,
			cases.ActInput{Note: "Box torn, seal broken", CustomerReason: " The seal is broken, so we cannot take it back. "})
		if err != nil || c.Status != cases.Rejected {
			t.Fatalf("reject: %v %+v", err, c)
		}
		data := b.eventData(t, "return.rejected")
		if data["reason"] != "The seal is broken, so we cannot take it back." {
			t.Errorf("event reason = %v", data["reason"])
		}
		if strings.Contains(fmt.Sprint(data), "Box torn") {
			t.Errorf("the internal note reached the event: %v", data)
		}
		for _, tc := range []struct {
			name     string
			actor    cases.Actor
			wantNote string
		}{
			{"Agent", b.agent, "Box torn, seal broken"},
			{"Customer", b.siti, ""},
		} {
			det, err := b.svc.FindByID(ctx, b.shop.ID, tc.actor, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			h := det.History[len(det.History)-1]
			if h.Action != cases.Reject || h.Note != tc.wantNote ||
				h.CustomerReason != "The seal is broken, so we cannot take it back." {
				t.Errorf("%s sees %+v", tc.name, h)
			}
		}
	})
}

func TestShipTracking(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		claim, err := b.svc.Open(ctx, b.shop.ID, b.siti, cases.OpenInput{Kind: cases.WarrantyClaim, OrderID: &b.order.ID,
			Lines: []cases.LineInput{{OrderLineID: b.blender.ID, Quantity: 1, SerialNumber: "BL-1"}}})
		if err != nil {
			t.Fatal(err)
		}
		if claim, err = b.svc.Act(ctx, b.shop.ID, claim.ID, b.agent, cases.Approve, cases.ActInput{}); err != nil {
			t.Fatal(err)
		}
		_, err = b.svc.Act(ctx, b.shop.ID, claim.ID, b.agent, cases.Ship, cases.ActInput{Tracking: strings.Repeat("9", 101)})
		wantField(t, err, "tracking", "longer than 100")

		claim, err = b.svc.Act(ctx, b.shop.ID, claim.ID, b.agent, cases.Ship,
			cases.ActInput{Tracking: " JNE-OUT-7 ", Note: "Sent from the Kemang store"})
		if err != nil || len(claim.Replacements) != 1 || claim.Replacements[0].Tracking != "JNE-OUT-7" || claim.Tracking != "" {
			t.Fatalf("ship: %v %+v", err, claim)
		}
		got, err := b.svc.FindByID(ctx, b.shop.ID, b.siti, claim.ID)
		if err != nil || got.Replacements[0].Tracking != "JNE-OUT-7" {
			t.Errorf("stored: %v %+v", err, got.Replacements)
		}
		data := b.eventData(t, "claim.shipped")
		if data["tracking"] != "JNE-OUT-7" || data["reason"] != nil {
			t.Errorf("event data: %v", data)
		}
	})
}

func TestSendBackTrackingInEvent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		c := b.openReturn(t, 1)
		if _, err := b.svc.Act(ctx, b.shop.ID, c.ID, b.agent, cases.Approve, cases.ActInput{}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.svc.Act(ctx, b.shop.ID, c.ID, b.siti, cases.SendBack, cases.ActInput{Tracking: "JNE-BACK-2"}); err != nil {
			t.Fatal(err)
		}
		if data := b.eventData(t, "return.sent_back"); data["tracking"] != "JNE-BACK-2" {
			t.Errorf("event data: %v", data)
		}
	})
}

func TestResolutionsFor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind cases.Kind
		want []cases.Resolution
	}{
		{cases.Return, []cases.Resolution{cases.Refund, cases.StoreCredit, cases.ExchangeDone, cases.ReplacementDone}},
		{cases.Exchange, []cases.Resolution{cases.ExchangeDone, cases.Refund, cases.StoreCredit}},
		{cases.Replacement, []cases.Resolution{cases.ReplacementDone, cases.Refund, cases.StoreCredit}},
		{cases.WarrantyClaim, []cases.Resolution{cases.Repaired, cases.ReplacementDone, cases.Refund, cases.StoreCredit, cases.ExchangeDone}},
		{cases.Repair, nil},
		{cases.Maintenance, nil},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			t.Parallel()
			got := cases.ResolutionsFor(tc.kind)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if len(got) > 0 {
				got[0] = "changed"
				if cases.ResolutionsFor(tc.kind)[0] == "changed" {
					t.Error("the caller changed the service's list")
				}
			}
		})
	}
}

// TestSlotCapacity fills Monday 10:00 at Bengkel Kemang, whose slot takes
// two bookings, with four customers' blenders.
func TestSlotCapacity(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		pol, err := b.svc.Policies().Get(ctx, b.shop.ID)
		if err != nil {
			t.Fatal(err)
		}
		pol.Maintenance.Locations = []policyLocation{
			{Name: "Bengkel Kemang", Slots: []policySlot{{Weekday: 1, Start: "09:00", End: "12:00", Capacity: 2}}},
			{Name: "Bengkel Depok", Slots: []policySlot{{Weekday: 1, Start: "09:00", End: "12:00", Capacity: 1}}},
		}
		if _, err := b.svc.Policies().Put(ctx, b.shop.ID, *pol); err != nil {
			t.Fatal(err)
		}
		b.clock.Set(at(t, b.wib, "2026-11-28 09:00:00"))
		type customer struct {
			actor cases.Actor
			order purna.ID
			line  purna.ID
		}
		custs := []customer{{b.siti, b.order.ID, b.blender.ID}}
		for i := range 3 {
			o := b.mustOrder(t, fmt.Sprintf("INV-%d", i+2), fmt.Sprintf("c%d@example.co.id", i+2))
			custs = append(custs, customer{cases.Customer(*o.CustomerID), o.ID, o.Lines[0].ID})
		}
		b.clock.Set(at(t, b.wib, "2026-12-03 10:00:00"))
		book := func(c customer, where, when string) (*cases.Case, error) {
			return b.svc.Open(ctx, b.shop.ID, c.actor, cases.OpenInput{Kind: cases.Maintenance, OrderID: &c.order,
				Booking: &cases.Booking{Location: where, StartsAt: at(t, b.wib, when)},
				Lines:   []cases.LineInput{{OrderLineID: c.line, Quantity: 1}}})
		}
		const full = "is fully booked; choose another time"
		first, err := book(custs[0], "Bengkel Kemang", "2026-12-07 10:00:00")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := book(custs[1], "Bengkel Kemang", "2026-12-07 10:00:00"); err != nil {
			t.Fatal(err)
		}
		stored := b.count(t, `SELECT COUNT(*) FROM cases WHERE shop_id = $1`)
		for _, tc := range []struct {
			name, where, when, wantErr string
		}{
			{"Full", "Bengkel Kemang", "2026-12-07 10:00:00", full},
			{"OtherTime", "Bengkel Kemang", "2026-12-07 10:30:00", ""},
			{"OtherLocation", "Bengkel Depok", "2026-12-07 10:00:00", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c, err := book(custs[2], tc.where, tc.when)
				if tc.wantErr != "" {
					if got := purna.ErrorFields(err)["booking.starts_at"]; purna.ErrorCode(err) != purna.EINVALID || got != tc.wantErr {
						t.Fatalf("err = %v, want booking.starts_at %q", err, tc.wantErr)
					}
					if n := b.count(t, `SELECT COUNT(*) FROM cases WHERE shop_id = $1`); n != stored {
						t.Errorf("cases stored after a refusal: %d, want %d", n, stored)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				// Give the place back for the next case.
				if _, err := b.svc.Act(ctx, b.shop.ID, c.ID, custs[2].actor, cases.Cancel, cases.ActInput{}); err != nil {
					t.Fatal(err)
				}
				stored++
			})
		}

		taken, err := b.svc.SlotsTaken(ctx, b.shop.ID, "Bengkel Kemang", at(t, b.wib, "2026-12-07 00:00:00"),
			at(t, b.wib, "2026-12-08 00:00:00"))
		if err != nil || len(taken) != 1 || taken[0].Booked != 2 || !taken[0].StartsAt.Equal(at(t, b.wib, "2026-12-07 10:00:00")) {
			t.Errorf("slots taken: %v %+v", err, taken)
		}

		// Rescheduling into the full time is refused; to the time a case
		// holds already it is not.
		third, err := book(custs[2], "Bengkel Kemang", "2026-12-14 10:00:00")
		if err != nil {
			t.Fatal(err)
		}
		_, err = b.svc.Act(ctx, b.shop.ID, third.ID, custs[2].actor, cases.Reschedule,
			cases.ActInput{Booking: &cases.Booking{Location: "Bengkel Kemang", StartsAt: at(t, b.wib, "2026-12-07 10:00:00")}})
		wantField(t, err, "booking.starts_at", full)
		if _, err := b.svc.Act(ctx, b.shop.ID, first.ID, custs[0].actor, cases.Reschedule,
			cases.ActInput{Booking: &cases.Booking{Location: "Bengkel Kemang", StartsAt: at(t, b.wib, "2026-12-07 10:00:00")}}); err != nil {
			t.Errorf("reschedule to its own time: %v", err)
		}

		// A cancelled booking frees its place.
		if _, err := b.svc.Act(ctx, b.shop.ID, first.ID, custs[0].actor, cases.Cancel, cases.ActInput{}); err != nil {
			t.Fatal(err)
		}
		if _, err := b.svc.Act(ctx, b.shop.ID, third.ID, custs[2].actor, cases.Reschedule,
			cases.ActInput{Booking: &cases.Booking{Location: "Bengkel Kemang", StartsAt: at(t, b.wib, "2026-12-07 10:00:00")}}); err != nil {
			t.Errorf("reschedule after a cancellation: %v", err)
		}
	})
}

// TestSlotRace has three customers book the last two places at once:
// exactly two get one.
func TestSlotRace(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		pol, err := b.svc.Policies().Get(ctx, b.shop.ID)
		if err != nil {
			t.Fatal(err)
		}
		pol.Maintenance.Locations = []policyLocation{
			{Name: "Bengkel Kemang", Slots: []policySlot{{Weekday: 1, Start: "09:00", End: "12:00", Capacity: 2}}}}
		if _, err := b.svc.Policies().Put(ctx, b.shop.ID, *pol); err != nil {
			t.Fatal(err)
		}
		b.clock.Set(at(t, b.wib, "2026-11-28 09:00:00"))
		ins := []cases.OpenInput{}
		actors := []cases.Actor{}
		for i := range 3 {
			o := b.mustOrder(t, fmt.Sprintf("RACE-%d", i), fmt.Sprintf("r%d@example.co.id", i))
			actors = append(actors, cases.Customer(*o.CustomerID))
			ins = append(ins, cases.OpenInput{Kind: cases.Maintenance, OrderID: &o.ID,
				Booking: &cases.Booking{Location: "Bengkel Kemang", StartsAt: at(t, b.wib, "2026-12-07 10:00:00")},
				Lines:   []cases.LineInput{{OrderLineID: o.Lines[0].ID, Quantity: 1}}})
		}
		b.clock.Set(at(t, b.wib, "2026-12-03 10:00:00"))
		errs := make([]error, len(ins))
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range ins {
			wg.Go(func() {
				<-start
				_, errs[i] = b.svc.Open(ctx, b.shop.ID, actors[i], ins[i])
			})
		}
		close(start)
		wg.Wait()
		ok, full := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case purna.ErrorFields(err)["booking.starts_at"] != "":
				full++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 2 || full != 1 {
			t.Errorf("booked %d, refused %d; want 2 and 1", ok, full)
		}
		if n := b.count(t, `SELECT COUNT(*) FROM cases WHERE shop_id = $1 AND kind = 'maintenance'`); n != 2 {
			t.Errorf("maintenance cases stored: %d", n)
		}
	})
}
