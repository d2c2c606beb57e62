package storefront

import (
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/order"
)

var shopifyFixtures = []struct {
	topic, file string
}{
	{"orders/create", "shopify_orders_create.json"},
	{"orders/updated", "shopify_orders_updated_paid.json"},
	{"orders/cancelled", "shopify_orders_cancelled.json"},
	{"fulfillments/create", "shopify_fulfillments_create.json"},
}

func TestParseShopify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		topic string
		file  string
		want  *Change
	}{
		{
			name: "orders/create, IDR, unpaid", topic: "orders/create", file: "shopify_orders_create.json",
			want: &Change{Source: "shopify", Order: &order.Input{
				Source: "shopify", ExternalID: "820982911946154508", Number: "#1001",
				Customer: &customer.Input{
					ExternalID: "115310627314723954", Source: "shopify",
					Email: "siti.rahayu@example.co.id", Phone: "+6281234567890",
					FirstName: "Siti", LastName: "Rahayu", Locale: "id",
					City: "Yogyakarta", Province: "Daerah Istimewa Yogyakarta", Country: "ID",
					Consent: map[customer.Channel]bool{customer.Email: true}, ConsentSource: "shopify",
				},
				Currency: "IDR", Discount: 50000_00, Shipping: 25000_00, Tax: 121396_40, Total: ptr(int64(1225000_00)),
				ShippingAddress: &order.Address{
					Name: "Siti Rahayu", Address: "Jl. Malioboro No. 52, RT 03 / RW 05", City: "Yogyakarta",
					Province: "Daerah Istimewa Yogyakarta", Postal: "55213", Country: "ID",
				},
				PlacedAt: *at("2024-05-14T03:21:37Z"),
				Lines: []order.LineInput{
					{ExternalID: "866550311766439020", SKU: "BTK-PRG-BIRU-L", Name: "Kemeja Batik Parang - Biru / L", Quantity: 2, UnitPrice: 450000_00},
					{ExternalID: "141249953214522974", SKU: "TAS-ROTAN-01", Name: "Tas Anyaman Rotan", Quantity: 1, UnitPrice: 350000_00},
				},
			}},
		},
		{
			name: "orders/updated, paid and delivered", topic: "orders/updated", file: "shopify_orders_updated_paid.json",
			want: &Change{Source: "shopify", Order: &order.Input{
				Source: "shopify", ExternalID: "450789469", Number: "#1001",
				Customer: &customer.Input{
					ExternalID: "207119551", Source: "shopify",
					Email: "bob.norman@mail.example.com", Phone: "+16136120707",
					FirstName: "Bob", LastName: "Norman", Locale: "en-US",
					City: "Louisville", Province: "Kentucky", Country: "US",
					Consent:       map[customer.Channel]bool{customer.Email: false, customer.SMS: true},
					ConsentSource: "shopify",
				},
				// Shipping comes from shipping_lines: 0.00 + 4.00.
				Currency: "USD", Discount: 1000, Shipping: 400, Tax: 1194, Total: ptr(int64(60294)),
				ShippingAddress: &order.Address{
					Name: "Bob Norman", Address: "Chestnut Street 92", City: "Louisville",
					Province: "Kentucky", Postal: "40202", Country: "US",
				},
				PlacedAt:    *at("2008-01-10T16:00:00Z"),
				PaidAt:      at("2008-01-10T16:05:12Z"),
				FulfilledAt: at("2008-01-11T14:30:00Z"),
				Lines: []order.LineInput{
					{ExternalID: "466157049", SKU: "IPOD2008GREEN", Name: "IPod Nano - 8gb - green", Quantity: 1, UnitPrice: 19900},
					{ExternalID: "518995019", SKU: "IPOD2008RED", Name: "IPod Nano - 8gb - red", Quantity: 1, UnitPrice: 19900},
					{ExternalID: "703073504", SKU: "IPOD2008BLACK", Name: "IPod Nano - 8gb", Quantity: 1, UnitPrice: 19900},
				},
				// The cancelled fulfillment 255858047 is left out.
				Shipments: []order.ShipmentInput{{
					ExternalID: "255858046", Carrier: "USPS", TrackingNumber: "1Z2345",
					TrackingURL: "https://tools.usps.com/go/TrackConfirmAction_input?qtc_tLabels1=1Z2345",
					Status:      order.ShipmentDelivered,
					ShippedAt:   at("2008-01-11T14:30:00Z"), DeliveredAt: at("2008-01-14T21:20:03Z"),
				}},
			}},
		},
		{
			name: "orders/cancelled, refunded, test notification phones", topic: "orders/cancelled", file: "shopify_orders_cancelled.json",
			want: &Change{Source: "shopify", Order: &order.Input{
				Source: "shopify", ExternalID: "820982911946154508", Number: "#9999",
				// 555-555-SHIP and 555-555-BILL are not phone numbers: left out.
				Customer: &customer.Input{
					ExternalID: "115310627314723954", Source: "shopify", Email: "jon@doe.ca",
					FirstName: "John", LastName: "Smith", Locale: "en",
					City: "Shippington", Province: "Kentucky", Country: "US",
					Consent: map[customer.Channel]bool{customer.Email: false}, ConsentSource: "shopify",
				},
				Currency: "USD", Discount: 500, Shipping: 1000, Tax: 0, Total: ptr(int64(40300)),
				ShippingAddress: &order.Address{
					Name: "Steve Shipper", Address: "123 Shipping Street", City: "Shippington",
					Province: "Kentucky", Postal: "40003", Country: "US",
				},
				PlacedAt: *at("2020-03-27T17:01:19Z"),
				// processed_at is null: paid when placed.
				PaidAt:       at("2020-03-27T17:01:19Z"),
				RefundedAt:   at("2020-03-27T17:45:02Z"),
				CancelledAt:  at("2020-03-27T17:45:02Z"),
				CancelReason: "customer",
				Lines: []order.LineInput{
					{ExternalID: "866550311766439020", SKU: "IPOD2008PINK", Name: "IPod Nano - 8GB", Quantity: 1, UnitPrice: 19900},
					{ExternalID: "141249953214522974", SKU: "IPOD2008PINK", Name: "IPod Nano - 8GB", Quantity: 1, UnitPrice: 19900},
				},
			}},
		},
		{
			name: "fulfillments/create", topic: "fulfillments/create", file: "shopify_fulfillments_create.json",
			want: &Change{Source: "shopify", ShipmentFor: "820982911946154508", Shipment: &order.ShipmentInput{
				ExternalID: "123456", Carrier: "JNE", TrackingNumber: "JNE0123456789",
				TrackingURL: "https://www.jne.co.id/tracking-package?awb=JNE0123456789",
				Status:      order.ShipmentInTransit, ShippedAt: at("2024-05-15T02:12:44Z"),
			}},
		},
		{
			name: "topic in capitals with spaces", topic: " ORDERS/CREATE ", file: "shopify_orders_cancelled.json",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseShopify(tc.topic, MustReadFixture(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if tc.want != nil {
				assertChange(t, got, tc.want)
			}
		})
	}
}

