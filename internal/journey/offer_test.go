package journey_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
)

// offersFunc adapts a function to journey.WarrantyOffers.
type offersFunc func(ctx context.Context, shopID purna.ID, p *product.Product) (journey.Offer, error)

func (f offersFunc) WarrantyOffer(ctx context.Context, shopID purna.ID, p *product.Product) (journey.Offer, error) {
	return f(ctx, shopID, p)
}

// TestWarrantyOfferNeedsConsent: the warranty reminder offers the
// extended warranty and spare parts only to a customer who agreed to
// marketing email, and then carries the unsubscribe link.
func TestWarrantyOfferNeedsConsent(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
	sh := &shop.Shop{ID: purna.NewID(now), Name: "Toko Cosmos", Locale: "en", Currency: "IDR", Timezone: "Asia/Jakarta"}
	mixer := &product.Product{ID: purna.NewID(now), SKU: "MX-1", Name: "Mixer Cosmos", Price: 45_000_000, Currency: "IDR", WarrantyMonths: 12}
	ext := &product.Product{ID: purna.NewID(now), SKU: "EXT-12", Name: "Extended warranty, 12 months", Price: 15_000_000, Currency: "IDR"}
	blade := &product.Product{ID: purna.NewID(now), SKU: "BLADE", Name: "Mixer blade", Price: 900_000, Currency: "IDR"}
	tc := &journey.TemplateComposer{From: "halo@toko.example", BaseURL: "https://toko.example", Secret: []byte("k"),
		Offers: offersFunc(func(_ context.Context, _ purna.ID, p *product.Product) (journey.Offer, error) {
			if p.ID != mixer.ID {
				t.Errorf("offer asked for %s", p.Name)
			}
			return journey.Offer{Extension: ext, Months: 12, Parts: []*product.Product{blade}}, nil
		})}
	email := "siti@example.co.id"
	ends := now.AddDate(0, 0, 30)
	for _, tc2 := range []struct {
		name    string
		consent []customer.Consent
		offered bool
	}{
		{"no consent", nil, false},
		{"consent on SMS only", []customer.Consent{{Channel: customer.SMS, Granted: true}}, false},
		{"consent withdrawn", []customer.Consent{{Channel: customer.Email, Granted: false}}, false},
		{"email consent", []customer.Consent{{Channel: customer.Email, Granted: true}}, true},
	} {
		t.Run(tc2.name, func(t *testing.T) {
			t.Parallel()
			c := &customer.Customer{ID: purna.NewID(now), Email: &email, FirstName: "Siti", Locale: "en", Consents: tc2.consent}
			d := &journey.Draft{Message: &journey.Message{ID: purna.NewID(now), Template: "warranty_ending", Channel: "email",
				Kind: journey.Transactional}, Shop: sh, Customer: c, Product: mixer, Locale: "en", WarrantyEnds: ends}
			m, err := tc.ComposeEmail(context.Background(), d)
			if err != nil {
				t.Fatal(err)
			}
			has := strings.Contains(m.Text, "Extended warranty, 12 months") && strings.Contains(m.Text, "Mixer blade")
			if has != tc2.offered || (m.UnsubscribeURL != "") != tc2.offered {
				t.Fatalf("offered = %v, unsubscribe %q, want offered %v:\n%s", has, m.UnsubscribeURL, tc2.offered, m.Text)
			}
			if !strings.Contains(m.Text, "Mixer Cosmos") {
				t.Fatalf("the reminder lost its product:\n%s", m.Text)
			}
		})
	}
}
