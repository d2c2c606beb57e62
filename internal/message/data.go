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
	Links  LinksData
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
	// Unsubscribe stops marketing messages. It is empty for transactional
	// messages and required for marketing ones.
	Unsubscribe string
	// Portal is the customer's page for the order: returns, warranty
	// claims, service bookings.
	Portal string
	// Review asks for a product review.
	Review string
	// Store is the shop's storefront.
	Store string
}
