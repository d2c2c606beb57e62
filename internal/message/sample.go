package message

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Parse renders every template against three samples. fullSample sets
// every field, so each field a template names is looked up; sparseSample
// leaves out all a real message may lack, so unguarded uses of optional
// parts fail; reminderSample is the second sending of a survey or a review
// request, in the shop's own words, so the branches a first sending skips
// are looked up too. The samples read like a real shop in each language
// (an Indonesian electronics shop for id and en, a Romanian home-appliance
// shop for ro), so a merchant's live preview and the SMS length checks see
// realistic names, amounts, dates and links.

// Sample returns realistic data for previewing key in locale: a shop, a
// customer, an order, a parcel, a product, a coupon, a service case, a
// survey (of key's kind, sent for the first time), a review request, a
// public reply to a review, an offer for the product (an extended
// warranty and spare parts) and every link, all written in locale. It is
// the complete sample Parse checks templates with, except that
// transactional keys get no unsubscribe link (Render drops it from them
// anyway) unless they carry the offer, as a customer who agreed to
// marketing sees them. An unknown locale gets the English sample.
// Each call returns fresh values, so the caller may change them.
func Sample(key Key, locale string) Data {
	if _, ok := samples[locale]; !ok {
		locale = "en"
	}
	d := fullSample(key, locale)
	if !specs[key].offer {
		d.Offer = nil
	}
	if key.Kind() == Transactional && d.Offer == nil {
		d.Links.Unsubscribe = ""
	}
	if key == ServiceFollowup {
		// A follow-up comes after a repair went back to its owner.
		c := d.Case
		c.Kind, c.KindName, c.Status, c.Step, c.Resolution, c.Refund = "repair", kindNames[locale]["repair"],
			"returned_to_customer", "returned", "repaired", ""
	}
	return d
}

// sampleWords are the parts of the samples that change with the language.
type sampleWords struct {
	shop, store, contact, phone, whatsapp, hours string
	first, name, address                         string
	number, placed                               string
	lineTotals                                   [2]string
	subtotal, shipping, discount, total          string
	carrier, trackingNumber                      string
	promised, estimated, delivered               string
	latest, latestAt                             string
	product, sparePart, howToURL, howTo          string
	warrantyEnds, maintenanceDue                 string
	coupon, couponValue, couponExpires           string
	social                                       []Link
	// A return of the product, refunded; a repair quote; a service visit.
	refund, reason               string
	quotePart, quotePartTotal    string
	labour, quoteTotal           string
	bookingWhen, bookingLocation string
	// The shop's own wording of each survey question, and its offer for
	// a review.
	questions map[string]string
	incentive string
	// A four-star review of the product, and the shop's reply in two
	// paragraphs.
	review, reply string
	// The shop's offer for the product: a 12-month extended warranty and
	// two spare parts.
	extension, extensionPrice string
	offerParts                []PartOffer
}

var idHowTo = "Bersihkan pre-filter dengan penyedot debu setiap 2 minggu.\n\nGanti filter HEPA bila lampu indikator menyala, umumnya 1-2 tahun."

