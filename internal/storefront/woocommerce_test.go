package storefront

import (
	"testing"
	"time"

	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/order"
)

var wooFixtures = []struct {
	topic, file string
}{
	{"order.created", "woocommerce_order_created.json"},
	{"order.updated", "woocommerce_order_updated.json"},
}

func TestParseWooCommerce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		topic string
		file  string
		want  *Change
	}{
		{
			name: "order.created, IDR, guest", topic: "order.created", file: "woocommerce_order_created.json",
			want: &Change{Source: "woocommerce", Order: &order.Input{
				Source: "woocommerce", ExternalID: "727", Number: "727",
				Customer: &customer.Input{
					Source: "woocommerce", Email: "budi.santoso@example.co.id", Phone: "0812-3456-7890",
					FirstName: "Budi", LastName: "Santoso", City: "Bandung", Province: "JB", Country: "ID",
				},
				Currency: "IDR", Shipping: 18000_00, Total: ptr(int64(288000_00)),
				ShippingAddress: &order.Address{
					Name: "Budi Santoso", Address: "Jl. Braga No. 10, Lantai 2", City: "Bandung",
					Province: "JB", Postal: "40111", Country: "ID",
				},
				PlacedAt: *at("2024-05-14T03:21:37Z"),
				PaidAt:   at("2024-05-14T03:25:02Z"),
				Lines: []order.LineInput{
					{ExternalID: "315", SKU: "KOPI-GAYO-250", Name: "Kopi Arabika Gayo 250g", Quantity: 2, UnitPrice: 85000_00},
					// 100000 / 3 rounds to the nearest sen.
					{ExternalID: "316", SKU: "KAOS-HTM-M", Name: "Kaos Polos – Warna: Hitam, Ukuran: M", Quantity: 3, UnitPrice: 33333_33},
				},
			}},
		},
		{
			name: "order.updated, completed, registered customer", topic: "order.updated", file: "woocommerce_order_updated.json",
			want: &Change{Source: "woocommerce", Order: &order.Input{
				Source: "woocommerce", ExternalID: "727", Number: "727",
				Customer: &customer.Input{
					ExternalID: "12", Source: "woocommerce", Email: "john.doe@example.com", Phone: "+1 (415) 555-5555",
					FirstName: "John", LastName: "Doe", City: "San Francisco", Province: "CA", Country: "US",
				},
				// Unit prices come from the subtotals, before the coupon;
				// Woo's own price (2.7, 10.8) comes after it.
				Currency: "USD", Discount: 180, Shipping: 1000, Tax: 121, Total: ptr(int64(2741)),
				ShippingAddress: &order.Address{
					Name: "John Doe", Address: "969 Market", City: "San Francisco",
					Province: "CA", Postal: "94103", Country: "US",
				},
				PlacedAt:    *at("2017-03-22T19:28:02Z"),
				PaidAt:      at("2017-03-22T19:28:08Z"),
				FulfilledAt: at("2017-03-24T14:02:10Z"),
				Lines: []order.LineInput{
					{ExternalID: "315", Name: "Woo Single #1", Quantity: 2, UnitPrice: 300},
					{ExternalID: "316", SKU: "Bar3", Name: "Ship Your Idea – Color: Black, Size: M Test", Quantity: 1, UnitPrice: 1200},
				},
			}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseWooCommerce(tc.topic, MustReadFixture(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			assertChange(t, got, tc.want)
		})
	}
}

func TestParseWooCommerceVariants(t *testing.T) {
	t.Parallel()
	const base = `"id": 9, "currency": "IDR", "date_created_gmt": "2024-05-14T03:21:37", "date_modified_gmt": "2024-05-20T01:00:00"`
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, in *order.Input)
	}{
		{
			name: "cancelled when last modified",
			body: `{` + base + `, "status": "cancelled", "line_items": []}`,
			check: func(t *testing.T, in *order.Input) {
				if !in.CancelledAt.Equal(*at("2024-05-20T01:00:00Z")) || in.RefundedAt != nil || in.FulfilledAt != nil {
					t.Errorf("cancelled %v, refunded %v, fulfilled %v", in.CancelledAt, in.RefundedAt, in.FulfilledAt)
				}
			},
		},
		{
			name: "refunded when last modified",
			body: `{` + base + `, "status": "refunded", "date_paid_gmt": "2024-05-14T03:30:00", "line_items": []}`,
			check: func(t *testing.T, in *order.Input) {
				if !in.RefundedAt.Equal(*at("2024-05-20T01:00:00Z")) || !in.PaidAt.Equal(*at("2024-05-14T03:30:00Z")) {
					t.Errorf("refunded %v, paid %v", in.RefundedAt, in.PaidAt)
				}
			},
		},
		{
			name: "completed without a completed date",
			body: `{` + base + `, "status": "completed", "date_completed_gmt": null, "line_items": []}`,
			check: func(t *testing.T, in *order.Input) {
				if !in.FulfilledAt.Equal(*at("2024-05-20T01:00:00Z")) {
					t.Errorf("fulfilled %v", in.FulfilledAt)
				}
			},
		},
		{
			name: "pending and on-hold are neither paid nor done",
			body: `{` + base + `, "status": "on-hold", "date_paid_gmt": null, "line_items": []}`,
			check: func(t *testing.T, in *order.Input) {
				if in.PaidAt != nil || in.FulfilledAt != nil || in.CancelledAt != nil || in.RefundedAt != nil {
					t.Errorf("times set: %+v", in)
				}
			},
		},
		{
			name: "price when there is no subtotal, rounded",
			body: `{` + base + `, "line_items": [{"id": 1, "name": "Kaos", "quantity": 3, "price": 33333.335}]}`,
			check: func(t *testing.T, in *order.Input) {
				if in.Lines[0].UnitPrice != 33333_34 {
					t.Errorf("unit price %d", in.Lines[0].UnitPrice)
				}
			},
		},
		{
			name: "zero quantity is left for Normalize to refuse",
			body: `{` + base + `, "line_items": [{"id": 1, "name": "Kaos", "quantity": 0, "subtotal": "10000"}]}`,
			check: func(t *testing.T, in *order.Input) {
				if l := in.Lines[0]; l.Quantity != 0 || l.UnitPrice != 10000_00 {
					t.Errorf("line %+v", l)
				}
			},
		},
		{
			name: "no billing or shipping: no customer, no address",
			body: `{` + base + `, "customer_id": 0, "billing": {"first_name": "", "email": ""}, "shipping": {"country": ""}, "line_items": []}`,
			check: func(t *testing.T, in *order.Input) {
				if in.Customer != nil || in.ShippingAddress != nil {
					t.Errorf("customer %+v, address %+v", in.Customer, in.ShippingAddress)
				}
			},
		},
		{
			name: "bad billing phone and email are left out; shipping phone used",
			body: `{` + base + `, "customer_id": 4, "billing": {"email": "budi at example", "phone": "call me", "country": "ID"}, "shipping": {"phone": "+62 812 1111 2222"}, "line_items": []}`,
			check: func(t *testing.T, in *order.Input) {
				c := in.Customer
				if c == nil || c.ExternalID != "4" || c.Email != "" || c.Phone != "+62 812 1111 2222" || c.Country != "ID" {
					t.Errorf("customer %+v", c)
				}
			},
		},
		{
			name: "national phone without any country is left out",
			body: `{` + base + `, "billing": {"email": "a@example.com", "phone": "0812-3456-7890"}, "line_items": []}`,
			check: func(t *testing.T, in *order.Input) {
				if in.Customer.Phone != "" {
					t.Errorf("phone %q", in.Customer.Phone)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseWooCommerce("order.updated", []byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, got.Order)
		})
	}
}

