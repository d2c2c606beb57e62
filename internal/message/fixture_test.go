package message

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
)

// fixture is a realistic shop, order and product in one language: an
// Indonesian electronics shop for id and en, a Romanian home-appliance shop
// for ro.
type fixture struct {
	shop     *shop.Shop
	customer CustomerData
	order    *order.Order
	product  *product.Product
	coupon   *CouponData
}

func ptr[T any](v T) *T { return &v }

func weekdays9to5() []shop.SupportHours {
	h := []shop.SupportHours{{Weekday: 6, Opens: "09:00", Closes: "14:00"}}
	for wd := 1; wd <= 5; wd++ {
		h = append(h, shop.SupportHours{Weekday: wd, Opens: "09:00", Closes: "17:00"})
	}
	return h
}

func newFixture(tb testing.TB, locale string) fixture {
	tb.Helper()
	placed := time.Date(2026, 11, 2, 3, 4, 0, 0, time.UTC)
	if locale == "ro" {
		return fixture{
			shop: &shop.Shop{
				Name: "Casa Verde", Locale: "ro", Currency: "RON", Timezone: "Europe/Bucharest", Country: "RO",
				Brand: shop.Brand{
					LogoURL: "https://casaverde.ro/logo-alb.png", Color: "#1D4ED8",
					ContactEmail: "salut@casaverde.ro", Phone: "+40213001122", WhatsApp: "+40722123456",
					Social: map[string]string{"facebook": "https://facebook.com/casaverde.ro", "instagram": "https://instagram.com/casaverde.ro"},
				},
				SupportHours: weekdays9to5(),
			},
			customer: CustomerData{FirstName: "Ioana", Name: "Ioana Popescu"},
			order: &order.Order{
				Number: "CV-20931", Currency: "RON", Subtotal: 174_998, Shipping: 1_999, Discount: 15_000, Total: 161_997,
				PlacedAt: placed,
				Address:  order.Address{Name: "Ioana Popescu", Address: "Str. Mihai Eminescu 12, ap. 4", City: "Cluj-Napoca", Province: "Cluj", Postal: "400012"},
				Lines: []*order.Line{
					{Name: "Aspirator robot Roborock Q7 Max", SKU: "RR-Q7MAX", Quantity: 1, Total: 149_999},
					{Name: "Set filtre HEPA Roborock (2 buc.)", SKU: "RR-HEPA-2", Quantity: 1, Total: 24_999},
				},
				Shipments: []*order.Shipment{{
					Carrier: "Fan Courier", TrackingNumber: "2150012345678", TrackingURL: "https://www.fancourier.ro/awb-tracking/?awb=2150012345678",
					PromisedAt: ptr(time.Date(2026, 11, 5, 15, 0, 0, 0, time.UTC)), DeliveredAt: ptr(time.Date(2026, 11, 6, 11, 30, 0, 0, time.UTC)),
					Events: []*order.TrackingEvent{
						{OccurredAt: time.Date(2026, 11, 3, 18, 0, 0, 0, time.UTC), Description: "Expediere preluată", Location: "București"},
						{OccurredAt: time.Date(2026, 11, 5, 6, 15, 0, 0, time.UTC), Description: "Sosit în depozitul de destinație", Location: "Cluj-Napoca"},
					},
				}},
			},
			product: &product.Product{
				Name: "Aspirator robot Roborock Q7 Max", HowToURL: "https://casaverde.ro/ghid/roborock-q7-max",
				HowToText: "Golește recipientul de praf după fiecare curățenie.\n\nCurăță peria principală o dată pe săptămână și schimbă filtrul HEPA la 3 luni.",
			},
			coupon: &CouponData{Code: "REVINO15", Value: "15%", ExpiresDate: "30 nov. 2026"},
		}
	}
	return fixture{
		shop: &shop.Shop{
			Name: "Toko Purna Elektronik", Locale: "id", Currency: "IDR", Timezone: "Asia/Jakarta", Country: "ID",
			Brand: shop.Brand{
				Color: "#0F766E", ContactEmail: "halo@tokopurna.id", Phone: "+622129345678", WhatsApp: "+6281190012345",
				Social: map[string]string{"instagram": "https://instagram.com/tokopurna.id", "tiktok": "https://www.tiktok.com/@tokopurna.id"},
			},
			SupportHours: weekdays9to5(),
		},
		customer: CustomerData{FirstName: "Budi", Name: "Budi Santoso"},
		order: &order.Order{
			Number: "#1042", Currency: "IDR", Subtotal: 249_700_000, Shipping: 2_500_000, Discount: 5_000_000, Total: 247_200_000,
			PlacedAt: placed,
			Address:  order.Address{Name: "Budi Santoso", Address: "Jl. Melati No. 5, RT 03/RW 07", City: "Bandung", Province: "Jawa Barat", Postal: "40115"},
			Lines: []*order.Line{
				{Name: "Sharp Air Purifier FP-J40Y", SKU: "AP-SHARP-J40", Quantity: 1, Total: 189_900_000},
				{Name: "Filter HEPA Sharp FZ-J40HFE", SKU: "SP-SHARP-HEPA", Quantity: 2, Total: 59_800_000},
			},
			Shipments: []*order.Shipment{{
				Carrier: "JNE REG", TrackingNumber: "CGK1A2B3C4D5", TrackingURL: "https://www.jne.co.id/tracking?awb=CGK1A2B3C4D5",
				PromisedAt: ptr(time.Date(2026, 11, 5, 10, 0, 0, 0, time.UTC)), DeliveredAt: ptr(time.Date(2026, 11, 6, 7, 30, 0, 0, time.UTC)),
				Events: []*order.TrackingEvent{
					{OccurredAt: time.Date(2026, 11, 5, 1, 15, 0, 0, time.UTC), Description: "Tiba di hub transit", Location: "Bandung"},
					{OccurredAt: time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC), Description: "Paket diterima kurir", Location: "Jakarta Barat"},
				},
			}},
		},
		product: &product.Product{
			Name: "Sharp Air Purifier FP-J40Y", HowToURL: "https://tokopurna.id/panduan/air-purifier-sharp-fp-j40y",
			HowToText: "Bersihkan pre-filter dengan penyedot debu setiap 2 minggu.\n\nGanti filter HEPA bila lampu indikator menyala, umumnya 1-2 tahun. Letakkan 30 cm dari dinding agar aliran udara lancar.",
		},
		coupon: &CouponData{Code: "KEMBALI10", Value: "10%", ExpiresDate: "30 Nov 2026"},
	}
}

