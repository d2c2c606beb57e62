package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/review"
)

// The words and helpers the review pages share: the inbox, a review's
// page and the review settings. Review text is the customers' and is
// never trusted: the pages pass it to html/template as text, which
// escapes it, and never into an address.

// reviewNotFound is what every review page answers for a review that is
// not the shop's, or when the review pages are off.
func reviewNotFound() error { return purna.Errorf(purna.ENOTFOUND, "Review not found.") }

// reviewStatusLabel puts a review's status into the page's language.
func reviewStatusLabel(l lang, st review.Status) string { return l.T("reviews.status." + string(st)) }

// reviewReasons says why a review waits or was rejected, in words. The
// shop's own rejection (ReasonManual on a rejected review) reads
// differently from "auto-publish is off", which is what the code means
// on a review that waits. A code the UI does not know is shown as it is.
func reviewReasons(l lang, r *review.Review) []string {
	if r.Status == review.Published {
		return nil
	}
	var out []string
	for _, code := range r.Reasons {
		key := "reviews.reason." + code
		if code == review.ReasonManual && r.Status == review.Rejected {
			key = "reviews.reason.rejected_manual"
		}
		if t := l.T(key); t != key {
			out = append(out, t)
		} else {
			out = append(out, code)
		}
	}
	return out
}

// reviewStars is a rating drawn as five stars, with the words a screen
// reader says instead, and the tone the page colours it with.
type reviewStars struct {
	Filled, Empty, Label, Tone string
}

func newReviewStars(l lang, rating int) reviewStars {
	n := min(max(rating, 0), review.MaxRating)
	tone := "good"
	switch {
	case n <= 2:
		tone = "bad"
	case n == 3:
		tone = "mid"
	}
	return reviewStars{Filled: strings.Repeat("★", n), Empty: strings.Repeat("☆", review.MaxRating-n),
		Label: l.N("reviews.stars", n), Tone: tone}
}

// replyState says whether and how the shop replied: "" (no reply),
// "public" or "private", with its words.
func replyState(l lang, r *review.Review) (state, label string) {
	switch {
	case r.Reply == nil:
		return "", l.T("reviews.reply.none")
	case r.Reply.Public:
		return "public", l.T("reviews.reply.public_done")
	}
	return "private", l.T("reviews.reply.private_done")
}

// reviewAuthor is the name the review is shown with.
func reviewAuthor(l lang, r *review.Review) string {
	if n := strings.TrimSpace(r.AuthorName); n != "" {
		return n
	}
	return l.T("reviews.anonymous")
}

// reviewedLine is the order line a review is about: its name and SKU.
type reviewedLine struct {
	Name, SKU string
}

// reviewedLines finds the product of each review on the order it was
// written for: the line it names, else the order's line of the same
// product. Reviews carry the product's ID only, and the UI has no product
// service; every review a customer can write is tied to an order.
func (s *Server) reviewedLines(ctx context.Context, shopID purna.ID, rs []*review.Review) (map[purna.ID]reviewedLine, error) {
	out := map[purna.ID]reviewedLine{}
	var ids []purna.ID
	seen := map[purna.ID]bool{}
	for _, r := range rs {
		if r.OrderID != nil && !seen[*r.OrderID] {
			seen[*r.OrderID] = true
			ids = append(ids, *r.OrderID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	os, err := s.orders.FindByIDs(ctx, shopID, ids)
	if err != nil {
		return nil, err
	}
	byID := map[purna.ID]*order.Order{}
	for _, o := range os {
		byID[o.ID] = o
	}
	for _, r := range rs {
		if r.OrderID == nil {
			continue
		}
		if ln := lineOf(byID[*r.OrderID], r); ln != nil {
			out[r.ID] = reviewedLine{Name: ln.Name, SKU: ln.SKU}
		}
	}
	return out, nil
}

// lineOf is the line of o that review r is about, nil if o has none.
func lineOf(o *order.Order, r *review.Review) *order.Line {
	if o == nil {
		return nil
	}
	for _, ln := range o.Lines {
		if r.OrderLineID != nil && ln.ID == *r.OrderLineID {
			return ln
		}
	}
	for _, ln := range o.Lines {
		if ln.ProductID != nil && *ln.ProductID == r.ProductID {
			return ln
		}
	}
	return nil
}

// productLabel is the reviewed product's name, or words saying it is not
// known.
func productLabel(l lang, ln reviewedLine, ok bool) string {
	if !ok || strings.TrimSpace(ln.Name) == "" {
		return l.T("reviews.product_unknown")
	}
	return ln.Name
}

// publicBase is the address the merchant's store loads the widget from:
// the configured base URL, else the one this request came to.
func (s *Server) publicBase(r *http.Request) string {
	if s.baseURL != "" {
		return s.baseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