func TestParseWooCommercePing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, topic, body string
	}{
		{"no topic", "", "webhook_id=3"},
		{"with a topic", "order.created", "webhook_id=3"},
		{"trailing newline", "order.updated", "webhook_id=12\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ch, err := ParseWooCommerce(tc.topic, []byte(tc.body))
			if ch != nil || err != nil {
				t.Errorf("ParseWooCommerce = %+v, %v; want nil, nil", ch, err)
			}
		})
	}
}

func TestParseWooCommerceErrors(t *testing.T) {
	t.Parallel()
	const base = `"id": 9, "currency": "IDR", "date_created_gmt": "2024-05-14T03:21:37"`
	tests := []struct {
		name  string
		topic string
		body  string
		field string
	}{
		{"unknown topic", "order.deleted", `{"id": 9}`, "topic"},
		{"product topic", "product.updated", `{` + base + `}`, "topic"},
		{"empty body", "order.created", ``, "body"},
		{"form body that is not a ping", "order.created", `id=9`, "body"},
		{"array", "order.created", `[]`, "body"},
		{"legacy API", "order.created", `{"order": {"id": 9, "order_number": 9}}`, "api_version"},
		{"missing id", "order.created", `{"currency": "IDR", "date_created_gmt": "2024-05-14T03:21:37"}`, "id"},
		{"missing date_created_gmt", "order.created", `{"id": 9, "currency": "IDR", "date_created": "2024-05-14T10:21:37"}`, "date_created_gmt"},
		{"zero date", "order.created", `{"id": 9, "currency": "IDR", "date_created_gmt": "0000-00-00T00:00:00"}`, "date_created_gmt"},
		{"unknown currency", "order.created", `{"id": 9, "currency": "CLP", "date_created_gmt": "2024-05-14T03:21:37"}`, "currency"},
		{"negative id", "order.created", `{"id": -9, "currency": "IDR", "date_created_gmt": "2024-05-14T03:21:37"}`, "id"},
		{"missing quantity", "order.created", `{` + base + `, "line_items": [{"quantity": 1, "subtotal": "1"}, {"subtotal": "1"}]}`, "line_items[1].quantity"},
		{"subtotal not an amount", "order.created", `{` + base + `, "line_items": [{"quantity": 1, "subtotal": "Rp 10.000"}]}`, "line_items[0].subtotal"},
		{"neither subtotal nor price", "order.created", `{` + base + `, "line_items": [{"quantity": 1}]}`, "line_items[0].price"},
		{"price in exponent form", "order.created", `{` + base + `, "line_items": [{"quantity": 1, "price": 1e5}]}`, "line_items[0].price"},
		{"total not an amount", "order.created", `{` + base + `, "total": true}`, "total"},
		{"billing an array", "order.created", `{` + base + `, "billing": []}`, "billing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ch, err := ParseWooCommerce(tc.topic, []byte(tc.body))
			if ch != nil {
				t.Errorf("change = %+v, want nil", ch)
			}
			assertInvalid(t, err, tc.field)
		})
	}
}

