package demo

import (
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
)

// The catalogue's categories, as the merchant names them.
const (
	Electronics = "Elektronik"
	Appliances  = "Peralatan Rumah Tangga"
	Fashion     = "Fashion"
	SpareParts  = "Suku Cadang & Aksesori"
)

// newShop returns the demo shop, created at created.
func newShop(created time.Time) *shop.Shop {
	hours := make([]shop.SupportHours, 0, 6)
	for wd := 1; wd <= 6; wd++ { // Monday to Saturday
		hours = append(hours, shop.SupportHours{Weekday: wd, Opens: "09:00", Closes: "17:00"})
	}
	return &shop.Shop{
		ID:       purna.NewID(created),
		Name:     "Toko Purna Elektronik",
		Locale:   "id",
		Currency: "IDR",
		Timezone: "Asia/Jakarta",
		Country:  "ID",
		Brand: shop.Brand{
			Color:        "#0F766E",
			ContactEmail: "halo@tokopurna.id",
			Phone:        "+622129345678",
			WhatsApp:     "+6281190012345",
			Social: map[string]string{
				"instagram": "https://instagram.com/tokopurna.id",
				"tiktok":    "https://www.tiktok.com/@tokopurna.id",
			},
		},
		SupportHours: hours,
		CreatedAt:    created,
		UpdatedAt:    created,
	}
}

// item is a catalogue entry with what the generator needs to sell it.
type item struct {
	product.Input
	weight float64 // how often it sells, relative to its category
	bulky  bool    // ships by cargo, costs more to send
	serial string  // the serial number prefix, for serialized products
}

// rp is an amount of rupiah in IDR minor units (ISO 4217 gives IDR two
// decimals, so Rp 1.000 is 100000).
func rp(rupiah int64) int64 { return rupiah * 100 }

func electronics(sku, name string, price int64, weight float64, serial string) item {
	return item{Input: product.Input{SKU: sku, Name: name, Category: Electronics, Price: rp(price),
		WarrantyMonths: 12, ReturnWindowDays: 7, Serialized: true}, weight: weight, serial: serial}
}

func appliance(sku, name string, price int64, weight float64, every int, serial, slug, howto string) item {
	return item{Input: product.Input{SKU: sku, Name: name, Category: Appliances, Price: rp(price),
		WarrantyMonths: 24, ReturnWindowDays: 7, MaintenanceDays: every, Serialized: true,
		HowToURL: "https://tokopurna.id/panduan/" + slug, HowToText: howto}, weight: weight, serial: serial}
}

func fashion(sku, name string, price int64, weight float64) item {
	return item{Input: product.Input{SKU: sku, Name: name, Category: Fashion, Price: rp(price),
		ReturnWindowDays: 30}, weight: weight}
}

func spare(sku, name string, price int64, weight float64, fits ...string) item {
	return item{Input: product.Input{SKU: sku, Name: name, Category: SpareParts, Price: rp(price),
		ReturnWindowDays: 7, SparePartFor: fits}, weight: weight}
}

