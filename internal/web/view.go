package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/review"
)

// lang writes text, dates and money for one request: in its language and
// in its shop's time zone. Templates call it as {{.L.T "key"}}.
type lang struct {
	Locale string
	loc    *time.Location
	now    time.Time
}

func newLang(locale string, loc *time.Location, now time.Time) lang {
	return lang{Locale: locale, loc: loc, now: now}
}

// T translates key; see i18n.T.
func (l lang) T(key string, args ...any) string { return i18n.T(l.Locale, key, args...) }

// N translates the plural message key for n; see i18n.N.
func (l lang) N(key string, n int, args ...any) string { return i18n.N(l.Locale, key, n, args...) }

// DateTime writes t in the shop's time zone: "2 Nov 2026 10.04".
func (l lang) DateTime(t time.Time) string { return i18n.DateTime(l.Locale, t, l.loc) }

// Date writes t's day in the shop's time zone: "2 Nov 2026".
func (l lang) Date(t time.Time) string { return i18n.Date(l.Locale, t, l.loc) }

// Ago writes t relative to now: "3 hari lalu".
func (l lang) Ago(t time.Time) string { return i18n.Ago(l.Locale, t, l.now) }

// Number writes n with digit grouping.
func (l lang) Number(n int) string { return i18n.Number(l.Locale, int64(n)) }

// Money writes amount minor units of currency: "Rp 1.250.000".
func (l lang) Money(amount int64, currency string) string {
	return purna.Money{Amount: amount, Currency: currency}.Format(l.Locale)
}

// layout is the data every page shares: the shell around its content.
type layout struct {
	L        lang
	Title    string
	Nav      string // the active navigation item
	ShopName string
	ShopInit string
	LogoURL  string
	UserName string
	UserInit string
	Brand    brand
	Langs    []langOption
	Modules  []module
	Assets   map[string]string // asset name → versioned URL
	Demo     *demoClock        // the demo's clock bar; nil outside the demo
}

// langOption is one entry of the language switcher.
type langOption struct {
	Code, Name, URL string
	Current         bool
}

// module is an item of the left navigation. Count, when set, is how many
// things wait there (open follow-ups), with CountLabel saying so in words.
type module struct {
	Key, Label, URL, Icon string
	Count, CountLabel     string
	Active, Soon          bool
}

var langNames = map[string]string{"id": "Bahasa Indonesia", "en": "English", "ro": "Română"}

// layout returns the shell data for a page titled title, with nav active.
func (s *Server) layout(r *http.Request, v *viewer, title, nav string) layout {
	l := v.lang
	lay := layout{L: l, Title: title, Nav: nav, Brand: newBrand(""), Assets: s.assetURLs(), Demo: s.demoClock(r, l)}
	if v.shop != nil {
		lay.ShopName = v.shop.Name
		lay.ShopInit = initials(v.shop.Name)
		lay.Brand = newBrand(v.shop.Brand.Color)
		if u, err := url.Parse(v.shop.Brand.LogoURL); err == nil && u.Scheme == "https" && u.Host != "" {
			lay.LogoURL = u.String()
		}
	}
	if v.session != nil && v.session.User != nil {
		lay.UserName = v.session.User.Name
		lay.UserInit = initials(v.session.User.Name)
	}
	for _, code := range i18n.Locales {
		q := r.URL.Query()
		q.Set("lang", code)
		lay.Langs = append(lay.Langs, langOption{Code: code, Name: langNames[code], URL: localPath(r.URL.Path, q),
			Current: code == l.Locale})
	}
	modules := []module{
		{Key: "dashboard", URL: "/", Icon: "home"},
		{Key: "orders", URL: "/orders", Icon: "bag"},
		{Key: "customers", URL: "/customers", Icon: "users"},
	}
	if s.journeys != nil {
		modules = append(modules, module{Key: "journeys", URL: "/journeys", Icon: "route"})
	}
	if s.templates != nil {
		modules = append(modules, module{Key: "messages", URL: "/messages", Icon: "mail"})
	}
	if s.outbox != nil {
		modules = append(modules, module{Key: "outbox", URL: "/outbox", Icon: "send"})
	}
	if s.cases != nil {
		modules = append(modules, module{Key: "cases", URL: "/cases", Icon: "clipboard"})
	}
	if s.surveys != nil {
		modules = append(modules, module{Key: "feedback", URL: "/feedback", Icon: "star"})
	}
	if s.reviews != nil {
		m := module{Key: "reviews", URL: "/reviews", Icon: "comment"}
		if n := s.pendingReviews(r, v); n > 0 {
			m.Count, m.CountLabel = l.Number(n), l.N("nav.reviews_pending", n)
		}
		modules = append(modules, m)
	}
	if s.followups != nil {
		m := module{Key: "followups", URL: "/followups", Icon: "phone"}
		if n := s.openFollowUps(r, v); n > 0 {
			m.Count, m.CountLabel = l.Number(n), l.N("nav.followups_open", n)
		}
		modules = append(modules, m)
	}
	if s.journeys == nil {
		modules = append(modules, module{Key: "journeys", Icon: "route", Soon: true})
	}
	if s.cases == nil {
		modules = append(modules, module{Key: "cases", Icon: "clipboard", Soon: true})
	}
	if s.surveys == nil {
		modules = append(modules, module{Key: "feedback", Icon: "star", Soon: true})
	}
	if s.reviews == nil {
		modules = append(modules, module{Key: "reviews", Icon: "comment", Soon: true})
	}
	for _, m := range append(modules, []module{
		{Key: "desk", Icon: "inbox", Soon: true},
		{Key: "loyalty", Icon: "gift", Soon: true},
		{Key: "analytics", Icon: "chart", Soon: true},
	}...) {
		m.Label = l.T("nav." + m.Key)
		m.Active = m.Key == nav
		lay.Modules = append(lay.Modules, m)
	}
	return lay
}

