package eligibility

import (
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
)

// Input is everything Compute looks at.
type Input struct {
	// Policy is the shop's policy; nil offers nothing.
	Policy *policy.Policy
	// Order is the order whose lines are decided. It may be nil when only
	// items bought elsewhere are asked about.
	Order *order.Order
	// Products are the catalogue entries of the order's lines and
	// replacement items, by ID. A line without a product ID is matched by
	// SKU.
	Products map[purna.ID]*product.Product
	// Parts is the shop's spare-parts catalogue: products whose
	// SparePartFor names the products they fit.
	Parts []*product.Product
	// Cases are the cases already opened on the order's lines and on the
	// items sent to replace them, in any status.
	Cases []Case
	// Registrations are the warranty registrations of the order's items and
	// of the customer's items bought elsewhere.
	Registrations []Registration
	// Location is the shop's time zone (shop.Shop.Location); nil is UTC.
	Location *time.Location
	// Now is the moment to decide for.
	Now time.Time
}

// Kind is what a case is about.
type Kind string

// The kinds of case.
const (
	KindReturn        Kind = "return"
	KindExchange      Kind = "exchange"
	KindReplacement   Kind = "replacement"
	KindWarrantyClaim Kind = "warranty_claim"
	KindRepair        Kind = "repair"
	KindMaintenance   Kind = "maintenance"
)

// Status is where a case stands, as far as eligibility cares.
type Status string

// The case statuses. The case module has finer ones (in transit, received,
// …); it maps them onto these.
const (
	Open     Status = "open"
	Approved Status = "approved"
	Rejected Status = "rejected"
	Resolved Status = "resolved"
	// Closed is final. A case closed after being resolved (ResolvedAt set)
	// still counts; one closed without a resolution was withdrawn.
	Closed Status = "closed"
)

// Case is an earlier case on one item, reduced to what eligibility needs.
type Case struct {
	ID   purna.ID `json:"id"`
	Kind Kind     `json:"kind"`
	// LineID is the order line, or the replacement item, the case is about.
	LineID purna.ID `json:"line_id"`
	// Quantity is how many units of the item; less than 1 counts as 1.
	Quantity   int64             `json:"quantity"`
	Status     Status            `json:"status"`
	Resolution policy.Resolution `json:"resolution,omitempty"`
	ResolvedAt *time.Time        `json:"resolved_at,omitempty"`
	// Replacements are the items sent to the customer by an exchange, a
	// replacement or a warranty claim resolved by replacement.
	Replacements []ReplacementItem `json:"replacements,omitempty"`
}

// ReplacementItem is an item sent to replace (part of) an order line or an
// earlier replacement item. It gets its own eligibility, and cases about it
// name its LineID.
type ReplacementItem struct {
	LineID purna.ID `json:"line_id"`
	// ProductID is what was sent; empty means the same product as the item
	// replaced (a free replacement), another one an exchange.
	ProductID     purna.ID   `json:"product_id,omitempty"`
	Quantity      int64      `json:"quantity"`
	SerialNumbers []string   `json:"serial_numbers,omitempty"`
	DeliveredAt   *time.Time `json:"delivered_at,omitempty"`
}

// Registration is a warranty registration of one unit.
type Registration struct {
	ID           purna.ID `json:"id"`
	SerialNumber string   `json:"serial_number"`
	// LineID is the order line or replacement item of the unit. Empty
	// means the unit was bought elsewhere (offline, a marketplace) unless
	// SerialNumber is one of an item's serial numbers.
	LineID purna.ID `json:"line_id,omitempty"`
	// ProductID is the registered product, needed for items bought
	// elsewhere.
	ProductID purna.ID `json:"product_id,omitempty"`
	// PurchasedAt is the date on the proof of purchase of an item bought
	// elsewhere; its warranty starts then.
	PurchasedAt  *time.Time `json:"purchased_at,omitempty"`
	RegisteredAt time.Time  `json:"registered_at"`
	// ExtraMonths are added by extended warranties bought separately and
	// registered on this unit.
	ExtraMonths int `json:"extra_months,omitempty"`
}