// catalog is what the shop sells, at 2025 street prices in rupiah.
func catalog() []item {
	items := []item{
		electronics("HP-SAM-A15", "Samsung Galaxy A15 8/256GB", 2_999_000, 9, "R9A"),
		electronics("HP-XMI-RN13", "Xiaomi Redmi Note 13 8/256GB", 2_899_000, 10, "XRN"),
		electronics("HP-OPPO-R11F", "OPPO Reno11 F 5G 8/256GB", 4_999_000, 5, "OPR"),
		electronics("HP-VIVO-V30E", "vivo V30e 8/256GB", 4_499_000, 4, "VVE"),
		electronics("TWS-SAM-BFE", "Samsung Galaxy Buds FE", 1_299_000, 7, "R3B"),
		electronics("TWS-BAS-E3", "Baseus Bowie E3 TWS Earbuds", 399_000, 12, "BSE"),
		electronics("TWS-JBL-WB", "JBL Wave Beam TWS", 899_000, 8, "JWB"),
		electronics("SW-XMI-RW4", "Xiaomi Redmi Watch 4", 1_199_000, 7, "XRW"),
		electronics("SW-SAM-GW6", "Samsung Galaxy Watch6 40mm", 3_499_000, 3, "R9W"),
		electronics("LP-ASUS-VB14", "ASUS Vivobook 14 A1404 (Core i5, 16GB, 512GB SSD)", 9_499_000, 3, "ASV"),
		electronics("LP-LNV-IPS5", "Lenovo IdeaPad Slim 5 (Ryzen 7, 16GB, 1TB SSD)", 12_999_000, 2, "LIP"),
		electronics("LP-ACER-SG14", "Acer Swift Go 14 OLED (Core Ultra 5, 16GB)", 14_499_000, 1.5, "ASG"),
		electronics("PB-ANK-20K", "Anker PowerCore 20.000 mAh", 549_000, 8, "ANK"),
		electronics("SPK-JBL-FLIP6", "JBL Flip 6 Speaker Bluetooth", 1_699_000, 4, "JFL"),

		appliance("AP-SHARP-J40", "Sharp Air Purifier FP-J40Y", 1_899_000, 6, 90, "SHP", "air-purifier-sharp-fp-j40y",
			"Bersihkan pre-filter dengan penyedot debu setiap 2 minggu. Ganti filter HEPA bila lampu indikator menyala, "+
				"umumnya 1-2 tahun. Letakkan 30 cm dari dinding agar aliran udara lancar."),
		appliance("AP-XMI-4L", "Xiaomi Smart Air Purifier 4 Lite", 1_599_000, 7, 180, "XAP", "air-purifier-xiaomi-4-lite",
			"Ganti filter HEPA setiap 6 bulan atau saat aplikasi Mi Home memberi tahu. Lepas penutup bawah, "+
				"putar filter lama berlawanan arah jarum jam, pasang filter baru, lalu reset umur filter di aplikasi."),
		appliance("WD-SNK-C600", "Sanken Dispenser Galon Bawah HWD-C600", 2_499_000, 5, 90, "SKD", "dispenser-sanken-hwd-c600",
			"Kuras tangki air panas dan dingin setiap 3 bulan lewat keran pembuangan di belakang. "+
				"Ganti filter karbon setiap 3 bulan agar air tetap jernih dan tidak berbau."),
		appliance("WF-PUREIT-9L", "Pureit Classic 9L Water Purifier", 699_000, 6, 180, "PUR", "pureit-classic-9l",
			"Ganti Germkill Kit setelah 1.500 liter atau saat indikator penuh. Cuci wadah atas dan bawah dengan air "+
				"bersih setiap bulan; jangan gunakan sabun pada filter."),
		appliance("AC-DKN-FTKQ25", "Daikin AC Split 1 PK FTKQ25 Standard", 4_799_000, 5, 90, "DKN", "ac-daikin-ftkq25",
			"Cuci filter udara setiap 2 minggu. Servis (cuci AC) oleh teknisi setiap 3 bulan agar dingin tetap maksimal "+
				"dan hemat listrik. Atur suhu 24-26°C."),
		appliance("AC-PNS-PN5", "Panasonic AC Split 1/2 PK CS-PN5WKJ", 3_599_000, 5, 90, "PNS", "ac-panasonic-cs-pn5",
			"Bersihkan filter setiap 2 minggu dan jadwalkan cuci AC setiap 3 bulan. Bila unit meneteskan air, "+
				"periksa saluran pembuangan sebelum memanggil teknisi."),
		appliance("WM-LG-FL8", "LG Mesin Cuci Front Loading 8 kg FV1408S4W", 5_999_000, 3, 180, "LGW", "mesin-cuci-lg-fv1408",
			"Jalankan program Tub Clean setiap bulan tanpa pakaian. Bersihkan filter pompa dan laci deterjen setiap "+
				"6 bulan. Biarkan pintu sedikit terbuka setelah mencuci."),
		appliance("WM-SHARP-2T9", "Sharp Mesin Cuci 2 Tabung 9 kg ES-T95CR", 2_199_000, 4, 180, "SHW", "mesin-cuci-sharp-es-t95cr",
			"Bersihkan filter serabut setelah setiap pencucian. Periksa selang masuk dan buang setiap 6 bulan, "+
				"ganti bila retak atau getas."),
		appliance("VC-XMI-S10", "Xiaomi Robot Vacuum S10", 3_299_000, 4, 90, "XRV", "robot-vacuum-xiaomi-s10",
			"Kosongkan wadah debu setelah dipakai. Bersihkan sikat utama setiap minggu dan ganti sikat serta filter "+
				"setiap 3 bulan. Perbarui peta lewat aplikasi bila perabot dipindah."),

		fashion("BTK-PRG-LP", "Kemeja Batik Parang Lengan Panjang Pria", 289_000, 8),
		fashion("BTK-MGM-LS", "Kemeja Batik Mega Mendung Lengan Pendek", 229_000, 9),
		fashion("BTK-KWG-BLS", "Blus Batik Kawung Wanita", 249_000, 8),
		fashion("SNK-CMP-GZL", "Sneakers Compass Gazelle Low Black White", 598_000, 7),
		fashion("SNK-VTL-PUB", "Sneakers Ventela Public Low Black", 299_000, 8),
		fashion("HJB-VOAL-SE", "Hijab Segi Empat Voal Motif", 89_000, 12),
		fashion("HJB-PSM-CRT", "Pashmina Ceruty Babydoll", 69_000, 12),
		fashion("TAS-TOTE-KNV", "Tas Tote Kanvas Motif Tenun", 179_000, 7),
		fashion("TAS-SLG-KLT", "Tas Selempang Kulit Sintetis", 259_000, 6),

		spare("SP-HEPA-J40", "Filter HEPA Sharp FZ-J40HFE", 449_000, 6, "AP-SHARP-J40"),
		spare("SP-HEPA-XM4L", "Filter HEPA Xiaomi Air Purifier 4 Lite", 399_000, 7, "AP-XMI-4L"),
		spare("SP-CRB-C600", "Filter Karbon Dispenser Sanken", 129_000, 5, "WD-SNK-C600"),
		spare("SP-GKK-PUR", "Pureit Germkill Kit 1500 L", 289_000, 6, "WF-PUREIT-9L"),
		spare("SP-RMT-AC", "Remote AC Daikin & Panasonic Original", 79_000, 4, "AC-DKN-FTKQ25", "AC-PNS-PN5"),
		spare("SP-CHG-25W", "Charger Samsung 25W USB-C Super Fast", 249_000, 8, "HP-SAM-A15", "SW-SAM-GW6", "TWS-SAM-BFE"),
		spare("SP-CHG-65W", "Charger Laptop USB-C 65W GaN", 399_000, 4, "LP-ASUS-VB14", "LP-LNV-IPS5", "LP-ACER-SG14"),
		spare("SP-BRS-S10", "Kit Sikat & Filter Robot Vacuum S10", 199_000, 4, "VC-XMI-S10"),
		spare("SP-HOSE-WM", "Selang Inlet Mesin Cuci 1,5 m", 65_000, 3, "WM-LG-FL8", "WM-SHARP-2T9"),
		spare("SP-CASE-A15", "Casing Silikon Galaxy A15", 59_000, 6, "HP-SAM-A15"),
		spare("SP-CASE-RN13", "Casing Silikon Redmi Note 13", 49_000, 6, "HP-XMI-RN13"),
	}
	for i := range items {
		switch items[i].SKU {
		case "AC-DKN-FTKQ25", "AC-PNS-PN5", "WM-LG-FL8", "WM-SHARP-2T9":
			items[i].bulky = true
		}
	}
	return items
}
