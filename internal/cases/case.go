package cases

import (
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/policy"
)

// Kind is what a case is about. The values are eligibility's.
type Kind = eligibility.Kind

// The kinds of case.
const (
	Return        = eligibility.KindReturn
	Exchange      = eligibility.KindExchange
	Replacement   = eligibility.KindReplacement
	WarrantyClaim = eligibility.KindWarrantyClaim
	Repair        = eligibility.KindRepair
	Maintenance   = eligibility.KindMaintenance
)

// Kinds lists every Kind, for filters.
var Kinds = []Kind{Return, Exchange, Replacement, WarrantyClaim, Repair, Maintenance}

// prefixes are the letters case numbers start with: R-1001 is a return.
var prefixes = map[Kind]string{
	Return: "R", Exchange: "E", Replacement: "P", WarrantyClaim: "W", Repair: "S", Maintenance: "M",
}

// Role is who acts on a case.
type Role string

// The roles.
const (
	RoleCustomer Role = "customer"
	RoleAgent    Role = "agent"
	RoleSystem   Role = "system"
)

// Actor is who calls the service: a customer (ID is the customer's), an
// agent (ID is the user's, or the API key's) or the system.
type Actor struct {
	Role Role     `json:"role"`
	ID   purna.ID `json:"id,omitempty"`
}

// Customer returns an Actor for the customer with id.
func Customer(id purna.ID) Actor { return Actor{Role: RoleCustomer, ID: id} }

// Agent returns an Actor for the user or API key with id.
func Agent(id purna.ID) Actor { return Actor{Role: RoleAgent, ID: id} }

// System is Purna itself: jobs and automatic transitions.
var System = Actor{Role: RoleSystem}

// Source is the door a case came in through.
type Source string

// The sources.
const (
	SourcePortal   Source = "portal"
	SourceAgent    Source = "agent"
	SourceAPI      Source = "api"
	SourceFeedback Source = "feedback"
)

// Condition is the state a returned item arrived in.
type Condition string

// The conditions.
const (
	New     Condition = "new"
	Opened  Condition = "opened"
	Used    Condition = "used"
	Damaged Condition = "damaged"
)

// Conditions lists every Condition.
var Conditions = []Condition{New, Opened, Used, Damaged}

// Resolution is how a case ended for the customer.
type Resolution string

// The resolutions. The first four are policy's.
const (
	Refund          Resolution = Resolution(policy.Refund)
	StoreCredit     Resolution = Resolution(policy.StoreCredit)
	ExchangeDone    Resolution = Resolution(policy.Exchange)
	ReplacementDone Resolution = Resolution(policy.Replacement)
	Repaired        Resolution = "repaired"
)