// data builds the Data a journey would send for key.
func (f fixture) data(key Key, locale string) Data {
	links := LinksData{
		TrackingPage: "https://track.purna.example/t/8KQ2X",
		Portal:       "https://track.purna.example/o/8KQ2X",
		Review:       "https://track.purna.example/r/8KQ2X",
		Store:        "https://tokopurna.id",
	}
	if f.shop.Country == "RO" {
		links.Store = "https://casaverde.ro"
	}
	if key.Kind() == Marketing {
		links.Unsubscribe = "https://track.purna.example/u/4ZP7M"
	}
	facts := Facts{Order: f.order, Product: f.product, Links: links,
		EstimatedDelivery: time.Date(2026, 11, 8, 0, 0, 0, 0, time.UTC),
		WarrantyEnds:      time.Date(2028, 11, 6, 0, 0, 0, 0, time.UTC),
		MaintenanceDue:    time.Date(2027, 2, 4, 0, 0, 0, 0, time.UTC),
	}
	if key == Winback {
		facts.Coupon = f.coupon
	}
	switch key {
	case CaseUpdate, SurveyCSAT:
		// A return of the product, refunded; the CSAT question follows it.
		l := f.order.Lines[0]
		facts.Case = &CaseFacts{Number: "R-1001", Kind: "return", Status: "resolved", Step: "resolved",
			Resolution: "refund", Refund: l.Total, Currency: f.order.Currency,
			Lines: []CaseLineData{{Name: l.Name, Quantity: 1}}}
	case ServiceFollowup, SurveyCES:
		// The product's periodic service, done; the CES question follows it.
		facts.Case = &CaseFacts{Number: "M-1002", Kind: "maintenance", Status: "done", Step: "done",
			Currency: f.order.Currency, Lines: []CaseLineData{{Name: f.product.Name, Quantity: 1}},
			Booking: &BookingFacts{Location: "Service Center", StartsAt: time.Date(2027, 2, 6, 3, 0, 0, 0, time.UTC)}}
	}
	if kind, ok := surveyKinds[key]; ok {
		facts.Survey = sampleSurvey(kind, "https://track.purna.example/s/N4Q8ZP")
	}
	if key == ReviewRequest {
		facts.Review = f.review(locale, links.Store)
	}
	if key == ReviewReply {
		facts.ReviewReply = f.reviewReply(locale)
	}
	return NewData(f.shop, locale, f.customer, facts)
}

