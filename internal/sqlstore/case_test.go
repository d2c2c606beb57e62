package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

// TestCaseStorage checks what the store guarantees on its own, whatever
// the service checked before: case numbers run per shop, a second open
// case of a kind on an item is refused by the index, and an update from a
// stale read is refused.
func TestCaseStorage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := testfix.MustStore(t, d)
		st := sqlstore.Cases{Store: s}
		sh := testfix.Shop(t, s, nil)
		other := testfix.Shop(t, s, nil)
		now := time.Now().UTC()
		cust, _, err := customer.NewService(sqlstore.Customers{Store: s}, purna.SystemClock{}).Save(ctx, sh.ID, "ID",
			customer.Input{Email: "siti@example.co.id"})
		if err != nil {
			t.Fatal(err)
		}

		var numbers []int64
		for _, shopID := range []purna.ID{sh.ID, sh.ID, other.ID} {
			err := st.InTx(ctx, func(tx cases.Tx) error {
				n, err := tx.NextCaseNumber(ctx, shopID)
				numbers = append(numbers, n)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if numbers[0] != 1001 || numbers[1] != 1002 || numbers[2] != 1001 {
			t.Errorf("numbers = %v", numbers)
		}

		reg := purna.NewID(now)
		newCase := func(number string) *cases.Case {
			return &cases.Case{ID: purna.NewID(now), ShopID: sh.ID, Number: number, Kind: cases.WarrantyClaim,
				Status: cases.Submitted, CustomerID: cust.ID, Refund: purna.Money{Currency: "IDR"}, Source: cases.SourceAgent,
				Replacements: []cases.Sent{}, Seq: 1, CreatedAt: now, UpdatedAt: now,
				Lines: []cases.Line{{ID: purna.NewID(now), RegistrationID: &reg, Quantity: 1}}}
		}
		err = st.InTx(ctx, func(tx cases.Tx) error {
			return tx.CreateRegistration(ctx, &cases.Registration{ID: reg, ShopID: sh.ID, CustomerID: cust.ID,
				SerialNumber: "SN-1", PurchasedAt: &now, RegisteredAt: now})
		})
		if err != nil {
			t.Fatal(err)
		}
		first := newCase("W-1")
		if err := st.InTx(ctx, func(tx cases.Tx) error { return tx.CreateCase(ctx, first) }); err != nil {
			t.Fatal(err)
		}
		err = st.InTx(ctx, func(tx cases.Tx) error { return tx.CreateCase(ctx, newCase("W-2")) })
		if purna.ErrorCode(err) != purna.ECONFLICT {
			t.Errorf("second open claim: %v", err)
		}

		// Stale update: someone moved the case from seq 1 already.
		first.Status, first.Seq = cases.Approved, 2
		if err := st.InTx(ctx, func(tx cases.Tx) error { return tx.UpdateCase(ctx, first, 1) }); err != nil {
			t.Fatal(err)
		}
		first.Status, first.Seq = cases.Rejected, 2
		err = st.InTx(ctx, func(tx cases.Tx) error { return tx.UpdateCase(ctx, first, 1) })
		if purna.ErrorCode(err) != purna.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		// Once the first claim ends, the item takes a new one.
		first.Status, first.Seq = cases.Rejected, 3
		if err := st.InTx(ctx, func(tx cases.Tx) error { return tx.UpdateCase(ctx, first, 2) }); err != nil {
			t.Fatal(err)
		}
		if err := st.InTx(ctx, func(tx cases.Tx) error { return tx.CreateCase(ctx, newCase("W-3")) }); err != nil {
			t.Errorf("claim after rejection: %v", err)
		}
		got, err := st.FindCaseByID(ctx, sh.ID, first.ID)
		if err != nil || got.Status != cases.Rejected || got.Seq != 3 || len(got.Lines) != 1 || *got.Lines[0].RegistrationID != reg {
			t.Errorf("stored: %v %+v", err, got)
		}
		if _, err := st.FindCaseByID(ctx, other.ID, first.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("other shop: %v", err)
		}
		err = st.InTx(ctx, func(tx cases.Tx) error {
			return tx.CreateRegistration(ctx, &cases.Registration{ID: purna.NewID(now), ShopID: sh.ID, CustomerID: cust.ID,
				SerialNumber: "SN-1", RegisteredAt: now})
		})
		if purna.ErrorCode(err) != purna.ECONFLICT {
			t.Errorf("serial registered twice: %v", err)
		}
	})
}
