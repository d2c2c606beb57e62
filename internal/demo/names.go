package demo

// An ethnicity is where a customer's name comes from, and where they are
// likely to live. Names follow each region's habits: Batak and Minahasa
// family names, Minang clan names, Balinese birth-order names, Javanese
// patronym-like second names, Indonesianised Chinese family names.
type ethnicity struct {
	weight       float64
	male, female []string
	family       []string // family or second names for men (and women when femaleFamily is empty)
	femaleFamily []string
	cities       []string // where most of them live; the rest are spread like everyone else
	singleName   float64  // share with one name only, as many older Javanese have
	english      float64  // share who read English rather than Indonesian
}

var ethnicities = []ethnicity{
	{ // Javanese
		weight: 32,
		male: []string{"Budi", "Agus", "Joko", "Bambang", "Slamet", "Eko", "Dwi", "Teguh", "Wahyu", "Hadi", "Bagus",
			"Aris", "Yudi", "Heru", "Sigit", "Arief", "Rudi", "Didik", "Anton", "Gatot", "Bayu", "Galih", "Dimas",
			"Yoga", "Adi", "Rizky", "Sutrisno", "Purwanto", "Hendro", "Prasetya"},
		female: []string{"Sri", "Siti", "Dewi", "Wulan", "Endang", "Rini", "Tri", "Ratna", "Sari", "Yuni", "Ayu",
			"Kartika", "Dyah", "Retno", "Puspita", "Ningsih", "Indah", "Putri", "Novi", "Fitri", "Sumiati", "Wening",
			"Anjani", "Larasati"},
		family: []string{"Santoso", "Wibowo", "Prasetyo", "Nugroho", "Setiawan", "Susanto", "Hartono", "Kurniawan",
			"Purnomo", "Wijayanto", "Saputro", "Haryanto", "Sulistyo", "Utomo", "Widodo", "Suryadi", "Pamungkas",
			"Hidayat", "Pratomo", "Hermawan", "Suharjo", "Raharjo"},
		femaleFamily: []string{"Rahayu", "Lestari", "Handayani", "Utami", "Wulandari", "Susanti", "Puspitasari",
			"Kusumawati", "Rahmawati", "Pratiwi", "Anggraeni", "Wahyuni", "Setyaningsih", "Kurniasih", "Maharani",
			"Widyastuti", "Hapsari"},
		cities:     []string{"Surabaya", "Semarang", "Kota Yogyakarta", "Sleman", "Surakarta", "Malang", "Jakarta Timur", "Bekasi", "Depok"},
		singleName: 0.04,
		english:    0.04,
	},
	{ // Sundanese
		weight: 15,
		male: []string{"Asep", "Ujang", "Dadang", "Cecep", "Iwan", "Yayan", "Deden", "Dedi", "Ade", "Jajang",
			"Rahmat", "Hendra", "Yusuf", "Ridwan", "Agus", "Dani", "Ilham", "Rendi", "Gilang", "Fajar"},
		female: []string{"Euis", "Neneng", "Imas", "Rina", "Nenden", "Lilis", "Yanti", "Nining", "Elis", "Dewi",
			"Intan", "Siti", "Rosita", "Tati", "Wida", "Nurul", "Sinta"},
		family: []string{"Sunarya", "Suryana", "Permana", "Hidayat", "Ramdani", "Gunawan", "Kusnadi", "Sudrajat",
			"Kartasasmita", "Wiradinata", "Setiadi", "Sukmana", "Supriatna", "Nugraha", "Mulyana", "Saepudin",
			"Rustandi", "Kurnia"},
		femaleFamily: []string{"Nurjanah", "Sulastri", "Rosmiati", "Komalasari", "Suryani", "Herawati",
			"Nurhasanah", "Kurniasih", "Rahmawati", "Permatasari", "Mulyani"},
		cities:  []string{"Bandung", "Bogor", "Depok", "Bekasi", "Jakarta Selatan", "Tangerang Selatan"},
		english: 0.04,
	},
	{ // Indonesian names heard everywhere
		weight: 15,
		male: []string{"Muhammad Rizky", "Ahmad Fauzi", "Dimas", "Rizky", "Aditya", "Fajar", "Reza", "Bayu",
			"Raka", "Arya", "Farhan", "Ilham", "Fikri", "Hafiz", "Naufal", "Rafi", "Alif", "Irfan", "Ryan", "Kevin",
			"Muhammad Iqbal", "Yoga", "Andika"},
		female: []string{"Putri", "Ayu", "Nabila", "Salsabila", "Aisyah", "Annisa", "Intan", "Indah", "Kartika",
			"Nadia", "Nur Aini", "Zahra", "Aulia", "Syifa", "Amelia", "Rahma", "Dinda", "Tiara", "Cahya", "Anisa",
			"Citra", "Shinta"},
		family: []string{"Pratama", "Ramadhan", "Saputra", "Hidayat", "Firmansyah", "Maulana", "Nugraha",
			"Syahputra", "Hakim", "Akbar", "Kurniawan", "Prakoso", "Wicaksono", "Fadillah", "Rahman", "Setiawan",
			"Hermawan"},
		femaleFamily: []string{"Permatasari", "Anggraini", "Safitri", "Ramadhani", "Kurniawati", "Maharani",
			"Putri", "Fitriani", "Rahmawati", "Amalia", "Oktaviani", "Febrianti", "Azzahra", "Lestari", "Wulandari"},
		english: 0.10,
	},
	{ // Batak (Toba, Mandailing, Karo)
		weight: 7,
		male: []string{"Tigor", "Maruli", "Hotman", "Togar", "Lamhot", "Roy", "Daniel", "Jonathan", "Samuel", "Bonar",
			"Parulian", "Rudolf", "Hendrik", "Sahat", "Poltak", "Marihot", "Benny", "Fernando", "Ucok", "Rizal"},
		female: []string{"Sondang", "Rina", "Yohana", "Ruth", "Debora", "Maria", "Lusiana", "Tiurma", "Rotua",
			"Helena", "Rosmauli", "Friska", "Nurhayati", "Evi", "Lenny", "Martha"},
		family: []string{"Siregar", "Nasution", "Simanjuntak", "Hutapea", "Sitompul", "Situmorang", "Simatupang",
			"Panjaitan", "Harahap", "Lubis", "Sinaga", "Manurung", "Pardede", "Sihombing", "Tambunan", "Hutagalung",
			"Silalahi", "Napitupulu", "Sitorus", "Pasaribu", "Marpaung", "Damanik", "Ginting", "Tarigan", "Sembiring"},
		cities:  []string{"Medan", "Medan", "Pekanbaru", "Jakarta Timur", "Bekasi", "Batam"},
		english: 0.06,
	},
	{ // Minangkabau
		weight: 6,
		male: []string{"Rizal", "Hendra", "Yusuf", "Fauzi", "Zulkifli", "Afrizal", "Irwan", "Nofri", "Yuliandri",
			"Dodi", "Syafri", "Andri", "Fikri", "Gusrizal", "Ilham", "Rahmat", "Zulhendri"},
		female: []string{"Rahmi", "Yenni", "Fitri", "Nofita", "Yulia", "Mega", "Suci", "Desi", "Elvi", "Zurnita",
			"Rika", "Vivi", "Yelfi", "Mardiana"},
		family: []string{"Chaniago", "Piliang", "Tanjung", "Sikumbang", "Koto", "Jambak", "Guci", "Syofyan",
			"Putra", "Syahputra", "Datuk", "Malik", "Caniago"},
		femaleFamily: []string{"Chaniago", "Piliang", "Tanjung", "Sikumbang", "Koto", "Putri", "Yanti", "Syofyan"},
		cities:       []string{"Padang", "Padang", "Pekanbaru", "Jakarta Pusat", "Jakarta Barat", "Batam"},
		english:      0.04,
	},
	{ // Chinese-Indonesian
		weight: 9,
		male: []string{"Kevin", "Steven", "Hendra", "Yohanes", "Felix", "Michael", "William", "Christopher", "Jonathan",
			"Vincent", "Hendrik", "Andy", "Ricky", "Edward", "Alvin", "Darren", "Jason", "Ferry", "Budi", "Hartono"},
		female: []string{"Jessica", "Vanessa", "Cindy", "Melisa", "Stefanie", "Natalia", "Angelina", "Cynthia",
			"Felicia", "Jennifer", "Grace", "Olivia", "Michelle", "Yenny", "Lily", "Meiliana", "Sherly", "Evelyn"},
		family: []string{"Tanoto", "Halim", "Gunawan", "Salim", "Wijaya", "Santoso", "Hartanto", "Tanuwijaya",
			"Sugianto", "Lim", "Tan", "Liem", "Kusuma", "Setiadi", "Susanto", "Hendrawan", "Tjandra", "Widjaja", "Lie",
			"Oei", "Gozali", "Tjahjadi", "Sutanto", "Chandra", "Wongso", "Limantara"},
		cities:  []string{"Jakarta Barat", "Jakarta Utara", "Medan", "Surabaya", "Pontianak", "Tangerang", "Semarang", "Batam"},
		english: 0.22,
	},
	{ // Balinese: the birth-order name comes first
		weight: 4,
		male:   []string{"I Wayan", "I Made", "I Nyoman", "I Ketut", "I Gede", "I Putu", "I Komang", "I Kadek"},
		female: []string{"Ni Luh", "Ni Made", "Ni Nyoman", "Ni Ketut", "Ni Putu", "Ni Komang", "Ni Kadek", "Ni Wayan"},
		family: []string{"Sudarsana", "Suardana", "Arimbawa", "Wirawan", "Sukadana", "Budiasa", "Mahendra", "Adnyana",
			"Santika", "Artawan", "Sedana", "Astawa", "Yasa", "Darmawan", "Suparta", "Wiguna"},
		femaleFamily: []string{"Ayu Lestari", "Sri Wahyuni", "Suryani", "Sukarini", "Ariani", "Widiastuti",
			"Puspawati", "Sekarini", "Eka Pratiwi", "Ratna Dewi", "Ayu Sukmawati"},
		cities:  []string{"Denpasar", "Denpasar", "Badung"},
		english: 0.12,
	},
	{ // Bugis and Makassar
		weight: 5,
		male: []string{"Andi", "Muhammad", "Ahmad", "Syamsul", "Rahman", "Irfan", "Arief", "Hasanuddin", "Amiruddin",
			"Syahrir", "Baharuddin", "Jusuf", "Akbar", "Fadli", "Ashar"},
		female: []string{"Nurul", "Hasnah", "Sitti", "Besse", "Andi", "Ratna", "Hasmawati", "Nurhayati", "Wahida",
			"Fatimah", "Asriani", "Musdalifah", "Irma"},
		family: []string{"Mattalatta", "Pawallangi", "Sulaiman", "Hamzah", "Rauf", "Makkulau", "Mappiare", "Latief",
			"Syarifuddin", "Rasyid", "Palallo", "Bachtiar", "Basri", "Tenriawaru"},
		cities:  []string{"Makassar", "Makassar", "Balikpapan", "Samarinda"},
		english: 0.04,
	},
	{ // Minahasa (Manado)
		weight: 3,
		male: []string{"Jeffry", "Ronald", "Stevie", "Frangky", "Jerry", "Rio", "Herman", "Hendrik", "Reinhard",
			"Alfred", "Marcel", "Jimmy"},
		female: []string{"Grace", "Meiske", "Natalia", "Sharon", "Christie", "Inggrid", "Yuanita", "Priscilla",
			"Febriyanti", "Nova", "Vanny"},
		family: []string{"Lumempouw", "Sondakh", "Rondonuwu", "Tumbelaka", "Wenas", "Pangemanan", "Mandagi", "Kaunang",
			"Tambayong", "Worang", "Rumengan", "Lontoh", "Sumampouw", "Mamahit", "Tangkilisan", "Supit"},
		cities:  []string{"Manado", "Manado", "Jakarta Selatan", "Makassar"},
		english: 0.15,
	},
	{ // Malay and Banjar Sumatra and Kalimantan
		weight: 4,
		male: []string{"Syahrul", "Zainal", "Fadlan", "Hafizh", "Rahmadi", "Taufik", "Junaidi", "Herman", "Mahyudin",
			"Rusli", "Darmawan", "Hamdani"},
		female: []string{"Noor", "Rusmini", "Aida", "Halimah", "Norhayati", "Mariani", "Raudah", "Zubaidah",
			"Rahmah", "Laila", "Salmah"},
		family: []string{"Syahrani", "Rusdi", "Saputra", "Hamid", "Arsyad", "Effendi", "Ismail", "Zulkarnain",
			"Yusran", "Anshari", "Noor"},
		cities:  []string{"Banjarmasin", "Pontianak", "Palembang", "Pekanbaru", "Samarinda", "Batam"},
		english: 0.04,
	},
}

