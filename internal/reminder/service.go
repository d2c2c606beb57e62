package reminder

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// Config sets when reminders are due. Zero fields take their defaults.
// A shop-level setting, when there is one, would override these per shop.
type Config struct {
	// WarrantyLead is how long before a warranty ends it is announced.
	// Default 30 days.
	WarrantyLead time.Duration
	// MaintenanceGrace is how long after a service date it may still be
	// announced; older dates are history. Default 14 days.
	MaintenanceGrace time.Duration
	// LapsedAfter is how long after their last order a customer lapses.
	// Default 120 days.
	LapsedAfter time.Duration
	// LapsedGrace is how long after lapsing a customer is still announced.
	// Customers who lapsed long before (everyone quiet for years when Purna
	// is installed on an old shop) are history: a win-back is for the
	// moment a customer goes quiet, not a blast to the whole list on the
	// first day. Default 14 days.
	LapsedGrace time.Duration
	// PageSize is how many candidates are read and appended at once.
	// Default 1000.
	PageSize int
}

// DefaultConfig is Config with every default.
var DefaultConfig = Config{
	WarrantyLead:     30 * 24 * time.Hour,
	MaintenanceGrace: 14 * 24 * time.Hour,
	LapsedAfter:      120 * 24 * time.Hour,
	LapsedGrace:      14 * 24 * time.Hour,
	PageSize:         1000,
}

func (c Config) withDefaults() Config {
	if c.WarrantyLead <= 0 {
		c.WarrantyLead = DefaultConfig.WarrantyLead
	}
	if c.MaintenanceGrace <= 0 {
		c.MaintenanceGrace = DefaultConfig.MaintenanceGrace
	}
	if c.LapsedAfter <= 0 {
		c.LapsedAfter = DefaultConfig.LapsedAfter
	}
	if c.LapsedGrace <= 0 {
		c.LapsedGrace = DefaultConfig.LapsedGrace
	}
	if c.PageSize <= 0 {
		c.PageSize = DefaultConfig.PageSize
	}
	return c
}

// Service scans a shop for what is due and puts it on the timeline.
type Service struct {
	store      Store
	clock      purna.Clock
	cfg        Config
	warranties []WarrantySource
}

// NewService returns a Service on store, with order lines as the only
// source of warranties.
func NewService(store Store, clock purna.Clock, cfg Config) *Service {
	return &Service{store: store, clock: clock, cfg: cfg.withDefaults(), warranties: []WarrantySource{store}}
}

// AddWarrantySource adds a source of warranties besides order lines. Call
// it before the first Run.
func (s *Service) AddWarrantySource(src WarrantySource) {
	s.warranties = append(s.warranties, src)
}

// Run emits the shop's due warranty.expiring, maintenance.due and
// customer.lapsed events, and returns how many of each were new. Running it
// again emits nothing more until something else falls due. ENOTFOUND if
// the shop does not exist.
func (s *Service) Run(ctx context.Context, shopID purna.ID) (Counts, error) {
	var c Counts
	sh, err := s.store.FindShopByID(ctx, shopID)
	if err != nil {
		return c, err
	}
	loc, now := sh.Location(), s.clock.Now().UTC()
	if c.WarrantyExpiring, err = s.expiring(ctx, shopID, loc, now); err != nil {
		return c, fmt.Errorf("reminder: warranties of shop %s: %w", shopID, err)
	}
	if c.MaintenanceDue, err = s.maintenance(ctx, shopID, loc, now); err != nil {
		return c, fmt.Errorf("reminder: maintenance of shop %s: %w", shopID, err)
	}
	if c.CustomerLapsed, err = s.lapsed(ctx, shopID, now); err != nil {
		return c, fmt.Errorf("reminder: lapsed customers of shop %s: %w", shopID, err)
	}
	return c, nil
}

