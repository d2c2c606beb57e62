package message

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
)

// Facts are the domain records a message is about. Nil and zero fields
// leave the matching part of Data empty.
type Facts struct {
	Order *order.Order
	// Shipment is the parcel the message is about; nil picks the order's
	// last shipment, if it has one.
	Shipment *order.Shipment
	Product  *product.Product
	// EstimatedDelivery is the carrier's new estimate for a late parcel.
	EstimatedDelivery time.Time
	// WarrantyEnds and MaintenanceDue are this customer's dates for
	// Product; the warranty and maintenance modules know them. A zero
	// WarrantyEnds is worked out from Product.WarrantyMonths, counted
	// from the order's delivery (or its placing, if delivery is unknown).
	WarrantyEnds   time.Time
	MaintenanceDue time.Time
	Coupon         *CouponData
	// Case is the service case the message is about.
	Case *CaseFacts
	// Survey, Review and ReviewReply are passed on to Data as they are:
	// the survey and review modules write them in the message's language.
	Survey      *SurveyData
	Review      *ReviewRequestData
	ReviewReply *ReviewReplyData
	// Offer is passed on as it is, formatted in the message's language;
	// the journey sets it only for customers who agreed to marketing.
	Offer *OfferData
	Links LinksData
}

// CaseFacts are a service case as its timeline event told it: what
// NewData formats into CaseData. Money is in minor units of Currency.
type CaseFacts struct {
	Number, Kind, Status, Step, Resolution string
	// Lines are the case's items with their names (from the order or the
	// product).
	Lines []CaseLineData
	// Refund is what was refunded or credited; 0 for nothing.
	Refund   int64
	Currency string
	Reason   string
	Tracking string // the parcel of an item shipped to the customer
	Quote    *QuoteFacts
	Booking  *BookingFacts
	// PortalURL is the customer's page for the case; "" falls back to
	// Links.Portal.
	PortalURL string
}

// QuoteFacts are a repair's parts and labour, in minor units of the
// case's currency.
type QuoteFacts struct {
	Parts  []QuotePartFacts
	Labour int64
	Total  int64
}

// QuotePartFacts is one part of a quote.
type QuotePartFacts struct {
	Name      string
	Quantity  int64
	UnitPrice int64
}

// BookingFacts is a maintenance visit.
type BookingFacts struct {
	Location string
	StartsAt time.Time
}

// NewData builds the Data for a message to c in locale from the shop and
// the facts. Money is written with purna.Money.Format(locale) and times in
// the shop's time zone with the i18n package. An unsupported locale falls
// back to the shop's, then to English. The shipment's TrackingURL becomes
// f.Links.TrackingPage when that is set, so customers land on the shop's
// branded page rather than the carrier's.
func NewData(sh *shop.Shop, locale string, c CustomerData, f Facts) Data {
	if !purna.ValidLocale(locale) {
		locale = sh.Locale
	}
	if !purna.ValidLocale(locale) {
		locale = "en"
	}
	loc := sh.Location()
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return i18n.Date(locale, t, loc)
	}
	d := Data{
		Shop:        shopData(sh, locale),
		Customer:    c,
		Coupon:      f.Coupon,
		Survey:      f.Survey,
		Review:      f.Review,
		Links:       f.Links,
		Locale:      locale,
		ReviewReply: f.ReviewReply,
		Offer:       f.Offer,
	}
	if o := f.Order; o != nil {
		d.Order = orderData(o, locale, loc)
	}
	s := f.Shipment
	if s == nil && f.Order != nil && len(f.Order.Shipments) > 0 {
		s = f.Order.Shipments[len(f.Order.Shipments)-1]
	}
	if s != nil {
		sd := &ShipmentData{
			Carrier:        s.Carrier,
			TrackingNumber: s.TrackingNumber,
			TrackingURL:    cmp.Or(f.Links.TrackingPage, s.TrackingURL),
			PromisedDate:   date(deref(s.PromisedAt)),
			EstimatedDate:  date(f.EstimatedDelivery),
			DeliveredDate:  date(deref(s.DeliveredAt)),
		}
		if len(s.Events) > 0 {
			e := slices.MaxFunc(s.Events, func(a, b *order.TrackingEvent) int {
				return a.OccurredAt.Compare(b.OccurredAt)
			})
			sd.LatestUpdate = joinNonEmpty(" · ", e.Description, e.Location)
			sd.LatestUpdateAt = i18n.DateTime(locale, e.OccurredAt, loc)
		}
		d.Shipment = sd
	}
	if p := f.Product; p != nil {
		if f.WarrantyEnds.IsZero() && p.WarrantyMonths > 0 && f.Order != nil {
			// The warranty runs from delivery, or from the sale when the
			// delivery was never recorded.
			from := f.Order.PlacedAt
			if f.Order.DeliveredAt != nil {
				from = *f.Order.DeliveredAt
			}
			f.WarrantyEnds = from.In(loc).AddDate(0, p.WarrantyMonths, 0)
		}
		d.Product = &ProductData{
			Name:           p.Name,
			HowToURL:       p.HowToURL,
			HowToText:      p.HowToText,
			WarrantyEnds:   date(f.WarrantyEnds),
			MaintenanceDue: date(f.MaintenanceDue),
		}
	}
	if f.Case != nil {
		d.Case = caseData(f.Case, locale, loc, cmp.Or(f.Case.PortalURL, f.Links.Portal))
	}
	return d
}