// Case is one return, exchange, replacement, warranty claim, repair or
// maintenance visit.
type Case struct {
	ID     purna.ID `json:"id"`
	ShopID purna.ID `json:"-"`
	// Number is what people say: a letter for the kind and the shop's
	// running number (R-1001, W-1002).
	Number     string    `json:"number"`
	Kind       Kind      `json:"kind"`
	Status     Status    `json:"status"`
	CustomerID purna.ID  `json:"customer_id"`
	OrderID    *purna.ID `json:"order_id"` // nil for items bought elsewhere
	Lines      []Line    `json:"lines"`
	// Wanted is the resolution the customer asked for, if any.
	Wanted     Resolution `json:"wanted,omitempty"`
	Resolution Resolution `json:"resolution,omitempty"`
	// Refund is what was paid back (refund or store credit), in the
	// order's currency.
	Refund     purna.Money `json:"refund"`
	AssigneeID *purna.ID   `json:"assignee_id"`
	DueAt      *time.Time  `json:"due_at"`
	Source     Source      `json:"source"`
	// Tracking is the tracking number of the parcel the customer sent back.
	Tracking     string       `json:"tracking,omitempty"`
	Repair       *RepairOrder `json:"repair,omitempty"`
	Booking      *Booking     `json:"booking,omitempty"`
	Replacements []Sent       `json:"replacements"`
	// Seq counts the transitions so far.
	Seq        int        `json:"seq"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	ResolvedAt *time.Time `json:"resolved_at"`
	ClosedAt   *time.Time `json:"closed_at"`
}

// Open reports whether the case still needs something done: it is open
// until it is resolved, rejected, cancelled or closed.
func (c *Case) Open() bool { return !statusInfo[c.Status].ended }

// Overdue reports whether the case is open past its due time at now.
func (c *Case) Overdue(now time.Time) bool {
	return c.Open() && c.DueAt != nil && now.After(*c.DueAt)
}

// Sent is an item the shop sent the customer for an exchange, a
// replacement or a warranty claim. It gets its own eligibility (and may be
// returned or claimed in turn by its LineID).
type Sent struct {
	eligibility.ReplacementItem
	// Replaces is the order line or item it replaced.
	Replaces purna.ID `json:"replaces"`
	// Tracking is the tracking number of the parcel it went out in, when
	// the agent gave one with the ship action.
	Tracking string `json:"tracking,omitempty"`
}

// Line is one item of a case: an order line, or a registered item bought
// elsewhere.
type Line struct {
	ID             purna.ID  `json:"id"`
	OrderLineID    *purna.ID `json:"order_line_id"`
	RegistrationID *purna.ID `json:"registration_id"`
	ProductID      *purna.ID `json:"product_id"`
	Quantity       int64     `json:"quantity"`
	// Reason is one of the policy's reason codes (returns, exchanges,
	// replacements); for claims and repairs it is optional.
	Reason           string    `json:"reason,omitempty"`
	Note             string    `json:"note,omitempty"`
	ReceivedQuantity int64     `json:"received_quantity"`
	Condition        Condition `json:"condition,omitempty"`
	SerialNumber     string    `json:"serial_number,omitempty"`
	// RefundAmount is the line's share of the case's refund; CostAmount
	// what a replacement or a free repair cost the shop. Stats add them up
	// per product.
	RefundAmount int64 `json:"refund_amount"`
	CostAmount   int64 `json:"cost_amount"`
}

// item returns the order line or registration the line is about.
func (l *Line) item() purna.ID {
	if l.OrderLineID != nil {
		return *l.OrderLineID
	}
	if l.RegistrationID != nil {
		return *l.RegistrationID
	}
	return ""
}

// RepairOrder is the work on a repaired item: what was found, the parts and
// the labour. In warranty it is free: Total is 0 and Cost is what the shop
// bears; otherwise Total is quoted to the customer, who accepts or declines.
type RepairOrder struct {
	InWarranty    bool       `json:"in_warranty"`
	Diagnosis     string     `json:"diagnosis,omitempty"`
	Parts         []Part     `json:"parts"`
	LabourMinutes int64      `json:"labour_minutes"`
	LabourRate    int64      `json:"labour_rate"` // per hour, minor units
	Currency      string     `json:"currency"`
	Cost          int64      `json:"cost"`  // parts and labour
	Total         int64      `json:"total"` // what the customer pays: 0 in warranty
	QuotedAt      *time.Time `json:"quoted_at,omitempty"`
}

// Part is a spare part used in a repair.
type Part struct {
	ProductID purna.ID `json:"product_id,omitempty"`
	Name      string   `json:"name,omitempty"`
	Quantity  int64    `json:"quantity"`
	UnitPrice int64    `json:"unit_price"`
}

// price works out Cost and Total.
func (r *RepairOrder) price() {
	var c int64
	for _, p := range r.Parts {
		c += p.Quantity * p.UnitPrice
	}
	c += r.LabourMinutes * r.LabourRate / 60
	r.Cost, r.Total = c, c
	if r.InWarranty {
		r.Total = 0
	}
}

// Booking is a maintenance visit: where and when, in the shop's zone.
type Booking struct {
	Location string    `json:"location"`
	StartsAt time.Time `json:"starts_at"`
}

// Note is a remark on a case by an agent, the customer or the system,
// optionally with attachments (upload IDs). Internal notes are for agents;
// the customer sees only visible ones.
type Note struct {
	ID          purna.ID  `json:"id"`
	ShopID      purna.ID  `json:"-"`
	CaseID      purna.ID  `json:"case_id"`
	Author      Actor     `json:"author"`
	Text        string    `json:"text"`
	Visible     bool      `json:"visible"`
	Attachments []string  `json:"attachments"`
	CreatedAt   time.Time `json:"created_at"`
}

// History is one transition of a case: who moved it from which status to
// which, and when.
type History struct {
	ID     purna.ID `json:"id"`
	ShopID purna.ID `json:"-"`
	CaseID purna.ID `json:"case_id"`
	Seq    int      `json:"seq"`
	Action Action   `json:"action"`
	From   Status   `json:"from"`
	To     Status   `json:"to"`
	Actor  Actor    `json:"actor"`
	// Note is the actor's remark for the history. A customer sees only
	// their own; the shop's notes stay internal.
	Note string `json:"note,omitempty"`
	// CustomerReason is the shop's words to the customer with the step:
	// why a request was rejected. Messages about the step quote it.
	CustomerReason string    `json:"customer_reason,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// Detail is a case with its notes and history, for one case's page.
type Detail struct {
	Case
	Notes   []*Note    `json:"notes"`
	History []*History `json:"history"`
}

// Registration is a warranty registration of one unit: of an order line,
// or bought elsewhere with a proof of purchase.
type Registration struct {
	ID           purna.ID   `json:"id"`
	ShopID       purna.ID   `json:"-"`
	CustomerID   purna.ID   `json:"customer_id"`
	OrderID      *purna.ID  `json:"order_id"`
	OrderLineID  *purna.ID  `json:"order_line_id"`
	ProductID    *purna.ID  `json:"product_id"`
	SerialNumber string     `json:"serial_number"`
	PurchasedAt  *time.Time `json:"purchased_at"`
	// ProofBlobID is the upload holding the proof of purchase.
	ProofBlobID  string    `json:"proof_blob_id,omitempty"`
	ExtraMonths  int       `json:"extra_months"`
	RegisteredAt time.Time `json:"registered_at"`
}

// Filter selects cases, newest first.
type Filter struct {
	ShopID     purna.ID
	Status     *Status
	Kind       *Kind
	AssigneeID *purna.ID
	// Unassigned keeps the cases nobody works on.
	Unassigned bool
	CustomerID *purna.ID
	OrderID    *purna.ID
	// Overdue keeps open cases past their due time at Now.
	Overdue bool
	Now     time.Time
	// Query matches the case number.
	Query  string
	Cursor string
	Limit  int
}

// RegistrationFilter selects registrations.
type RegistrationFilter struct {
	ShopID     purna.ID
	CustomerID *purna.ID
	OrderID    *purna.ID
	// Elsewhere keeps only items bought elsewhere (no order).
	Elsewhere bool
}