// expiring announces the warranties that end within the lead.
func (s *Service) expiring(ctx context.Context, shopID purna.ID, loc *time.Location, now time.Time) (int, error) {
	f := WarrantyFilter{ShopID: shopID, EndFrom: now, EndTo: now.Add(s.cfg.WarrantyLead), Limit: s.cfg.PageSize}
	n := 0
	for _, src := range s.warranties {
		err := src.ScanWarranties(ctx, f, func(page []*Warranty) error {
			var events []timeline.Event
			for _, w := range page {
				end := WarrantyEnd(w.StartsAt, w.Months, loc)
				if w.Months <= 0 || now.Before(end.Add(-s.cfg.WarrantyLead)) || now.After(end) {
					continue
				}
				events = append(events, event(shopID, w.CustomerID, w.OrderID, timeline.WarrantyExpiring, now,
					"warranty.expiring:"+w.Subject, WarrantyExpiringData{OrderLineID: w.OrderLineID,
						ProductID: w.ProductID, ProductName: w.ProductName, SKU: w.SKU,
						WarrantyEndsAt: end.Truncate(time.Second), OrderNumber: w.OrderNumber}))
			}
			m, err := s.append(ctx, events)
			n += m
			return err
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// maintenance announces each line's latest service date, if it fell due
// within the grace period.
func (s *Service) maintenance(ctx context.Context, shopID purna.ID, loc *time.Location, now time.Time) (int, error) {
	f := MaintenanceFilter{ShopID: shopID, DueFrom: now.Add(-s.cfg.MaintenanceGrace), DueTo: now, Limit: s.cfg.PageSize}
	n := 0
	err := s.store.ScanMaintenance(ctx, f, func(page []*Line) error {
		var events []timeline.Event
		for _, l := range page {
			k, due := LatestDue(l.DeliveredAt, l.IntervalDays, now, loc)
			if k == 0 || now.Sub(due) >= s.cfg.MaintenanceGrace {
				continue
			}
			oid := l.OrderID
			events = append(events, event(shopID, l.CustomerID, &oid, timeline.MaintenanceDue, now,
				"maintenance.due:"+l.ID+":"+strconv.Itoa(k), MaintenanceDueData{OrderLineID: l.ID,
					ProductID: l.ProductID, ProductName: l.ProductName, SKU: l.SKU,
					DueAt: due.Truncate(time.Second), ServiceNumber: k, OrderNumber: l.OrderNumber}))
		}
		m, err := s.append(ctx, events)
		n += m
		return err
	})
	return n, err
}

// lapsed announces the customers whose last order is older than
// LapsedAfter (by at most LapsedGrace), once per last order.
func (s *Service) lapsed(ctx context.Context, shopID purna.ID, now time.Time) (int, error) {
	cutoff := now.Add(-s.cfg.LapsedAfter)
	f := LapsedFilter{ShopID: shopID, LastOrderBefore: cutoff, LastOrderFrom: cutoff.Add(-s.cfg.LapsedGrace), Limit: s.cfg.PageSize}
	n := 0
	err := s.store.ScanLapsed(ctx, f, func(page []*Lapse) error {
		var events []timeline.Event
		for _, l := range page {
			if l.LastOrderID == "" || !l.LastOrderAt.Before(cutoff) {
				continue
			}
			cid := l.CustomerID
			events = append(events, event(shopID, &cid, nil, timeline.CustomerLapsed, now,
				"customer.lapsed:"+l.CustomerID+":"+l.LastOrderID, CustomerLapsedData{
					LastOrderAt: l.LastOrderAt.UTC().Truncate(time.Second), LastOrderID: l.LastOrderID,
					OrdersCount: l.OrdersCount, DaysSince: int(now.Sub(l.LastOrderAt) / (24 * time.Hour))}))
		}
		m, err := s.append(ctx, events)
		n += m
		return err
	})
	return n, err
}

func (s *Service) append(ctx context.Context, events []timeline.Event) (int, error) {
	if len(events) == 0 {
		return 0, nil
	}
	fresh, err := s.store.AppendEvents(ctx, events)
	return len(fresh), err
}

func event(shopID purna.ID, customerID, orderID *purna.ID, typ timeline.Type, now time.Time, key string, data any) timeline.Event {
	b, err := json.Marshal(data)
	if err != nil {
		panic(fmt.Sprintf("reminder: marshal %T: %v", data, err)) // only our own structs go here
	}
	return timeline.Event{ShopID: shopID, CustomerID: customerID, OrderID: orderID, Type: typ,
		OccurredAt: now, Data: b, DedupeKey: key}
}