func TestParseShopifyFulfillment(t *testing.T) {
	t.Parallel()
	const base = `"id": 1, "order_id": 820982911946154508, "created_at": "2024-05-15T09:12:44+07:00", "updated_at": "2024-05-17T14:00:00+07:00"`
	tests := []struct {
		name string
		body string
		want order.ShipmentInput
	}{
		{
			name: "delivered: delivered when last updated",
			body: `{` + base + `, "status": "success", "shipment_status": "delivered", "tracking_number": "JP1"}`,
			want: order.ShipmentInput{ExternalID: "1", TrackingNumber: "JP1", Status: order.ShipmentDelivered,
				ShippedAt: at("2024-05-15T02:12:44Z"), DeliveredAt: at("2024-05-17T07:00:00Z")},
		},
		{
			name: "no shipment status: Purna derives it",
			body: `{` + base + `, "status": "success", "shipment_status": null}`,
			want: order.ShipmentInput{ExternalID: "1", ShippedAt: at("2024-05-15T02:12:44Z")},
		},
		{
			name: "label printed",
			body: `{` + base + `, "status": "success", "shipment_status": "label_printed"}`,
			want: order.ShipmentInput{ExternalID: "1", Status: order.ShipmentPending, ShippedAt: at("2024-05-15T02:12:44Z")},
		},
		{
			name: "out for delivery",
			body: `{` + base + `, "status": "success", "shipment_status": "out_for_delivery"}`,
			want: order.ShipmentInput{ExternalID: "1", Status: order.ShipmentOutForDelivery, ShippedAt: at("2024-05-15T02:12:44Z")},
		},
		{
			name: "carrier failure",
			body: `{` + base + `, "status": "success", "shipment_status": "failure"}`,
			want: order.ShipmentInput{ExternalID: "1", Status: order.ShipmentFailed, ShippedAt: at("2024-05-15T02:12:44Z")},
		},
		{
			name: "pending at a fulfillment service: not shipped",
			body: `{` + base + `, "status": "pending", "shipment_status": null, "tracking_company": "UPS"}`,
			want: order.ShipmentInput{ExternalID: "1", Carrier: "UPS", Status: order.ShipmentPending},
		},
		{
			name: "cancelled",
			body: `{` + base + `, "status": "cancelled"}`,
			want: order.ShipmentInput{ExternalID: "1", Status: order.ShipmentFailed, ShippedAt: at("2024-05-15T02:12:44Z")},
		},
		{
			name: "tracking from the lists; a non-web URL is left out",
			body: `{` + base + `, "status": "success", "tracking_number": null, "tracking_numbers": ["A1", "A2"], "tracking_url": "javascript:alert(1)", "tracking_urls": ["ftp://x", "https://t.example/A1"]}`,
			want: order.ShipmentInput{ExternalID: "1", TrackingNumber: "A1", ShippedAt: at("2024-05-15T02:12:44Z")},
		},
		{
			name: "estimated delivery",
			body: `{` + base + `, "status": "success", "estimated_delivery_at": "2024-05-18T12:00:00+07:00"}`,
			want: order.ShipmentInput{ExternalID: "1", ShippedAt: at("2024-05-15T02:12:44Z"), PromisedAt: at("2024-05-18T05:00:00Z")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseShopify("fulfillments/update", []byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			assertChange(t, got, &Change{Source: "shopify", ShipmentFor: "820982911946154508", Shipment: &tc.want})
		})
	}
}

func TestParseShopifyOrderVariants(t *testing.T) {
	t.Parallel()
	const base = `"id": 7, "currency": "idr", "created_at": "2024-05-14T10:21:37+07:00", "line_items": [{"name": "Kopi", "quantity": 1, "price": "85000"}]`
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, in *order.Input)
	}{
		{
			name: "no customer, no address, no totals",
			body: `{` + base + `}`,
			check: func(t *testing.T, in *order.Input) {
				if in.Customer != nil || in.ShippingAddress != nil || in.Total != nil || in.Currency != "IDR" {
					t.Errorf("got customer %v, address %v, total %v, currency %q", in.Customer, in.ShippingAddress, in.Total, in.Currency)
				}
			},
		},
		{
			name: "partially refunded: paid, not refunded",
			body: `{` + base + `, "financial_status": "partially_refunded", "processed_at": "2024-05-14T10:30:00+07:00", "updated_at": "2024-05-20T10:00:00+07:00"}`,
			check: func(t *testing.T, in *order.Input) {
				if !in.PaidAt.Equal(*at("2024-05-14T03:30:00Z")) || in.RefundedAt != nil {
					t.Errorf("paid %v, refunded %v", in.PaidAt, in.RefundedAt)
				}
			},
		},
		{
			name: "authorized only: not paid",
			body: `{` + base + `, "financial_status": "authorized", "processed_at": "2024-05-14T10:30:00+07:00"}`,
			check: func(t *testing.T, in *order.Input) {
				if in.PaidAt != nil {
					t.Errorf("paid %v", in.PaidAt)
				}
			},
		},
		{
			name: "fulfilled without fulfillments: when last updated",
			body: `{` + base + `, "fulfillment_status": "fulfilled", "updated_at": "2024-05-16T08:00:00+07:00"}`,
			check: func(t *testing.T, in *order.Input) {
				if !in.FulfilledAt.Equal(*at("2024-05-16T01:00:00Z")) {
					t.Errorf("fulfilled %v", in.FulfilledAt)
				}
			},
		},
		{
			name: "contact from the addresses; unsupported locale left out",
			body: `{` + base + `, "customer_locale": "fr-CA", "email": "not an address", "customer": {"id": 9, "email": "Ani@Example.co.id", "email_marketing_consent": {"state": "pending"}, "accepts_marketing": true},
				"shipping_address": {"first_name": "Ani", "last_name": "W", "phone": "0812 1111 2222", "country_code": "id"}}`,
			check: func(t *testing.T, in *order.Input) {
				c := in.Customer
				if c.Email != "Ani@Example.co.id" || c.Phone != "0812 1111 2222" || c.Locale != "" || c.Country != "ID" ||
					c.FirstName != "" || c.Consent[customer.Email] != true || in.ShippingAddress.Name != "Ani W" {
					t.Errorf("customer %+v, address %+v", c, in.ShippingAddress)
				}
			},
		},
		{
			name: "buyer_accepts_marketing when the customer says nothing",
			body: `{` + base + `, "email": "a@example.com", "buyer_accepts_marketing": true}`,
			check: func(t *testing.T, in *order.Input) {
				if in.Customer == nil || in.Customer.ExternalID != "" || !in.Customer.Consent[customer.Email] {
					t.Errorf("customer %+v", in.Customer)
				}
			},
		},
		{
			name: "ID as a string",
			body: `{"id": "820982911946154508", "currency": "USD", "created_at": "2024-05-14T10:21:37Z", "line_items": []}`,
			check: func(t *testing.T, in *order.Input) {
				if in.ExternalID != "820982911946154508" {
					t.Errorf("external ID %q", in.ExternalID)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseShopify("orders/updated", []byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, got.Order)
		})
	}
}

