package upload

import (
	"strings"
	"testing"
)

func TestSanitizeFilename(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"IMG_0001.JPG", "IMG_0001.JPG"},
		{`C:\Users\ana\Desktop\bon fiscal.pdf`, "bon fiscal.pdf"},
		{"../../etc/passwd", "passwd"},
		{"..", "upload"},
		{"", "upload"},
		{"photo\u202egpj.exe", "photogpj.exe"},
		{"a\x00b\nc\td", "ab c d"},
		{"  .hidden  ", "hidden"},
		{"facture été 2026.pdf", "facture été 2026.pdf"},
		{"garanție_ștampilă.pdf", "garanție_ștampilă.pdf"},
		{"写真.jpg", "写真.jpg"},
		{`report:"final"?.pdf`, "report__final__.pdf"},
		{"\xff\xfe.png", "png"},
		{strings.Repeat("ș", 200) + ".pdf", strings.Repeat("ș", 116) + ".pdf"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			if got := SanitizeFilename(tc.in); got != tc.want {
				t.Errorf("SanitizeFilename(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestWithExtension(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, ct, want string }{
		{"scan.pdf", PNG, "scan.png"},
		{"IMG_1.JPEG", JPEG, "IMG_1.JPEG"},
		{"IMG_1.jfif", JPEG, "IMG_1.jfif"},
		{"photo", WebP, "photo.webp"},
		{"IMG 12.05.2024", JPEG, "IMG 12.05.2024.jpg"},
		{"page.html", JPEG, "page.jpg"},
		{"IMG_2.HEIF", HEIC, "IMG_2.HEIF"},
		{strings.Repeat("a", 120), PDF, strings.Repeat("a", 116) + ".pdf"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := withExtension(tc.name, tc.ct); got != tc.want {
				t.Errorf("withExtension(%q, %s) = %q, want %q", tc.name, tc.ct, got, tc.want)
			}
		})
	}
}