// openFollowUps counts the shop's follow-ups that still need an agent,
// for the navigation; 0 when it cannot tell (the page still renders).
func (s *Server) openFollowUps(r *http.Request, v *viewer) int {
	if v.shop == nil || v.session == nil {
		return 0
	}
	page, err := s.followups.Find(r.Context(), followup.Filter{ShopID: v.shop.ID, OpenOnly: true, Limit: 1})
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			s.logger.WarnContext(r.Context(), "web: count open follow-ups", "shop", v.shop.ID, "err", err)
		}
		return 0
	}
	return page.Total
}

// pendingReviews counts the shop's reviews that wait for moderation, for
// the navigation: one count on an index. 0 when it cannot tell (the page
// still renders, without the number).
func (s *Server) pendingReviews(r *http.Request, v *viewer) int {
	if v.shop == nil || v.session == nil {
		return 0
	}
	st := review.Pending
	page, err := s.reviews.Find(r.Context(), review.Filter{ShopID: v.shop.ID, Status: &st, Limit: 1})
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			s.logger.WarnContext(r.Context(), "web: count pending reviews", "shop", v.shop.ID, "err", err)
		}
		return 0
	}
	return page.Total
}

// initials returns up to two capital letters of name, for avatars.
func initials(name string) string {
	var out []rune
	for _, w := range strings.Fields(name) {
		for _, r := range w {
			out = append(out, []rune(strings.ToUpper(string(r)))...)
			break
		}
		if len(out) == 2 {
			break
		}
	}
	if len(out) == 0 {
		return "?"
	}
	return string(out)
}

// brand is the shop's accent colour, with the colours that stay readable
// on it and next to it.
type brand struct {
	Accent string // buttons, active navigation, bars
	OnText string // text on Accent
	Text   string // links and accents on white, at least 4.5:1 contrast
}

var hexColor = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}){1,2}$`)

const defaultAccent = "#4f46e5"

// newBrand validates a shop's colour ("#e11d48"); anything that is not a
// hex colour falls back to Purna's indigo.
func newBrand(color string) brand {
	if !hexColor.MatchString(color) {
		color = defaultAccent
	}
	r, g, b := parseHex(color)
	// Text on the accent: white or ink, whichever reads better.
	lum := luminance(r, g, b)
	on := "#ffffff"
	if contrast(lum, luminance(0x10, 0x18, 0x28)) > contrast(lum, 1) {
		on = "#101828"
	}
	// Darken until the colour reads on white.
	tr, tg, tb := r, g, b
	for i := 0; i < 20 && contrast(luminance(tr, tg, tb), 1) < 4.5; i++ {
		tr, tg, tb = tr*0.9, tg*0.9, tb*0.9
	}
	return brand{Accent: toHex(r, g, b), OnText: on, Text: toHex(tr, tg, tb)}
}

func parseHex(s string) (r, g, b float64) {
	s = strings.TrimPrefix(s, "#")
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	v, _ := strconv.ParseUint(s, 16, 32)
	return float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff)
}

func toHex(r, g, b float64) string {
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round(r)), int(math.Round(g)), int(math.Round(b)))
}

// luminance is the WCAG relative luminance of an sRGB colour.
func luminance(r, g, b float64) float64 {
	lin := func(c float64) float64 {
		c /= 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG contrast ratio of two luminances.
func contrast(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	return (a + 0.05) / (b + 0.05)
}

// sourceNames are the display names of known order sources.
var sourceNames = map[string]string{
	"api": "API", "csv": "CSV", "shopify": "Shopify", "woocommerce": "WooCommerce", "tokopedia": "Tokopedia",
	"shopee": "Shopee", "lazada": "Lazada", "tiktok": "TikTok Shop", "blibli": "Blibli", "emag": "eMAG",
	"olx": "OLX", "demo": "Demo",
}

// knownSources is the order of the source filter.
var knownSources = []string{"shopify", "woocommerce", "tokopedia", "shopee", "lazada", "tiktok", "blibli", "emag", "olx", "csv", "api"}

func sourceName(s string) string {
	if n, ok := sourceNames[s]; ok {
		return n
	}
	return s
}

// safeURL returns u if it is an absolute http(s) address, else "".
// html/template would neutralise a javascript: URL anyway; this also keeps
// relative junk from becoming a link to our own pages.
func safeURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
		return ""
	}
	return p.String()
}

// option is an entry of a <select>.
type option struct {
	Value, Label string
	Selected     bool
}

// fieldErr is a form field's problem, and the id its field points to with
// aria-describedby. Templates make one with fieldErr.
type fieldErr struct {
	Msg, ID string
}

func newFieldErr(msg, id string) fieldErr { return fieldErr{Msg: msg, ID: id} }
