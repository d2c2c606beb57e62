package shop

import (
	"maps"
	"slices"
	"strings"
)

// SocialLink is one of the shop's pages elsewhere: a social network or a
// marketplace store.
type SocialLink struct {
	Name string // as people write it: "Instagram", "TikTok", "eMAG"
	URL  string
}

// SocialLinks returns the brand's https links, in the order of their keys,
// each with its display name. Anything else (a javascript: or http URL) is
// left out, so no page or message links to it.
func (b Brand) SocialLinks() []SocialLink {
	var out []SocialLink
	for _, key := range slices.Sorted(maps.Keys(b.Social)) {
		if u := b.Social[key]; strings.HasPrefix(u, "https://") {
			out = append(out, SocialLink{Name: socialName(key), URL: u})
		}
	}
	return out
}

// WhatsAppURL is the wa.me link that opens a chat with the shop's WhatsApp
// number, or "" when it has none.
func (b Brand) WhatsAppURL() string { return WhatsAppLink(b.WhatsApp) }

// WhatsAppLink is the wa.me link that opens a chat with number (any
// punctuation is dropped), or "" for a number without digits.
func WhatsAppLink(number string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, number)
	if digits == "" {
		return ""
	}
	return "https://wa.me/" + digits
}

func socialName(key string) string {
	names := map[string]string{
		"instagram": "Instagram", "tiktok": "TikTok", "facebook": "Facebook", "youtube": "YouTube",
		"x": "X", "twitter": "X", "linkedin": "LinkedIn", "pinterest": "Pinterest", "threads": "Threads",
		"shopee": "Shopee", "tokopedia": "Tokopedia", "emag": "eMAG",
	}
	if n, ok := names[strings.ToLower(key)]; ok {
		return n
	}
	if key == "" {
		return key
	}
	return strings.ToUpper(key[:1]) + key[1:]
}
