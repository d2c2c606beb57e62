package cases

import (
	"fmt"
	"slices"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/timeline"
)

// Status is where a case stands. Which statuses a kind passes through, and
// by which actions, is the Transitions table.
type Status string

// The statuses, over all kinds.
const (
	Requested          Status = "requested" // returns, exchanges, replacements, repairs
	Submitted          Status = "submitted" // warranty claims
	Booked             Status = "booked"    // maintenance
	Approved           Status = "approved"
	Rejected           Status = "rejected"
	InTransit          Status = "in_transit" // the customer sent the item back
	Received           Status = "received"
	Shipped            Status = "shipped" // the shop sent the new item
	Resolved           Status = "resolved"
	Diagnosed          Status = "diagnosed"
	Quoted             Status = "quoted"
	QuoteAccepted      Status = "quote_accepted"
	QuoteDeclined      Status = "quote_declined"
	RepairedStatus     Status = "repaired"
	ReturnedToCustomer Status = "returned_to_customer"
	Done               Status = "done"
	Cancelled          Status = "cancelled"
	Closed             Status = "closed"
)

// Action is what someone does to a case.
type Action string

// The actions.
const (
	Approve          Action = "approve"
	Reject           Action = "reject"
	SendBack         Action = "send_back" // the customer ships the item back, with optional tracking
	Receive          Action = "receive"   // the item arrived: received quantity and condition per line
	Ship             Action = "ship"      // the new item is on its way
	Resolve          Action = "resolve"   // refunded, credited, exchanged, replaced or repaired
	Diagnose         Action = "diagnose"
	Quote            Action = "quote"
	AcceptQuote      Action = "accept_quote"
	DeclineQuote     Action = "decline_quote"
	RepairAction     Action = "repair"
	ReturnToCustomer Action = "return_to_customer"
	Complete         Action = "complete" // the maintenance visit was done
	Reschedule       Action = "reschedule"
	Cancel           Action = "cancel" // withdrawn by the customer, or by an agent for them
	Close            Action = "close"
)

// Actions lists every Action.
var Actions = []Action{Approve, Reject, SendBack, Receive, Ship, Resolve, Diagnose, Quote, AcceptQuote, DeclineQuote,
	RepairAction, ReturnToCustomer, Complete, Reschedule, Cancel, Close}

// Guard is a condition a transition needs beyond its status.
type Guard string

// The guards.
const (
	InWarranty    Guard = "in_warranty"     // the repair is free: no quote
	OutOfWarranty Guard = "out_of_warranty" // the repair is paid: quote first
)

// Transition is one allowed move: a case of Kind in status From goes to To
// when one of By does Action. Event is appended to the customer's timeline.
type Transition struct {
	Kind   Kind
	From   Status
	Action Action
	To     Status
	By     []Role
	Guard  Guard
	Event  timeline.Type
}

// Who may make a move.
var (
	byAgent      = []Role{RoleAgent}
	byEither     = []Role{RoleCustomer, RoleAgent}
	byShopOrAuto = []Role{RoleAgent, RoleSystem}
)

// Initial is the status each kind opens in, and OpenedEvent its kind's event
// (beside timeline.CaseOpened).
var (
	Initial = map[Kind]Status{Return: Requested, Exchange: Requested, Replacement: Requested,
		WarrantyClaim: Submitted, Repair: Requested, Maintenance: Booked}
	OpenedEvent = map[Kind]timeline.Type{Return: timeline.ReturnRequested, Exchange: timeline.ExchangeRequested,
		Replacement: timeline.ReplacementRequested, WarrantyClaim: timeline.ClaimSubmitted,
		Repair: timeline.RepairRequested, Maintenance: timeline.MaintenanceBooked}
)