func TestParseShopifyErrors(t *testing.T) {
	t.Parallel()
	const base = `"id": 7, "currency": "USD", "created_at": "2024-05-14T10:21:37+07:00"`
	tests := []struct {
		name  string
		topic string
		body  string
		field string
	}{
		{"unknown topic", "orders/delete", `{"id": 7}`, "topic"},
		{"empty topic", "", `{}`, "topic"},
		{"empty body", "orders/create", ``, "body"},
		{"not JSON", "orders/create", `id=7`, "body"},
		{"array", "orders/create", `[{"id": 7}]`, "body"},
		{"null", "orders/create", `null`, "body"},
		{"string", "orders/create", `"order"`, "body"},
		{"data after the object", "orders/create", `{"id": 7} {"id": 8}`, "body"},
		{"cut short", "orders/create", `{"id": 7, "line_items": [`, "body"},
		{"missing id", "orders/create", `{"currency": "USD", "created_at": "2024-05-14T10:21:37Z", "line_items": []}`, "id"},
		{"fractional id", "orders/create", `{"id": 7.5, "currency": "USD", "created_at": "2024-05-14T10:21:37Z"}`, "id"},
		{"object id", "orders/create", `{"id": {}, "currency": "USD", "created_at": "2024-05-14T10:21:37Z"}`, "id"},
		{"missing currency", "orders/create", `{"id": 7, "created_at": "2024-05-14T10:21:37Z"}`, "currency"},
		{"unknown currency", "orders/create", `{"id": 7, "currency": "CLP", "created_at": "2024-05-14T10:21:37Z"}`, "currency"},
		{"missing created_at", "orders/create", `{"id": 7, "currency": "USD"}`, "created_at"},
		{"bad created_at", "orders/create", `{"id": 7, "currency": "USD", "created_at": "yesterday"}`, "created_at"},
		{"bad cancelled_at", "orders/cancelled", `{` + base + `, "cancelled_at": "2024-13-01T00:00:00Z"}`, "cancelled_at"},
		{"line price not an amount", "orders/create", `{` + base + `, "line_items": [{"quantity": 1, "price": "abc"}]}`, "line_items[0].price"},
		{"line price with three decimals", "orders/create", `{` + base + `, "line_items": [{"quantity": 1, "price": "1.234"}]}`, "line_items[0].price"},
		{"line price missing", "orders/create", `{` + base + `, "line_items": [{"quantity": 1, "price": "1"}, {"quantity": 1}]}`, "line_items[1].price"},
		{"line quantity a word", "orders/create", `{` + base + `, "line_items": [{"quantity": "two", "price": "1"}]}`, "line_items[0].quantity"},
		{"line quantity overflows", "orders/create", `{` + base + `, "line_items": [{"quantity": 99999999999999999999, "price": "1"}]}`, "line_items[0].quantity"},
		{"line_items an object", "orders/create", `{` + base + `, "line_items": {"quantity": 1}}`, "line_items"},
		{"customer a string", "orders/create", `{` + base + `, "customer": "bob"}`, "customer"},
		{"total not an amount", "orders/create", `{` + base + `, "total_price": "free"}`, "total_price"},
		{"shipping set not an amount", "orders/create", `{` + base + `, "total_shipping_price_set": {"shop_money": {"amount": "1,00"}}}`, "total_shipping_price_set.shop_money.amount"},
		{"shipping lines overflow", "orders/create", `{` + base + `, "shipping_lines": [{"price": "92233720368547758.07"}, {"price": "1"}]}`, "shipping_lines[1].price"},
		{"fulfillment without order_id", "fulfillments/create", `{"id": 1, "status": "success"}`, "order_id"},
		{"fulfillment without id", "fulfillments/update", `{"order_id": 1}`, "id"},
		{"fulfillment with bad created_at", "fulfillments/create", `{"id": 1, "order_id": 2, "created_at": 17}`, "created_at"},
		{"fulfillment inside an order with bad time", "orders/updated", `{` + base + `, "fulfillments": [{"id": 1, "created_at": "soon"}]}`, "fulfillments[0].created_at"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ch, err := ParseShopify(tc.topic, []byte(tc.body))
			if ch != nil {
				t.Errorf("change = %+v, want nil", ch)
			}
			assertInvalid(t, err, tc.field)
		})
	}
}

