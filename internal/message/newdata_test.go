package message

import (
	"testing"
	"time"

	"github.com/purnajual/purna/internal/order"
)

func TestNewData(t *testing.T) {
	t.Parallel()
	id := newFixture(t, "id")
	ro := newFixture(t, "ro")
	check := func(name, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	d := id.data(OrderShipped, "id")
	check("id total", d.Order.Total, "Rp 2.472.000")
	check("id discount", d.Order.Discount, "-Rp 50.000")
	check("id line", d.Order.Lines[1].Total, "Rp 598.000")
	check("id placed", d.Order.PlacedAt, "2 Nov 2026 10.04")
	check("id address", d.Order.ShippingAddress, "Budi Santoso, Jl. Melati No. 5, RT 03/RW 07, Bandung, Jawa Barat 40115")
	check("id whatsapp", d.Shop.WhatsAppURL, "https://wa.me/6281190012345")
	check("id social", d.Shop.Social[0].Name+" "+d.Shop.Social[1].Name, "Instagram TikTok")
	check("id hours", d.Shop.SupportHours, "Senin–Jumat 09.00–17.00, Sabtu 09.00–14.00")
	check("id tracking", d.Shipment.TrackingURL, "https://track.purna.example/t/8KQ2X")
	check("id latest", d.Shipment.LatestUpdate, "Tiba di hub transit · Bandung")
	check("id latest at", d.Shipment.LatestUpdateAt, "5 Nov 2026 08.15")
	check("id promised", d.Shipment.PromisedDate, "5 Nov 2026")

	en := id.data(OrderShipped, "en")
	check("en total", en.Order.Total, "Rp 2,472,000")
	check("en hours", en.Shop.SupportHours, "Monday–Friday 09:00–17:00, Saturday 09:00–14:00")

	r := ro.data(WarrantyEnding, "ro")
	check("ro total", r.Order.Total, "1.619,97 lei")
	check("ro placed", r.Order.PlacedAt, "2 nov. 2026, 05:04")
	check("ro warranty", r.Product.WarrantyEnds, "6 nov. 2028")
	check("ro hours", r.Shop.SupportHours, "luni–vineri 09:00–17:00, sâmbătă 09:00–14:00")

	f := id
	f.order.Shipments[0].TrackingURL = "https://www.jne.co.id/tracking?awb=X"
	facts := Facts{Order: f.order}
	check("carrier tracking without a page", NewData(f.shop, "id", f.customer, facts).Shipment.TrackingURL, "https://www.jne.co.id/tracking?awb=X")
	f.product.WarrantyMonths = 24
	f.order.DeliveredAt = ptr(time.Date(2026, 11, 6, 7, 30, 0, 0, time.UTC))
	check("warranty from delivery", NewData(f.shop, "en", f.customer, Facts{Order: f.order, Product: f.product}).Product.WarrantyEnds, "6 Nov 2028")
	check("unsupported locale", NewData(f.shop, "de", f.customer, facts).Locale, "id")
	check("no subtotal without extras", NewData(f.shop, "id", f.customer, Facts{Order: noExtras(f)}).Order.Subtotal, "")

	// Surveys, review requests, replies and offers come formatted;
	// NewData passes them on.
	sv, rv, rr := sampleSurvey("nps", "https://p.example/s/1"), f.review("id", "https://p.example"), f.reviewReply("id")
	of := f.offerFacts("id", 12, 2)
	d = NewData(f.shop, "id", f.customer, Facts{Survey: sv, Review: rv, ReviewReply: rr, Offer: of})
	if d.Survey != sv || d.Review != rv || d.ReviewReply != rr || d.Offer != of {
		t.Errorf("Survey, Review, ReviewReply, Offer = %p, %p, %p, %p; want %p, %p, %p, %p",
			d.Survey, d.Review, d.ReviewReply, d.Offer, sv, rv, rr, of)
	}
	if d = NewData(f.shop, "id", f.customer, facts); d.Survey != nil || d.Review != nil || d.ReviewReply != nil || d.Offer != nil {
		t.Errorf("Survey, Review, ReviewReply, Offer without facts = %v, %v, %v, %v", d.Survey, d.Review, d.ReviewReply, d.Offer)
	}
}

func noExtras(f fixture) *order.Order {
	o := *f.order
	o.Shipping, o.Discount, o.Tax = 0, 0, 0
	return &o
}
