package portal

import (
	"cmp"
	"context"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/upload"
)

// returnView is the form that asks for a return or an exchange: which
// lines and how many, why, what the customer wants instead, a note and
// photos.
type returnView struct {
	Action                    string
	Lines                     []returnLineView
	Reasons, Resolutions      []optionView
	Reason, Wanted, Note      string
	ReasonError, WantedError  string
	NoteError, Error          string
	FileProblems              []string
	MaxPhotos                 int
	Conditions, ShippingPayer string
}

type returnLineView struct {
	ID, Name string
	// Max is how many can still be returned; 0 with Why for a line that
	// cannot.
	Max      int64
	Why      string
	Quantity string
	Error    string
}

type optionView struct{ Value, Label string }

// sameSubmitWindow is how long after a case was opened the same form sent
// again (a double click, a reload) shows that case instead of an error.
const sameSubmitWindow = 10 * time.Minute

// handleReturn handles "GET /p/orders/{id}/return" and "POST
// /p/orders/{id}/return".
func (s *Server) handleReturn(w http.ResponseWriter, r *http.Request) {
	vis, ok := s.visitor(w, r)
	if !ok {
		return
	}
	ctx, lang := r.Context(), vis.lang
	o, items, err := s.customerOrder(r, vis, r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	pol, err := s.Cases.Policies().Get(ctx, vis.shop.ID)
	if err != nil {
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	v := newPage(vis.shop, lang, i18n.T(lang, "portal.return_title"))
	v.Number, v.Contact = o.Number, newContactView(vis.shop, lang, o.Number)
	v.Back, v.BackLabel = "/p/orders/"+o.ID, i18n.T(lang, "portal.back_to_order", "number", o.Number)
	rv := newReturnView(vis, o, items, pol, s.now())
	rv.MaxPhotos = cmp.Or(s.UploadLimits.MaxFiles, upload.DefaultLimits().MaxFiles)
	v.Return = rv
	if r.Method != http.MethodPost {
		s.renderPage(w, http.StatusOK, "return", v)
		return
	}

	files, err := s.parseForm(r, "photos", lang, upload.Photo)
	if err != nil {
		s.message(w, http.StatusBadRequest, vis.shop, lang, i18n.T(lang, "portal.error_title"), i18n.T(lang, "portal.err.form"))
		return
	}
	defer files.Close()
	if len(files.Problems) > 0 {
		rv.FileProblems = files.Problems
		rv.Error = i18n.T(lang, "portal.err.files_again")
		s.renderPage(w, http.StatusUnprocessableEntity, "return", v)
		return
	}
	in, lineIDs := rv.read(r, o)
	if len(in.Lines) == 0 {
		rv.Error = i18n.T(lang, "portal.err.choose_line")
		s.renderPage(w, http.StatusUnprocessableEntity, "return", v)
		return
	}
	if rv.Note == "" && len(files.files) > 0 {
		in.Note = i18n.T(lang, "portal.photos_note")
	}
	if in.Attachments, err = s.store(ctx, vis.shop.ID, files); err != nil {
		s.pageError(w, r, err, vis.shop, lang)
		return
	}
	c, err := s.Cases.Open(ctx, vis.shop.ID, vis.actor, in)
	if err != nil {
		s.unstore(ctx, vis.shop.ID, in.Attachments)
		if dup := s.sameRecentCase(ctx, vis, o.ID, in); dup != nil {
			http.Redirect(w, r, "/p/cases/"+dup.ID+"?again=1", http.StatusSeeOther)
			return
		}
		if code := purna.ErrorCode(err); code != purna.EINVALID && code != purna.ECONFLICT {
			s.pageError(w, r, err, vis.shop, lang)
			return
		}
		rv.problems(lang, purna.ErrorFields(err), lineIDs, items, s.now(), vis.shop.Location())
		s.renderPage(w, http.StatusUnprocessableEntity, "return", v)
		return
	}
	http.Redirect(w, r, "/p/cases/"+c.ID+"?sent=1", http.StatusSeeOther)
}

func newReturnView(vis *visitor, o *order.Order, items []eligibility.Item, pol *policy.Policy, now time.Time) *returnView {
	lang, loc := vis.lang, vis.shop.Location()
	rv := &returnView{Action: "/p/orders/" + o.ID + "/return", Conditions: text(pol.Returns.Conditions, lang)}
	if pol.Returns.ShippingPaidBy == policy.ShopPays {
		rv.ShippingPayer = i18n.T(lang, "portal.return_shipping_shop")
	} else {
		rv.ShippingPayer = i18n.T(lang, "portal.return_shipping_customer")
	}
	byLine := map[purna.ID]eligibility.Item{}
	for _, it := range items {
		byLine[it.LineID] = it
	}
	for _, l := range o.Lines {
		lv := returnLineView{ID: l.ID, Name: l.Name}
		if it, ok := byLine[l.ID]; ok && it.Return.Allowed {
			lv.Max = it.Return.Quantity
		} else if ok {
			lv.Why = reasonText(lang, it.Return.Reason, now, loc)
		} else {
			lv.Why = i18n.T(lang, "portal.reason.not_allowed")
		}
		rv.Lines = append(rv.Lines, lv)
	}
	for _, re := range pol.Returns.Reasons {
		rv.Reasons = append(rv.Reasons, optionView{re.Code, cmp.Or(text(re.Label, lang), re.Code)})
	}
	for _, res := range pol.Returns.Resolutions {
		rv.Resolutions = append(rv.Resolutions, optionView{string(res), i18n.T(lang, "portal.resolution."+string(res))})
	}
	if len(rv.Resolutions) > 0 {
		rv.Wanted = rv.Resolutions[0].Value
	}
	return rv
}

// read takes the posted form into rv (to show it again) and into the
// case to open. lineIDs[i] is the order line of the case's lines[i].
func (rv *returnView) read(r *http.Request, o *order.Order) (cases.OpenInput, []purna.ID) {
	rv.Reason = r.PostFormValue("reason")
	rv.Wanted = r.PostFormValue("wanted")
	rv.Note = strings.TrimSpace(r.PostFormValue("note"))
	in := cases.OpenInput{Kind: cases.Return, OrderID: &o.ID, Wanted: cases.Resolution(rv.Wanted), Note: rv.Note}
	var ids []purna.ID
	for i := range rv.Lines {
		l := &rv.Lines[i]
		l.Quantity = strings.TrimSpace(r.PostFormValue("qty-" + l.ID))
		if l.Quantity == "" || l.Quantity == "0" {
			continue
		}
		n, err := strconv.ParseInt(l.Quantity, 10, 64)
		if err != nil || n < 0 {
			// The service words the problem: a quantity of 0 is refused.
			n = 0
		}
		in.Lines = append(in.Lines, cases.LineInput{OrderLineID: l.ID, Quantity: n, Reason: rv.Reason})
		ids = append(ids, l.ID)
	}
	return in, ids
}

var linePath = regexp.MustCompile(`^lines\[(\d+)\](?:\.(\w+))?$`)

// problems puts the service's field errors ("lines[0].quantity") next to
// the fields, in the customer's language.
func (rv *returnView) problems(lang string, fields map[string]string, lineIDs []purna.ID, items []eligibility.Item, now time.Time, loc *time.Location) {
	if len(fields) == 0 {
		rv.Error = i18n.T(lang, "portal.err.form")
		return
	}
	for k := range fields {
		m := linePath.FindStringSubmatch(k)
		switch {
		case k == "wanted":
			rv.WantedError = i18n.T(lang, "portal.err.resolution")
		case strings.HasPrefix(k, "note"):
			rv.NoteError = i18n.T(lang, "portal.err.note")
		case k == "lines":
			rv.Error = i18n.T(lang, "portal.err.choose_line")
		case m != nil && m[2] == "reason":
			rv.ReasonError = i18n.T(lang, "portal.err.reason")
		case m != nil:
			i, _ := strconv.Atoi(m[1])
			if i >= len(lineIDs) {
				rv.Error = i18n.T(lang, "portal.err.form")
				continue
			}
			rv.lineError(lang, lineIDs[i], m[2], items, now, loc)
		default:
			rv.Error = i18n.T(lang, "portal.err.form")
		}
	}
}

func (rv *returnView) lineError(lang string, lineID purna.ID, field string, items []eligibility.Item, now time.Time, loc *time.Location) {
	j := slices.IndexFunc(rv.Lines, func(l returnLineView) bool { return l.ID == lineID })
	k := slices.IndexFunc(items, func(it eligibility.Item) bool { return it.LineID == lineID })
	if j < 0 {
		return
	}
	l := &rv.Lines[j]
	switch {
	case k >= 0 && !items[k].Return.Allowed:
		l.Error = reasonText(lang, items[k].Return.Reason, now, loc)
	case field == "quantity" && l.Max > 0:
		l.Error = i18n.T(lang, "portal.err.quantity_max", "n", l.Max)
	case field == "quantity":
		l.Error = i18n.T(lang, "portal.err.quantity")
	default:
		l.Error = i18n.T(lang, "portal.err.line")
	}
}

// sameRecentCase finds the case a repeated submit already opened: an open
// case of the same kind on the order, opened moments ago, with the same
// lines and quantities. Nil if there is none.
func (s *Server) sameRecentCase(ctx context.Context, vis *visitor, orderID purna.ID, in cases.OpenInput) *cases.Case {
	kind := in.Kind
	page, err := s.Cases.Find(ctx, vis.actor, cases.Filter{ShopID: vis.shop.ID, OrderID: &orderID, Kind: &kind, Limit: 20})
	if err != nil {
		return nil
	}
	want := map[purna.ID]int64{}
	for _, l := range in.Lines {
		want[l.OrderLineID] = l.Quantity
	}
	now := s.now()
	for _, c := range page.Items {
		if !c.Open() || now.Sub(c.CreatedAt) > sameSubmitWindow || len(c.Lines) != len(want) {
			continue
		}
		same := true
		for _, l := range c.Lines {
			same = same && l.OrderLineID != nil && want[*l.OrderLineID] == l.Quantity
		}
		if same {
			return c
		}
	}
	return nil
}

// text picks lang from a policy text, or English, or Indonesian.
func text(t policy.Text, lang string) string {
	return cmp.Or(t[lang], t["en"], t["id"])
}