var samples = map[string]sampleWords{
	"id": {
		shop: "Griya Elektronik", store: "https://griyaelektronik.id", contact: "halo@griyaelektronik.id",
		phone: "+622129345678", whatsapp: "https://wa.me/6281190012345",
		hours: "Senin–Jumat 09.00–17.00, Sabtu 09.00–14.00",
		first: "Sari", name: "Sari Wulandari", address: "Sari Wulandari, Jl. Melati No. 5, RT 03/RW 07, Bandung, Jawa Barat 40115",
		number: "#1042", placed: "2 Nov 2026 10.04",
		lineTotals: [2]string{"Rp 1.899.000", "Rp 598.000"},
		subtotal:   "Rp 2.497.000", shipping: "Rp 25.000", discount: "-Rp 50.000", total: "Rp 2.472.000",
		carrier: "JNE REG", trackingNumber: "CGK1A2B3C4D5",
		promised: "5 Nov 2026", estimated: "8 Nov 2026", delivered: "6 Nov 2026",
		latest: "Tiba di hub transit · Bandung", latestAt: "5 Nov 2026 08.15",
		product: "Sharp Air Purifier FP-J40Y", sparePart: "Filter HEPA Sharp FZ-J40HFE",
		howToURL: "https://griyaelektronik.id/panduan/sharp-fp-j40y", howTo: idHowTo,
		warrantyEnds: "6 Nov 2028", maintenanceDue: "4 Feb 2027",
		coupon: "KEMBALI10", couponValue: "10%", couponExpires: "30 Nov 2026",
		social: []Link{{Name: "Instagram", URL: "https://instagram.com/griyaelektronik"}},
		refund: "Rp 1.899.000", reason: "Segel pabrik sudah dibuka dan filter sudah terpakai, jadi tidak bisa kami terima kembali.",
		quotePart: "Motor kipas Sharp FP-J40Y", quotePartTotal: "Rp 450.000", labour: "Rp 150.000", quoteTotal: "Rp 600.000",
		bookingWhen: "14 Nov 2026 10.00", bookingLocation: "Griya Elektronik Service Center, Jl. Braga No. 12, Bandung",
		questions: map[string]string{
			"nps":  "Kalau ada teman yang sedang mencari alat elektronik, seberapa mungkin Kakak menyarankan toko kami?",
			"csat": "Seberapa puas Kakak dengan bantuan tim servis kami?",
			"ces":  "Mengurus retur di toko kami itu mudah.",
		},
		incentive: "Voucher belanja Rp 20.000 untuk setiap ulasan yang Kakak tulis.",
		review:    "Udaranya terasa lebih segar dan suaranya halus sekali di mode tidur. Sayang lampu indikatornya agak terang kalau malam.",
		reply: "Terima kasih banyak atas ulasannya, Kak Sari! Senang sekali mendengar udaranya terasa lebih segar.\n\n" +
			"Soal lampu indikator: tekan tombol Light selama 3 detik untuk meredupkannya. Kalau masih kurang nyaman, balas saja email ini, tim kami siap membantu.",
		extension: "Griya Care Plus", extensionPrice: "Rp 249.000",
		offerParts: []PartOffer{{Name: "Filter HEPA Sharp FZ-J40HFE", Price: "Rp 299.000"}, {Name: "Filter karbon aktif Sharp FZ-J40DFE", Price: "Rp 189.000"}},
	},
	"en": {
		shop: "Griya Elektronik", store: "https://griyaelektronik.id", contact: "halo@griyaelektronik.id",
		phone: "+622129345678", whatsapp: "https://wa.me/6281190012345",
		hours: "Monday–Friday 09:00–17:00, Saturday 09:00–14:00",
		first: "Sari", name: "Sari Wulandari", address: "Sari Wulandari, Jl. Melati No. 5, RT 03/RW 07, Bandung, Jawa Barat 40115",
		number: "#1042", placed: "2 Nov 2026, 10:04",
		lineTotals: [2]string{"Rp 1,899,000", "Rp 598,000"},
		subtotal:   "Rp 2,497,000", shipping: "Rp 25,000", discount: "-Rp 50,000", total: "Rp 2,472,000",
		carrier: "JNE REG", trackingNumber: "CGK1A2B3C4D5",
		promised: "5 Nov 2026", estimated: "8 Nov 2026", delivered: "6 Nov 2026",
		latest: "Tiba di hub transit · Bandung", latestAt: "5 Nov 2026, 08:15",
		product: "Sharp Air Purifier FP-J40Y", sparePart: "Filter HEPA Sharp FZ-J40HFE",
		howToURL: "https://griyaelektronik.id/panduan/sharp-fp-j40y", howTo: idHowTo,
		warrantyEnds: "6 Nov 2028", maintenanceDue: "4 Feb 2027",
		coupon: "KEMBALI10", couponValue: "10%", couponExpires: "30 Nov 2026",
		social: []Link{{Name: "Instagram", URL: "https://instagram.com/griyaelektronik"}},
		refund: "Rp 1,899,000", reason: "The factory seal was broken and the filter has been used, so we can't take it back.",
		quotePart: "Sharp FP-J40Y fan motor", quotePartTotal: "Rp 450,000", labour: "Rp 150,000", quoteTotal: "Rp 600,000",
		bookingWhen: "14 Nov 2026, 10:00", bookingLocation: "Griya Elektronik Service Center, Jl. Braga No. 12, Bandung",
		questions: map[string]string{
			"nps":  "If a friend were looking for a new appliance, how likely is it that you'd send them our way?",
			"csat": "How satisfied are you with the help our service team gave you?",
			"ces":  "Returning my item was easy.",
		},
		incentive: "A Rp 20,000 shopping voucher for every review you write.",
		review:    "The air feels fresher and it's very quiet in sleep mode. Only the indicator light is a bit bright at night.",
		reply: "Thank you so much for your review, Sari! We're glad the air feels fresher.\n\n" +
			"About the indicator light: hold the Light button for 3 seconds to dim it. If it still bothers you, just reply to this email and our team will help.",
		extension: "Griya Care Plus", extensionPrice: "Rp 249,000",
		offerParts: []PartOffer{{Name: "Filter HEPA Sharp FZ-J40HFE", Price: "Rp 299,000"}, {Name: "Sharp FZ-J40DFE activated carbon filter", Price: "Rp 189,000"}},
	},
	"ro": {
		shop: "Casa Verde", store: "https://casaverde.ro", contact: "salut@casaverde.ro",
		phone: "+40213001122", whatsapp: "https://wa.me/40722123456",
		hours: "luni–vineri 09:00–17:00, sâmbătă 09:00–14:00",
		first: "Ioana", name: "Ioana Popescu", address: "Ioana Popescu, Str. Mihai Eminescu 12, ap. 4, Cluj-Napoca, Cluj 400012",
		number: "CV-20931", placed: "2 nov. 2026, 05:04",
		lineTotals: [2]string{"1.499,99 lei", "249,99 lei"},
		subtotal:   "1.749,98 lei", shipping: "19,99 lei", discount: "-150,00 lei", total: "1.619,97 lei",
		carrier: "Fan Courier", trackingNumber: "2150012345678",
		promised: "5 nov. 2026", estimated: "8 nov. 2026", delivered: "6 nov. 2026",
		latest: "Sosit în depozitul de destinație · Cluj-Napoca", latestAt: "5 nov. 2026, 08:15",
		product: "Aspirator robot Roborock Q7 Max", sparePart: "Set filtre HEPA Roborock (2 buc.)",
		howToURL:     "https://casaverde.ro/ghid/roborock-q7-max",
		howTo:        "Golește recipientul de praf după fiecare curățenie.\n\nCurăță peria principală o dată pe săptămână și schimbă filtrul HEPA la 3 luni.",
		warrantyEnds: "6 nov. 2028", maintenanceDue: "4 feb. 2027",
		coupon: "REVINO15", couponValue: "15%", couponExpires: "30 nov. 2026",
		social: []Link{{Name: "Facebook", URL: "https://facebook.com/casaverde.ro"}, {Name: "Instagram", URL: "https://instagram.com/casaverde.ro"}},
		refund: "1.499,99 lei", reason: "Sigiliul a fost desfăcut și filtrul a fost folosit, așa că nu îl putem primi înapoi.",
		quotePart: "Motor perie principală Roborock", quotePartTotal: "189,00 lei", labour: "120,00 lei", quoteTotal: "309,00 lei",
		bookingWhen: "14 nov. 2026, 10:00", bookingLocation: "Casa Verde Service, Str. Horea 5, Cluj-Napoca",
		questions: map[string]string{
			"nps":  "Dacă un prieten și-ar căuta un electrocasnic nou, cât de probabil e să ne recomanzi?",
			"csat": "Cât de mulțumit ești de ajutorul primit de la echipa noastră de service?",
			"ces":  "Mi-a fost ușor să returnez produsul.",
		},
		incentive: "Un voucher de 20 de lei pentru fiecare recenzie pe care o scrii.",
		review:    "Aspiră foarte bine și pe covoare, iar aplicația e ușor de folosit. Singurul minus: se mai blochează sub canapea.",
		reply: "Mulțumim mult pentru recenzie, Ioana! Ne bucurăm că te ajută la curățenie.\n\n" +
			"Ca să nu se mai blocheze sub canapea, poți trasa o zonă interzisă în aplicație (Hartă, apoi Zone interzise). Dacă ai nevoie de ajutor, răspunde-ne la acest e-mail.",
		extension: "Casa Verde Protect", extensionPrice: "199,00 lei",
		offerParts: []PartOffer{{Name: "Set filtre HEPA Roborock (2 buc.)", Price: "79,99 lei"}, {Name: "Perie laterală Roborock (2 buc.)", Price: "49,99 lei"}},
	},
}

