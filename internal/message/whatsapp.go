package message

import (
	"net/url"
	"strings"

	"github.com/purnajual/purna"
)

// WhatsApp Business sends a business-initiated message only from a
// template Meta approved beforehand, with numbered parameters ({{1}},
// {{2}}…) filled in at send time. The bodies merchants submit are in
// docs/whatsapp-templates.md, one per key and language; WhatsAppParams
// fills them. Merchants' edits of the email templates do not reach
// WhatsApp: changing an approved body means a new approval.

// WhatsAppMessage is what a WhatsApp sender needs to send one message: the
// approved template's name and language, and its parameters.
type WhatsAppMessage struct {
	// Template is the name the merchant registered the template under:
	// "purna_order_shipped".
	Template string `json:"template"`
	// Language is Meta's code for the template's language: "id", "en" or
	// "ro".
	Language string `json:"language"`
	// Category is the template's category at Meta: "UTILITY" for
	// transactional messages, "MARKETING" for marketing ones.
	Category string `json:"category"`
	// Body holds the body parameters, {{1}} first: plain text, each
	// non-empty, on one line, with no run of spaces, and at most 1024
	// characters, as WhatsApp requires.
	Body []string `json:"body"`
	// ButtonURL is the page an optional "visit website" button opens, and
	// ButtonSuffix the part of it after the host, for a button registered
	// as https://<Purna's host>/{{1}}. Both are empty when the message has
	// no such page; a merchant adds a button only to templates whose
	// messages always have one (see the doc).
	ButtonURL    string `json:"button_url,omitempty"`
	ButtonSuffix string `json:"button_suffix,omitempty"`
}

// whatsAppLanguages maps our locales to Meta's language codes.
var whatsAppLanguages = map[string]string{"id": "id", "en": "en", "ro": "ro"}

// waWords are the words parameters fall back on when Data lacks a value,
// written to fit the sentence around the parameter in each body.
type waWords struct {
	// greet returns the customer as the body's greeting names them.
	greet   func(first string) string
	carrier string // "sudah kami serahkan ke {{3}}"
	// estimate stands in for an unknown new delivery date, due for an
	// unknown maintenance date.
	estimate, due string
	noLink        string // when there is no page to link to at all
}

var waFallbacks = map[string]waWords{
	"id": {
		greet: func(first string) string {
			if first == "" {
				return "Kak"
			}
			return "Kak " + first
		},
		carrier: "kurir", estimate: "segera kami kabari", due: "sekarang", noLink: "(belum tersedia)",
	},
	"en": {
		greet: func(first string) string {
			if first == "" {
				return "there"
			}
			return first
		},
		carrier: "the courier", estimate: "to be confirmed", due: "now", noLink: "(not available yet)",
	},
	"ro": {
		greet: func(first string) string {
			if first == "" {
				return "dragă client"
			}
			return first
		},
		carrier: "curier", estimate: "revenim cu detalii", due: "acum", noLink: "(momentan indisponibil)",
	},
}

// maxWhatsAppParam is the longest parameter WhatsApp accepts.
const maxWhatsAppParam = 1024

// maxWhatsAppReply is the longest review reply a WhatsApp message
// carries. WhatsApp refuses a message whose body, filled in, runs past
// 1024 characters, and the reply shares the body with its words, the
// name, the product and a link; the email carries the reply whole.
const maxWhatsAppReply = 600

