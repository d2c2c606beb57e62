// Package order brings a shop's orders in, from its own API calls, storefront
// webhooks (Shopify, WooCommerce), marketplaces and CSV files, and keeps one
// record of each: its lines, its shipments and where each parcel is. Every
// change lands on the customer's timeline once, however often a store
// re-delivers it.
package order

import (
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
)

// Status is where an order stands. It is derived from the order's times and
// shipments, never set directly, so it cannot disagree with them.
type Status string

// The order statuses, in the order an order usually passes through them.
const (
	Pending   Status = "pending"
	Paid      Status = "paid"
	Fulfilled Status = "fulfilled"
	Delivered Status = "delivered"
	Cancelled Status = "cancelled"
	Refunded  Status = "refunded"
)

// Statuses lists every Status, for filters.
var Statuses = []Status{Pending, Paid, Fulfilled, Delivered, Cancelled, Refunded}

// ShipmentStatus is where a parcel is.
type ShipmentStatus string

// The shipment statuses. Carriers' own words are mapped onto these.
const (
	ShipmentPending        ShipmentStatus = "pending"
	ShipmentInTransit      ShipmentStatus = "in_transit"
	ShipmentOutForDelivery ShipmentStatus = "out_for_delivery"
	ShipmentDelivered      ShipmentStatus = "delivered"
	ShipmentFailed         ShipmentStatus = "failed"
	ShipmentReturned       ShipmentStatus = "returned"
)

var shipmentStatuses = map[ShipmentStatus]bool{
	ShipmentPending: true, ShipmentInTransit: true, ShipmentOutForDelivery: true,
	ShipmentDelivered: true, ShipmentFailed: true, ShipmentReturned: true,
}

// Order is one purchase.
type Order struct {
	ID           purna.ID    `json:"id"`
	ShopID       purna.ID    `json:"-"`
	Source       string      `json:"source"`
	ExternalID   string      `json:"external_id"`
	Number       string      `json:"number"`
	CustomerID   *purna.ID   `json:"customer_id"`
	Status       Status      `json:"status"`
	Currency     string      `json:"currency"`
	Subtotal     int64       `json:"subtotal"`
	Discount     int64       `json:"discount"`
	Shipping     int64       `json:"shipping"`
	Tax          int64       `json:"tax"`
	Total        int64       `json:"total"`
	Email        string      `json:"email"`
	Phone        string      `json:"phone"`
	Address      Address     `json:"shipping_address"`
	CancelReason string      `json:"cancel_reason"`
	PlacedAt     time.Time   `json:"placed_at"`
	PaidAt       *time.Time  `json:"paid_at"`
	FulfilledAt  *time.Time  `json:"fulfilled_at"`
	DeliveredAt  *time.Time  `json:"delivered_at"`
	CancelledAt  *time.Time  `json:"cancelled_at"`
	RefundedAt   *time.Time  `json:"refunded_at"`
	Lines        []*Line     `json:"lines"`
	Shipments    []*Shipment `json:"shipments"`
	CreatedAt    time.Time   `json:"created_at"`
	UpdatedAt    time.Time   `json:"updated_at"`

	// Customer is filled by list queries that join it, for display.
	CustomerName string `json:"customer_name,omitempty"`
}

// Money returns amount in the order's currency.
func (o *Order) Money(amount int64) purna.Money {
	return purna.Money{Amount: amount, Currency: o.Currency}
}

// Address is where an order ships to.
type Address struct {
	Name     string `json:"name,omitempty"`
	Address  string `json:"address,omitempty"`
	City     string `json:"city,omitempty"`
	Province string `json:"province,omitempty"`
	Postal   string `json:"postal_code,omitempty"`
	Country  string `json:"country,omitempty"`
}

// Line is one product on an order.
type Line struct {
	ID            purna.ID  `json:"id"`
	Position      int       `json:"position"`
	ExternalID    string    `json:"external_id"`
	ProductID     *purna.ID `json:"product_id"`
	SKU           string    `json:"sku"`
	Name          string    `json:"name"`
	Quantity      int64     `json:"quantity"`
	UnitPrice     int64     `json:"unit_price"`
	Total         int64     `json:"total"`
	SerialNumbers []string  `json:"serial_numbers"`
}

// Shipment is a parcel on its way to the customer.
type Shipment struct {
	ID             purna.ID         `json:"id"`
	OrderID        purna.ID         `json:"order_id"`
	ExternalID     string           `json:"external_id"`
	Carrier        string           `json:"carrier"`
	TrackingNumber string           `json:"tracking_number"`
	TrackingURL    string           `json:"tracking_url"`
	Status         ShipmentStatus   `json:"status"`
	PromisedAt     *time.Time       `json:"promised_at"`
	ShippedAt      *time.Time       `json:"shipped_at"`
	DeliveredAt    *time.Time       `json:"delivered_at"`
	Events         []*TrackingEvent `json:"events"`
	CreatedAt      time.Time        `json:"created_at"`
	UpdatedAt      time.Time        `json:"updated_at"`
}

