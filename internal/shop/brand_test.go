package shop_test

import (
	"reflect"
	"testing"

	"github.com/purnajual/purna/internal/shop"
)

func TestBrandLinks(t *testing.T) {
	b := shop.Brand{WhatsApp: "+62 812-3456-7890", Social: map[string]string{
		"tokopedia": "https://tokopedia.com/toko", "instagram": "https://instagram.com/toko",
		"blog": "https://toko.example/blog", "evil": "javascript:alert(1)", "old": "http://toko.example"}}
	want := []shop.SocialLink{{"Blog", "https://toko.example/blog"}, {"Instagram", "https://instagram.com/toko"},
		{"Tokopedia", "https://tokopedia.com/toko"}}
	if got := b.SocialLinks(); !reflect.DeepEqual(got, want) {
		t.Errorf("SocialLinks = %v, want %v", got, want)
	}
	if got := b.WhatsAppURL(); got != "https://wa.me/6281234567890" {
		t.Errorf("WhatsAppURL = %q", got)
	}
	if got := (shop.Brand{WhatsApp: "n/a"}).WhatsAppURL(); got != "" {
		t.Errorf("WhatsAppURL without digits = %q", got)
	}
}