// wordsFor returns the sample words of locale, English for unknown ones.
func wordsFor(locale string) sampleWords {
	if w, ok := samples[locale]; ok {
		return w
	}
	return samples["en"]
}

// fullSample is a message for key with everything known. Its survey asks
// key's question (NPS for keys that are not surveys), for the first time
// and in the template's words.
func fullSample(key Key, locale string) Data {
	w := wordsFor(locale)
	return Data{
		Shop: ShopData{
			Name: w.shop, LogoURL: w.store + "/logo.png", Color: "#0F766E",
			ContactEmail: w.contact, Phone: w.phone, WhatsAppURL: w.whatsapp,
			Social: slices.Clone(w.social), SupportHours: w.hours,
		},
		Customer: CustomerData{FirstName: w.first, Name: w.name},
		Order: &OrderData{
			Number: w.number, PlacedAt: w.placed,
			Lines: []LineData{
				{Name: w.product, Quantity: 1, Total: w.lineTotals[0], SKU: "SKU-1001"},
				{Name: w.sparePart, Quantity: 2, Total: w.lineTotals[1], SKU: "SKU-2002"},
			},
			Subtotal: w.subtotal, Shipping: w.shipping, Discount: w.discount, Total: w.total,
			ShippingAddress: w.address,
		},
		Shipment: &ShipmentData{
			Carrier: w.carrier, TrackingNumber: w.trackingNumber, TrackingURL: w.store + "/t/8KQ2X",
			PromisedDate: w.promised, EstimatedDate: w.estimated, DeliveredDate: w.delivered,
			LatestUpdate: w.latest, LatestUpdateAt: w.latestAt,
		},
		Product: &ProductData{
			Name: w.product, HowToURL: w.howToURL, HowToText: w.howTo,
			WarrantyEnds: w.warrantyEnds, MaintenanceDue: w.maintenanceDue,
		},
		Coupon: &CouponData{Code: w.coupon, Value: w.couponValue, ExpiresDate: w.couponExpires},
		Case: &CaseData{
			Number: "R-1001", Kind: "return", KindName: kindNames[locale]["return"], Status: "resolved", Step: "resolved",
			Lines: []CaseLineData{{Name: w.product, Quantity: 1}}, Item: w.product,
			Resolution: "refund", Refund: w.refund, Reason: w.reason, Tracking: w.trackingNumber,
			Quote: &QuoteData{Parts: []QuotePartData{{Name: w.quotePart, Quantity: 1, Total: w.quotePartTotal}},
				Labour: w.labour, Total: w.quoteTotal},
			Booking:   &BookingData{When: w.bookingWhen, Location: w.bookingLocation},
			PortalURL: w.store + "/o/8KQ2X",
		},
		Survey: sampleSurvey(cmp.Or(surveyKinds[key], "nps"), w.store+"/s/N4Q8ZP"),
		Review: &ReviewRequestData{
			Products: []ReviewProductData{
				// The filters have no picture, as happens with spare parts.
				sampleReviewProduct(w.product, w.store+"/img/"+slug(w.product)+".jpg", w.store+"/r/8KQ2X/1"),
				sampleReviewProduct(w.sparePart, "", w.store+"/r/8KQ2X/2"),
			},
			Incentive: w.incentive,
		},
		// A public reply: the product's reviews page is one Purna serves,
		// /w/<shop ID>/products/<SKU>, as long as a real one.
		ReviewReply: &ReviewReplyData{
			Product: w.product, Rating: 4, Review: w.review, Reply: w.reply, Public: true,
			PageURL: w.store + "/w/01JC3V8R6ZK2M4N7P9Q1S3T5W8/products/SKU-1001",
		},
		// What a customer who agreed to marketing sees; keys without
		// offers drop it.
		Offer: &OfferData{
			Extension:  &ExtensionOffer{Name: w.extension, Months: 12, Price: w.extensionPrice},
			SpareParts: slices.Clone(w.offerParts),
			URL:        w.store + "/o/8KQ2X",
		},
		Links: LinksData{
			TrackingPage: w.store + "/t/8KQ2X", Unsubscribe: w.store + "/u/4ZP7M",
			Portal: w.store + "/o/8KQ2X", Review: w.store + "/r/8KQ2X", Store: w.store,
		},
		Locale: locale,
	}
}

