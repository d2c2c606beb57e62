package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/survey"
)

// feedbackAnswersView is the data of the answers page: what customers
// wrote, newest first.
type feedbackAnswersView struct {
	layout
	Form     answersForm
	Kinds    []option
	Rows     []answerRow
	Count    string
	Pager    pager
	Filtered bool
	CSVURL   string
}

// answersForm is the page's search and filters, as sent.
type answersForm struct {
	Q, Kind              string
	Unhappy, WithComment bool
}

// answerRow is one answer.
type answerRow struct {
	Date, ISO, Ago           string
	Kind, KindLabel          string
	Score, Scale             string
	Group, GroupLabel, Tone  string
	Comment                  string
	Extra                    []answerExtra
	Changed                  string
	Customer, CustomerURL    string
	Order, OrderURL, CaseURL string
}

// answerExtra is the answer to one of the shop's own questions.
type answerExtra struct {
	Question, Answer string
}

// answersPageSize is the number of answers a page shows.
const answersPageSize = 50

// answersQuery reads the answers page's filters from q into the
// service's filter for shopID.
func answersQuery(q url.Values, shopID purna.ID) (answersForm, survey.Filter) {
	form := answersForm{Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), Unhappy: q.Get("unhappy") == "1",
		WithComment: q.Get("comment") == "1"}
	if len([]rune(form.Q)) > 200 {
		form.Q = string([]rune(form.Q)[:200])
	}
	f := survey.Filter{ShopID: shopID, Query: form.Q, Unhappy: form.Unhappy, WithComment: form.WithComment}
	if k := survey.Kind(form.Kind); k.Valid() {
		f.Kind = &k
	} else {
		form.Kind = ""
	}
	return form, f
}

// values is the form as an address's query, for the CSV link.
func (f answersForm) values() url.Values {
	q := url.Values{}
	if f.Q != "" {
		q.Set("q", f.Q)
	}
	if f.Kind != "" {
		q.Set("kind", f.Kind)
	}
	if f.Unhappy {
		q.Set("unhappy", "1")
	}
	if f.WithComment {
		q.Set("comment", "1")
	}
	return q
}

// handleFeedbackAnswers handles "GET /feedback/answers": the verbatims,
// searchable, with filters that stay in the address.
func (s *Server) handleFeedbackAnswers(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.surveys == nil {
		s.error(w, r, v, feedbackNotFound())
		return
	}
	l, ctx := v.lang, r.Context()
	form, f := answersQuery(r.URL.Query(), v.shop.ID)
	f.Cursor, _ = pageCursors(r.URL.Query())
	f.Limit = answersPageSize
	page, err := s.surveys.Responses(ctx, f)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	settings, err := s.surveys.Settings(ctx, v.shop.ID)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	d := feedbackAnswersView{layout: s.layout(r, v, l.T("feedback.answers.title"), "feedback"), Form: form,
		Filtered: form != answersForm{}, Count: l.N("feedback.answers_n", page.Total),
		CSVURL: localPath("/feedback/answers.csv", form.values())}
	d.Pager = newPager(r, l, len(page.Items), page.Total, answersPageSize, page.Next)
	d.Kinds = []option{{Value: "", Label: l.T("feedback.all_kinds")}}
	for _, k := range survey.Kinds {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: surveyKindLabel(l, k), Selected: string(k) == form.Kind})
	}

	var custIDs, orderIDs []purna.ID
	for _, a := range page.Items {
		custIDs = append(custIDs, a.CustomerID)
		if a.OrderID != nil {
			orderIDs = append(orderIDs, *a.OrderID)
		}
	}
	names, err := s.customerNames(ctx, l, v.shop.ID, custIDs)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	numbers := map[purna.ID]string{}
	if len(orderIDs) > 0 {
		os, err := s.orders.FindByIDs(ctx, v.shop.ID, orderIDs)
		if err != nil {
			s.error(w, r, v, err)
			return
		}
		for _, o := range os {
			numbers[o.ID] = o.Number
		}
	}
	for _, a := range page.Items {
		_, hi := a.Kind.Scale()
		group, tone := scoreGroup(a.Kind, a.Score)
		row := answerRow{Date: l.DateTime(a.CreatedAt), ISO: a.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
			Ago: l.Ago(a.CreatedAt), Kind: string(a.Kind), KindLabel: surveyKindLabel(l, a.Kind),
			Score: l.Number(a.Score), Scale: l.Number(hi), Group: group, GroupLabel: l.T("feedback.group." + group),
			Tone: tone, Comment: a.Comment, Customer: names[a.CustomerID], CustomerURL: "/customers/" + a.CustomerID}
		if row.Customer == "" {
			row.Customer = customerName(l, "")
		}
		if a.Changes > 0 {
			row.Changed = l.N("feedback.answers.changed", a.Changes)
		}
		if a.OrderID != nil {
			row.Order, row.OrderURL = numbers[*a.OrderID], "/orders/"+*a.OrderID
			if row.Order == "" {
				row.Order = l.T("feedback.answers.order")
			}
		}
		if a.CaseID != nil {
			row.CaseURL = "/cases/" + *a.CaseID
		}
		for _, q := range settings.Extra {
			if ans := a.Answers[q.ID]; ans != "" {
				row.Extra = append(row.Extra, answerExtra{Question: questionLabel(l, q), Answer: ans})
			}
		}
		d.Rows = append(d.Rows, row)
	}
	s.render(w, r, http.StatusOK, "feedback_answers", d)
}

// questionLabel is a shop question's wording in the page's language, or
// in another when the shop wrote none in it.
func questionLabel(l lang, q survey.Question) string {
	for _, loc := range []string{l.Locale, "en", "id", "ro"} {
		if t := q.Label[loc]; t != "" {
			return t
		}
	}
	return q.ID
}

// handleFeedbackCSV handles "GET /feedback/answers.csv": the answers the
// page's filters match, all of them, as a spreadsheet download. The file
// is streamed; a failure before its first byte is an error page, after it
// a cut-off file and a log line.
func (s *Server) handleFeedbackCSV(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.surveys == nil {
		s.error(w, r, v, feedbackNotFound())
		return
	}
	_, f := answersQuery(r.URL.Query(), v.shop.ID)
	name := "answers-" + v.lang.now.In(v.lang.loc).Format("2006-01-02") + ".csv"
	cw := &csvResponse{w: w, name: name}
	err := s.surveys.WriteCSV(r.Context(), cw, f, v.lang.loc)
	switch {
	case err == nil && !cw.started:
		cw.start() // WriteCSV writes a header row at least; this is for safety
	case err != nil && !cw.started:
		s.error(w, r, v, err)
	case err != nil && !errors.Is(err, r.Context().Err()):
		s.logger.ErrorContext(r.Context(), "web: answers csv", "shop", v.shop.ID, "err", err)
	}
}

// csvResponse writes the CSV headers with the first bytes of the file, so
// that an error before them can still become an error page.
type csvResponse struct {
	w       http.ResponseWriter
	name    string
	started bool
}

func (c *csvResponse) start() {
	c.started = true
	h := c.w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+c.name+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	c.w.WriteHeader(http.StatusOK)
}

func (c *csvResponse) Write(p []byte) (int, error) {
	if !c.started {
		c.start()
	}
	return c.w.Write(p)
}