// kindNames are the case kinds as a reader says them, in each language.
var kindNames = map[string]map[string]string{
	"id": {"return": "retur", "exchange": "penukaran barang", "replacement": "penggantian barang",
		"warranty_claim": "klaim garansi", "repair": "perbaikan", "maintenance": "servis berkala"},
	"en": {"return": "return", "exchange": "exchange", "replacement": "replacement",
		"warranty_claim": "warranty claim", "repair": "repair", "maintenance": "service visit"},
	"ro": {"return": "retur", "exchange": "schimb", "replacement": "înlocuire",
		"warranty_claim": "garanție", "repair": "reparație", "maintenance": "revizie"},
}

// caseItemFallback names the items when no name is known.
var caseItemFallback = map[string]string{"id": "barang Kakak", "en": "your item", "ro": "produsul tău"}

func caseData(f *CaseFacts, locale string, loc *time.Location, portal string) *CaseData {
	money := func(amount int64) string { return purna.Money{Amount: amount, Currency: f.Currency}.Format(locale) }
	cd := &CaseData{
		Number: f.Number, Kind: f.Kind, KindName: cmp.Or(kindNames[locale][f.Kind], f.Kind), Status: f.Status,
		Step: f.Step, Resolution: f.Resolution, Reason: strings.TrimSpace(f.Reason), Tracking: strings.TrimSpace(f.Tracking), PortalURL: portal,
		Lines: slices.Clone(f.Lines),
	}
	var items []string
	for _, l := range f.Lines {
		switch {
		case l.Name == "":
		case l.Quantity > 1:
			items = append(items, fmt.Sprintf("%d× %s", l.Quantity, l.Name))
		default:
			items = append(items, l.Name)
		}
	}
	cd.Item = cmp.Or(strings.Join(items, ", "), caseItemFallback[locale])
	if f.Refund > 0 {
		cd.Refund = money(f.Refund)
	}
	if q := f.Quote; q != nil {
		qd := &QuoteData{Total: money(q.Total)}
		for _, p := range q.Parts {
			qd.Parts = append(qd.Parts, QuotePartData{Name: p.Name, Quantity: p.Quantity, Total: money(p.Quantity * p.UnitPrice)})
		}
		if q.Labour > 0 {
			qd.Labour = money(q.Labour)
		}
		cd.Quote = qd
	}
	if b := f.Booking; b != nil && !b.StartsAt.IsZero() {
		cd.Booking = &BookingData{When: i18n.DateTime(locale, b.StartsAt, loc), Location: strings.TrimSpace(b.Location)}
	}
	return cd
}

// CustomerOf returns what messages know of customer c.
func CustomerOf(c *customer.Customer) CustomerData {
	return CustomerData{FirstName: strings.TrimSpace(c.FirstName), Name: c.Name()}
}

func orderData(o *order.Order, locale string, loc *time.Location) *OrderData {
	money := func(amount int64) string { return o.Money(amount).Format(locale) }
	od := &OrderData{
		Number:   o.Number,
		PlacedAt: i18n.DateTime(locale, o.PlacedAt, loc),
		Total:    money(o.Total),
		Lines:    make([]LineData, 0, len(o.Lines)),
		ShippingAddress: joinNonEmpty(", ", o.Address.Name, o.Address.Address, o.Address.City,
			joinNonEmpty(" ", o.Address.Province, o.Address.Postal)),
	}
	for _, l := range o.Lines {
		od.Lines = append(od.Lines, LineData{Name: l.Name, Quantity: l.Quantity, Total: money(l.Total), SKU: l.SKU})
	}
	// A subtotal row only helps when something sits between it and the
	// total.
	if o.Shipping != 0 || o.Discount != 0 || o.Tax != 0 {
		od.Subtotal = money(o.Subtotal)
	}
	if o.Shipping != 0 {
		od.Shipping = money(o.Shipping)
	}
	if o.Discount != 0 {
		od.Discount = money(-o.Discount)
	}
	return od
}

func shopData(sh *shop.Shop, locale string) ShopData {
	b := sh.Brand
	sd := ShopData{
		Name:         sh.Name,
		LogoURL:      b.LogoURL,
		Color:        b.Color,
		ContactEmail: b.ContactEmail,
		Phone:        b.Phone,
		SupportHours: shop.FormatSupportHours(sh.SupportHours, locale),
	}
	sd.WhatsAppURL = b.WhatsAppURL()
	for _, l := range b.SocialLinks() {
		sd.Social = append(sd.Social, Link{Name: l.Name, URL: l.URL})
	}
	return sd
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