// TestParseWooCommerceNormalize checks that what the fixtures map to is an
// order Purna accepts, for a shop in Indonesia.
func TestParseWooCommerceNormalize(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		file      string
		topic     string
		wantPhone string
	}{
		{"woocommerce_order_created.json", "order.created", "+6281234567890"},
		{"woocommerce_order_updated.json", "order.updated", "+14155555555"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			ch, err := ParseWooCommerce(tc.topic, MustReadFixture(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if err := ch.Order.Normalize("ID", now); err != nil {
				t.Fatal(err)
			}
			if got := ch.Order.Customer.Phone; got != tc.wantPhone {
				t.Errorf("phone = %q, want %q", got, tc.wantPhone)
			}
		})
	}
}

func FuzzParseWooCommerce(f *testing.F) {
	for _, fx := range wooFixtures {
		f.Add(fx.topic, MustReadFixture(f, fx.file))
	}
	f.Add("", []byte("webhook_id=3"))
	f.Add("order.updated", []byte(`{"id":1,"currency":"IDR","date_created_gmt":"2024-05-14T03:21:37","line_items":[{"quantity":-3,"subtotal":"-10","price":1.005}]}`))
	f.Fuzz(func(t *testing.T, topic string, body []byte) {
		ch, err := ParseWooCommerce(topic, body)
		checkChange(t, SourceWooCommerce, ch, err)
		if err == nil && ch == nil && !isWooPing(body) {
			t.Fatal("nil change without an error for a body that is not a ping")
		}
		if ch != nil && ch.Shipment != nil {
			t.Fatal("WooCommerce sent a lone shipment")
		}
	})
}
