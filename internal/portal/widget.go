package portal

import (
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/upload"
)

// widgetPageSize is how many reviews the widget shows per page.
const widgetPageSize = 10

// registerWidget adds the shop's public review pages: the script and the
// JSON the merchant's store embeds, a product's reviews page with its
// JSON-LD, the photos of published reviews, and the Google product
// reviews feed. They show published reviews only, and of one shop: the
// shop in the path.
func (s *Server) registerWidget(mux *http.ServeMux) {
	mux.HandleFunc("GET /w/{shop}/reviews.js", s.handleWidgetScript)
	mux.HandleFunc("GET /w/{shop}/products/{sku}/reviews.json", s.handleWidgetJSON)
	mux.HandleFunc("GET /w/{shop}/products/{sku}", s.handleProductReviews)
	mux.HandleFunc("GET /w/{shop}/products/{sku}/review", s.handleAnonReview)
	mux.HandleFunc("POST /w/{shop}/products/{sku}/review", s.handleAnonReview)
	mux.HandleFunc("GET /w/{shop}/photos/{review}/{blob}", s.handleReviewPhoto)
	mux.HandleFunc("GET /w/{shop}/reviews.xml", s.handleReviewFeed)
}

// public sets the headers of what a merchant's store loads from Purna:
// any origin may read it (no cookies are sent or read), it may be cached
// for a few minutes, and it is never sniffed as something else.
func public(w http.ResponseWriter, contentType string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("X-Content-Type-Options", "nosniff")
}

// handleWidgetScript handles "GET /w/{shop}/reviews.js".
func (s *Server) handleWidgetScript(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.widgetShop(w, r); !ok {
		return
	}
	public(w, "text/javascript; charset=utf-8")
	_, _ = w.Write(review.WidgetJS)
}

// widgetShop returns the shop in the path, or answers 404.
func (s *Server) widgetShop(w http.ResponseWriter, r *http.Request) (*shop.Shop, bool) {
	id := r.PathValue("shop")
	if !purna.ValidID(id) {
		http.NotFound(w, r)
		return nil, false
	}
	sh, err := s.Shops.FindShopByID(r.Context(), id)
	if err != nil {
		if purna.ErrorCode(err) != purna.ENOTFOUND {
			s.Logger.Error("widget: find shop", "err", err)
		}
		http.NotFound(w, r)
		return nil, false
	}
	return sh, true
}

