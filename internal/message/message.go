package message

import "slices"

// Key names a message: what happened, or what the shop wants to say.
type Key string

// The messages Purna sends after a purchase, in the order a customer
// usually meets them.
const (
	OrderConfirmation Key = "order_confirmation"
	OrderShipped      Key = "order_shipped"
	OutForDelivery    Key = "out_for_delivery"
	OrderDelivered    Key = "order_delivered"
	DeliveryLate      Key = "delivery_late"
	HowToOnboarding   Key = "howto_onboarding"
	SurveyNPS         Key = "survey_nps"
	SurveyCSAT        Key = "survey_csat"
	SurveyCES         Key = "survey_ces"
	ReviewRequest     Key = "review_request"
	ReviewReply       Key = "review_reply"
	CaseUpdate        Key = "case_update"
	ServiceFollowup   Key = "service_followup"
	WarrantyEnding    Key = "warranty_ending"
	MaintenanceDue    Key = "maintenance_due"
	Winback           Key = "winback"
)

// Kind says whether a message is about something the customer bought
// (transactional) or asks them to buy again (marketing). Marketing messages
// need the customer's consent and always carry an unsubscribe link; see the
// package documentation for which key is which and why.
type Kind string

// The kinds of message.
const (
	Transactional Kind = "transactional"
	Marketing     Kind = "marketing"
)

// spec is what a key promises: its kind, and which parts of Data are never
// nil when it is sent. A template may use a promised part directly
// ({{.Order.Number}}); any other part only inside {{with}}.
type spec struct {
	kind                     Kind
	order, shipment, product bool
	// warrantyEnds: the message is the warranty date, so
	// Product.WarrantyEnds must be set too.
	warrantyEnds bool
	// caseData: the message is about a service case (Data.Case).
	caseData bool
	// survey: the message asks a survey question (Data.Survey), with one
	// link per score of the key's kind (see surveyKinds).
	survey bool
	// review: the message asks for product reviews (Data.Review), each
	// product with five star links.
	review bool
	// reviewReply: the message is the shop's reply to the customer's
	// review (Data.ReviewReply).
	reviewReply bool
	// offer: the message may carry an offer (Data.Offer), which never
	// comes promised: the journey sets it only for customers who agreed to
	// marketing. The offer is marketing, so with one the message needs and
	// shows Links.Unsubscribe, whatever its kind.
	offer bool
}

var specs = map[Key]spec{
	OrderConfirmation: {kind: Transactional, order: true},
	OrderShipped:      {kind: Transactional, order: true, shipment: true},
	OutForDelivery:    {kind: Transactional, order: true, shipment: true},
	OrderDelivered:    {kind: Transactional, order: true},
	DeliveryLate:      {kind: Transactional, order: true, shipment: true},
	HowToOnboarding:   {kind: Transactional, product: true},
	SurveyNPS:         {kind: Transactional, survey: true},
	SurveyCSAT:        {kind: Transactional, survey: true},
	SurveyCES:         {kind: Transactional, survey: true},
	ReviewRequest:     {kind: Transactional, review: true},
	ReviewReply:       {kind: Transactional, reviewReply: true},
	CaseUpdate:        {kind: Transactional, caseData: true},
	ServiceFollowup:   {kind: Transactional, caseData: true},
	WarrantyEnding:    {kind: Transactional, product: true, warrantyEnds: true, offer: true},
	MaintenanceDue:    {kind: Marketing, product: true},
	Winback:           {kind: Marketing},
}

var keys = []Key{
	OrderConfirmation, OrderShipped, OutForDelivery, OrderDelivered, DeliveryLate,
	HowToOnboarding, SurveyNPS, SurveyCSAT, SurveyCES, ReviewRequest, ReviewReply,
	CaseUpdate, ServiceFollowup, WarrantyEnding, MaintenanceDue, Winback,
}

// surveyKinds is the question each survey key asks, as SurveyData.Kind
// names it.
var surveyKinds = map[Key]string{SurveyNPS: "nps", SurveyCSAT: "csat", SurveyCES: "ces"}

// surveyScales are the lowest and highest score of each kind of survey:
// NPS 0–10, CSAT 1–5, CES 1–7 (the agreement scale of CES 2.0).
var surveyScales = map[string][2]int{"nps": {0, 10}, "csat": {1, 5}, "ces": {1, 7}}

// Keys returns every message key, in the order a customer meets them.
func Keys() []Key { return slices.Clone(keys) }

// Valid reports whether k is one of Keys.
func (k Key) Valid() bool {
	_, ok := specs[k]
	return ok
}

// Kind returns whether k is transactional or marketing; unknown keys are
// marketing, the kind that asks for more care.
func (k Key) Kind() Kind {
	if s, ok := specs[k]; ok {
		return s.kind
	}
	return Marketing
}

// Locales lists the languages every message comes in.
var Locales = []string{"id", "en", "ro"}

// Template is one message in one language, as shipped or as a merchant
// edited it. Subject, Text and SMS are text/template sources; HTML is an
// html/template source that fills the shared email layout (see the package
// documentation for the markup it understands). SMS may be empty: every
// shipped template has one, but a merchant's older edit may not.
type Template struct {
	Key     Key    `json:"key"`
	Locale  string `json:"locale"`
	Subject string `json:"subject"`
	HTML    string `json:"html"`
	Text    string `json:"text"`
	SMS     string `json:"sms"`
}

// Parts returns the names of a Template's parts, in the order an editor
// shows them. They are also the Fields keys of Parse's errors, next to
// "key" and "locale".
func Parts() []string { return []string{"subject", "html", "text", "sms"} }

// Rendered is a message ready to send: a one-line subject, the HTML part,
// the plain-text part, and the SMS text. SMS is one line with single
// spaces; it is "" when the template has no SMS part, and a caller that
// must send a text then falls back to another channel or to Text.
type Rendered struct {
	Subject string
	HTML    string
	Text    string
	SMS     string
}