// sparseSample is the least a message for key can carry: only the parts
// the key promises, each with only the fields that always have a value.
func sparseSample(key Key, locale string) Data {
	s := specs[key]
	w := wordsFor(locale)
	d := Data{Shop: ShopData{Name: w.shop}, Locale: locale}
	if s.order {
		d.Order = &OrderData{Number: w.number, PlacedAt: w.placed, Total: w.lineTotals[0],
			Lines: []LineData{{Name: w.product, Quantity: 1, Total: w.lineTotals[0]}}}
	}
	if s.shipment {
		d.Shipment = &ShipmentData{}
	}
	if s.product {
		d.Product = &ProductData{Name: w.product}
		if s.warrantyEnds {
			d.Product.WarrantyEnds = w.warrantyEnds
		}
	}
	if s.caseData {
		d.Case = &CaseData{Number: "R-1001", Kind: "return", KindName: kindNames[locale]["return"], Status: "requested",
			Step: "opened", Lines: []CaseLineData{{Name: w.product, Quantity: 1}}, Item: w.product}
	}
	if s.survey {
		d.Survey = sampleSurvey(surveyKinds[key], w.store+"/s/N4Q8ZP")
	}
	if s.review {
		d.Review = &ReviewRequestData{Products: []ReviewProductData{sampleReviewProduct(w.product, "", w.store+"/r/8KQ2X/1")}}
	}
	if s.reviewReply {
		// A private reply to a rating without words.
		d.ReviewReply = &ReviewReplyData{Product: w.product, Rating: 4, Reply: w.reply}
	}
	if s.kind == Marketing {
		d.Links.Unsubscribe = w.store + "/u/4ZP7M"
	}
	return d
}