// A city is where parcels go: its province, postal codes, how far it is
// from the shop's warehouse in Jakarta and the hubs a parcel passes.
type city struct {
	name, province string
	postal         [2]int
	weight         float64
	zone           int // 0 Jabodetabek, 1 Java, 2 Bali and Sumatra, 3 Kalimantan and Sulawesi
	areas          []string
	via            string // the transit hub between Jakarta and the city's own, if any
}

var cities = []city{
	{"Jakarta Selatan", "DKI Jakarta", [2]int{12110, 12950}, 9, 0, []string{"Kebayoran Baru", "Tebet", "Pancoran", "Cilandak", "Mampang Prapatan", "Pasar Minggu"}, ""},
	{"Jakarta Barat", "DKI Jakarta", [2]int{11110, 11850}, 7, 0, []string{"Grogol Petamburan", "Kebon Jeruk", "Palmerah", "Cengkareng", "Taman Sari", "Kembangan"}, ""},
	{"Jakarta Timur", "DKI Jakarta", [2]int{13110, 13960}, 8, 0, []string{"Jatinegara", "Duren Sawit", "Cakung", "Pulo Gadung", "Matraman", "Ciracas"}, ""},
	{"Jakarta Utara", "DKI Jakarta", [2]int{14110, 14470}, 5, 0, []string{"Kelapa Gading", "Penjaringan", "Tanjung Priok", "Koja", "Pademangan"}, ""},
	{"Jakarta Pusat", "DKI Jakarta", [2]int{10110, 10750}, 4, 0, []string{"Menteng", "Tanah Abang", "Gambir", "Kemayoran", "Cempaka Putih"}, ""},
	{"Bekasi", "Jawa Barat", [2]int{17111, 17149}, 7, 0, []string{"Bekasi Selatan", "Bekasi Barat", "Rawalumbu", "Jatiasih", "Bekasi Utara"}, ""},
	{"Depok", "Jawa Barat", [2]int{16411, 16519}, 5, 0, []string{"Beji", "Pancoran Mas", "Sukmajaya", "Cimanggis", "Limo"}, ""},
	{"Bogor", "Jawa Barat", [2]int{16111, 16169}, 4, 0, []string{"Bogor Tengah", "Bogor Utara", "Tanah Sareal", "Bogor Barat"}, ""},
	{"Tangerang Selatan", "Banten", [2]int{15310, 15419}, 6, 0, []string{"Serpong", "Ciputat", "Pamulang", "Pondok Aren", "Serpong Utara"}, ""},
	{"Tangerang", "Banten", [2]int{15111, 15148}, 4, 0, []string{"Karawaci", "Cipondoh", "Cibodas", "Ciledug"}, ""},
	{"Bandung", "Jawa Barat", [2]int{40111, 40295}, 7, 1, []string{"Coblong", "Sukajadi", "Buahbatu", "Cicendo", "Lengkong", "Antapani"}, ""},
	{"Semarang", "Jawa Tengah", [2]int{50111, 50275}, 4, 1, []string{"Semarang Tengah", "Banyumanik", "Tembalang", "Candisari", "Gajahmungkur"}, ""},
	{"Surakarta", "Jawa Tengah", [2]int{57111, 57177}, 2, 1, []string{"Laweyan", "Banjarsari", "Jebres", "Pasar Kliwon"}, "Semarang"},
	{"Kota Yogyakarta", "DI Yogyakarta", [2]int{55111, 55282}, 3, 1, []string{"Gondokusuman", "Umbulharjo", "Mergangsan", "Jetis", "Kotagede"}, ""},
	{"Sleman", "DI Yogyakarta", [2]int{55511, 55584}, 2, 1, []string{"Depok", "Mlati", "Ngaglik", "Gamping"}, "Yogyakarta"},
	{"Surabaya", "Jawa Timur", [2]int{60111, 60299}, 7, 1, []string{"Gubeng", "Wonokromo", "Sukolilo", "Tegalsari", "Rungkut", "Wiyung"}, ""},
	{"Malang", "Jawa Timur", [2]int{65111, 65148}, 3, 1, []string{"Klojen", "Lowokwaru", "Blimbing", "Sukun"}, "Surabaya"},
	{"Denpasar", "Bali", [2]int{80111, 80239}, 3, 2, []string{"Denpasar Selatan", "Denpasar Barat", "Denpasar Timur", "Denpasar Utara"}, "Surabaya"},
	{"Badung", "Bali", [2]int{80351, 80364}, 2, 2, []string{"Kuta", "Kuta Utara", "Kuta Selatan", "Mengwi"}, "Denpasar"},
	{"Medan", "Sumatera Utara", [2]int{20111, 20371}, 5, 2, []string{"Medan Baru", "Medan Petisah", "Medan Johor", "Medan Sunggal", "Medan Helvetia"}, ""},
	{"Padang", "Sumatera Barat", [2]int{25111, 25176}, 2, 2, []string{"Padang Barat", "Padang Utara", "Kuranji", "Lubuk Begalung"}, ""},
	{"Palembang", "Sumatera Selatan", [2]int{30111, 30267}, 3, 2, []string{"Ilir Timur I", "Ilir Barat I", "Seberang Ulu I", "Sukarami"}, ""},
	{"Pekanbaru", "Riau", [2]int{28111, 28294}, 2, 2, []string{"Sukajadi", "Tampan", "Marpoyan Damai", "Bukit Raya"}, ""},
	{"Batam", "Kepulauan Riau", [2]int{29411, 29469}, 2, 2, []string{"Batam Kota", "Lubuk Baja", "Batu Aji", "Sekupang"}, ""},
	{"Makassar", "Sulawesi Selatan", [2]int{90111, 90245}, 3, 3, []string{"Panakkukang", "Rappocini", "Tamalate", "Mariso", "Biringkanaya"}, "Surabaya"},
	{"Manado", "Sulawesi Utara", [2]int{95111, 95256}, 1.5, 3, []string{"Wenang", "Malalayang", "Tikala", "Sario"}, "Makassar"},
	{"Balikpapan", "Kalimantan Timur", [2]int{76111, 76136}, 2, 3, []string{"Balikpapan Kota", "Balikpapan Selatan", "Balikpapan Utara"}, "Surabaya"},
	{"Samarinda", "Kalimantan Timur", [2]int{75111, 75251}, 1.5, 3, []string{"Samarinda Ulu", "Sungai Pinang", "Samarinda Kota"}, "Balikpapan"},
	{"Pontianak", "Kalimantan Barat", [2]int{78111, 78244}, 1.5, 3, []string{"Pontianak Kota", "Pontianak Selatan", "Pontianak Barat"}, ""},
	{"Banjarmasin", "Kalimantan Selatan", [2]int{70111, 70249}, 1.5, 3, []string{"Banjarmasin Tengah", "Banjarmasin Utara", "Banjarmasin Selatan"}, "Surabaya"},
}