// Transitions is the state machine of every kind, as data: the agent's
// screens offer what it allows from a case's status, the portal what it
// allows a customer, and Service.Act refuses everything else.
//
// Returns: requested → approved | rejected | cancelled; approved →
// in_transit (the customer sent it back) → received, or approved → received
// directly; received → resolved (refund, store credit, exchange or
// replacement, with the amount) → closed.
//
// Exchanges and free replacements run the same way, with shipped (the new
// item is on its way) between received and resolved; a replacement may be
// shipped as soon as it is approved, before the faulty item comes back.
//
// Warranty claims: submitted → approved | rejected; an approved claim is
// resolved (repaired, replaced, refunded) directly or after the item is
// received and the new one shipped; then closed.
//
// Repairs: requested → received → diagnosed → quoted → quote_accepted |
// quote_declined; accepted → repaired → returned_to_customer → closed; a
// declined quote goes back unrepaired. A repair in warranty is free and
// skips the quote: diagnosed → repaired.
//
// Maintenance: booked (rescheduled as often as needed) → done → closed, or
// cancelled.
var Transitions = buildTransitions()

func buildTransitions() []Transition {
	var ts []Transition
	add := func(k Kind, from Status, act Action, to Status, by []Role, ev timeline.Type) {
		ts = append(ts, Transition{Kind: k, From: from, Action: act, To: to, By: by, Event: ev})
	}
	type evs struct{ approved, rejected, sentBack, received, shipped, resolved, cancelled timeline.Type }
	returnLike := map[Kind]evs{
		Return: {timeline.ReturnApproved, timeline.ReturnRejected, timeline.ReturnSentBack, timeline.ReturnReceived,
			"", timeline.ReturnResolved, timeline.ReturnCancelled},
		Exchange: {timeline.ExchangeApproved, timeline.ExchangeRejected, timeline.ExchangeSentBack, timeline.ExchangeReceived,
			timeline.ExchangeShipped, timeline.ExchangeResolved, timeline.ExchangeCancelled},
		Replacement: {timeline.ReplacementApproved, timeline.ReplacementRejected, timeline.ReplacementSentBack,
			timeline.ReplacementReceived, timeline.ReplacementShipped, timeline.ReplacementResolved, timeline.ReplacementCancelled},
		WarrantyClaim: {timeline.ClaimApproved, timeline.ClaimRejected, timeline.ClaimSentBack, timeline.ClaimReceived,
			timeline.ClaimShipped, timeline.ClaimResolved, timeline.ClaimCancelled},
	}
	for _, k := range []Kind{Return, Exchange, Replacement, WarrantyClaim} {
		e, first := returnLike[k], Initial[k]
		add(k, first, Approve, Approved, byAgent, e.approved)
		add(k, first, Reject, Rejected, byAgent, e.rejected)
		add(k, first, Cancel, Cancelled, byEither, e.cancelled)
		add(k, Approved, SendBack, InTransit, byEither, e.sentBack)
		add(k, Approved, Receive, Received, byAgent, e.received)
		add(k, Approved, Cancel, Cancelled, byEither, e.cancelled)
		add(k, InTransit, Receive, Received, byAgent, e.received)
		add(k, Received, Resolve, Resolved, byAgent, e.resolved)
		if k != Return {
			add(k, Received, Ship, Shipped, byAgent, e.shipped)
			add(k, Shipped, Resolve, Resolved, byAgent, e.resolved)
		}
		if k == Replacement || k == WarrantyClaim {
			add(k, Approved, Ship, Shipped, byAgent, e.shipped)
		}
		if k == WarrantyClaim {
			add(k, Approved, Resolve, Resolved, byAgent, e.resolved)
		}
		add(k, Resolved, Close, Closed, byShopOrAuto, timeline.CaseClosed)
		add(k, Rejected, Close, Closed, byShopOrAuto, timeline.CaseClosed)
	}

	add(Repair, Requested, Receive, Received, byAgent, timeline.RepairReceived)
	add(Repair, Requested, Cancel, Cancelled, byEither, timeline.RepairCancelled)
	add(Repair, Received, Diagnose, Diagnosed, byAgent, timeline.RepairDiagnosed)
	ts = append(ts,
		Transition{Kind: Repair, From: Diagnosed, Action: Quote, To: Quoted, By: byAgent, Guard: OutOfWarranty, Event: timeline.RepairQuoted},
		Transition{Kind: Repair, From: Diagnosed, Action: RepairAction, To: RepairedStatus, By: byAgent, Guard: InWarranty, Event: timeline.RepairRepaired})
	add(Repair, Quoted, AcceptQuote, QuoteAccepted, byEither, timeline.RepairQuoteAccepted)
	add(Repair, Quoted, DeclineQuote, QuoteDeclined, byEither, timeline.RepairQuoteDeclined)
	add(Repair, QuoteAccepted, RepairAction, RepairedStatus, byAgent, timeline.RepairRepaired)
	add(Repair, RepairedStatus, ReturnToCustomer, ReturnedToCustomer, byAgent, timeline.RepairReturned)
	add(Repair, QuoteDeclined, ReturnToCustomer, ReturnedToCustomer, byAgent, timeline.RepairReturned)
	add(Repair, ReturnedToCustomer, Close, Closed, byShopOrAuto, timeline.CaseClosed)

	add(Maintenance, Booked, Reschedule, Booked, byEither, timeline.MaintenanceRescheduled)
	add(Maintenance, Booked, Complete, Done, byAgent, timeline.MaintenanceDone)
	add(Maintenance, Booked, Cancel, Cancelled, byEither, timeline.MaintenanceCancelled)
	add(Maintenance, Done, Close, Closed, byShopOrAuto, timeline.CaseClosed)
	return ts
}

