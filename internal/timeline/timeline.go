// Package timeline is the customer's story with the shop: an append-only log
// of what happened (order placed, paid, shipped, delivered, cancelled, …).
// Every module writes its facts here, and journeys, surveys and analytics
// react to them. An event lands once: its dedupe key makes a re-delivered
// webhook or a double click a no-op.
package timeline

import (
	"encoding/json"
	"time"

	"github.com/purnajual/purna"
)

// Type names what happened. Modules add their own types; the names are
// "<noun>.<past tense verb>" and never change once shipped.
type Type string

// The types the foundation emits.
const (
	CustomerCreated        Type = "customer.created"
	ConsentChanged         Type = "consent.changed"
	OrderPlaced            Type = "order.placed"
	OrderPaid              Type = "order.paid"
	OrderFulfilled         Type = "order.fulfilled"
	OrderDelivered         Type = "order.delivered"
	OrderCancelled         Type = "order.cancelled"
	OrderRefunded          Type = "order.refunded"
	ShipmentShipped        Type = "shipment.shipped"
	ShipmentInTransit      Type = "shipment.in_transit"
	ShipmentOutForDelivery Type = "shipment.out_for_delivery"
	ShipmentDelivered      Type = "shipment.delivered"
	ShipmentFailed         Type = "shipment.failed"
	ShipmentReturned       Type = "shipment.returned"
	// ShipmentLate is noticed, once per parcel, when a parcel passes its
	// promised date undelivered.
	ShipmentLate Type = "shipment.late"
	// WarrantyExpiring is noticed, once per warranty, when the warranty
	// of a delivered item is about to end (package reminder).
	WarrantyExpiring Type = "warranty.expiring"
	// MaintenanceDue is noticed, once per service date, when a delivered
	// item is due for its periodic service (package reminder).
	MaintenanceDue Type = "maintenance.due"
	// CustomerLapsed is noticed, once per last order, when a customer has
	// not ordered for a long time (package reminder).
	CustomerLapsed Type = "customer.lapsed"
)

// The types service cases emit (package cases). Every transition of a case
// appends its kind's event, named "<kind>.<verb>"; opening a case also
// appends CaseOpened and closing it CaseClosed, whatever its kind. Their
// data is the same for all: case_id, number, kind, status, action, actor,
// lines, resolution and amount.
const (
	CaseOpened Type = "case.opened"
	CaseClosed Type = "case.closed"

	ReturnRequested Type = "return.requested"
	ReturnApproved  Type = "return.approved"
	ReturnRejected  Type = "return.rejected"
	ReturnSentBack  Type = "return.sent_back" // the customer shipped the item back
	ReturnReceived  Type = "return.received"
	ReturnResolved  Type = "return.resolved"
	ReturnCancelled Type = "return.cancelled"

	ExchangeRequested Type = "exchange.requested"
	ExchangeApproved  Type = "exchange.approved"
	ExchangeRejected  Type = "exchange.rejected"
	ExchangeSentBack  Type = "exchange.sent_back"
	ExchangeReceived  Type = "exchange.received"
	ExchangeShipped   Type = "exchange.shipped" // the shop sent the new item
	ExchangeResolved  Type = "exchange.resolved"
	ExchangeCancelled Type = "exchange.cancelled"

	ReplacementRequested Type = "replacement.requested"
	ReplacementApproved  Type = "replacement.approved"
	ReplacementRejected  Type = "replacement.rejected"
	ReplacementSentBack  Type = "replacement.sent_back"
	ReplacementReceived  Type = "replacement.received"
	ReplacementShipped   Type = "replacement.shipped"
	ReplacementResolved  Type = "replacement.resolved"
	ReplacementCancelled Type = "replacement.cancelled"

	ClaimSubmitted Type = "claim.submitted"
	ClaimApproved  Type = "claim.approved"
	ClaimRejected  Type = "claim.rejected"
	ClaimSentBack  Type = "claim.sent_back"
	ClaimReceived  Type = "claim.received"
	ClaimShipped   Type = "claim.shipped"
	ClaimResolved  Type = "claim.resolved"
	ClaimCancelled Type = "claim.cancelled"

	RepairRequested     Type = "repair.requested"
	RepairReceived      Type = "repair.received"
	RepairDiagnosed     Type = "repair.diagnosed"
	RepairQuoted        Type = "repair.quoted"
	RepairQuoteAccepted Type = "repair.quote_accepted"
	RepairQuoteDeclined Type = "repair.quote_declined"
	RepairRepaired      Type = "repair.repaired"
	RepairReturned      Type = "repair.returned" // the item went back to the customer
	RepairCancelled     Type = "repair.cancelled"

	MaintenanceBooked      Type = "maintenance.booked"
	MaintenanceRescheduled Type = "maintenance.rescheduled"
	MaintenanceDone        Type = "maintenance.done"
	MaintenanceCancelled   Type = "maintenance.cancelled"

	// WarrantyRegistered is a unit registered by serial number or with a
	// proof of purchase.
	WarrantyRegistered Type = "warranty.registered"
)

// Event is one entry on a customer's timeline.
type Event struct {
	ID         purna.ID        `json:"id"`
	ShopID     purna.ID        `json:"-"`
	CustomerID *purna.ID       `json:"customer_id,omitempty"`
	OrderID    *purna.ID       `json:"order_id,omitempty"`
	Type       Type            `json:"type"`
	OccurredAt time.Time       `json:"occurred_at"`
	Data       json.RawMessage `json:"data"`
	// DedupeKey identifies the fact; a second event with the same key in a
	// shop is dropped.
	DedupeKey string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// Filter selects events, newest first.
type Filter struct {
	ShopID     purna.ID
	CustomerID *purna.ID
	OrderID    *purna.ID
	// Cursor is opaque, from the previous page.
	Cursor string
	Limit  int
}

// DispatchArgs is the job that lets other modules (journeys, surveys,
// loyalty) react to new events. It is enqueued in the transaction that
// appends them, one job for all the events one change produced.
type DispatchArgs struct {
	ShopID   purna.ID   `json:"shop_id"`
	EventIDs []purna.ID `json:"event_ids"`
}

// Kind names the job.
func (DispatchArgs) Kind() string { return "timeline.dispatch" }

// maxDispatch bounds the events one dispatch job carries.
const maxDispatch = 1000

// Merge takes other's events into a when both are dispatches for the same
// shop and the job stays small.
func (a *DispatchArgs) Merge(other purna.JobArgs) bool {
	var o DispatchArgs
	switch x := other.(type) {
	case DispatchArgs:
		o = x
	case *DispatchArgs:
		o = *x
	default:
		return false
	}
	if o.ShopID != a.ShopID || len(a.EventIDs)+len(o.EventIDs) > maxDispatch {
		return false
	}
	a.EventIDs = append(a.EventIDs, o.EventIDs...)
	return true
}