// widgetProduct returns the shop's product with the SKU in the path.
func (s *Server) widgetProduct(w http.ResponseWriter, r *http.Request, sh *shop.Shop) (*product.Product, bool) {
	page, err := s.Products.Find(r.Context(), product.Filter{ShopID: sh.ID, SKU: r.PathValue("sku"), Limit: 1})
	if err != nil {
		s.Logger.Error("widget: find product", "err", err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return nil, false
	}
	if len(page.Items) == 0 {
		http.NotFound(w, r)
		return nil, false
	}
	return page.Items[0], true
}

// widgetShopProduct returns the shop and the product in the path, or
// answers 404.
func (s *Server) widgetShopProduct(w http.ResponseWriter, r *http.Request) (*shop.Shop, *product.Product, bool) {
	sh, ok := s.widgetShop(w, r)
	if !ok {
		return nil, nil, false
	}
	p, ok := s.widgetProduct(w, r, sh)
	return sh, p, ok
}

func (s *Server) photoURL(shopID purna.ID, r *review.Review) func(id string) string {
	return func(id string) string { return "/w/" + shopID + "/photos/" + r.ID + "/" + id }
}

// handleWidgetJSON handles "GET /w/{shop}/products/{sku}/reviews.json":
// one page of the product's published reviews with its summary.
func (s *Server) handleWidgetJSON(w http.ResponseWriter, r *http.Request) {
	sh, p, ok := s.widgetShopProduct(w, r)
	if !ok {
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	items, sum, more, err := s.Reviews.Published(r.Context(), sh.ID, p.ID, page, widgetPageSize)
	if err != nil {
		s.Logger.Error("widget: reviews", "err", err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	out := review.WidgetPage{Shop: review.WidgetShop{Name: sh.Name, Brand: review.BrandColor(sh.Brand.Color), Locale: sh.Locale},
		Product: review.WidgetProduct{SKU: p.SKU, Name: p.Name}, Summary: review.NewWidgetSummary(sum),
		Reviews: []review.WidgetReview{}}
	for _, rv := range items {
		out.Reviews = append(out.Reviews, review.NewWidgetReview(rv, s.photoURL(sh.ID, rv), sh.Location()))
	}
	if more {
		out.NextPage = page + 1
	}
	public(w, "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

// productReviewsView is a product's public reviews page.
type productReviewsView struct {
	Product string
	Summary review.WidgetSummary
	Reviews []review.WidgetReview
	JSONLD  template.HTML
	Next    string
	// Write links to the review form for people without an order, when
	// the shop accepts such reviews.
	Write string
}

// handleProductReviews handles "GET /w/{shop}/products/{sku}": the
// product's published reviews as a page search engines read, with the
// schema.org Product and AggregateRating JSON-LD.
func (s *Server) handleProductReviews(w http.ResponseWriter, r *http.Request) {
	sh, p, ok := s.widgetShopProduct(w, r)
	if !ok {
		return
	}
	lang := i18n.Match(r.Header.Get("Accept-Language"), sh.Locale)
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	items, sum, more, err := s.Reviews.Published(r.Context(), sh.ID, p.ID, page, widgetPageSize)
	if err != nil {
		s.pageError(w, r, err, sh, lang)
		return
	}
	ld, err := review.ProductJSONLD(review.ProductInfo{Name: p.Name, SKU: p.SKU, Brand: sh.Name, Location: sh.Location()}, sum, items)
	if err != nil {
		s.pageError(w, r, err, sh, lang)
		return
	}
	pv := &productReviewsView{Product: p.Name, Summary: review.NewWidgetSummary(sum), JSONLD: review.ScriptTag(ld)}
	for _, rv := range items {
		pv.Reviews = append(pv.Reviews, review.NewWidgetReview(rv, s.photoURL(sh.ID, rv), sh.Location()))
	}
	if more {
		pv.Next = "?page=" + strconv.Itoa(page+1)
	}
	if st, err := s.Reviews.Settings(r.Context(), sh.ID); err == nil && st.Rules.AllowUnverified {
		pv.Write = r.URL.Path + "/review"
	}
	v := newPage(sh, lang, i18n.T(lang, "reviews.page_title", "product", p.Name))
	v.ProductReviews = pv
	w.Header().Set("Cache-Control", "public, max-age=300")
	s.renderPage(w, http.StatusOK, "reviews", v)
}

// handleReviewPhoto handles "GET /w/{shop}/photos/{review}/{blob}": a
// photo of a published review. Photos of reviews that wait or were
// rejected, and any other upload, are not found.
func (s *Server) handleReviewPhoto(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.widgetShop(w, r)
	if !ok {
		return
	}
	rv, err := s.Reviews.FindByID(r.Context(), sh.ID, r.PathValue("review"))
	blob := r.PathValue("blob")
	if err != nil || rv.Status != review.Published || !slices.Contains(rv.Photos, blob) {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	if err := upload.Serve(w, r, s.Uploads, sh.ID, blob, ""); err != nil {
		if purna.ErrorCode(err) == purna.ENOTFOUND {
			http.NotFound(w, r)
			return
		}
		s.Logger.Error("widget: serve photo", "err", err)
	}
}

// handleReviewFeed handles "GET /w/{shop}/reviews.xml": the shop's
// published reviews as a Google Merchant Center product reviews feed.
func (s *Server) handleReviewFeed(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.widgetShop(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	st := review.Published
	var items []review.FeedItem
	products := map[purna.ID]*product.Product{}
	f := review.Filter{ShopID: sh.ID, Status: &st, Limit: 100}
	for {
		page, err := s.Reviews.Find(ctx, f)
		if err != nil {
			s.Logger.Error("feed: reviews", "err", err)
			http.Error(w, "Internal error.", http.StatusInternalServerError)
			return
		}
		for _, rv := range page.Items {
			p, ok := products[rv.ProductID]
			if !ok {
				if p, err = s.Products.FindByID(ctx, sh.ID, rv.ProductID); err != nil {
					continue
				}
				products[rv.ProductID] = p
			}
			var photos []string
			for _, id := range rv.Photos {
				photos = append(photos, s.BaseURL+s.photoURL(sh.ID, rv)(id))
			}
			items = append(items, review.FeedItem{Review: rv, PhotoURLs: photos,
				Product: review.FeedProduct{Name: p.Name, SKU: p.SKU, Brand: sh.Name,
					URL: s.BaseURL + "/w/" + sh.ID + "/products/" + url.PathEscape(p.SKU)}})
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	public(w, "application/xml; charset=utf-8")
	if err := review.WriteFeed(w, review.FeedInfo{Aggregator: "Purna", Publisher: sh.Name}, items); err != nil {
		s.Logger.Error("feed: write", "err", err)
	}
}