// statusInfo says, per status, whether a case in it has ended (no longer
// blocks a new case of its kind on its items) and what eligibility makes
// of it.
var statusInfo = map[Status]struct {
	ended bool
	elig  eligibility.Status
}{
	Requested: {false, eligibility.Open}, Submitted: {false, eligibility.Open}, Booked: {false, eligibility.Open},
	Approved: {false, eligibility.Approved}, InTransit: {false, eligibility.Approved},
	Received: {false, eligibility.Approved}, Shipped: {false, eligibility.Approved},
	Diagnosed: {false, eligibility.Approved}, Quoted: {false, eligibility.Approved},
	QuoteAccepted: {false, eligibility.Approved}, QuoteDeclined: {false, eligibility.Approved},
	RepairedStatus: {false, eligibility.Approved},
	Rejected:       {true, eligibility.Rejected},
	Resolved:       {true, eligibility.Resolved}, ReturnedToCustomer: {true, eligibility.Resolved}, Done: {true, eligibility.Resolved},
	Cancelled: {true, eligibility.Closed}, Closed: {true, eligibility.Closed},
}

// Statuses lists every Status, for filters.
var Statuses = []Status{Requested, Submitted, Booked, Approved, Rejected, InTransit, Received, Shipped, Resolved,
	Diagnosed, Quoted, QuoteAccepted, QuoteDeclined, RepairedStatus, ReturnedToCustomer, Done, Cancelled, Closed}

// Allowed returns the transitions a case of kind in status offers to role,
// in the table's order.
func Allowed(kind Kind, status Status, role Role) []Transition {
	var out []Transition
	for _, t := range Transitions {
		if t.Kind == kind && t.From == status && slices.Contains(t.By, role) {
			out = append(out, t)
		}
	}
	return out
}