// WhatsAppParams returns the WhatsApp template and parameters for key with
// d, which NewData built in the customer's language. The template names
// are "purna_" and the key ("purna_order_shipped"), except that a win-back
// message with a coupon uses "purna_winback_coupon" and a public reply to
// a review "purna_review_reply_public". It returns ENOTFOUND
// for an unknown key, and EINVALID when d.Locale has no WhatsApp templates
// or when Render would refuse d (a promised part missing, a marketing
// message without an unsubscribe link).
func WhatsAppParams(key Key, d Data) (WhatsAppMessage, error) {
	s, ok := specs[key]
	if !ok {
		return WhatsAppMessage{}, purna.Errorf(purna.ENOTFOUND, "No message %q.", key)
	}
	lang, ok := whatsAppLanguages[d.Locale]
	if !ok {
		return WhatsAppMessage{}, purna.Errorf(purna.EINVALID, "No WhatsApp templates in language %q.", d.Locale)
	}
	if err := checkData(key, s, d); err != nil {
		return WhatsAppMessage{}, err
	}
	if s.kind == Transactional {
		d.Links.Unsubscribe = ""
	}
	w := waFallbacks[d.Locale]
	m := WhatsAppMessage{Template: "purna_" + string(key), Language: lang, Category: "UTILITY"}
	if s.kind == Marketing {
		m.Category = "MARKETING"
	}
	name := w.greet(oneLine(d.Customer.FirstName))
	link := func(urls ...string) string { return firstOf(append(urls, w.noLink)...) }
	var tracking string
	if d.Shipment != nil {
		tracking = d.Shipment.TrackingURL
	}
	switch key {
	case OrderConfirmation:
		m.Body = []string{name, d.Order.Number, d.Order.Total, link(d.Links.Portal, d.Links.TrackingPage, d.Links.Store)}
		m.button(d.Links.Portal)
	case OrderShipped, OutForDelivery:
		m.Body = []string{name, d.Order.Number, firstOf(d.Shipment.Carrier, w.carrier),
			link(d.Links.TrackingPage, tracking, d.Links.Portal)}
		m.button(d.Links.TrackingPage)
	case OrderDelivered:
		m.Body = []string{name, d.Order.Number, link(d.Links.Portal, d.Links.TrackingPage, d.Links.Store)}
		m.button(d.Links.Portal)
	case DeliveryLate:
		m.Body = []string{name, d.Order.Number, firstOf(d.Shipment.EstimatedDate, w.estimate),
			link(d.Links.TrackingPage, tracking, d.Links.Portal)}
		m.button(d.Links.TrackingPage)
	case HowToOnboarding:
		m.Body = []string{name, d.Product.Name, link(d.Product.HowToURL, d.Links.Portal, d.Links.Store)}
	case SurveyNPS:
		m.Body = []string{name, d.Shop.Name, link(d.Survey.PageURL)}
		m.button(d.Survey.PageURL)
	case SurveyCSAT, SurveyCES:
		m.Body = []string{name, surveyPhrase(key, d), link(d.Survey.PageURL)}
		m.button(d.Survey.PageURL)
	case ReviewRequest:
		// The first product, and its form: the body has room for one. The
		// shop's incentive stays out, or Meta would count the template as
		// marketing.
		p := d.Review.Products[0]
		m.Body = []string{name, p.Name, link(p.URL)}
		m.button(p.URL)
	case ReviewReply:
		// The reply itself: on WhatsApp the customer reads it here, and a
		// private one nowhere else. A public reply has its own body, which
		// says where else it is shown and links there.
		r := d.ReviewReply
		m.Body = []string{name, r.Product, clip(r.Reply, maxWhatsAppReply)}
		if r.Public {
			m.Template = "purna_review_reply_public"
			m.Body = append(m.Body, link(r.PageURL, d.Links.Store))
			m.button(r.PageURL)
		}
	case CaseUpdate:
		c := d.Case
		m.Body = []string{name, joinNonEmpty(" ", c.KindName, c.Number), caseStatusPhrase(d.Locale, c),
			link(c.PortalURL, d.Links.Portal, d.Links.Store)}
		m.button(firstOf(c.PortalURL, d.Links.Portal))
	case ServiceFollowup:
		c := d.Case
		m.Body = []string{name, c.Item, link(c.PortalURL, d.Links.Portal, d.Links.Store)}
		m.button(firstOf(c.PortalURL, d.Links.Portal))
	case WarrantyEnding:
		m.Body = []string{name, d.Product.Name, d.Product.WarrantyEnds, link(d.Links.Portal, d.Links.Store)}
		m.button(d.Links.Portal)
	case MaintenanceDue:
		m.Body = []string{name, d.Product.Name, firstOf(d.Product.MaintenanceDue, w.due),
			link(d.Links.Portal, d.Links.Store), d.Links.Unsubscribe}
		m.button(d.Links.Portal)
	case Winback:
		store := link(d.Links.Store, d.Links.Portal)
		if c := d.Coupon; c != nil && oneLine(c.Code) != "" && oneLine(c.Value) != "" {
			m.Template = "purna_winback_coupon"
			m.Body = []string{name, d.Shop.Name, c.Value, c.Code, store, d.Links.Unsubscribe}
		} else {
			m.Body = []string{name, d.Shop.Name, store, d.Links.Unsubscribe}
		}
	}
	for i, p := range m.Body {
		// Promised values are set by the caller but may still be blank
		// text; WhatsApp refuses an empty parameter.
		m.Body[i] = firstOf(p, "-")
	}
	return m, nil
}

