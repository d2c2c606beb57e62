package message

// Data is everything a template may use. Templates see only these fields,
// so a template that names anything else fails when it is saved. Every
// value is already written for the reader: money and dates are formatted
// strings in the message's language, and an empty string means "not known".
// NewData builds Data from the shop's records.
type Data struct {
	Shop     ShopData
	Customer CustomerData
	// Order, Shipment and Product are nil when the message is not about
	// one. Each key promises which of them are set (see the package
	// documentation); templates use the others inside {{with}}.
	Order    *OrderData
	Shipment *ShipmentData
	Product  *ProductData
	// Coupon is an optional offer, for win-back messages.
	Coupon *CouponData
	// Case is the service case a case update or a follow-up is about: a
	// return, an exchange, a replacement, a warranty claim, a repair or a
	// maintenance visit.
	Case *CaseData
	// Survey is the question of a survey message and one signed link per answer.
	Survey *SurveyData
	// Review asks for reviews of the products of an order.
	Review *ReviewRequestData
	// ReviewReply is the shop's reply to the customer's review.
	ReviewReply *ReviewReplyData
	// Offer is something the customer may buy for the product a message is
	// about: an extended warranty or spare parts. Set only for customers who
	// agreed to marketing on the channel; nil otherwise.
	Offer *OfferData
	Links LinksData
	// Locale is the language Data was formatted in: id, en or ro.
	Locale string
}

// ShopData is the shop as its customers see it.
type ShopData struct {
	Name    string
	LogoURL string
	// Color is the brand colour as "#0F766E"; the layout falls back to a
	// neutral dark grey when it is empty or not a hex colour.
	Color        string
	ContactEmail string
	Phone        string
	// WhatsAppURL is a click-to-chat link: "https://wa.me/6281190012345".
	WhatsAppURL string
	Social      []Link
	// SupportHours is when the shop answers, written out:
	// "Senin–Sabtu 09.00–17.00".
	SupportHours string
}

// Link is a named link, such as a social profile.
type Link struct {
	Name string
	URL  string
}

// CustomerData is who the message is for. FirstName may be empty; templates
// greet without a name then.
type CustomerData struct {
	FirstName string
	Name      string
}

// OrderData is an order, formatted.
type OrderData struct {
	Number   string // as the shop shows it: "#1042", "INV/20261102/XCVI/12"
	PlacedAt string // date and time: "2 Nov 2026 10.04"
	Lines    []LineData
	Subtotal string // empty when there is nothing but lines
	Shipping string // empty when shipping was free or not charged separately
	Discount string // "-Rp 50.000"; empty without a discount
	Total    string
	// ShippingAddress is the address on one line; empty for orders that do
	// not ship.
	ShippingAddress string
}

// LineData is one product on an order.
type LineData struct {
	Name     string
	Quantity int64
	Total    string
	SKU      string
}

// ShipmentData is a parcel on its way.
type ShipmentData struct {
	Carrier        string
	TrackingNumber string
	// TrackingURL is where the customer follows the parcel: the shop's own
	// tracking page when there is one, else the carrier's.
	TrackingURL   string
	PromisedDate  string // the date the shop promised
	EstimatedDate string // the carrier's latest estimate, when it differs
	DeliveredDate string
	// LatestUpdate is the carrier's last scan: "Tiba di hub Jakarta Timur".
	LatestUpdate   string
	LatestUpdateAt string
}

// ProductData is one product the customer owns.
type ProductData struct {
	Name     string
	HowToURL string
	// HowToText is the shop's care or usage text, in the shop's language.
	// Blank lines separate paragraphs (see the paragraphs function).
	HowToText      string
	WarrantyEnds   string
	MaintenanceDue string
}

// CouponData is an offer.
type CouponData struct {
	Code        string
	Value       string // what it takes off: "10%", "Rp 50.000"
	ExpiresDate string // empty when it does not expire
}

// LinksData are the links a message may point to. Any may be empty, and
// templates show a button only for links that are set.
type LinksData struct {
	// TrackingPage is the order's branded tracking page.
	TrackingPage string
	// Unsubscribe stops marketing messages. It is required for marketing
	// ones and for messages with an Offer; Render drops it from the other
	// transactional ones.
	Unsubscribe string
	// Portal is the customer's page for the order: returns, warranty
	// claims, service bookings.
	Portal string
	// Review asks for a product review.
	Review string
	// Store is the shop's storefront.
	Store string
}

