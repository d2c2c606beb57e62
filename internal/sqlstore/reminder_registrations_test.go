package sqlstore_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/reminder"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// TestRegistrationWarranties checks that a product bought elsewhere and
// registered by serial number gets the 30-day warranty reminder, once,
// with the warranty the shop's policy gives it plus the registration's
// extra months, and that registrations whose warranty ends later, and
// other shops' registrations, get none.
func TestRegistrationWarranties(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := testfix.MustStore(t, d)
		now := time.Date(2027, 3, 10, 3, 0, 0, 0, time.UTC)
		sh := testfix.Shop(t, s, nil)
		other := testfix.Shop(t, s, nil)
		mixer, _, err := product.NewService(sqlstore.Products{Store: s}, fixedClock{now}).Save(ctx, sh.ID, "IDR",
			product.Input{SKU: "MX-1", Name: "Mixer Cosmos", Price: 45_000_000, WarrantyMonths: 12})
		if err != nil {
			t.Fatal(err)
		}
		otherMixer, _, err := product.NewService(sqlstore.Products{Store: s}, fixedClock{now}).Save(ctx, other.ID, "IDR",
			product.Input{SKU: "MX-1", Name: "Mixer Cosmos", Price: 45_000_000, WarrantyMonths: 12})
		if err != nil {
			t.Fatal(err)
		}
		customers := customer.NewService(sqlstore.Customers{Store: s}, fixedClock{now})
		siti, _, err := customers.Save(ctx, sh.ID, "ID", customer.Input{Email: "siti@example.co.id"})
		if err != nil {
			t.Fatal(err)
		}
		budi, _, err := customers.Save(ctx, other.ID, "ID", customer.Input{Email: "budi@example.co.id"})
		if err != nil {
			t.Fatal(err)
		}
		def := policy.Default(cases.Country(sh))
		months := def.ForProduct(mixer).Warranty.Months
		st := sqlstore.Cases{Store: s}
		register := func(shopID, customerID, productID purna.ID, serial string, purchased time.Time, extra int) purna.ID {
			t.Helper()
			r := &cases.Registration{ID: purna.NewID(now), ShopID: shopID, CustomerID: customerID, ProductID: &productID,
				SerialNumber: serial, PurchasedAt: &purchased, ExtraMonths: extra, RegisteredAt: now}
			if err := st.InTx(ctx, func(tx cases.Tx) error { return tx.CreateRegistration(ctx, r) }); err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		// Ends in about 20 days: announced.
		ending := register(sh.ID, siti.ID, mixer.ID, "SN-1", now.AddDate(0, -months, 20), 0)
		// Six extra months: ends in about six months, not yet.
		register(sh.ID, siti.ID, mixer.ID, "SN-2", now.AddDate(0, -months, 20), 6)
		// Ends in about 60 days: not yet.
		register(sh.ID, siti.ID, mixer.ID, "SN-3", now.AddDate(0, -months, 60), 0)
		// Another shop's.
		register(other.ID, budi.ID, otherMixer.ID, "SN-1", now.AddDate(0, -months, 20), 0)

		svc := reminder.NewService(sqlstore.Reminders{Store: s}, fixedClock{now}, reminder.Config{PageSize: 2})
		svc.AddWarrantySource(sqlstore.Registrations{Store: s})
		got, err := svc.Run(ctx, sh.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.WarrantyExpiring != 1 {
			t.Fatalf("warranty.expiring events = %d, want 1", got.WarrantyExpiring)
		}
		var (
			cust, data string
		)
		err = d.Read().QueryRow(ctx, `SELECT customer_id, data FROM events WHERE shop_id = $1 AND dedupe_key = $2`,
			sh.ID, "warranty.expiring:reg:"+ending).Scan(&cust, &data)
		if err != nil {
			t.Fatalf("no event for the registration: %v", err)
		}
		var ev reminder.WarrantyExpiringData
		if err := json.Unmarshal([]byte(data), &ev); err != nil {
			t.Fatal(err)
		}
		wantEnd := reminder.WarrantyEnd(now.AddDate(0, -months, 20), months, sh.Location())
		if cust != siti.ID || ev.ProductID != mixer.ID || ev.ProductName != "Mixer Cosmos" || !ev.WarrantyEndsAt.Equal(wantEnd) {
			t.Errorf("event for %s: %+v, want product %s ending %s", cust, ev, mixer.ID, wantEnd)
		}
		// Announced once.
		if again, err := svc.Run(ctx, sh.ID); err != nil || again.WarrantyExpiring != 0 {
			t.Errorf("second run: %+v, %v", again, err)
		}
		// The other shop's registration is announced in its own run.
		if n, err := svc.Run(ctx, other.ID); err != nil || n.WarrantyExpiring != 1 {
			t.Errorf("other shop: %+v, %v", n, err)
		}
	})
}
