package web

import (
	"encoding/json"
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
	}
	_ = json.Unmarshal(e.Data, &d) // unknown or missing data shows the bare label
	return fact{Type: e.Type, At: e.OccurredAt, OrderID: e.OrderID, Number: d.Number, Carrier: d.Carrier,
		Tracking: d.TrackingNumber, Channel: d.Channel, Granted: d.Granted, Template: d.Template}
}

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
	if !ok {
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
	default:
		if ok {
			row.Label = l.T("event." + string(f.Type))
		} else {
			row.Label = l.T("event.other", "type", string(f.Type))
		}
	}
	if f.OrderID != nil && f.Number != "" { // message events name no number: no empty link
		row.OrderNumber = f.Number
		row.OrderURL = "/orders/" + *f.OrderID
	}
	return row
}
