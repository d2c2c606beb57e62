package message

// Parse renders every template against these two samples. fullSample sets
// every field, so each field a template names is looked up; sparseSample
// leaves out all a real message may lack, so unguarded uses of optional
// parts fail.

// fullSample is a message with everything known.
func fullSample(locale string) Data {
	return Data{
		Shop: ShopData{
			Name: "Toko Contoh", LogoURL: "https://example.com/logo.png", Color: "#0F766E",
			ContactEmail: "halo@example.com", Phone: "+622129345678", WhatsAppURL: "https://wa.me/6281190012345",
			Social:       []Link{{Name: "Instagram", URL: "https://instagram.com/example"}},
			SupportHours: "Senin–Sabtu 09.00–17.00",
		},
		Customer: CustomerData{FirstName: "Sari", Name: "Sari Wulandari"},
		Order: &OrderData{
			Number: "#1042", PlacedAt: "2 Nov 2026 10.04",
			Lines: []LineData{
				{Name: "Sharp Air Purifier FP-J40Y", Quantity: 1, Total: "Rp 1.899.000", SKU: "AP-SHARP-J40"},
				{Name: "Filter HEPA FZ-J40HFE", Quantity: 2, Total: "Rp 598.000", SKU: "SP-SHARP-HEPA"},
			},
			Subtotal: "Rp 2.497.000", Shipping: "Rp 25.000", Discount: "-Rp 50.000", Total: "Rp 2.472.000",
			ShippingAddress: "Sari Wulandari, Jl. Melati No. 5, Bandung, Jawa Barat 40115",
		},
		Shipment: &ShipmentData{
			Carrier: "JNE", TrackingNumber: "JNE0123456789", TrackingURL: "https://example.com/t/1042",
			PromisedDate: "5 Nov 2026", EstimatedDate: "7 Nov 2026", DeliveredDate: "6 Nov 2026",
			LatestUpdate: "Tiba di hub · Jakarta Timur", LatestUpdateAt: "5 Nov 2026 08.15",
		},
		Product: &ProductData{
			Name: "Sharp Air Purifier FP-J40Y", HowToURL: "https://example.com/panduan",
			HowToText:    "Bersihkan pre-filter setiap 2 minggu.\n\nGanti filter HEPA bila lampu menyala.",
			WarrantyEnds: "2 Nov 2028", MaintenanceDue: "2 Feb 2027",
		},
		Coupon: &CouponData{Code: "KEMBALI10", Value: "10%", ExpiresDate: "30 Nov 2026"},
		Links: LinksData{
			TrackingPage: "https://example.com/t/1042", Unsubscribe: "https://example.com/u/abc",
			Portal: "https://example.com/p/1042", Review: "https://example.com/r/1042", Store: "https://example.com",
		},
		Locale: locale,
	}
}

// sparseSample is the least a message for key can carry: only the parts
// the key promises, each with only the fields that always have a value.
func sparseSample(key Key, locale string) Data {
	s := specs[key]
	d := Data{Shop: ShopData{Name: "Toko Contoh"}, Locale: locale}
	if s.order {
		d.Order = &OrderData{Number: "#1042", PlacedAt: "2 Nov 2026 10.04", Total: "Rp 1.899.000",
			Lines: []LineData{{Name: "Sharp Air Purifier FP-J40Y", Quantity: 1, Total: "Rp 1.899.000"}}}
	}
	if s.shipment {
		d.Shipment = &ShipmentData{}
	}
	if s.product {
		d.Product = &ProductData{Name: "Sharp Air Purifier FP-J40Y"}
		if s.warrantyEnds {
			d.Product.WarrantyEnds = "2 Nov 2028"
		}
	}
	if s.kind == Marketing {
		d.Links.Unsubscribe = "https://example.com/u/abc"
	}
	return d
}
