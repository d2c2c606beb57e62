package web

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/timeline"
)

// eventRow is one entry of a vertical timeline, translated.
type eventRow struct {
	Icon, Tone     string
	Label          string
	OrderNumber    string
	OrderURL       string
	Tracking       string
	Time, Ago, ISO string
}

// fact is what a timeline entry says, whether it comes from a stored
// timeline.Event or is read off an order.
type fact struct {
	Type     timeline.Type
	At       time.Time
	OrderID  *purna.ID
	Number   string
	Carrier  string
	Tracking string
	Channel  string
	Granted  bool
	Template string // of a message event
	// Of a case, survey, review or follow-up event: the case or follow-up
	// number (in Number), the case's kind and the action, the survey's
	// kind and score, the review's stars.
	Kind   string
	Action string
	Score  int
	Rating int
}

// factOf reads the fields the UI shows out of an event's data.
func factOf(e timeline.Event) fact {
	var d struct {
		Number         string `json:"number"`
		Carrier        string `json:"carrier"`
		TrackingNumber string `json:"tracking_number"`
		Channel        string `json:"channel"`
		Granted        bool   `json:"granted"`
		Template       string `json:"template"`
		Kind           string `json:"kind"`
		Action         string `json:"action"`
		Score          int    `json:"score"`
		Rating         int    `json:"rating"`
	}
	_ = json.Unmarshal(e.Data, &d) // unknown or missing data shows the bare label
	return fact{Type: e.Type, At: e.OccurredAt, OrderID: e.OrderID, Number: d.Number, Carrier: d.Carrier,
		Tracking: d.TrackingNumber, Channel: d.Channel, Granted: d.Granted, Template: d.Template,
		Kind: d.Kind, Action: d.Action, Score: d.Score, Rating: d.Rating}
}

// family is the part of an event type before the dot: "return" of
// "return.approved".
func family(t timeline.Type) string {
	f, _, _ := strings.Cut(string(t), ".")
	return f
}

// caseFamilies are the event families of service cases, whose data names
// the case by number and the step by action.
var caseFamilies = map[string]bool{"case": true, "return": true, "exchange": true, "replacement": true, "claim": true,
	"repair": true, "maintenance": true}

// feedbackStyle gives the feedback families their icon and colour.
var feedbackStyle = map[string][2]string{"survey": {"chart", "blue"}, "review": {"star", "amber"}, "followup": {"phone", "red"}}

// eventStyle gives each event type its icon and colour.
var eventStyle = map[timeline.Type][2]string{
	timeline.CustomerCreated:        {"user", "gray"},
	timeline.ConsentChanged:         {"bell", "gray"},
	timeline.OrderPlaced:            {"cart", "accent"},
	timeline.OrderPaid:              {"card", "blue"},
	timeline.OrderFulfilled:         {"box", "violet"},
	timeline.ShipmentShipped:        {"truck", "violet"},
	timeline.ShipmentInTransit:      {"truck", "violet"},
	timeline.ShipmentOutForDelivery: {"pin", "violet"},
	timeline.ShipmentDelivered:      {"check", "green"},
	timeline.OrderDelivered:         {"check", "green"},
	timeline.ShipmentFailed:         {"alert", "red"},
	timeline.OrderCancelled:         {"x", "red"},
	timeline.OrderRefunded:          {"undo", "amber"},
	timeline.ShipmentReturned:       {"undo", "amber"},
	journey.MessageSent:             {"send", "blue"},
	journey.MessageFailed:           {"alert", "red"},
	journey.MessageSkipped:          {"ban", "gray"},
	journey.MessageUnknown:          {"alert", "amber"},
}

// eventRowOf translates f for l.
func eventRowOf(l lang, f fact) eventRow {
	style, ok := eventStyle[f.Type]
	fam := family(f.Type)
	if !ok && caseFamilies[fam] {
		style = [2]string{"clipboard", "violet"}
	} else if st, isFeedback := feedbackStyle[fam]; !ok && isFeedback {
		style = st
	} else if !ok {
		style = [2]string{"dot", "gray"}
	}
	row := eventRow{Icon: style[0], Tone: style[1], Time: l.DateTime(f.At), Ago: l.Ago(f.At),
		ISO: f.At.UTC().Format(time.RFC3339), Tracking: f.Tracking}
	switch f.Type {
	case timeline.ConsentChanged:
		ch := l.T("channel." + f.Channel)
		if f.Granted {
			row.Label = l.T("event.consent.granted", "channel", ch)
		} else {
			row.Label = l.T("event.consent.withdrawn", "channel", ch)
		}
	case timeline.ShipmentShipped:
		if f.Carrier != "" {
			row.Label = l.T("event.shipment.shipped", "carrier", f.Carrier)
		} else {
			row.Label = l.T("event.shipment.shipped_plain")
		}
	case journey.MessageSent, journey.MessageFailed, journey.MessageSkipped, journey.MessageUnknown:
		row.Label = l.T("event."+string(f.Type), "template", templateName(l, f.Template))
	case "survey.answered", "survey.commented":
		row.Label = l.T("event."+string(f.Type), "kind", strings.ToUpper(f.Kind), "score", f.Score)
	case "review.submitted", "review.published", "review.rejected", "review.replied":
		row.Label = l.T("event."+string(f.Type), "stars", f.Rating)
	case "followup.opened", "followup.contacted", "followup.resolved", "followup.closed", "followup.reopened":
		row.Label = l.T("event."+string(f.Type), "number", f.Number)
		return row // its number is the follow-up's, not the order's
	}
	if !ok && caseFamilies[fam] && f.Number != "" {
		// A step of a service case: "Return R-1001 approved".
		step := f.Action
		if step == "" {
			step = string(f.Type)[len(fam)+1:]
		}
		kind := f.Kind
		if kind == "" {
			kind = fam
		}
		row.Label = l.T("event.case", "kind", l.T("event.case_kind."+kind), "number", f.Number,
			"step", l.T("event.case_step."+step))
		return row // its number is the case's, not the order's
	}
	switch {
	case row.Label != "":
	case ok:
		row.Label = l.T("event." + string(f.Type))
	default:
		row.Label = l.T("event.other", "type", string(f.Type))
	}
	if f.OrderID != nil && f.Number != "" { // message events name no number: no empty link
		row.OrderNumber = f.Number
		row.OrderURL = "/orders/" + *f.OrderID
	}
	return row
}
