package app

import (
	"context"
	"testing"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

// TestWarrantyOffer: the offer for a mixer is the extended warranty the
// policy sells for it (named by SKU) and the spare parts that fit it; a
// kettle gets the category's extension and no parts.
func TestWarrantyOffer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := testfix.MustStore(t, storetest.MustOpenSQLite(t))
	sh := testfix.Shop(t, s, nil)
	clock := purna.SystemClock{}
	prods := product.NewService(sqlstore.Products{Store: s}, clock)
	save := func(in product.Input) *product.Product {
		p, _, err := prods.Save(ctx, sh.ID, "IDR", in)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	mixer := save(product.Input{SKU: "MX-1", Name: "Mixer Cosmos", Category: "Dapur", Price: 45_000_000, WarrantyMonths: 12})
	kettle := save(product.Input{SKU: "KT-1", Name: "Kettle", Category: "Dapur", Price: 3_500_000, WarrantyMonths: 12})
	ext12 := save(product.Input{SKU: "EXT-MX", Name: "Garansi tambahan mixer", Price: 15_000_000})
	ext6 := save(product.Input{SKU: "EXT-DP", Name: "Garansi tambahan dapur", Price: 5_000_000})
	blade := save(product.Input{SKU: "BLADE", Name: "Pisau mixer", Price: 900_000, SparePartFor: []string{"MX-1"}})
	cs := cases.NewService(sqlstore.Cases{Store: s}, clock)
	pol := policy.Default("ID")
	pol.Warranty.Extensions = []policy.Extension{
		{Product: "EXT-MX", Months: 12, ForProducts: []string{"MX-1"}},
		{Product: ext6.ID, Months: 6, ForCategories: []string{"Dapur"}},
	}
	if _, err := cs.Policies().Put(ctx, sh.ID, pol); err != nil {
		t.Fatal(err)
	}
	w := warrantyOffers{cases: cs, products: prods}
	o, err := w.WarrantyOffer(ctx, sh.ID, mixer)
	if err != nil {
		t.Fatal(err)
	}
	if o.Extension == nil || o.Extension.ID != ext12.ID || o.Months != 12 || len(o.Parts) != 1 || o.Parts[0].ID != blade.ID {
		t.Fatalf("mixer offer = %+v", o)
	}
	o, err = w.WarrantyOffer(ctx, sh.ID, kettle)
	if err != nil {
		t.Fatal(err)
	}
	if o.Extension == nil || o.Extension.ID != ext6.ID || o.Months != 6 || len(o.Parts) != 0 {
		t.Fatalf("kettle offer = %+v", o)
	}
}