// reviewReply is the shop's public reply to a three-star review of the
// product, as the review module would pass it: the customer's text with a
// line break of their own, the merchant's in three paragraphs, and the
// product's reviews page on Purna's host.
func (f fixture) reviewReply(locale string) *ReviewReplyData {
	texts := map[string][2]string{
		"id": {"Filternya bagus dan udaranya jadi segar, tapi pengirimannya lama, 4 hari baru sampai Bandung.\nKardusnya juga agak penyok.",
			"Halo Kak Budi, terima kasih atas ulasannya, dan mohon maaf pengirimannya selama itu.\n\n" +
				"Mulai bulan ini pesanan ke Jawa Barat kami kirim dari gudang Bandung, jadi biasanya sampai dalam 1-2 hari.\n\n" +
				"Kalau ada bagian yang rusak karena kardusnya penyok, kabari kami ya, langsung kami ganti."},
		"en": {"Good filter and the air feels fresher, but delivery was slow: 4 days to Bandung.\nThe box was a bit dented too.",
			"Hi Budi, thank you for your review, and we're sorry the delivery took that long.\n\n" +
				"From this month we ship orders to West Java from our Bandung warehouse, so they usually arrive in 1-2 days.\n\n" +
				"If anything was damaged because of the dented box, let us know and we'll replace it right away."},
		"ro": {"Aspiră bine, dar bateria ține mai puțin decât scrie pe cutie.\nÎn rest, sunt mulțumită.",
			"Bună, Ioana! Mulțumim pentru recenzie.\n\n" +
				"Autonomia din specificații e măsurată în modul silențios; pe covoare, la putere maximă, e normal să scadă la aproximativ 90 de minute.\n\n" +
				"Dacă bateria ține mult mai puțin de atât, scrie-ne și verificăm aspiratorul în garanție."},
	}[locale]
	return &ReviewReplyData{Product: f.product.Name, Rating: 3, Review: texts[0], Reply: texts[1], Public: true,
		PageURL: "https://track.purna.example/w/01JC3V8R6ZK2M4N7P9Q1S3T5W8/products/" + f.order.Lines[0].SKU}
}

// review asks for a review of each line of the order, as the review
// module would: the product's picture when the shop has one, and the shop's
// offer for a review in locale.
func (f fixture) review(locale, store string) *ReviewRequestData {
	r := &ReviewRequestData{Incentive: map[string]string{
		"id": "Dapatkan 50 poin untuk setiap ulasan, bisa dipakai untuk belanja berikutnya.",
		"en": "Earn 50 points for every review, to use on a future order.",
		"ro": "Primești 50 de puncte de fidelitate pentru fiecare recenzie.",
	}[locale]}
	for i, l := range f.order.Lines {
		var image string // the spare part has no picture
		if l.Name == f.product.Name {
			image = store + "/img/" + strings.ToLower(l.SKU) + ".jpg"
		}
		r.Products = append(r.Products, sampleReviewProduct(l.Name, image, "https://track.purna.example/r/8KQ2X/"+strconv.Itoa(i+1)))
	}
	return r
}
