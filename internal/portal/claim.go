package portal

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/upload"
)

// claimView is the "Report a problem" form of a warranty claim: what is
// wrong, which unit (when the shop knows the serial numbers) and photos.
type claimView struct {
	Action, Item, Until string
	// Why says why no claim can be filed today; the form is then not
	// shown.
	Why                       string
	Serials                   []string
	Serial, Problem           string
	SerialError, ProblemError string
	Error                     string
	FileProblems              []string
	MaxPhotos                 int
}

// claimTarget is the item a claim is about: a line of an order, or an
// item bought elsewhere and registered.
type claimTarget struct {
	item    eligibility.Item
	name    string
	serials []string
	orderID *purna.ID
	// number is the order's, for the help card; "" for items bought
	// elsewhere.
	number          string
	back, backLabel string
}

// line is the case line that claims one unit of the target.
func (t *claimTarget) line(serial string) cases.LineInput {
	l := cases.LineInput{Quantity: 1, SerialNumber: serial}
	if t.item.RegistrationID != "" && t.orderID == nil {
		l.RegistrationID = t.item.RegistrationID
	} else {
		l.OrderLineID = t.item.LineID
	}
	return l
}

// handleClaim handles "GET /p/orders/{id}/lines/{line}/claim" and the
// POST that opens a warranty claim on the line.
func (s *Server) handleClaim(w http.ResponseWriter, r *http.Request) {
	vis, ok := s.visitor(w, r)
	if !ok {
		return
	}
	o, items, err := s.customerOrder(r, vis, r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err, vis.shop, vis.lang)
		return
	}
	lineID := r.PathValue("line")
	li := slices.IndexFunc(o.Lines, func(l *order.Line) bool { return l.ID == lineID })
	ii := slices.IndexFunc(items, func(it eligibility.Item) bool { return it.LineID == lineID })
	if li < 0 || ii < 0 {
		s.notFound(w, vis.shop, vis.lang)
		return
	}
	s.claim(w, r, vis, &claimTarget{item: items[ii], name: o.Lines[li].Name, serials: o.Lines[li].SerialNumbers,
		orderID: &o.ID, number: o.Number, back: "/p/orders/" + o.ID,
		backLabel: i18n.T(vis.lang, "portal.back_to_order", "number", o.Number)})
}