// Late reports whether the parcel missed its promised date at now.
func (s *Shipment) Late(now time.Time) bool {
	if s.PromisedAt == nil {
		return false
	}
	if s.DeliveredAt != nil {
		return s.DeliveredAt.After(*s.PromisedAt)
	}
	return now.After(*s.PromisedAt)
}

// TrackingEvent is one scan of a parcel.
type TrackingEvent struct {
	ID          purna.ID       `json:"id"`
	OccurredAt  time.Time      `json:"occurred_at"`
	Status      ShipmentStatus `json:"status"`
	Location    string         `json:"location"`
	Description string         `json:"description"`
}

// Input is an order as a store, a file or the API sends it: its whole
// current state. Sending it again changes nothing; sending it with new times
// or shipments records only what is new.
type Input struct {
	// Source names the store or marketplace: shopify, woocommerce, api, csv,
	// tokopedia, shopee, emag, …
	Source string `json:"source"`
	// ExternalID is the order's ID in its source; (source, external_id) is
	// unique within a shop.
	ExternalID string          `json:"external_id"`
	Number     string          `json:"number,omitempty"`
	Customer   *customer.Input `json:"customer,omitempty"`
	Currency   string          `json:"currency"`
	Discount   int64           `json:"discount,omitempty"`
	Shipping   int64           `json:"shipping,omitempty"`
	Tax        int64           `json:"tax,omitempty"`
	// Total defaults to the lines plus shipping and tax, less discount.
	Total           *int64          `json:"total,omitempty"`
	ShippingAddress *Address        `json:"shipping_address,omitempty"`
	PlacedAt        time.Time       `json:"placed_at"`
	PaidAt          *time.Time      `json:"paid_at,omitempty"`
	FulfilledAt     *time.Time      `json:"fulfilled_at,omitempty"`
	CancelledAt     *time.Time      `json:"cancelled_at,omitempty"`
	CancelReason    string          `json:"cancel_reason,omitempty"`
	RefundedAt      *time.Time      `json:"refunded_at,omitempty"`
	Lines           []LineInput     `json:"lines"`
	Shipments       []ShipmentInput `json:"shipments,omitempty"`
}

// LineInput is one line of an Input.
type LineInput struct {
	ExternalID    string   `json:"external_id,omitempty"`
	SKU           string   `json:"sku,omitempty"`
	Name          string   `json:"name"`
	Quantity      int64    `json:"quantity"`
	UnitPrice     int64    `json:"unit_price"`
	SerialNumbers []string `json:"serial_numbers,omitempty"`
}

// ShipmentInput is a parcel of an Input, or sent on its own to an order.
type ShipmentInput struct {
	// ExternalID names the parcel in its source; it defaults to the
	// tracking number.
	ExternalID     string               `json:"external_id,omitempty"`
	Carrier        string               `json:"carrier,omitempty"`
	TrackingNumber string               `json:"tracking_number,omitempty"`
	TrackingURL    string               `json:"tracking_url,omitempty"`
	Status         ShipmentStatus       `json:"status,omitempty"`
	PromisedAt     *time.Time           `json:"promised_at,omitempty"`
	ShippedAt      *time.Time           `json:"shipped_at,omitempty"`
	DeliveredAt    *time.Time           `json:"delivered_at,omitempty"`
	Events         []TrackingEventInput `json:"events,omitempty"`
}

// TrackingEventInput is one scan of a parcel.
type TrackingEventInput struct {
	OccurredAt  time.Time      `json:"occurred_at"`
	Status      ShipmentStatus `json:"status"`
	Location    string         `json:"location,omitempty"`
	Description string         `json:"description,omitempty"`
}

// Update changes an order's state from the API: mark it paid, fulfilled,
// cancelled or refunded. Nil fields stay as they are.
type Update struct {
	PaidAt       *time.Time `json:"paid_at,omitempty"`
	FulfilledAt  *time.Time `json:"fulfilled_at,omitempty"`
	CancelledAt  *time.Time `json:"cancelled_at,omitempty"`
	CancelReason *string    `json:"cancel_reason,omitempty"`
	RefundedAt   *time.Time `json:"refunded_at,omitempty"`
}

// Filter selects orders, newest first.
type Filter struct {
	ShopID     purna.ID
	CustomerID *purna.ID
	Status     *Status
	Source     string
	// Query matches the order number, external ID, email or customer name.
	Query string
	// PlacedFrom and PlacedTo bound placed_at (from inclusive, to exclusive).
	PlacedFrom, PlacedTo *time.Time
	Cursor               string // opaque, from the previous page
	Limit                int
}

// LateShipment is a parcel on its way past its promised date, with what a
// person needs to chase it.
type LateShipment struct {
	OrderID      purna.ID  `json:"order_id"`
	OrderNumber  string    `json:"order_number"`
	CustomerID   *purna.ID `json:"customer_id"`
	CustomerName string    `json:"customer_name"`
	ShipmentID   purna.ID  `json:"shipment_id"`
	Carrier      string    `json:"carrier"`
	Tracking     string    `json:"tracking_number"`
	PromisedAt   time.Time `json:"promised_at"`
}
