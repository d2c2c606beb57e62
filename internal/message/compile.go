package message

import (
	"bytes"
	"cmp"
	"fmt"
	htmltemplate "html/template"
	"regexp"
	"slices"
	"strings"
	texttemplate "text/template"
	"text/template/parse"

	"github.com/purnajual/purna"
)

// Compiled is a checked Template, ready to render. It is safe for
// concurrent use.
type Compiled struct {
	key     Key
	locale  string
	spec    spec
	subject *texttemplate.Template
	html    *htmltemplate.Template
	text    *texttemplate.Template
	sms     *texttemplate.Template // nil when the template has no SMS part
}

// page is what the HTML layout sees: the message's Data plus what only the
// <head> needs. Templates themselves are executed with Data alone.
type page struct {
	Lang    string
	Subject string
	Data    Data
}

// Parse checks t and compiles it. It parses the subject, HTML, text and
// SMS parts, then renders each against a complete and a sparse sample Data (the
// sparse one has nil Order, Shipment and Product wherever t.Key allows
// them), against the reminder of a survey or review request in the
// shop's own words and, for keys that may carry an offer, against an offer
// of one spare part alone, so a misspelt field ({{.Order.Numbr}}), a syntax error or an
// unguarded optional part ({{.Order.Number}} in a winback message, outside
// {{with .Order}}) fails when the template is saved, not when it is sent.
// A field used only in a branch that no sample reaches is the one
// thing this cannot see.
//
// The SMS part is optional: an empty one compiles to a template whose
// Rendered.SMS is "". A marketing SMS must show {{.Links.Unsubscribe}}
// with every sample, since the text has no footer to carry it.
//
// Errors are EINVALID with Fields keyed "key", "locale", "subject", "html",
// "text" or "sms", each message naming the line: "line 3: {{.Order.Numbr}}:
// can't evaluate field Numbr in type *message.OrderData".
func Parse(t Template) (*Compiled, error) {
	var p purna.Problems
	sp, ok := specs[t.Key]
	if !ok {
		p.Add("key", "is not a message key")
	}
	b, err := layoutFor(t.Locale)
	if err != nil {
		p.Add("locale", "must be one of "+strings.Join(Locales, ", "))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	c := &Compiled{key: t.Key, locale: t.Locale, spec: sp}

	if checkSource(&p, "subject", t.Subject) {
		c.subject, err = texttemplate.New("subject").Option("missingkey=error").Funcs(funcsFor(t.Locale)).Parse(t.Subject)
		addError(&p, "subject", err)
	}
	if checkSource(&p, "html", t.HTML, "preheader") {
		c.html, err = b.html.Clone()
		if err == nil {
			_, err = c.html.New("content").Parse(inlineStyles(t.HTML))
		}
		addError(&p, "html", err)
	}
	if checkSource(&p, "text", t.Text) {
		c.text, err = b.text.Clone()
		if err == nil {
			_, err = c.text.New("content").Parse(t.Text)
		}
		addError(&p, "text", err)
	}
	if strings.TrimSpace(t.SMS) != "" && checkSource(&p, "sms", t.SMS) {
		c.sms, err = texttemplate.New("sms").Option("missingkey=error").Funcs(funcsFor(t.Locale)).Parse(t.SMS)
		addError(&p, "sms", err)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}

	ds := []Data{fullSample(t.Key, t.Locale), sparseSample(t.Key, t.Locale), reminderSample(t.Key, t.Locale)}
	if sp.offer {
		ds = append(ds, partsOfferSample(t.Key, t.Locale))
	}
	for _, d := range ds {
		d = c.prepare(d)
		var buf bytes.Buffer
		subject, err := c.renderSubject(&buf, d)
		addError(&p, "subject", err)
		if err == nil && subject == "" {
			p.Add("subject", "is empty when rendered")
		}
		buf.Reset()
		addError(&p, "html", c.html.ExecuteTemplate(&buf, "layout", page{Lang: c.locale, Subject: subject, Data: d}))
		buf.Reset()
		addError(&p, "text", c.text.ExecuteTemplate(&buf, "layout", d))
		if c.sms != nil {
			buf.Reset()
			sms, err := c.renderSMS(&buf, d)
			addError(&p, "sms", err)
			switch {
			case err != nil:
			case sms == "":
				p.Add("sms", "is empty when rendered")
			case sp.kind == Marketing && !strings.Contains(sms, d.Links.Unsubscribe):
				p.Add("sms", "must show the unsubscribe link ({{.Links.Unsubscribe}}): a marketing text needs a way out")
			}
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// Key returns the message key c was compiled for.
func (c *Compiled) Key() Key { return c.key }

// Locale returns the language c was compiled for.
func (c *Compiled) Locale() string { return c.locale }

// Render writes the message for d. It returns EINVALID when d lacks a part
// the key promises templates (an order_shipped message without a
// Shipment), when a marketing message or one with an offer has no
// Links.Unsubscribe (such a message must not go out), or when an offer
// offers nothing. A transactional message without an offer never shows an
// unsubscribe link, whatever d says: there is nothing to unsubscribe from.
// An offer shows only in messages whose key may carry one
// (warranty_ending), with at most its first three spare parts.
// The subject comes out on one line, so no customer-supplied text can add
// mail headers.
func (c *Compiled) Render(d Data) (Rendered, error) {
	if err := c.check(d); err != nil {
		return Rendered{}, err
	}
	d = c.prepare(d)
	var buf bytes.Buffer
	buf.Grow(16 << 10)
	subject, err := c.renderSubject(&buf, d)
	if err != nil {
		return Rendered{}, fmt.Errorf("message: render %s/%s subject: %w", c.key, c.locale, err)
	}
	buf.Reset()
	if err := c.html.ExecuteTemplate(&buf, "layout", page{Lang: c.locale, Subject: subject, Data: d}); err != nil {
		return Rendered{}, fmt.Errorf("message: render %s/%s html: %w", c.key, c.locale, err)
	}
	html := tidyHTML(buf.Bytes())
	buf.Reset()
	if err := c.text.ExecuteTemplate(&buf, "layout", d); err != nil {
		return Rendered{}, fmt.Errorf("message: render %s/%s text: %w", c.key, c.locale, err)
	}
	r := Rendered{Subject: subject, HTML: html, Text: tidyText(buf.Bytes())}
	if c.sms != nil {
		buf.Reset()
		if r.SMS, err = c.renderSMS(&buf, d); err != nil {
			return Rendered{}, fmt.Errorf("message: render %s/%s sms: %w", c.key, c.locale, err)
		}
	}
	return r, nil
}

func (c *Compiled) check(d Data) error { return checkData(c.key, c.spec, d) }

// checkData returns EINVALID when d lacks a part that s promises key's
// templates, or when a marketing key has no unsubscribe link.
func checkData(key Key, s spec, d Data) error {
	var missing []string
	if s.order && d.Order == nil {
		missing = append(missing, "Order")
	}
	if s.shipment && d.Shipment == nil {
		missing = append(missing, "Shipment")
	}
	if s.product && d.Product == nil {
		missing = append(missing, "Product")
	}
	if s.warrantyEnds && d.Product != nil && d.Product.WarrantyEnds == "" {
		missing = append(missing, "Product.WarrantyEnds")
	}
	if s.caseData && d.Case == nil {
		missing = append(missing, "Case")
	}
	if s.survey && d.Survey == nil {
		missing = append(missing, "Survey")
	}
	if s.review && d.Review == nil {
		missing = append(missing, "Review")
	}
	if s.reviewReply && d.ReviewReply == nil {
		missing = append(missing, "ReviewReply")
	}
	if len(missing) > 0 {
		return purna.Errorf(purna.EINVALID, "A %s message needs %s.", key, strings.Join(missing, " and "))
	}
	if s.survey {
		if err := checkSurvey(key, d.Survey); err != nil {
			return err
		}
	}
	if s.review {
		if err := checkReview(key, d.Review); err != nil {
			return err
		}
	}
	if s.reviewReply {
		if err := checkReviewReply(key, d.ReviewReply); err != nil {
			return err
		}
	}
	if s.offer && d.Offer != nil {
		if err := checkOffer(key, d.Offer); err != nil {
			return err
		}
		if d.Links.Unsubscribe == "" {
			return purna.Errorf(purna.EINVALID, "A %s message with an Offer is marketing and needs an unsubscribe link.", key)
		}
	}
	if s.kind == Marketing && d.Links.Unsubscribe == "" {
		return purna.Errorf(purna.EINVALID, "A %s message is marketing and needs an unsubscribe link.", key)
	}
	return nil
}

// checkOffer returns EINVALID unless o offers something (an extension or
// at least one part), each with its name and price, and an extension adds
// at least a month: an empty or half-known offer would read as nonsense.
func checkOffer(key Key, o *OfferData) error {
	if o.Extension == nil && len(o.SpareParts) == 0 {
		return purna.Errorf(purna.EINVALID, "A %s message's Offer needs an Extension or at least one of SpareParts; leave Offer nil when there is nothing to offer.", key)
	}
	if e := o.Extension; e != nil {
		switch {
		case strings.TrimSpace(e.Name) == "":
			return purna.Errorf(purna.EINVALID, "A %s message needs Offer.Extension.Name.", key)
		case e.Months < 1:
			return purna.Errorf(purna.EINVALID, "A %s message needs Offer.Extension.Months of at least 1; it is %d.", key, e.Months)
		case strings.TrimSpace(e.Price) == "":
			return purna.Errorf(purna.EINVALID, "A %s message needs Offer.Extension.Price.", key)
		}
	}
	for i, p := range o.SpareParts {
		if strings.TrimSpace(p.Name) == "" || strings.TrimSpace(p.Price) == "" {
			return purna.Errorf(purna.EINVALID, "A %s message needs the name and price of every part; Offer.SpareParts[%d] (%q, %q) lacks one.", key, i, p.Name, p.Price)
		}
	}
	return nil
}

// checkSurvey returns EINVALID unless sv asks key's question with one
// link per score of its scale, lowest first, and has a survey page: a
// missing or misnumbered button would record the wrong answer.
func checkSurvey(key Key, sv *SurveyData) error {
	kind := surveyKinds[key]
	if sv.Kind != kind {
		return purna.Errorf(purna.EINVALID, "A %s message asks the %s question; Survey.Kind is %q.", key, kind, sv.Kind)
	}
	lo, hi := surveyScales[kind][0], surveyScales[kind][1]
	if n := hi - lo + 1; len(sv.Scores) != n {
		return purna.Errorf(purna.EINVALID, "A %s message needs %d Survey.Scores (%d to %d); it has %d.", key, n, lo, hi, len(sv.Scores))
	}
	for i, sc := range sv.Scores {
		if sc.Score != lo+i {
			return purna.Errorf(purna.EINVALID, "A %s message needs Survey.Scores %d to %d, lowest first; Scores[%d] is %d.", key, lo, hi, i, sc.Score)
		}
		if strings.TrimSpace(sc.URL) == "" {
			return purna.Errorf(purna.EINVALID, "A %s message needs a link for every score; score %d has none.", key, sc.Score)
		}
	}
	if strings.TrimSpace(sv.PageURL) == "" {
		return purna.Errorf(purna.EINVALID, "A %s message needs Survey.PageURL, the survey page its SMS and WhatsApp link to.", key)
	}
	return nil
}

// checkReview returns EINVALID unless r names at least one product, each
// with its review form and five star links, 1 to 5.
func checkReview(key Key, r *ReviewRequestData) error {
	if len(r.Products) == 0 {
		return purna.Errorf(purna.EINVALID, "A %s message needs at least one product in Review.Products.", key)
	}
	for i, p := range r.Products {
		switch {
		case strings.TrimSpace(p.Name) == "":
			return purna.Errorf(purna.EINVALID, "A %s message needs the name of every product; Review.Products[%d] has none.", key, i)
		case strings.TrimSpace(p.URL) == "":
			return purna.Errorf(purna.EINVALID, "A %s message needs the review form of every product; Review.Products[%d] (%s) has no URL.", key, i, p.Name)
		case len(p.Stars) != 5:
			return purna.Errorf(purna.EINVALID, "A %s message needs 5 Stars for every product; Review.Products[%d] (%s) has %d.", key, i, p.Name, len(p.Stars))
		}
		for j, st := range p.Stars {
			if st.Score != j+1 || strings.TrimSpace(st.URL) == "" {
				return purna.Errorf(purna.EINVALID, "A %s message needs star links 1 to 5, lowest first, each with a URL; Review.Products[%d] (%s) has star %d at place %d.",
					key, i, p.Name, st.Score, j+1)
			}
		}
	}
	return nil
}

// checkReviewReply returns EINVALID unless r names the product, rates it
// 1 to 5 and carries the shop's reply: a message without the reply has
// nothing to say, and a rating outside the scale would show wrong stars.
func checkReviewReply(key Key, r *ReviewReplyData) error {
	switch {
	case strings.TrimSpace(r.Product) == "":
		return purna.Errorf(purna.EINVALID, "A %s message needs ReviewReply.Product, the product reviewed.", key)
	case r.Rating < 1 || r.Rating > 5:
		return purna.Errorf(purna.EINVALID, "A %s message needs ReviewReply.Rating 1 to 5; it is %d.", key, r.Rating)
	case strings.TrimSpace(r.Reply) == "":
		return purna.Errorf(purna.EINVALID, "A %s message needs ReviewReply.Reply, the shop's reply.", key)
	}
	return nil
}

// maxOfferParts is how many spare parts an offer shows.
const maxOfferParts = 3

// prepare applies the key's kind to d: an offer only where the key takes
// one, with at most maxOfferParts parts, and the unsubscribe link only in
// marketing messages and with an offer.
func (c *Compiled) prepare(d Data) Data {
	if !c.spec.offer {
		d.Offer = nil
	}
	if o := d.Offer; o != nil && len(o.SpareParts) > maxOfferParts {
		short := *o // the caller's Data stays as it was
		short.SpareParts = o.SpareParts[:maxOfferParts:maxOfferParts]
		d.Offer = &short
	}
	if c.spec.kind == Transactional && d.Offer == nil {
		d.Links.Unsubscribe = ""
	}
	return d
}

func (c *Compiled) renderSubject(buf *bytes.Buffer, d Data) (string, error) {
	if err := c.subject.Execute(buf, d); err != nil {
		return "", err
	}
	return strings.Join(strings.Fields(buf.String()), " "), nil
}

// renderSMS writes the SMS part on one line: authors may break their
// source over lines, and customer-supplied text cannot add any.
func (c *Compiled) renderSMS(buf *bytes.Buffer, d Data) (string, error) {
	if err := c.sms.Execute(buf, d); err != nil {
		return "", err
	}
	return strings.Join(strings.Fields(buf.String()), " "), nil
}

// tidyHTML drops the blank lines that template actions leave behind.
func tidyHTML(b []byte) string {
	var out strings.Builder
	out.Grow(len(b))
	for l := range bytes.Lines(b) {
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		out.Write(bytes.TrimRight(l, " \t\r\n"))
		out.WriteByte('\n')
	}
	return out.String()
}

// tidyText trims each line and keeps at most one blank line in a row, so
// authors can lay out actions freely.
func tidyText(b []byte) string {
	var out strings.Builder
	out.Grow(len(b))
	blank := true // no blank lines at the top
	for l := range bytes.Lines(b) {
		l = bytes.TrimRight(l, " \t\r\n")
		if len(l) == 0 {
			if !blank {
				out.WriteByte('\n')
			}
			blank = true
			continue
		}
		out.Write(l)
		out.WriteByte('\n')
		blank = false
	}
	return strings.TrimRight(out.String(), "\n") + "\n"
}

// checkSource reports whether src is worth parsing: it is not empty, it
// parses, and it defines no templates other than allowed ones (a part may
// not replace the layout's footer and with it the unsubscribe link).
func checkSource(p *purna.Problems, part, src string, allowed ...string) bool {
	if strings.TrimSpace(src) == "" {
		p.Add(part, "is required")
		return false
	}
	// Parsing only looks the functions' names up, so any language will do.
	t, err := texttemplate.New(part).Funcs(funcsFor("")).Parse(src)
	if err != nil {
		addError(p, part, err)
		return false
	}
	for _, d := range t.Templates() {
		if d.Tree != nil {
			if n := selfInclude(d.Tree.Root); n != nil {
				loc, _ := d.ErrorContext(n) // "content:3:14"
				f := strings.Split(loc, ":")
				p.Add(part, fmt.Sprintf("line %s: may not include %s", f[len(f)-2], n))
				return false
			}
		}
		if name := d.Name(); name != part && !slices.Contains(allowed, name) {
			if len(allowed) == 0 {
				p.Add(part, fmt.Sprintf("may not define templates ({{define %q}})", name))
			} else {
				p.Add(part, fmt.Sprintf("may define only %q, not %q", strings.Join(allowed, ", "), name))
			}
			return false
		}
	}
	return true
}

// frame names the templates a part runs inside of; including one of them
// from a part would only loop until the depth limit.
var frame = []string{"layout", "page", "content", "preheader", "subject", "html", "text", "sms"}

// selfInclude returns the first {{template}} in n that includes the frame.
func selfInclude(n parse.Node) *parse.TemplateNode {
	switch n := n.(type) {
	case *parse.TemplateNode:
		if slices.Contains(frame, n.Name) {
			return n
		}
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if t := selfInclude(c); t != nil {
				return t
			}
		}
	case *parse.IfNode:
		return cmp.Or(selfInclude(n.List), selfInclude(n.ElseList))
	case *parse.RangeNode:
		return cmp.Or(selfInclude(n.List), selfInclude(n.ElseList))
	case *parse.WithNode:
		return cmp.Or(selfInclude(n.List), selfInclude(n.ElseList))
	}
	return nil
}

// errLocation matches the position text/template and html/template put in
// front of their errors: "template: content:3:15: " or
// "html/template:content:3:15: ".
var errLocation = regexp.MustCompile(`^(?:html/)?template: ?([\w-]+):(\d+)(?::\d+)?: (?:executing "[^"]*" at <([^>]*)>: )?`)

func addError(p *purna.Problems, part string, err error) {
	if err != nil {
		p.Add(part, describe(err))
	}
}

// parts names the optional parts of Data by their types, to explain a nil
// pointer in words an author can act on.
var parts = map[string][2]string{
	"*message.OrderData":         {"Order", "an order"},
	"*message.ShipmentData":      {"Shipment", "a shipment"},
	"*message.ProductData":       {"Product", "a product"},
	"*message.CouponData":        {"Coupon", "a coupon"},
	"*message.CaseData":          {"Case", "a service case"},
	"*message.QuoteData":         {"Case.Quote", "a quote"},
	"*message.BookingData":       {"Case.Booking", "a booking"},
	"*message.SurveyData":        {"Survey", "a survey question"},
	"*message.ReviewRequestData": {"Review", "a review request"},
	"*message.ReviewReplyData":   {"ReviewReply", "a review reply"},
	"*message.OfferData":         {"Offer", "an offer"},
	"*message.ExtensionOffer":    {"Offer.Extension", "an extended warranty"},
}

// describe turns a template error into "line 3: {{.Order.Numbr}}: …".
func describe(err error) string {
	msg := err.Error()
	m := errLocation.FindStringSubmatch(msg)
	if m == nil {
		return strings.TrimPrefix(strings.TrimPrefix(msg, "html/template: "), "template: ")
	}
	rest := msg[len(m[0]):]
	if strings.HasPrefix(rest, "nil pointer evaluating ") {
		typ := strings.TrimPrefix(rest, "nil pointer evaluating ")
		if i := strings.LastIndexByte(typ, '.'); i > 0 {
			typ = typ[:i]
		}
		if name, ok := parts[typ]; ok {
			rest = fmt.Sprintf("this message can be sent without %s; use it inside {{with .%s}}…{{end}}", name[1], name[0])
		}
	}
	var b strings.Builder
	switch m[1] {
	case "content", "preheader", "subject", "html", "text", "sms":
		fmt.Fprintf(&b, "line %s: ", m[2])
	}
	switch {
	case strings.HasPrefix(m[3], "{{"):
		fmt.Fprintf(&b, "%s: ", m[3])
	case m[3] != "":
		fmt.Fprintf(&b, "{{%s}}: ", m[3])
	}
	b.WriteString(rest)
	return b.String()
}