var streets = []string{"Jl. Jend. Sudirman", "Jl. Gatot Subroto", "Jl. Diponegoro", "Jl. Ahmad Yani", "Jl. Pemuda",
	"Jl. Gajah Mada", "Jl. Hayam Wuruk", "Jl. Merdeka", "Jl. Pahlawan", "Jl. Veteran", "Jl. Cempaka", "Jl. Melati",
	"Jl. Mawar", "Jl. Kenanga", "Jl. Flamboyan", "Jl. Anggrek", "Jl. Dr. Sutomo", "Jl. Imam Bonjol",
	"Jl. Teuku Umar", "Jl. Kartini", "Jl. Cut Nyak Dien", "Jl. Ki Hajar Dewantara", "Jl. Sisingamangaraja",
	"Jl. Pattimura", "Jl. Sultan Hasanuddin", "Jl. Raya Bogor", "Jl. Mangga Dua", "Jl. Kebon Jeruk",
	"Jl. Nusantara", "Jl. Melawai", "Jl. Wahid Hasyim", "Jl. Dewi Sartika"}

var housing = []string{"Perumahan Griya Asri", "Perumahan Bumi Indah", "Komplek Permata Hijau", "Perumahan Taman Sari",
	"Cluster Green Residence", "Perumahan Villa Mutiara", "Komplek Puri Kencana", "Perumahan Citra Garden"}

// emailDomains are where Indonesians keep their mail.
var emailDomains = []struct {
	name   string
	weight float64
}{
	{"gmail.com", 62}, {"yahoo.co.id", 10}, {"yahoo.com", 8}, {"hotmail.com", 4}, {"outlook.com", 4},
	{"icloud.com", 4}, {"ymail.com", 2}, {"live.com", 2}, {"rocketmail.com", 1},
}

// mobilePrefixes are Indonesian operators' mobile prefixes (Telkomsel,
// Indosat, XL, Tri, Smartfren, Axis), written nationally.
var mobilePrefixes = []string{"0811", "0812", "0813", "0821", "0822", "0852", "0853", "0814", "0815", "0816",
	"0855", "0856", "0857", "0858", "0817", "0818", "0819", "0859", "0877", "0878", "0895", "0896", "0897",
	"0898", "0899", "0881", "0882", "0887", "0888", "0831", "0832", "0838"}
