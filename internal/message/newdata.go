package message

import (
	"cmp"
	"maps"
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
	Links          LinksData
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
		Shop:     shopData(sh, locale),
		Customer: c,
		Coupon:   f.Coupon,
		Links:    f.Links,
		Locale:   locale,
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
	return d
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
	if digits := strings.Map(keepDigit, b.WhatsApp); digits != "" {
		sd.WhatsAppURL = "https://wa.me/" + digits
	}
	for _, name := range slices.Sorted(maps.Keys(b.Social)) {
		sd.Social = append(sd.Social, Link{Name: socialName(name), URL: b.Social[name]})
	}
	return sd
}

func socialName(key string) string {
	names := map[string]string{
		"instagram": "Instagram", "tiktok": "TikTok", "facebook": "Facebook", "youtube": "YouTube",
		"x": "X", "twitter": "X", "linkedin": "LinkedIn", "pinterest": "Pinterest", "threads": "Threads",
		"shopee": "Shopee", "tokopedia": "Tokopedia", "emag": "eMAG",
	}
	if n, ok := names[strings.ToLower(key)]; ok {
		return n
	}
	if key == "" {
		return key
	}
	return strings.ToUpper(key[:1]) + key[1:]
}

func keepDigit(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
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