// Next returns the transition act takes a case of kind in status to, done
// by role. A move the table does not have is ECONFLICT, with a message
// that names the case's status and the action and says what to do first;
// a move the role may not make is EFORBIDDEN; an unknown action EINVALID.
// Guards are checked by the caller.
func Next(kind Kind, status Status, act Action, role Role) (Transition, error) {
	if !slices.Contains(Actions, act) {
		return Transition{}, &purna.Error{Code: purna.EINVALID, Message: "Unknown action.",
			Fields: map[string]string{"action": "must be one of " + joinActions(Actions)}}
	}
	var allowed []Role
	for _, t := range Transitions {
		if t.Kind == kind && t.From == status && t.Action == act {
			if slices.Contains(t.By, role) {
				return t, nil
			}
			allowed = t.By
		}
	}
	if allowed != nil {
		only := "Only an agent"
		switch {
		case role == RoleCustomer:
			only = "Only the shop"
		case slices.Contains(allowed, RoleCustomer):
			only = "Only the customer or an agent"
		}
		return Transition{}, purna.Errorf(purna.EFORBIDDEN, "%s can %s %s.", only, act.plain(), kindNoun(kind, false))
	}
	msg := fmt.Sprintf("%s that is %s cannot be %s", kindNoun(kind, true), statusWords[status], participles[act])
	// Say what would make the action possible: one step that leads to a
	// status the action is allowed from.
	for _, t := range Transitions {
		if t.Kind != kind || t.From != status || t.Action == Cancel || t.Action == Reject {
			continue
		}
		for _, u := range Transitions {
			if u.Kind == kind && u.From == t.To && u.Action == act {
				return Transition{}, purna.Errorf(purna.ECONFLICT, "%s; %s first.", msg, t.Action.verb())
			}
		}
	}
	var can []Action
	for _, t := range Transitions {
		if t.Kind == kind && t.From == status && !slices.Contains(can, t.Action) {
			can = append(can, t.Action)
		}
	}
	if len(can) == 0 {
		return Transition{}, purna.Errorf(purna.ECONFLICT, "%s; it is %s.", msg, statusWords[status])
	}
	return Transition{}, purna.Errorf(purna.ECONFLICT, "%s; it can be %s.", msg, joinParticiples(can))
}

// plain is the action as a verb with an object to follow: "approve",
// "accept the quote of".
func (a Action) plain() string {
	switch a {
	case Ship:
		return "ship the new item of"
	case AcceptQuote:
		return "accept the quote of"
	case DeclineQuote:
		return "decline the quote of"
	}
	return strings.ReplaceAll(string(a), "_", " ")
}

// kindName is the kind as a capitalised noun: "Warranty claim".
func kindName(k Kind) string {
	n := kindNoun(k, false)
	n = n[strings.IndexByte(n, ' ')+1:]
	return strings.ToUpper(n[:1]) + n[1:]
}

func kindNoun(k Kind, capital bool) string {
	n := map[Kind]string{Return: "a return", Exchange: "an exchange", Replacement: "a replacement",
		WarrantyClaim: "a warranty claim", Repair: "a repair", Maintenance: "a maintenance visit"}[k]
	if n == "" {
		n = "a case"
	}
	if capital {
		n = strings.ToUpper(n[:1]) + n[1:]
	}
	return n
}

var statusWords = map[Status]string{
	Requested: "requested", Submitted: "submitted", Booked: "booked", Approved: "approved", Rejected: "rejected",
	InTransit: "in transit", Received: "received", Shipped: "shipped", Resolved: "resolved", Diagnosed: "diagnosed",
	Quoted: "quoted", QuoteAccepted: "accepted by the customer", QuoteDeclined: "declined by the customer",
	RepairedStatus: "repaired", ReturnedToCustomer: "returned to the customer", Done: "done",
	Cancelled: "cancelled", Closed: "closed",
}

var participles = map[Action]string{
	Approve: "approved", Reject: "rejected", SendBack: "sent back", Receive: "received", Ship: "shipped",
	Resolve: "resolved", Diagnose: "diagnosed", Quote: "quoted", AcceptQuote: "accepted", DeclineQuote: "declined",
	RepairAction: "repaired", ReturnToCustomer: "returned to the customer", Complete: "completed",
	Reschedule: "rescheduled", Cancel: "cancelled", Close: "closed",
}

// verb is the action as an instruction: "approve it", "accept the quote".
func (a Action) verb() string {
	switch a {
	case SendBack:
		return "send it back"
	case Ship:
		return "ship the new item"
	case AcceptQuote:
		return "accept the quote"
	case DeclineQuote:
		return "decline the quote"
	case ReturnToCustomer:
		return "return it to the customer"
	}
	return string(a) + " it"
}

func joinParticiples(as []Action) string {
	words := make([]string, len(as))
	for i, a := range as {
		words[i] = participles[a]
	}
	return joinOr(words)
}

func joinActions(as []Action) string {
	words := make([]string, len(as))
	for i, a := range as {
		words[i] = string(a)
	}
	return strings.Join(words, ", ")
}

func joinOr(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
