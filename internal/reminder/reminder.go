package reminder

import (
	"time"

	"github.com/purnajual/purna"
)

// Warranty is one item under warranty. Delivered order lines are the first
// kind; warranties registered by serial number will be another
// (WarrantySource).
type Warranty struct {
	// Subject names the warranty in the event's dedupe key
	// ("warranty.expiring:<subject>"): the order line's ID for order
	// lines. Another source must use subjects that cannot clash with them.
	Subject     string
	OrderLineID purna.ID
	OrderID     *purna.ID
	OrderNumber string
	CustomerID  *purna.ID
	ProductID   purna.ID
	ProductName string
	SKU         string
	// Months is the warranty's length in calendar months.
	Months int
	// StartsAt is when the warranty began: the order's delivery.
	StartsAt time.Time
}

// Line is a delivered order line of a product that needs periodic service.
type Line struct {
	ID          purna.ID
	OrderID     purna.ID
	OrderNumber string
	CustomerID  *purna.ID
	ProductID   purna.ID
	ProductName string
	SKU         string
	// IntervalDays is the product's maintenance interval.
	IntervalDays int
	// DeliveredAt is the order's delivery, from which services count.
	DeliveredAt time.Time
}

// Lapse is a customer whose last order is old.
type Lapse struct {
	CustomerID  purna.ID
	LastOrderID purna.ID
	LastOrderAt time.Time
	// OrdersCount counts the customer's orders that were not cancelled.
	OrdersCount int64
}

// Counts tells how many events a run emitted for the first time.
type Counts struct {
	WarrantyExpiring int `json:"warranty_expiring"`
	MaintenanceDue   int `json:"maintenance_due"`
	CustomerLapsed   int `json:"customer_lapsed"`
}

// Total is the sum of the counts.
func (c Counts) Total() int { return c.WarrantyExpiring + c.MaintenanceDue + c.CustomerLapsed }

// WarrantyExpiringData is the data of a warranty.expiring event.
type WarrantyExpiringData struct {
	OrderLineID    purna.ID  `json:"order_line_id"`
	ProductID      purna.ID  `json:"product_id"`
	ProductName    string    `json:"product_name"`
	SKU            string    `json:"sku"`
	WarrantyEndsAt time.Time `json:"warranty_ends_at"` // UTC, whole seconds
	OrderNumber    string    `json:"order_number"`
}

// MaintenanceDueData is the data of a maintenance.due event.
type MaintenanceDueData struct {
	OrderLineID purna.ID  `json:"order_line_id"`
	ProductID   purna.ID  `json:"product_id"`
	ProductName string    `json:"product_name"`
	SKU         string    `json:"sku"`
	DueAt       time.Time `json:"due_at"` // UTC, whole seconds
	// ServiceNumber counts the services since delivery: 1, 2, 3, …
	ServiceNumber int    `json:"service_number"`
	OrderNumber   string `json:"order_number"`
}

// CustomerLapsedData is the data of a customer.lapsed event.
type CustomerLapsedData struct {
	LastOrderAt time.Time `json:"last_order_at"` // UTC, whole seconds
	LastOrderID purna.ID  `json:"last_order_id"`
	OrdersCount int64     `json:"orders_count"`
	// DaysSince is how many whole days ago the last order was placed.
	DaysSince int `json:"days_since"`
}

// WarrantyEnd returns the last moment, in UTC, that a warranty of months
// calendar months starting at start covers: the end (23:59:59) of the day
// that is months calendar months after start's day in loc. When that month
// is too short for the day, the warranty ends on the month's last day
// (31 January + 1 month is 28 or 29 February, where time.AddDate would
// give 3 March).
func WarrantyEnd(start time.Time, months int, loc *time.Location) time.Time {
	y, m, d := start.In(loc).Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, loc) // normalises the month
	d = min(d, daysIn(first.Year(), first.Month()))
	return time.Date(first.Year(), first.Month(), d, 23, 59, 59, 0, loc).UTC()
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// MaintenanceDue returns, in UTC, when service k (1, 2, …) of an item
// delivered at start and serviced every days days falls due: k×days
// calendar days later in loc, at the delivery's time of day.
func MaintenanceDue(start time.Time, days, k int, loc *time.Location) time.Time {
	return start.In(loc).AddDate(0, 0, k*days).UTC()
}

// LatestDue returns the last service that fell due at or before now, and
// when; k is 0 when none has yet.
func LatestDue(start time.Time, days int, now time.Time, loc *time.Location) (k int, due time.Time) {
	if days <= 0 || now.Before(start) {
		return 0, time.Time{}
	}
	// A first guess from elapsed time, then exact steps: calendar days in
	// loc differ from 24 hours across DST changes.
	k = int(now.Sub(start) / (time.Duration(days) * 24 * time.Hour))
	for !MaintenanceDue(start, days, k+1, loc).After(now) {
		k++
	}
	for k > 0 && MaintenanceDue(start, days, k, loc).After(now) {
		k--
	}
	if k == 0 {
		return 0, time.Time{}
	}
	return k, MaintenanceDue(start, days, k, loc)
}
