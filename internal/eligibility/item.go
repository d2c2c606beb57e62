package eligibility

import (
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/policy"
)

// Item is what one order line, replacement item or item bought elsewhere
// allows at Input.Now.
type Item struct {
	// LineID is the order line or the replacement item; empty for an item
	// bought elsewhere.
	LineID purna.ID `json:"line_id,omitempty"`
	// ReplacesLineID is, for a replacement item, the line or item it
	// replaced.
	ReplacesLineID purna.ID `json:"replaces_line_id,omitempty"`
	// RegistrationID is set for an item bought elsewhere.
	RegistrationID purna.ID `json:"registration_id,omitempty"`
	ProductID      purna.ID `json:"product_id,omitempty"`
	// Quantity is how many units were bought or sent.
	Quantity    int64       `json:"quantity"`
	Return      Window      `json:"return"`
	Exchange    Window      `json:"exchange"`
	Replacement Window      `json:"replacement"`
	Warranty    Warranty    `json:"warranty"`
	Maintenance Maintenance `json:"maintenance"`
	// SpareParts are the IDs of parts that fit the item, offered once it
	// has no warranty (expired, or none); in the order of Input.Parts.
	SpareParts []purna.ID `json:"spare_parts"`
}

// Window says whether a return, an exchange or a free replacement can be
// asked for, for how many units and until when.
type Window struct {
	Allowed  bool  `json:"allowed"`
	Quantity int64 `json:"quantity"`
	// Until is the window's last day, when it is known (also when it has
	// closed, for "returnable until 8 Dec" and "window closed on 8 Dec").
	Until *Deadline `json:"until,omitempty"`
	// Reason says why it is not allowed.
	Reason *Reason `json:"reason,omitempty"`
}

// Warranty says whether an item is in warranty and a claim can be filed.
type Warranty struct {
	Active bool `json:"active"`
	// Until is the warranty's last day, when it is known.
	Until *Deadline `json:"until,omitempty"`
	// Months is the warranty's length with ExtraMonths from extended
	// warranties included.
	Months      int `json:"months"`
	ExtraMonths int `json:"extra_months,omitempty"`
	// Restarted is set for a replacement item whose warranty started again
	// at its delivery.
	Restarted    bool `json:"restarted,omitempty"`
	ClaimAllowed bool `json:"claim_allowed"`
	// Reason says why the item is not in warranty or, if it is, why a
	// claim cannot be filed now.
	Reason *Reason `json:"reason,omitempty"`
}

// Maintenance says when an item's next service is due.
type Maintenance struct {
	// Scheduled is set when the item has a service schedule.
	Scheduled bool      `json:"scheduled"`
	Due       *Deadline `json:"due,omitempty"`
	Overdue   bool      `json:"overdue,omitempty"`
	// Service is the number of the next service, 1 for the first.
	Service int `json:"service,omitempty"`
	// Included is set when the next service is one of the free ones.
	Included     bool          `json:"included,omitempty"`
	IntervalDays int           `json:"interval_days,omitempty"`
	Usage        *policy.Usage `json:"usage,omitempty"`
	// OpenCaseID is a maintenance case already open for the item.
	OpenCaseID purna.ID `json:"open_case_id,omitempty"`
	Reason     *Reason  `json:"reason,omitempty"`
}

// Deadline is the last day something is allowed, in the shop's time zone.
type Deadline struct {
	// Date is the last day, "2026-12-08".
	Date string `json:"date"`
	// EndsAt is the first instant after Date in the shop's zone, in UTC:
	// something is allowed while now is before EndsAt.
	EndsAt time.Time `json:"ends_at"`
}

// Reason says why something is not allowed, as a stable Code with Params
// to fill into each language's sentence. Params keys are "until" (a date,
// 2026-12-08), "category", "quantity" and "resolution".
type Reason struct {
	Code   string            `json:"code"`
	Params map[string]string `json:"params,omitempty"`
}

// The reason codes.
const (
	OrderCancelled        = "order_cancelled"         // the order was cancelled
	OrderRefunded         = "order_refunded"          // the whole order was refunded
	NoProduct             = "no_product"              // the line is not linked to a catalogue product
	BoughtElsewhere       = "bought_elsewhere"        // not bought from this shop: no return, exchange or replacement
	NotDelivered          = "not_delivered"           // the item has not reached the customer yet
	NotFulfilled          = "not_fulfilled"           // the window starts at fulfilment, which has not happened
	NonReturnableCategory = "non_returnable_category" // params: category
	NotReturnable         = "not_returnable"          // the product or its policy takes no returns
	NotOffered            = "not_offered"             // params: resolution (exchange, replacement)
	WindowClosed          = "window_closed"           // params: until
	AlreadyReturned       = "already_returned"        // every unit is in a return, exchange or replacement; params: quantity
	NoWarranty            = "no_warranty"             // the product has no warranty
	Expired               = "expired"                 // params: until
	NotRegistered         = "not_registered"          // a serialised product must be registered first; params: until
	NoProofOfPurchase     = "no_proof_of_purchase"    // an item bought elsewhere has no purchase date
	ClaimOpen             = "claim_open"              // every unit already has an open claim or repair
	NoMaintenance         = "no_maintenance"          // the product has no service schedule
)