// CaseData is a service case at the moment a message is about, formatted.
// Kind, Step and Resolution are fixed words for templates to compare
// ({{if eq .Case.Step "approved"}}); everything else is written for the
// reader.
type CaseData struct {
	Number string // "R-1001"
	// Kind is return, exchange, replacement, warranty_claim, repair or
	// maintenance; KindName says it in the message's language
	// ("retur", "warranty claim", "reparație").
	Kind     string
	KindName string
	// Status is where the case stands now (cases.Status: approved,
	// in_transit, returned_to_customer…).
	Status string
	// Step is what just happened: opened, approved, rejected, sent_back,
	// received, shipped, resolved, diagnosed, quoted, quote_accepted,
	// quote_declined, repaired, returned (to the customer), rescheduled,
	// done, cancelled or closed.
	Step string
	// Lines are the items of the case; there is at least one.
	Lines []CaseLineData
	// Item names the items in one phrase: "Blender Cosmos",
	// "2× Filter air, Blender Cosmos".
	Item string
	// Resolution is how the case ended once resolved: refund,
	// store_credit, exchange, replacement or repaired; empty before.
	Resolution string
	// Refund is what was paid back (refund or store credit), in the
	// order's currency: "Rp 1.899.000". Empty when nothing was.
	Refund string
	// Reason is what the shop wrote to the customer with the step (why a
	// request was rejected); empty when it wrote nothing.
	Reason string
	// Tracking is the tracking number of an item the shop shipped (step
	// shipped); empty when it gave none.
	Tracking string
	// Quote is the price of a repair out of warranty, when one was
	// quoted; Booking the maintenance visit, for maintenance cases.
	Quote   *QuoteData
	Booking *BookingData
	// PortalURL is where the customer follows the case and acts on it
	// (accepts a quote, moves a visit); empty when the shop has no portal
	// link for them.
	PortalURL string
}

// CaseLineData is one item of a case.
type CaseLineData struct {
	Name     string
	Quantity int64
}

// QuoteData is a repair's price: the parts, the labour and the total the
// customer pays.
type QuoteData struct {
	Parts  []QuotePartData
	Labour string // empty when no labour is charged
	Total  string
}

// QuotePartData is one spare part of a quote.
type QuotePartData struct {
	Name     string
	Quantity int64
	Total    string
}

// BookingData is a maintenance visit: when, in the shop's time zone, and
// where.
type BookingData struct {
	When     string // "14 Nov 2026 10.00"
	Location string // empty when the shop has one place
}

// SurveyData is a survey question with one link per score. Kind and the
// number of Scores match the message: survey_nps asks "nps" with 11
// scores (0 to 10), survey_csat "csat" with 5, survey_ces "ces" with 7
// (1 = strongly disagree … 7 = strongly agree); Render refuses anything
// else.
type SurveyData struct {
	Kind     string      // nps, csat or ces
	Question string      // the shop's own wording in this language; "" uses the template's
	Scores   []ScoreLink // lowest first: 0..10, 1..5 or 1..7
	// PageURL is the survey page where the customer picks a score (for
	// SMS and WhatsApp, which have room for one link only). Render
	// refuses a survey without it.
	PageURL string
	// Reminder is set when the message goes a second time to a customer
	// who has not answered; the subject and the opening line then say so.
	Reminder bool
}

// ScoreLink answers a question with one click.
type ScoreLink struct {
	Score int
	URL   string
}

// ReviewRequestData is a request to review what the customer bought.
type ReviewRequestData struct {
	Products []ReviewProductData // at least one
	// Incentive is the shop's offer for any review, in this language
	// ("Voucher Rp 20.000 untuk setiap ulasan"); "" for none. Templates
	// show it as plain text and say it does not depend on the rating.
	Incentive string
	Reminder  bool // as in SurveyData
}

// ReviewProductData is one product to review.
type ReviewProductData struct {
	Name     string
	ImageURL string      // "" when unknown
	URL      string      // the review form
	Stars    []ScoreLink // 1..5, each opens the form with that rating
}

// ReviewReplyData is a review and the shop's reply to it, as the customer
// wrote and the shop answered. Templates show both whole, never cut:
// Review and Reply are user content, escaped like everything else, and
// blank lines separate their paragraphs (see the paragraphs function).
type ReviewReplyData struct {
	Product string // the product reviewed
	Rating  int    // 1..5; Render refuses anything else
	// Review is the customer's review text, as they wrote it; "" for a
	// rating without words.
	Review string
	// Reply is the shop's reply, as the merchant wrote it. Render refuses
	// a message without one.
	Reply string
	// Public is set when the reply is shown under the review on the
	// product page; a private reply is for the customer only.
	Public bool
	// PageURL is the product's reviews page, "" when unknown. Templates
	// link to it only for a public reply.
	PageURL string
}

// OfferData is an offer about a product the customer owns. Only keys that
// may carry one show it (warranty_ending); Render drops it from the others.
// An offer is marketing inside a transactional message, so Render refuses
// one without Links.Unsubscribe and then shows the unsubscribe link, and
// it refuses an offer with nothing in it.
type OfferData struct {
	Extension *ExtensionOffer // nil when the shop sells none for it
	// SpareParts may be empty. Render shows the first three, so list the
	// most useful first.
	SpareParts []PartOffer
	// URL is where the customer takes the offer up (the shop's portal or
	// store); "" shows no button.
	URL string
}

// ExtensionOffer is an extended warranty for sale.
type ExtensionOffer struct {
	Name   string // "Garansi tambahan 12 bulan"
	Months int    // how long it adds; at least 1
	Price  string // formatted: "Rp 150.000"
}

// PartOffer is a spare part for sale.
type PartOffer struct {
	Name  string
	Price string // formatted: "Rp 299.000"
}
