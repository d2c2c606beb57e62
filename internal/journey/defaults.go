package journey

import (
	"context"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// Timeline events journeys react to beyond the order's own.
const (
	// CaseOpened is a support or service case; it stops the how-to series.
	CaseOpened timeline.Type = "case.opened"
)

// Defaults are the journeys every shop starts with, on and editable. Their
// templates are the message package's defaults of the same names.
func Defaults() []Journey {
	send := func(tpl string) Step { return Step{Send: &Send{Template: tpl, Channel: "email"}} }
	wait := func(d time.Duration) Step { return Step{Wait: &Wait{Duration: Duration(d)}} }
	return append([]Journey{
		{Key: "order_confirmation", Name: "Order confirmation and thanks", Kind: Transactional,
			Trigger: timeline.OrderPlaced, Reentry: PerOrder, Steps: []Step{send("order_confirmation")}},
		{Key: "order_shipped", Name: "Shipped, with the tracking link", Kind: Transactional,
			Trigger: timeline.ShipmentShipped, Reentry: EveryTime, Steps: []Step{send("order_shipped")}},
		{Key: "out_for_delivery", Name: "Out for delivery", Kind: Transactional,
			Trigger: timeline.ShipmentOutForDelivery, Reentry: EveryTime, Steps: []Step{send("out_for_delivery")}},
		{Key: "order_delivered", Name: "Delivered", Kind: Transactional,
			Trigger: timeline.OrderDelivered, Reentry: PerOrder, Steps: []Step{send("order_delivered")}},
		{Key: "delivery_late", Name: "Sorry, your parcel is late", Kind: Transactional,
			Trigger: timeline.ShipmentLate, Reentry: EveryTime, Steps: []Step{send("delivery_late")}},
		// A how-to for the product bought is a service message, not
		// marketing: it needs no consent, but as a follow-up it waits for
		// morning like marketing does.
		{Key: "howto_onboarding", Name: "How to use it, three days after delivery", Kind: Transactional,
			Trigger: timeline.OrderDelivered, Reentry: PerOrder, ExitOn: []timeline.Type{CaseOpened},
			Steps: []Step{wait(72 * time.Hour), send("howto_onboarding")}},
		// Every step of a service case the customer should hear about, in
		// one journey: opening (requested, submitted, booked) comes as
		// case.opened for every kind.
		{Key: "case_update", Name: "Case status updates", Kind: Transactional,
			Trigger: timeline.CaseOpened, Triggers: CaseUpdateTriggers, Reentry: EveryTime, Steps: []Step{send("case_update")}},
		// A new case in the meantime means the customer already told us.
		{Key: "service_followup", Name: "How is it working? Three days after a repair or a service", Kind: Transactional,
			Trigger: timeline.RepairReturned, Triggers: []timeline.Type{timeline.MaintenanceDone}, Reentry: EveryTime,
			ExitOn: []timeline.Type{CaseOpened}, Steps: []Step{wait(72 * time.Hour), send("service_followup")}},
		// The reminders start on events the reminder job notices (one per
		// order line and date, so every one of them is a new run).
		{Key: "warranty_ending", Name: "Warranty ends in 30 days", Kind: Transactional,
			Trigger: timeline.WarrantyExpiring, Reentry: EveryTime, Steps: []Step{send("warranty_ending")}},
		{Key: "maintenance_due", Name: "Time for a service", Kind: Marketing,
			Trigger: timeline.MaintenanceDue, Reentry: EveryTime, ExitOn: []timeline.Type{CaseOpened},
			Steps: []Step{send("maintenance_due")}},
		{Key: "winback", Name: "We miss you: win-back after 120 days without an order", Kind: Marketing,
			Trigger: timeline.CustomerLapsed, Reentry: EveryTime, ExitOn: []timeline.Type{timeline.OrderPlaced},
			Steps: []Step{send("winback")}},
	}, append(surveyDefaults(), reviewDefaults()...)...)
}

// CaseUpdateTriggers are the case events, besides case.opened, that the
// case_update journey tells the customer about: the shop's decisions, the
// item's arrival and departure, the resolution, a quote to answer, a
// moved visit, a cancellation. The customer's own steps (sending the item
// back, answering a quote) and the shop's internal ones (diagnosis,
// closing) send nothing; a finished visit gets the follow-up instead.
var CaseUpdateTriggers = []timeline.Type{
	timeline.ReturnApproved, timeline.ReturnRejected, timeline.ReturnReceived, timeline.ReturnResolved, timeline.ReturnCancelled,
	timeline.ExchangeApproved, timeline.ExchangeRejected, timeline.ExchangeReceived, timeline.ExchangeShipped,
	timeline.ExchangeResolved, timeline.ExchangeCancelled,
	timeline.ReplacementApproved, timeline.ReplacementRejected, timeline.ReplacementReceived, timeline.ReplacementShipped,
	timeline.ReplacementResolved, timeline.ReplacementCancelled,
	timeline.ClaimApproved, timeline.ClaimRejected, timeline.ClaimReceived, timeline.ClaimShipped, timeline.ClaimResolved,
	timeline.ClaimCancelled,
	timeline.RepairReceived, timeline.RepairQuoted, timeline.RepairRepaired, timeline.RepairReturned, timeline.RepairCancelled,
	timeline.MaintenanceRescheduled, timeline.MaintenanceCancelled,
}

// noticed are triggers that a periodic job notices rather than something
// the customer just did: their messages wait for morning like follow-ups.
var noticed = map[timeline.Type]bool{
	timeline.ShipmentLate:     false, // an apology is due as soon as it is known
	timeline.WarrantyExpiring: true,
	timeline.MaintenanceDue:   true,
	timeline.CustomerLapsed:   true,
}

// InstallDefaults adds the default journeys a shop does not have yet; a
// journey the merchant edited or paused stays as it is.
func InstallDefaults(ctx context.Context, store Store, shopID purna.ID, now time.Time) error {
	have, err := store.FindJourneys(ctx, shopID)
	if err != nil {
		return err
	}
	keys := map[string]bool{}
	for _, j := range have {
		keys[j.Key] = true
	}
	for _, j := range Defaults() {
		if keys[j.Key] {
			continue
		}
		j.ID, j.ShopID, j.Status, j.CreatedAt, j.UpdatedAt = purna.NewID(now), shopID, Active, now, now
		if err := j.Validate(); err != nil {
			return err
		}
		if err := store.SaveJourney(ctx, &j); err != nil {
			return err
		}
	}
	return nil
}