// handleItemClaim handles "GET /p/items/{reg}/claim" and the POST that
// opens a warranty claim on an item bought elsewhere. Another customer's
// registration is not found.
func (s *Server) handleItemClaim(w http.ResponseWriter, r *http.Request) {
	vis, ok := s.visitor(w, r)
	if !ok {
		return
	}
	ctx, lang := r.Context(), vis.lang
	regID := r.PathValue("reg")
	if !purna.ValidID(regID) {
		s.notFound(w, vis.shop, lang)
		return
	}
	items, err := s.Cases.RegisteredItems(ctx, vis.shop.ID, vis.actor, vis.customerID())
	if err != nil {
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	ii := slices.IndexFunc(items, func(it eligibility.Item) bool { return it.RegistrationID == regID && it.LineID == "" })
	if ii < 0 {
		s.notFound(w, vis.shop, lang)
		return
	}
	names, err := s.productNames(ctx, vis.shop.ID)
	if err != nil {
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	s.claim(w, r, vis, &claimTarget{item: items[ii], name: cmp.Or(names[items[ii].ProductID], i18n.T(lang, "portal.item")),
		back: "/p/products", backLabel: i18n.T(lang, "portal.products_title")})
}

// claim shows the form for t and, on POST, opens the claim. An item whose
// warranty allows no claim shows why, and nothing is stored.
func (s *Server) claim(w http.ResponseWriter, r *http.Request, vis *visitor, t *claimTarget) {
	ctx, lang, now, loc := r.Context(), vis.lang, s.now(), vis.shop.Location()
	cv := &claimView{Action: r.URL.Path, Item: t.name, Serials: t.serials,
		MaxPhotos: cmp.Or(s.UploadLimits.MaxFiles, upload.DefaultLimits().MaxFiles)}
	if wt := t.item.Warranty; wt.Active {
		cv.Until = deadlineOf(lang, wt.Until, now, loc)
	}
	if !t.item.Warranty.ClaimAllowed {
		cv.Why = reasonText(lang, t.item.Warranty.Reason, now, loc)
	}
	if len(t.serials) == 1 {
		cv.Serial = t.serials[0]
	}
	v := newPage(vis.shop, lang, i18n.T(lang, "portal.claim_title"))
	v.Number, v.Contact = t.number, newContactView(vis.shop, lang, t.number)
	v.Back, v.BackLabel = t.back, t.backLabel
	v.Claim = cv
	if r.Method != http.MethodPost {
		s.renderPage(w, http.StatusOK, "claim", v)
		return
	}
	if cv.Why != "" {
		// A repeated submit finds the claim the first one opened.
		if dup := s.recentClaim(ctx, vis, t); dup != nil {
			http.Redirect(w, r, "/p/cases/"+dup.ID+"?again=1", http.StatusSeeOther)
			return
		}
		s.renderPage(w, http.StatusUnprocessableEntity, "claim", v)
		return
	}

	files, err := s.parseForm(r, "photos", lang, upload.Photo)
	if err != nil {
		s.message(w, http.StatusBadRequest, vis.shop, lang, i18n.T(lang, "portal.error_title"), i18n.T(lang, "portal.err.form"))
		return
	}
	defer files.Close()
	if len(files.Problems) > 0 {
		cv.FileProblems, cv.Error = files.Problems, i18n.T(lang, "portal.err.files_again")
		s.renderPage(w, http.StatusUnprocessableEntity, "claim", v)
		return
	}
	cv.Problem = strings.TrimSpace(r.PostFormValue("problem"))
	if len(t.serials) > 0 {
		cv.Serial = strings.TrimSpace(r.PostFormValue("serial"))
	}
	// The service takes a claim without words; the shop cannot act on one.
	if cv.Problem == "" {
		cv.ProblemError = i18n.T(lang, "portal.err.required")
		s.renderPage(w, http.StatusUnprocessableEntity, "claim", v)
		return
	}
	in := cases.OpenInput{Kind: cases.WarrantyClaim, OrderID: t.orderID, Lines: []cases.LineInput{t.line(cv.Serial)},
		Note: cv.Problem}
	if in.Attachments, err = s.store(ctx, vis.shop.ID, files); err != nil {
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	c, err := s.Cases.Open(ctx, vis.shop.ID, vis.actor, in)
	if err != nil {
		s.unstore(ctx, vis.shop.ID, in.Attachments)
		if dup := s.recentClaim(ctx, vis, t); dup != nil {
			http.Redirect(w, r, "/p/cases/"+dup.ID+"?again=1", http.StatusSeeOther)
			return
		}
		if code := purna.ErrorCode(err); code != purna.EINVALID && code != purna.ECONFLICT {
			s.pageError(w, r, err, vis.shop, lang)
			return
		}
		cv.problems(lang, err, t, now, loc)
		s.renderPage(w, http.StatusUnprocessableEntity, "claim", v)
		return
	}
	http.Redirect(w, r, "/p/cases/"+c.ID+"?sent=1", http.StatusSeeOther)
}

// problems puts the service's refusal next to the fields.
func (cv *claimView) problems(lang string, err error, t *claimTarget, now time.Time, loc *time.Location) {
	if purna.ErrorCode(err) == purna.ECONFLICT {
		cv.Error = i18n.T(lang, "portal.reason.claim_open")
		return
	}
	for k := range purna.ErrorFields(err) {
		switch {
		case strings.HasSuffix(k, ".serial_number"):
			cv.SerialError = i18n.T(lang, "portal.err.serial")
			if cv.Serial == "" {
				cv.SerialError = i18n.T(lang, "portal.err.required")
			}
		case k == "note":
			cv.ProblemError = i18n.T(lang, "portal.err.note")
		case strings.HasSuffix(k, ".order_line_id") || strings.HasSuffix(k, ".registration_id"):
			cv.Error = reasonText(lang, t.item.Warranty.Reason, now, loc)
		default:
			cv.Error = i18n.T(lang, "portal.err.form")
		}
	}
	if cv.Error == "" && cv.SerialError == "" && cv.ProblemError == "" {
		cv.Error = i18n.T(lang, "portal.err.form")
	}
}

// recentClaim finds the claim a repeated submit already opened on t: an
// open warranty claim on the same item, opened moments ago. Nil if none.
func (s *Server) recentClaim(ctx context.Context, vis *visitor, t *claimTarget) *cases.Case {
	kind := cases.WarrantyClaim
	page, err := s.Cases.Find(ctx, vis.actor, cases.Filter{ShopID: vis.shop.ID, OrderID: t.orderID, Kind: &kind, Limit: 20})
	if err != nil {
		return nil
	}
	want := t.line("")
	now := s.now()
	for _, c := range page.Items {
		if !c.Open() || now.Sub(c.CreatedAt) > sameSubmitWindow || len(c.Lines) != 1 {
			continue
		}
		l := c.Lines[0]
		if want.OrderLineID != "" && l.OrderLineID != nil && *l.OrderLineID == want.OrderLineID ||
			want.RegistrationID != "" && l.RegistrationID != nil && *l.RegistrationID == want.RegistrationID {
			return c
		}
	}
	return nil
}
