package followup

import (
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/timeline"
)

// Status is where a follow-up stands: open → contacted → resolved →
// closed; an open one may be resolved without a recorded contact.
type Status string

// The statuses.
const (
	Open      Status = "open"
	Contacted Status = "contacted"
	Resolved  Status = "resolved"
	Closed    Status = "closed"
)

// Statuses lists every Status, in order.
var Statuses = []Status{Open, Contacted, Resolved, Closed}

// Source is what opened a follow-up.
type Source string

// The sources.
const (
	FromSurvey Source = "survey"
	FromReview Source = "review"
)

// Remedy is what the shop offers an unhappy customer.
type Remedy string

// The remedies. Replacement and Return are offered when eligibility
// allows them for a line of the order; a coupon and an apology always.
const (
	Replacement Remedy = "replacement"
	Return      Remedy = "return"
	Coupon      Remedy = "coupon"
	Apology     Remedy = "apology"
	NoRemedy    Remedy = "none"
)

// Remedies lists every Remedy.
var Remedies = []Remedy{Replacement, Return, Coupon, Apology, NoRemedy}

// FollowUp is the shop getting back to one unhappy answer or review.
type FollowUp struct {
	ID         purna.ID  `json:"id"`
	ShopID     purna.ID  `json:"-"`
	Number     string    `json:"number"`
	CustomerID purna.ID  `json:"customer_id"`
	OrderID    *purna.ID `json:"order_id"`
	Source     Source    `json:"source"`
	// SourceID is the survey answer or the review.
	SourceID purna.ID `json:"source_id"`
	// Trigger is nps, csat, ces or review; Score the answer or rating.
	Trigger string `json:"trigger"`
	Score   int    `json:"score"`
	Comment string `json:"comment"`
	Status  Status `json:"status"`
	// Context is the order as it stood when the follow-up opened.
	Context Context `json:"context"`
	// Remedy and OutcomeNote say how it was resolved.
	Remedy         Remedy     `json:"remedy,omitempty"`
	OutcomeNote    string     `json:"outcome_note,omitempty"`
	AssigneeID     *purna.ID  `json:"assignee_id"`
	DueAt          time.Time  `json:"due_at"`
	FirstContactAt *time.Time `json:"first_contact_at"`
	ResolvedAt     *time.Time `json:"resolved_at"`
	Seq            int        `json:"-"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// IsOpen reports whether the follow-up still needs an agent.
func (f *FollowUp) IsOpen() bool { return f.Status == Open || f.Status == Contacted }

// Overdue reports whether nobody got back to the customer by the due time.
func (f *FollowUp) Overdue(now time.Time) bool {
	return f.Status == Open && now.After(f.DueAt)
}

// Context is what an agent needs at hand: who, what they bought, what
// happened to it, and what the shop may offer.
type Context struct {
	CustomerName string `json:"customer_name"`
	Email        string `json:"email,omitempty"`
	// Phone is E.164; WhatsAppURL a click-to-chat link to it.
	Phone       string      `json:"phone,omitempty"`
	WhatsAppURL string      `json:"whatsapp_url,omitempty"`
	Order       *OrderFacts `json:"order,omitempty"`
	// Suggestions are the remedies eligibility allows, best first.
	Suggestions []Suggestion `json:"suggestions"`
}

// OrderFacts is the order of a follow-up.
type OrderFacts struct {
	ID          purna.ID    `json:"id"`
	Number      string      `json:"number"`
	Source      string      `json:"source"`
	PlacedAt    time.Time   `json:"placed_at"`
	DeliveredAt *time.Time  `json:"delivered_at,omitempty"`
	Total       purna.Money `json:"total"`
	Lines       []LineFacts `json:"lines"`
	// Tracking is the delivery's timeline, oldest first.
	Tracking []TrackingFacts `json:"tracking"`
}

// LineFacts is one line of the order with its after-sales standing.
type LineFacts struct {
	OrderLineID purna.ID  `json:"order_line_id"`
	ProductID   *purna.ID `json:"product_id,omitempty"`
	Name        string    `json:"name"`
	SKU         string    `json:"sku,omitempty"`
	Quantity    int64     `json:"quantity"`
	Serials     []string  `json:"serials,omitempty"`
	// WarrantyUntil and ReturnableUntil are set while the line is in
	// warranty or may be returned.
	WarrantyUntil   *time.Time `json:"warranty_until,omitempty"`
	ReturnableUntil *time.Time `json:"returnable_until,omitempty"`
}

// TrackingFacts is one scan of the parcel.
type TrackingFacts struct {
	At          time.Time `json:"at"`
	Status      string    `json:"status"`
	Description string    `json:"description,omitempty"`
}

// Suggestion is a remedy the shop can offer, and for which line.
type Suggestion struct {
	Remedy      Remedy    `json:"remedy"`
	OrderLineID *purna.ID `json:"order_line_id,omitempty"`
	// Kind is the service case to open for it (warranty_claim,
	// replacement, return); empty for a coupon or an apology.
	Kind string `json:"case_kind,omitempty"`
	// Until is the last moment the remedy is possible, when it ends.
	Until *time.Time `json:"until,omitempty"`
}

// Action is what an agent does to a follow-up.
type Action string

// The actions.
const (
	Contact Action = "contact" // the agent reached the customer
	Resolve Action = "resolve" // with the remedy given
	Close   Action = "close"
	Reopen  Action = "reopen" // resolved too early: back to contacted
)

// moves are the allowed transitions.
var moves = map[Action]map[Status]Status{
	Contact: {Open: Contacted, Contacted: Contacted},
	Resolve: {Open: Resolved, Contacted: Resolved},
	Close:   {Resolved: Closed, Open: Closed, Contacted: Closed},
	Reopen:  {Resolved: Contacted},
}

// Allowed returns the actions possible from f's status, in order.
func (f *FollowUp) Allowed() []Action {
	var out []Action
	for _, a := range []Action{Contact, Resolve, Close, Reopen} {
		if _, ok := moves[a][f.Status]; ok {
			out = append(out, a)
		}
	}
	return out
}

// Event is one step of a follow-up: who did what.
type Event struct {
	ID         purna.ID    `json:"id"`
	ShopID     purna.ID    `json:"-"`
	FollowUpID purna.ID    `json:"followup_id"`
	Seq        int         `json:"seq"`
	Action     string      `json:"action"`
	From       Status      `json:"from"`
	To         Status      `json:"to"`
	Actor      cases.Actor `json:"actor"`
	Note       string      `json:"note,omitempty"`
	CreatedAt  time.Time   `json:"created_at"`
}

// TaskStatus is whether a task is still to do.
type TaskStatus string

// The task statuses.
const (
	TaskOpen TaskStatus = "open"
	TaskDone TaskStatus = "done"
)

// CallOutcome is how a call went.
type CallOutcome string

// The call outcomes. Reached counts as the follow-up's first contact.
const (
	Reached     CallOutcome = "reached"
	NoAnswer    CallOutcome = "no_answer"
	LeftMessage CallOutcome = "left_message"
	WrongNumber CallOutcome = "wrong_number"
)

// CallOutcomes lists every CallOutcome.
var CallOutcomes = []CallOutcome{Reached, NoAnswer, LeftMessage, WrongNumber}

// Task is a call an agent is to make.
type Task struct {
	ID         purna.ID    `json:"id"`
	ShopID     purna.ID    `json:"-"`
	Kind       string      `json:"kind"` // call
	FollowUpID *purna.ID   `json:"followup_id"`
	CustomerID purna.ID    `json:"customer_id"`
	Title      string      `json:"title"`
	Phone      string      `json:"phone"`
	Status     TaskStatus  `json:"status"`
	Outcome    CallOutcome `json:"outcome,omitempty"`
	Note       string      `json:"note,omitempty"`
	AssigneeID *purna.ID   `json:"assignee_id"`
	DueAt      time.Time   `json:"due_at"`
	DoneAt     *time.Time  `json:"done_at"`
	DoneBy     string      `json:"done_by,omitempty"`
	CreatedAt  time.Time   `json:"created_at"`
}

// Detail is a follow-up with its history and tasks, for its page.
type Detail struct {
	FollowUp
	History []*Event `json:"history"`
	Tasks   []*Task  `json:"tasks"`
}

// Filter selects follow-ups, newest first.
type Filter struct {
	ShopID     purna.ID
	Status     *Status
	CustomerID *purna.ID
	// OpenOnly keeps open and contacted ones.
	OpenOnly bool
	Cursor   string
	Limit    int
}

// TaskFilter selects tasks, soonest due first.
type TaskFilter struct {
	ShopID     purna.ID
	Status     *TaskStatus
	FollowUpID *purna.ID
	Limit      int
}

// Timeline events of follow-ups. Their data: followup_id, number,
// status, action, remedy.
const (
	Opened        timeline.Type = "followup.opened"
	ContactedType timeline.Type = "followup.contacted"
	ResolvedType  timeline.Type = "followup.resolved"
	ClosedType    timeline.Type = "followup.closed"
	ReopenedType  timeline.Type = "followup.reopened"
)

var actionEvents = map[Action]timeline.Type{Contact: ContactedType, Resolve: ResolvedType, Close: ClosedType,
	Reopen: ReopenedType}

// ActRequest is an action with its input, as the API takes it.
type ActRequest struct {
	Action Action `json:"action"`
	ActInput
}
