package review

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/timeline"
)

// Due is noticed when an order is delivered: the reviews of some of its
// products are due at a moment (ReviewAt). An order whose products wait
// differently (a charger a few days, a mattress a month) has one event
// per moment, each naming its products; the review_request journey waits
// until ReviewAt and asks about those.
const Due timeline.Type = "review.due"

// DefaultDelay is how long after delivery a review is asked for when the
// product does not say (product.ReviewDelayDays 0).
const DefaultDelay = 7 * 24 * time.Hour

// maxEventAge keeps old deliveries (an import of last year's orders) from
// asking for reviews, as journeys ignore old events.
const maxEventAge = 72 * time.Hour

// DueData is a review.due event's data.
type DueData struct {
	ReviewAt   time.Time  `json:"review_at"`
	ProductIDs []purna.ID `json:"product_ids"`
}

// Catalogue is what scheduling needs of orders and products.
type Catalogue struct {
	Orders interface {
		FindByID(ctx context.Context, shopID, id purna.ID) (*order.Order, error)
	}
	Products interface {
		FindByID(ctx context.Context, shopID, id purna.ID) (*product.Product, error)
	}
}

// ScheduleRequests is the timeline reactor that, when an order is
// delivered, puts a review.due event per moment its products' reviews are
// due on the customer's timeline. It is idempotent (dedupe keys per order
// and delay), and ignores deliveries older than three days.
func (s *Service) ScheduleRequests(ctx context.Context, c Catalogue, ev timeline.Event) error {
	now := s.clock.Now()
	if ev.Type != timeline.OrderDelivered || ev.CustomerID == nil || ev.OrderID == nil || now.Sub(ev.OccurredAt) > maxEventAge {
		return nil
	}
	o, err := c.Orders.FindByID(ctx, ev.ShopID, *ev.OrderID)
	if err != nil {
		if purna.ErrorCode(err) == purna.ENOTFOUND {
			return nil
		}
		return err
	}
	byDelay := map[time.Duration][]purna.ID{}
	for _, l := range o.Lines {
		if l.ProductID == nil {
			continue
		}
		p, err := c.Products.FindByID(ctx, ev.ShopID, *l.ProductID)
		if purna.ErrorCode(err) == purna.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		d := DefaultDelay
		if p.ReviewDelayDays > 0 {
			d = time.Duration(p.ReviewDelayDays) * 24 * time.Hour
		}
		if !slices.Contains(byDelay[d], p.ID) {
			byDelay[d] = append(byDelay[d], p.ID)
		}
	}
	if len(byDelay) == 0 {
		return nil
	}
	delays := make([]time.Duration, 0, len(byDelay))
	for d := range byDelay {
		delays = append(delays, d)
	}
	slices.Sort(delays)
	events := make([]timeline.Event, 0, len(delays))
	for _, d := range delays {
		data, _ := json.Marshal(DueData{ReviewAt: ev.OccurredAt.Add(d).UTC().Truncate(time.Second), ProductIDs: byDelay[d]})
		events = append(events, timeline.Event{ShopID: ev.ShopID, CustomerID: ev.CustomerID, OrderID: ev.OrderID, Type: Due,
			OccurredAt: now, Data: data, DedupeKey: string(Due) + ":" + *ev.OrderID + ":" + strconv.Itoa(int(d.Hours()/24))})
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		_, err := tx.AppendEvents(ctx, events)
		return err
	})
}