// reminderSample is the full sample sent a second time, to a customer who
// did not answer: the survey in the shop's own words, the review request
// without an incentive.
func reminderSample(key Key, locale string) Data {
	d := fullSample(key, locale)
	d.Survey.Reminder = true
	d.Survey.Question = wordsFor(locale).questions[d.Survey.Kind]
	d.Review.Reminder = true
	d.Review.Incentive = ""
	return d
}

// partsOfferSample is the full sample with the least an offer carries:
// one spare part, no extended warranty and no link to take it up, so
// Parse sees offer templates that assume more.
func partsOfferSample(key Key, locale string) Data {
	d := fullSample(key, locale)
	d.Offer = &OfferData{SpareParts: d.Offer.SpareParts[:1]}
	return d
}

// sampleSurvey is a survey of kind with its score links under page.
func sampleSurvey(kind, page string) *SurveyData {
	sd := &SurveyData{Kind: kind, PageURL: page}
	for i := surveyScales[kind][0]; i <= surveyScales[kind][1]; i++ {
		sd.Scores = append(sd.Scores, ScoreLink{Score: i, URL: page + "/" + strconv.Itoa(i)})
	}
	return sd
}

// sampleReviewProduct is a product to review with its form at form.
func sampleReviewProduct(name, image, form string) ReviewProductData {
	p := ReviewProductData{Name: name, ImageURL: image, URL: form}
	for i := 1; i <= 5; i++ {
		p.Stars = append(p.Stars, ScoreLink{Score: i, URL: form + "?rating=" + strconv.Itoa(i)})
	}
	return p
}

// slug is name as a path segment: "sharp-air-purifier-fp-j40y".
func slug(name string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), "-")
}
