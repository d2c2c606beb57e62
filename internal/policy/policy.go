package policy

import "github.com/purnajual/purna"

// Policy is a shop's after-sales policy: the shop-wide terms and the
// overrides for categories and products. It is stored as JSON and edited
// through the API and the UI. The zero Policy offers nothing: no returns, no
// warranty, no maintenance; Default gives a new shop sensible terms.
type Policy struct {
	Returns     Returns     `json:"returns"`
	Warranty    Warranty    `json:"warranty"`
	Maintenance Maintenance `json:"maintenance"`
	Overrides   Overrides   `json:"overrides,omitzero"`
}

// Text is a text in each of the shopper's languages, keyed by locale (id,
// en, ro).
type Text map[string]string

// WindowStart is the moment a return window starts counting.
type WindowStart string

// The moments a return window can start from.
const (
	FromDelivery   WindowStart = "delivery"   // the order is delivered (the default)
	FromOrder      WindowStart = "order"      // the order is placed
	FromFulfilment WindowStart = "fulfilment" // the order is handed to the carrier
)

// WarrantyStart is the moment a warranty starts running.
type WarrantyStart string

// The moments a warranty can start from.
const (
	WarrantyFromDelivery WarrantyStart = "delivery" // the default
	WarrantyFromPurchase WarrantyStart = "purchase" // the order is placed
)

// Payer is who pays for sending a return back.
type Payer string

// The payers of return shipping.
const (
	CustomerPays Payer = "customer"
	ShopPays     Payer = "shop"
)

// Resolution is what a customer may get for a returned item.
type Resolution string

// The resolutions a shop can offer.
const (
	Refund      Resolution = "refund"
	StoreCredit Resolution = "store_credit"
	Exchange    Resolution = "exchange"    // another variant or product
	Replacement Resolution = "replacement" // the same item again
)

// Resolutions lists every Resolution.
var Resolutions = []Resolution{Refund, StoreCredit, Exchange, Replacement}

// Returns are the shop's return terms.
type Returns struct {
	// WindowDays is how many days after WindowStart an item may be sent
	// back. The day of the start is day 0, so a 7-day window from a delivery
	// on 1 December ends at the end of 8 December in the shop's time zone.
	// 0 accepts no returns.
	WindowDays  int         `json:"window_days"`
	WindowStart WindowStart `json:"window_start"`
	// MinWindowDays is a floor no product or override goes below for a
	// returnable item: the legal withdrawal period (14 days in the EU).
	MinWindowDays int `json:"min_window_days"`
	// Conditions are shown to the customer before they ask for a return.
	Conditions Text `json:"conditions"`
	// NonReturnableCategories are product categories that cannot be
	// returned; an override's Returnable can still allow a category or a
	// product.
	NonReturnableCategories []string     `json:"non_returnable_categories"`
	ShippingPaidBy          Payer        `json:"shipping_paid_by"`
	Resolutions             []Resolution `json:"resolutions"`
	// FreeReplacementDays is how many days after delivery a faulty or
	// damaged item is replaced at no cost; 0 offers no free replacement.
	FreeReplacementDays int      `json:"free_replacement_days"`
	Reasons             []Reason `json:"reasons"`
}

// Reason is a reason a customer can give for a return. Code is stable and
// is what reports group by; Label is what the customer reads.
type Reason struct {
	Code  string `json:"code"`
	Label Text   `json:"label"`
}

// Warranty are the shop's warranty terms.
type Warranty struct {
	// Months is how long the warranty runs. The shop default is usually 0,
	// so that only products with their own warranty months have one.
	Months int           `json:"months"`
	Start  WarrantyStart `json:"start"`
	// MinMonths is a floor no product or override goes below: the legal
	// guarantee of conformity (24 months in the EU).
	MinMonths int `json:"min_months"`
	// Covers says what the warranty covers, for the customer.
	Covers Text `json:"covers"`
	// ReplacementRestarts gives an item sent as a replacement or exchange a
	// warranty of its own from its delivery; otherwise it keeps the end date
	// of the item it replaced.
	ReplacementRestarts bool `json:"replacement_restarts"`
	// RequireRegistration asks customers to register serialised products
	// (by serial number) before the warranty can be claimed.
	RequireRegistration bool        `json:"require_registration"`
	Extensions          []Extension `json:"extensions"`
}

// Extension is an extended warranty sold as a product. Bought in the same
// order as a product it applies to, it adds Months to that product's
// warranty. (Bought separately, it is recorded on the warranty registration
// instead.)
type Extension struct {
	// Product is the ID or SKU of the extended-warranty product.
	Product string `json:"product"`
	Months  int    `json:"months"`
	// ForProducts (IDs or SKUs) and ForCategories name what it extends.
	ForProducts   []string `json:"for_products"`
	ForCategories []string `json:"for_categories"`
}

// Maintenance are the shop's periodic service terms. Only the terms live
// here; booking a slot is the maintenance module's job.
type Maintenance struct {
	// IntervalDays is the time between services; 0 means no maintenance.
	IntervalDays int `json:"interval_days"`
	// Usage is an optional usage interval ("every 5000 km"), shown next to
	// the time interval; Purna does not track usage.
	Usage *Usage `json:"usage,omitempty"`
	// IncludedServices is how many services are free; later ones are paid.
	IncludedServices int        `json:"included_services"`
	Locations        []Location `json:"locations"`
}

// Usage is a usage interval: Every units ("5000 km", "250 hours").
type Usage struct {
	Every int64  `json:"every"`
	Unit  string `json:"unit"`
}

// Location is a place where services are done.
type Location struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	Slots   []Slot `json:"slots"`
}

// Slot is a bookable weekly period at a location: Weekday (0 is Sunday, as
// in time.Weekday) from Start to End ("09:00" to "10:30") in the shop's time
// zone, with Capacity bookings at most.
type Slot struct {
	Weekday  int    `json:"weekday"`
	Start    string `json:"start"`
	End      string `json:"end"`
	Capacity int    `json:"capacity"`
}

// Overrides change the shop's terms for some categories and products.
type Overrides struct {
	Categories map[string]Override   `json:"categories,omitempty"`
	Products   map[purna.ID]Override `json:"products,omitempty"`
}
