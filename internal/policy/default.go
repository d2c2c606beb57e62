package policy

import (
	"maps"
	"slices"
)

// euCountries are the EU member states (ISO 3166-1 alpha-2), where consumer
// law sets a 14-day withdrawal period for distance sales and a 2-year legal
// guarantee of conformity.
var euCountries = []string{
	"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
	"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
}

// Default returns the policy a new shop in country (ISO 3166-1 alpha-2,
// "ID", "RO") starts with. The merchant is expected to review it; these are
// starting points, not legal advice.
//
// Everywhere:
//   - returns count from delivery, the date the customer can check the item;
//   - the customer pays return shipping, and the conditions say the shop pays
//     when the item is damaged or wrong, which is how most small shops work;
//   - refund, exchange and free replacement are offered; store credit is
//     left for the merchant to switch on;
//   - the shop-wide warranty is 0 months, so only products whose catalogue
//     entry has warranty months get one: a shop of clothes gives none, a
//     shop of electronics fills them in per product;
//   - warranties start at delivery, a replacement does not restart them, and
//     registration is not required;
//   - no maintenance until products or overrides set an interval.
//
// In Indonesia (and any country without a rule here) the window is 7 days,
// which is what shoppers know from the big marketplaces, and a faulty item
// is replaced for free within the same 7 days ("garansi tukar baru").
//
// In the EU (Romania among them) the law gives consumers 14 days after
// receipt to withdraw from a distance sale without a reason, and a 2-year
// guarantee of conformity. The window and the free-replacement period are
// 14 days, every product's warranty is at least 24 months (MinMonths), and
// no product or override may shorten a return window below 14 days
// (MinWindowDays). The shop-wide Months is 24 too, so products without
// warranty months of their own are still covered by the legal guarantee.
func Default(country string) Policy {
	p := Policy{
		Returns: Returns{
			WindowDays:              7,
			WindowStart:             FromDelivery,
			Conditions:              maps.Clone(conditionsID),
			NonReturnableCategories: []string{},
			ShippingPaidBy:          CustomerPays,
			Resolutions:             []Resolution{Refund, Exchange, Replacement},
			FreeReplacementDays:     7,
			Reasons:                 DefaultReasons(),
		},
		Warranty: Warranty{
			Start:      WarrantyFromDelivery,
			Covers:     maps.Clone(coversText),
			Extensions: []Extension{},
		},
		Maintenance: Maintenance{Locations: []Location{}},
	}
	if slices.Contains(euCountries, country) {
		p.Returns.WindowDays = 14
		p.Returns.MinWindowDays = 14
		p.Returns.FreeReplacementDays = 14
		p.Returns.Conditions = maps.Clone(conditionsEU)
		p.Warranty.Months = 24
		p.Warranty.MinMonths = 24
	}
	return p
}

// DefaultReasons returns the standard return reasons, labelled in id, en
// and ro. Each call returns a new slice.
func DefaultReasons() []Reason {
	return []Reason{
		{"damaged", Text{"id": "Barang rusak saat diterima", "en": "Arrived damaged", "ro": "Produsul a ajuns deteriorat"}},
		{"wrong_item", Text{"id": "Barang yang dikirim salah", "en": "Wrong item sent", "ro": "Am primit alt produs"}},
		{"not_as_described", Text{"id": "Tidak sesuai deskripsi", "en": "Not as described", "ro": "Nu corespunde descrierii"}},
		{"changed_mind", Text{"id": "Berubah pikiran", "en": "Changed my mind", "ro": "M-am răzgândit"}},
		{"too_small", Text{"id": "Ukuran terlalu kecil", "en": "Too small", "ro": "Prea mic"}},
		{"too_large", Text{"id": "Ukuran terlalu besar", "en": "Too large", "ro": "Prea mare"}},
		{"defective", Text{"id": "Tidak berfungsi atau cacat", "en": "Defective or does not work", "ro": "Defect sau nu funcționează"}},
		{"other", Text{"id": "Lainnya", "en": "Other", "ro": "Alt motiv"}},
	}
}

var conditionsID = Text{
	"id": "Kembalikan barang dalam kondisi seperti saat diterima, lengkap dengan kemasan, label dan aksesorinya. " +
		"Untuk barang rusak atau salah kirim, sertakan video unboxing; ongkos kirim retur kami tanggung.",
	"en": "Send the item back as you received it, with its packaging, tags and accessories. " +
		"For a damaged or wrong item, include an unboxing video; we pay the return shipping.",
	"ro": "Trimite produsul înapoi așa cum l-ai primit, cu ambalajul, etichetele și accesoriile lui. " +
		"Pentru un produs deteriorat sau greșit, atașează un video de la despachetare; noi plătim transportul retur.",
}

var conditionsEU = Text{
	"id": "Anda dapat membatalkan pembelian dalam 14 hari sejak barang diterima tanpa memberi alasan. " +
		"Kembalikan barang lengkap dengan aksesori dan dokumennya; ongkos kirim retur ditanggung pembeli, kecuali barang rusak atau salah kirim.",
	"en": "You may withdraw from the purchase within 14 days of receiving it without giving a reason. " +
		"Return the item complete with its accessories and documents; you pay the return shipping unless the item is faulty or wrong.",
	"ro": "Te poți retrage din cumpărare în 14 zile de la primirea produsului, fără să motivezi decizia. " +
		"Returnează produsul complet, cu accesoriile și documentele lui; transportul retur este plătit de tine, cu excepția produselor defecte sau greșite.",
}

var coversText = Text{
	"id": "Cacat produksi dan kerusakan fungsi pada pemakaian normal. Tidak termasuk kerusakan karena jatuh, cairan, atau perbaikan oleh pihak lain.",
	"en": "Manufacturing defects and faults under normal use. Not covered: damage from drops, liquids, or repairs by others.",
	"ro": "Defecte de fabricație și de funcționare în condiții normale de utilizare. Nu sunt acoperite deteriorările prin cădere, lichide sau reparații făcute de terți.",
}