// button sets m's button to u, a page Purna serves (a tracking page, the
// order portal), so its host is Purna's and its path is the suffix.
func (m *WhatsAppMessage) button(u string) {
	p, err := url.Parse(u)
	if u == "" || err != nil || p.Host == "" {
		return
	}
	suffix := strings.TrimPrefix(p.EscapedPath(), "/")
	if p.RawQuery != "" {
		suffix += "?" + p.RawQuery
	}
	if suffix == "" {
		return
	}
	m.ButtonURL, m.ButtonSuffix = u, suffix
}

// firstOf returns the first of vals that has text, made one line.
func firstOf(vals ...string) string {
	for _, v := range vals {
		if v = oneLine(v); v != "" {
			return v
		}
	}
	return ""
}

// oneLine makes s a valid WhatsApp parameter: whitespace runs (newlines
// and tabs included) become one space, and it is cut to 1024 characters.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxWhatsAppParam {
		s = strings.TrimSpace(string(r[:maxWhatsAppParam-1])) + "…"
	}
	return s
}

// clip is s on one line, cut at a word to at most n characters, with "…"
// when anything was cut.
func clip(s string, n int) string {
	s = oneLine(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// surveyPhrase is what the CSAT and CES bodies ask about, worded for
// their {{2}}: the service case, else the order, else the customer's
// request in general.
func surveyPhrase(key Key, d Data) string {
	w := surveyWords[d.Locale]
	if w == nil {
		w = surveyWords["en"]
	}
	fill := func(phrase, value string) string { return strings.ReplaceAll(w[phrase], "%s", value) }
	if key == SurveyCES {
		switch c := d.Case; {
		case c != nil && c.Kind == "maintenance" && oneLine(c.Item) != "":
			return fill("ces_maintenance", c.Item)
		case c != nil && joinNonEmpty(" ", c.KindName, c.Number) != "":
			return fill("ces_case", joinNonEmpty(" ", c.KindName, c.Number))
		}
		return w["ces_none"]
	}
	switch {
	case d.Case != nil && joinNonEmpty(" ", d.Case.KindName, d.Case.Number) != "":
		return fill("csat_case", joinNonEmpty(" ", d.Case.KindName, d.Case.Number))
	case d.Order != nil && oneLine(d.Order.Number) != "":
		return fill("csat_order", d.Order.Number)
	}
	return w["csat_none"]
}

// surveyWords are the phrases of surveyPhrase, each ending the sentence
// its body starts: purna_survey_csat's "…the way we handled your {{2}}?"
// and purna_survey_ces's "…how easy did we make it for you to {{2}}?".
var surveyWords = map[string]map[string]string{
	"id": {
		"csat_case": "%s", "csat_order": "pesanan %s", "csat_none": "permintaan Kakak",
		"ces_case": "mengurus %s", "ces_maintenance": "mengurus servis %s", "ces_none": "menyelesaikan urusan",
	},
	"en": {
		"csat_case": "%s", "csat_order": "order %s", "csat_none": "request",
		"ces_case": "sort out your %s", "ces_maintenance": "get your %s serviced", "ces_none": "get the help you needed",
	},
	"ro": {
		"csat_case": "cererea ta de %s", "csat_order": "comanda ta %s", "csat_none": "solicitarea ta",
		"ces_case": "îți rezolvi cererea de %s", "ces_maintenance": "faci revizia pentru %s",
		"ces_none": "primești ajutorul de care aveai nevoie",
	},
}

// caseStatusPhrase is where c stands, as the case_update body's "Status:
// {{3}}." says it in locale.
func caseStatusPhrase(locale string, c *CaseData) string {
	w := caseStatusWords[locale]
	if w == nil {
		w = caseStatusWords["en"]
	}
	fill := func(key, value string) string {
		if value == "" {
			return w[key]
		}
		return strings.ReplaceAll(w[key+"+"], "%s", value)
	}
	switch c.Step {
	case "opened":
		if c.Kind == "maintenance" {
			var when string
			if c.Booking != nil {
				when = c.Booking.When
			}
			return fill("booked", when)
		}
		return w["opened"]
	case "resolved":
		switch c.Resolution {
		case "refund":
			return fill("refund", c.Refund)
		case "store_credit":
			return fill("store_credit", c.Refund)
		case "repaired":
			return w["repaired"]
		}
		return w["resolved"]
	case "quoted":
		var total string
		if c.Quote != nil {
			total = c.Quote.Total
		}
		return fill("quoted", total)
	case "rescheduled":
		var when string
		if c.Booking != nil {
			when = c.Booking.When
		}
		return fill("rescheduled", when)
	}
	if p, ok := w[c.Step]; ok {
		return p
	}
	return w["other"]
}

// caseStatusWords are the status phrases of purna_case_update; a key
// ending in "+" takes a value for %s.
var caseStatusWords = map[string]map[string]string{
	"id": {
		"opened": "sudah kami terima dan sedang kami periksa", "approved": "disetujui",
		"rejected": "belum bisa kami terima", "received": "barangnya sudah sampai di tempat kami",
		"shipped": "barang pengganti sedang dikirim", "resolved": "selesai",
		"refund": "selesai, dana sudah kami kembalikan", "refund+": "selesai, dana %s sudah kami kembalikan",
		"store_credit": "selesai, saldo belanja sudah ditambahkan", "store_credit+": "selesai, saldo belanja %s sudah ditambahkan",
		"repaired": "sudah selesai diperbaiki", "returned": "barangnya sedang dikirim kembali ke Kakak",
		"quoted": "rincian biaya perbaikan menunggu persetujuan Kakak", "quoted+": "biaya perbaikan %s menunggu persetujuan Kakak",
		"booked": "jadwal servis sudah dikonfirmasi", "booked+": "jadwal servis dikonfirmasi pada %s",
		"rescheduled": "jadwal servis berubah", "rescheduled+": "jadwal servis pindah ke %s",
		"cancelled": "dibatalkan", "other": "ada kabar terbaru",
	},
	"en": {
		"opened": "received, and we're looking into it", "approved": "approved",
		"rejected": "not accepted", "received": "your item has reached us",
		"shipped": "your new item is on its way", "resolved": "complete",
		"refund": "complete, your money is refunded", "refund+": "complete, %s refunded",
		"store_credit": "complete, store credit added", "store_credit+": "complete, %s of store credit added",
		"repaired": "repaired", "returned": "your item is on its way back to you",
		"quoted": "the repair quote is waiting for your answer", "quoted+": "the repair quote of %s is waiting for your answer",
		"booked": "your service visit is booked", "booked+": "your service visit is booked for %s",
		"rescheduled": "your service visit has moved", "rescheduled+": "your service visit has moved to %s",
		"cancelled": "cancelled", "other": "updated",
	},
	"ro": {
		"opened": "am primit-o și o analizăm", "approved": "aprobată",
		"rejected": "nu o putem accepta", "received": "produsul a ajuns la noi",
		"shipped": "produsul nou e pe drum", "resolved": "finalizată",
		"refund": "finalizată, ți-am rambursat banii", "refund+": "finalizată, ți-am rambursat %s",
		"store_credit": "finalizată, ți-am adăugat credit de cumpărături", "store_credit+": "finalizată, ți-am adăugat un credit de %s",
		"repaired": "produsul a fost reparat", "returned": "produsul e pe drum înapoi spre tine",
		"quoted": "oferta de reparație așteaptă răspunsul tău", "quoted+": "oferta de reparație de %s așteaptă răspunsul tău",
		"booked": "revizia e programată", "booked+": "revizia e programată pe %s",
		"rescheduled": "revizia a fost mutată", "rescheduled+": "revizia a fost mutată pe %s",
		"cancelled": "anulată", "other": "actualizată",
	},
}
