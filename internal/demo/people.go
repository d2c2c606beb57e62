package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/order"
)

// person is a demo customer and what the generator knows about their
// habits.
type person struct {
	first, last string
	email       string // empty for customers known by phone only
	phone       string // as they typed it at checkout; empty for email only
	locale      string
	city        *city
	address     order.Address
	consent     map[customer.Channel]bool

	favourite string // the category they come back for
	source    string // where they usually shop
	shopifyID string // their customer ID in the Shopify and WooCommerce stores
	wooID     string
	orders    int       // how many orders they will place
	times     []float64 // their orders' cumulative calendar weights, drawn before the times
	created   time.Time // when they first reached the shop
	owned     []int     // catalogue indexes of what they bought that takes spare parts
}

// input is the customer as an order from source names them.
func (p *person) input(source string) *customer.Input {
	in := &customer.Input{Email: p.email, Phone: p.phone, FirstName: p.first, LastName: p.last,
		Locale: p.locale, City: p.city.name, Province: p.city.province, Country: "ID"}
	switch source {
	case "shopify":
		in.Source, in.ExternalID = source, p.shopifyID
	case "woocommerce":
		in.Source, in.ExternalID = source, p.wooID
	}
	return in
}

// people makes n customers with unique emails and phones.
func (g *generator) people(n int) []*person {
	ethW := make([]float64, len(ethnicities))
	for i, e := range ethnicities {
		ethW[i] = e.weight
	}
	cityW := make([]float64, len(cities))
	byName := map[string]*city{}
	for i := range cities {
		cityW[i] = cities[i].weight
		byName[cities[i].name] = &cities[i]
	}
	domW := make([]float64, len(emailDomains))
	for i, d := range emailDomains {
		domW[i] = d.weight
	}
	emails, phones := map[string]bool{}, map[string]bool{}
	out := make([]*person, n)
	for i := range out {
		r := g.r
		e := &ethnicities[pickWeighted(r, ethW)]
		p := &person{locale: "id"}
		if chance(r, 0.5) {
			p.first, p.last = pick(r, e.female), pick(r, e.family)
			if len(e.femaleFamily) > 0 {
				p.last = pick(r, e.femaleFamily)
			}
		} else {
			p.first, p.last = pick(r, e.male), pick(r, e.family)
		}
		if chance(r, e.singleName) {
			p.last = ""
		}
		if chance(r, e.english) {
			p.locale = "en"
		}
		if len(e.cities) > 0 && chance(r, 0.7) {
			p.city = byName[pick(r, e.cities)]
		} else {
			p.city = &cities[pickWeighted(r, cityW)]
		}
		p.address = g.address(p)

		switch x := r.Float64(); {
		case x < 0.08: // phone only: WhatsApp orders, marketplace buyers
			p.phone = g.phone(phones)
		case x < 0.18: // email only
			p.email = g.email(p, emailDomains[pickWeighted(r, domW)].name, emails)
		default:
			p.email = g.email(p, emailDomains[pickWeighted(r, domW)].name, emails)
			p.phone = g.phone(phones)
		}
		p.consent = map[customer.Channel]bool{}
		if p.email != "" && chance(r, 0.6) {
			p.consent[customer.Email] = true
		}
		if p.phone != "" && chance(r, 0.35) {
			p.consent[customer.WhatsApp] = true
		}
		p.favourite = pick(r, []string{Electronics, Electronics, Electronics, Appliances, Appliances,
			Fashion, Fashion, Fashion, Fashion, SpareParts})
		p.source = sources[pickWeighted(r, sourceWeights)]
		p.shopifyID = fmt.Sprintf("%d", 7_310_000_000_000+int64(i)*7_919+int64(r.IntN(7_000)))
		p.wooID = fmt.Sprintf("%d", 2_000+i)
		out[i] = p
	}
	return out
}

func (g *generator) address(p *person) order.Address {
	r := g.r
	c := p.city
	var line string
	if chance(r, 0.25) {
		line = fmt.Sprintf("%s Blok %c%d No. %d", pick(r, housing), 'A'+rune(r.IntN(8)), between(r, 1, 12), between(r, 1, 40))
	} else {
		line = fmt.Sprintf("%s No. %d", pick(r, streets), between(r, 1, 250))
	}
	line += fmt.Sprintf(", RT %03d/RW %03d, Kec. %s", between(r, 1, 12), between(r, 1, 15), pick(r, c.areas))
	name := strings.TrimSpace(p.first + " " + p.last)
	return order.Address{Name: name, Address: line, City: c.name, Province: c.province,
		Postal: fmt.Sprintf("%05d", between(r, c.postal[0], c.postal[1])), Country: "ID"}
}

// email derives an address from the person's name, the way people pick
// them: budi.santoso, budisantoso88, budi_santoso.
func (g *generator) email(p *person, domain string, taken map[string]bool) string {
	r := g.r
	first, last := emailPart(p.first), emailPart(p.last)
	var local string
	switch {
	case last == "":
		local = fmt.Sprintf("%s%d", first, between(r, 70, 99))
	default:
		switch pickWeighted(r, []float64{35, 20, 10, 15, 10, 10}) {
		case 0:
			local = first + "." + last
		case 1:
			local = first + last
		case 2:
			local = first + "_" + last
		case 3:
			local = fmt.Sprintf("%s.%s%02d", first, last, between(r, 70, 105)%100)
		case 4:
			local = fmt.Sprintf("%s%c%02d", first, last[0], between(r, 70, 105)%100)
		default:
			local = fmt.Sprintf("%s%s%d", first, last, between(r, 100, 999))
		}
	}
	addr := local + "@" + domain
	for n := 2; taken[addr]; n++ {
		addr = fmt.Sprintf("%s%d@%s", local, n, domain)
	}
	taken[addr] = true
	return addr
}

// emailPart lower-cases a name into letters only, dropping Balinese I and
// Ni: "I Wayan" gives "wayan", "Nur Aini" gives "nuraini".
func emailPart(name string) string {
	words := strings.Fields(name)
	if len(words) > 1 && (words[0] == "I" || words[0] == "Ni") {
		words = words[1:]
	}
	var b strings.Builder
	for _, w := range words {
		for _, c := range strings.ToLower(w) {
			if c >= 'a' && c <= 'z' {
				b.WriteRune(c)
			}
		}
	}
	return b.String()
}

// phone returns a new mobile number written one of the ways people type
// them at checkout; the order service stores them all as E.164.
func (g *generator) phone(taken map[string]bool) string {
	r := g.r
	for {
		prefix := pick(r, mobilePrefixes)
		rest := fmt.Sprintf("%d%07d", between(r, 1, 9), r.IntN(10_000_000))
		if chance(r, 0.3) {
			rest = rest[1:] // 11-digit numbers are common on older prefixes
		}
		national := prefix + rest
		if taken[national] {
			continue
		}
		taken[national] = true
		switch pickWeighted(r, []float64{40, 30, 15, 15}) {
		case 0:
			return national[:4] + "-" + national[4:8] + "-" + national[8:]
		case 1:
			return national
		case 2:
			return "+62 " + national[1:4] + "-" + national[4:8] + "-" + national[8:]
		default:
			return "62" + national[1:]
		}
	}
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
