package portal

import (
	"cmp"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/shop"
)

// trackingView is what tracking.html shows. Every string in it is already
// in the page's language; the template adds only the fixed labels.
type trackingView struct {
	Lang  string
	Title string
	Brand brandView
	// Failed shows only Headline, Summary and Contact: the 404 and 500 pages.
	Failed bool
	// Tone colours the headline: "ok", "late", "stop" or "done".
	Tone              string
	Headline, Summary string
	Number            string
	Placed            string
	PlacedISO         string
	Steps             []stepView
	Shipments         []shipmentView
	Lines             []lineView
	Totals            []totalView
	Total             string
	Contact           contactView
}

type brandView struct {
	Name, LogoURL string
	// Color fills the header and the stepper; OnColor is legible on it;
	// Accent is Color, or a dark grey when Color is too light for text on
	// white.
	Color, OnColor, Accent string
}

type stepView struct {
	Label, Date string
	Done        bool
	Current     bool
	// Stop marks the cancelled or refunded end of an order.
	Stop bool
}

type shipmentView struct {
	Label                   string // "Package 1 of 2", empty for a single parcel
	Carrier, TrackingNumber string
	TrackingURL             string // only http(s)
	Status, StatusKey       string
	Promised, Delivered     string
	Late                    bool
	LateTitle, LateBody     string
	Events                  []eventView
}

type eventView struct {
	When, ISO, Status, Location, Description string
}

type lineView struct {
	Name, SKU, Quantity, Total string
}

type totalView struct {
	Label, Amount string
}

type contactView struct {
	Email, Phone, PhoneHref, WhatsAppURL, Hours string
	Social                                      []linkView
}

type linkView struct{ Name, URL string }

const defaultColor = "#0f766e"

func newTrackingView(sh *shop.Shop, o *order.Order, lang string, now time.Time) *trackingView {
	loc := sh.Location()
	date := func(t time.Time) string { return i18n.Date(lang, t, loc) }
	v := &trackingView{
		Lang:      lang,
		Title:     i18n.T(lang, "track.doc_title", "number", o.Number, "shop", sh.Name),
		Brand:     newBrandView(sh),
		Number:    o.Number,
		Placed:    date(o.PlacedAt),
		PlacedISO: o.PlacedAt.In(loc).Format(time.RFC3339),
		Steps:     newSteps(o, lang, loc),
		Total:     o.Money(o.Total).Format(lang),
		Contact:   newContactView(sh, lang, o.Number),
	}
	for i, s := range o.Shipments {
		sv := newShipmentView(s, lang, loc, now)
		if len(o.Shipments) > 1 {
			sv.Label = i18n.T(lang, "track.package", "n", i+1, "count", len(o.Shipments))
		}
		v.Shipments = append(v.Shipments, sv)
	}
	for _, l := range o.Lines {
		v.Lines = append(v.Lines, lineView{Name: l.Name, SKU: l.SKU,
			Quantity: i18n.T(lang, "track.quantity", "n", l.Quantity), Total: o.Money(l.Total).Format(lang)})
	}
	money := func(amount int64) string { return o.Money(amount).Format(lang) }
	// A subtotal row only helps when something sits between it and the total.
	if o.Shipping != 0 || o.Discount != 0 || o.Tax != 0 {
		v.Totals = append(v.Totals, totalView{i18n.T(lang, "track.subtotal"), money(o.Subtotal)})
	}
	if o.Shipping != 0 {
		v.Totals = append(v.Totals, totalView{i18n.T(lang, "track.shipping"), money(o.Shipping)})
	}
	if o.Discount != 0 {
		v.Totals = append(v.Totals, totalView{i18n.T(lang, "track.discount"), money(-o.Discount)})
	}
	if o.Tax != 0 {
		v.Totals = append(v.Totals, totalView{i18n.T(lang, "track.tax"), money(o.Tax)})
	}
	v.Tone, v.Headline, v.Summary = headline(sh, o, lang, loc, now)
	return v
}