// TestParseShopifyNormalize checks that what the fixtures map to is an
// order Purna accepts, for a shop in Indonesia.
func TestParseShopifyNormalize(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, fx := range shopifyFixtures {
		t.Run(fx.file, func(t *testing.T) {
			t.Parallel()
			ch, err := ParseShopify(fx.topic, MustReadFixture(t, fx.file))
			if err != nil {
				t.Fatal(err)
			}
			if ch.Order == nil {
				return // a lone parcel is checked by order.Service.AddShipmentByRef
			}
			if err := ch.Order.Normalize("ID", now); err != nil {
				t.Fatal(err)
			}
			if c := ch.Order.Customer; c != nil && c.Locale != "" && strings.ContainsAny(c.Locale, "-_") {
				t.Errorf("locale %q kept its region", c.Locale)
			}
		})
	}
}

func FuzzParseShopify(f *testing.F) {
	for _, fx := range shopifyFixtures {
		f.Add(fx.topic, MustReadFixture(f, fx.file))
	}
	f.Add("fulfillments/update", []byte(`{"id":1,"order_id":2,"status":"success","shipment_status":"delivered"}`))
	f.Add("orders/paid", []byte(`{"id":1,"currency":"JPY","created_at":"2024-01-01T00:00:00Z","line_items":[{"quantity":0,"price":"-1"}]}`))
	f.Fuzz(func(t *testing.T, topic string, body []byte) {
		ch, err := ParseShopify(topic, body)
		checkChange(t, SourceShopify, ch, err)
		if err == nil && ch == nil {
			t.Fatal("nil change without an error")
		}
	})
}