// headline sums the order up in one sentence, the way a shopper asks
// "where is my order?".
func headline(sh *shop.Shop, o *order.Order, lang string, loc *time.Location, now time.Time) (tone, head, sum string) {
	late, out := false, false
	var promised time.Time
	for _, s := range o.Shipments {
		if s.DeliveredAt != nil {
			continue
		}
		late = late || s.Late(now)
		out = out || s.Status == order.ShipmentOutForDelivery
		if s.PromisedAt != nil && s.PromisedAt.After(promised) {
			promised = *s.PromisedAt
		}
	}
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	switch {
	case o.RefundedAt != nil:
		return "stop", t("track.head.refunded"), t("track.sum.refunded", "shop", sh.Name)
	case o.CancelledAt != nil:
		return "stop", t("track.head.cancelled"), t("track.sum.cancelled", "shop", sh.Name)
	case o.DeliveredAt != nil:
		return "done", t("track.head.delivered"), t("track.sum.delivered", "date", i18n.Date(lang, *o.DeliveredAt, loc))
	case late:
		return "late", t("track.head.late"), t("track.sum.late", "shop", sh.Name)
	case out:
		return "ok", t("track.head.out_for_delivery"), t("track.sum.out_for_delivery")
	case o.FulfilledAt != nil && !promised.IsZero():
		return "ok", t("track.head.shipped"), t("track.sum.shipped_by", "date", i18n.Date(lang, promised, loc))
	case o.FulfilledAt != nil:
		return "ok", t("track.head.shipped"), t("track.sum.shipped")
	case o.PaidAt != nil:
		return "ok", t("track.head.paid"), t("track.sum.paid", "shop", sh.Name)
	}
	return "ok", t("track.head.pending"), t("track.sum.pending", "shop", sh.Name)
}

// newSteps lays the order out as Ordered → Paid → Shipped → Out for
// delivery → Delivered. A step counts as done once a later one is, so that
// cash-on-delivery orders, paid at the door, do not show a gap. A cancelled
// or refunded order ends in a Stop step after the last step it reached.
func newSteps(o *order.Order, lang string, loc *time.Location) []stepView {
	var outAt *time.Time
	for _, s := range o.Shipments {
		for _, e := range s.Events {
			if e.Status == order.ShipmentOutForDelivery && (outAt == nil || e.OccurredAt.Before(*outAt)) {
				outAt = &e.OccurredAt
			}
		}
		if s.Status == order.ShipmentOutForDelivery && outAt == nil {
			outAt = &time.Time{}
		}
	}
	placed := o.PlacedAt
	at := []*time.Time{&placed, o.PaidAt, o.FulfilledAt, outAt, o.DeliveredAt}
	keys := []string{"track.step.ordered", "track.step.paid", "track.step.shipped", "track.step.out_for_delivery", "track.step.delivered"}
	last := 0
	for i, t := range at {
		if t != nil {
			last = i
		}
	}
	steps := make([]stepView, len(keys))
	for i, k := range keys {
		steps[i] = stepView{Label: i18n.T(lang, k), Done: i <= last, Current: i == last}
		if t := at[i]; t != nil && !t.IsZero() {
			steps[i].Date = i18n.DayMonth(lang, *t, loc)
		}
	}
	stop, key := o.RefundedAt, "track.step.refunded"
	if stop == nil {
		stop, key = o.CancelledAt, "track.step.cancelled"
	}
	if stop == nil {
		return steps
	}
	steps = steps[:last+1]
	steps[last].Current = false
	return append(steps, stepView{Label: i18n.T(lang, key), Date: i18n.DayMonth(lang, *stop, loc), Done: true, Current: true, Stop: true})
}

func newShipmentView(s *order.Shipment, lang string, loc *time.Location, now time.Time) shipmentView {
	status := cmp.Or(s.Status, order.ShipmentPending)
	sv := shipmentView{
		Carrier:        s.Carrier,
		TrackingNumber: s.TrackingNumber,
		Status:         i18n.T(lang, "track.status."+string(status)),
		StatusKey:      string(status),
		Late:           s.Late(now),
	}
	if u, err := url.Parse(s.TrackingURL); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		sv.TrackingURL = s.TrackingURL
	}
	if s.DeliveredAt != nil {
		sv.Delivered = i18n.Date(lang, *s.DeliveredAt, loc)
	} else if s.PromisedAt != nil {
		sv.Promised = i18n.Date(lang, *s.PromisedAt, loc)
	}
	if sv.Late {
		promised := i18n.Date(lang, *s.PromisedAt, loc)
		if s.DeliveredAt != nil {
			sv.LateTitle = i18n.T(lang, "track.late_delivered_title")
			sv.LateBody = i18n.T(lang, "track.late_delivered_body", "date", promised)
		} else {
			sv.LateTitle = i18n.T(lang, "track.late_title")
			sv.LateBody = i18n.T(lang, "track.late_body", "date", promised)
		}
	}
	// Newest first: the top of the list answers "where is it now?".
	for _, e := range slices.Backward(s.Events) {
		sv.Events = append(sv.Events, eventView{
			When:        i18n.DateTime(lang, e.OccurredAt, loc),
			ISO:         e.OccurredAt.In(loc).Format(time.RFC3339),
			Status:      i18n.T(lang, "track.status."+string(e.Status)),
			Location:    e.Location,
			Description: e.Description,
		})
	}
	return sv
}

func newBrandView(sh *shop.Shop) brandView {
	b := brandView{Color: defaultColor}
	if sh != nil {
		b.Name = sh.Name
		if u := sh.Brand.LogoURL; strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
			b.LogoURL = u
		}
		if _, ok := luminance(sh.Brand.Color); ok {
			b.Color = sh.Brand.Color
		}
	}
	lum, _ := luminance(b.Color)
	// WCAG contrast against white is 1.05/(L+0.05); 4.5:1 needs L < 0.183.
	b.OnColor, b.Accent = "#ffffff", b.Color
	if lum >= 0.183 {
		b.Accent = "#1f2937"
	}
	// Dark text (#111827, luminance 0.0093) where it contrasts more than white.
	if (lum+0.05)/0.0593 > 1.05/(lum+0.05) {
		b.OnColor = "#111827"
	}
	return b
}

// luminance returns the WCAG relative luminance of a "#rrggbb" colour.
func luminance(hex string) (float64, bool) {
	if len(hex) != 7 || hex[0] != '#' {
		return 0, false
	}
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		n, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return 0, false
		}
		c := float64(n) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l, true
}

func newContactView(sh *shop.Shop, lang, number string) contactView {
	b := sh.Brand
	cv := contactView{Email: b.ContactEmail, Phone: b.Phone, PhoneHref: strings.Map(keepPhone, b.Phone)}
	if hours := shop.FormatSupportHours(sh.SupportHours, lang); hours != "" {
		cv.Hours = i18n.T(lang, "track.hours", "hours", hours)
	}
	if cv.WhatsAppURL = b.WhatsAppURL(); cv.WhatsAppURL != "" {
		if number != "" {
			// WhatsApp reads "+" as a plus, not a space.
			text := strings.ReplaceAll(url.QueryEscape(i18n.T(lang, "track.whatsapp_text", "number", number)), "+", "%20")
			cv.WhatsAppURL += "?text=" + text
		}
	}
	for _, l := range b.SocialLinks() {
		cv.Social = append(cv.Social, linkView{Name: l.Name, URL: l.URL})
	}
	return cv
}

func keepPhone(r rune) rune {
	if r == '+' || r >= '0' && r <= '9' {
		return r
	}
	return -1
}
