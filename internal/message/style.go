package message

import (
	"fmt"
	"html/template"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/purnajual/purna/internal/i18n"
)

// Email clients drop <style> blocks or apply them unevenly, so every
// element of a message carries its own style attribute. Writing those by
// hand in 27 templates would bury the words, so template authors write
// plain tags and inlineStyles adds the house style when a template is
// parsed. It works on the template source, never on rendered data, so a
// customer's "<p>" stays escaped text. Every replacement stays on its line,
// so error messages keep the author's line numbers.

// fontStack is the system font of each platform.
const fontStack = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif"

// Text colours: headings, body, secondary.
const (
	inkStrong = "#111827"
	ink       = "#374151"
	inkMuted  = "#6B7280"
	line      = "#E5E7EB"
	neutral   = "#1F2937" // brand colour of shops without one
	quoteRule = "#D1D5DB" // the rule beside a customer's quoted words
)

var styledTags = strings.NewReplacer(
	"<h1>", `<h1 class="h1" style="margin:0 0 16px;font-family:`+fontStack+`;font-size:26px;line-height:34px;font-weight:700;color:`+inkStrong+`;">`,
	"<h2>", `<h2 style="margin:28px 0 12px;font-family:`+fontStack+`;font-size:18px;line-height:26px;font-weight:700;color:`+inkStrong+`;">`,
	"<p>", `<p style="margin:0 0 16px;font-family:`+fontStack+`;font-size:16px;line-height:26px;color:`+ink+`;">`,
	`<p class="note">`, `<p style="margin:0 0 16px;font-family:`+fontStack+`;font-size:14px;line-height:22px;color:`+inkMuted+`;">`,
	`<p class="eyebrow">`, `<p style="margin:0;font-family:`+fontStack+`;font-size:13px;line-height:20px;font-weight:700;letter-spacing:1px;text-transform:uppercase;color:`+inkMuted+`;">`,
	`<span class="muted">`, `<span style="font-weight:400;color:`+inkMuted+`;">`,
	"<ul>", `<ul style="margin:0 0 16px;padding:0 0 0 22px;font-family:`+fontStack+`;font-size:16px;line-height:26px;color:`+ink+`;">`,
	"<li>", `<li style="margin:0 0 6px;">`,
	"<hr>", `<hr style="margin:24px 0;border:0;border-top:1px solid `+line+`;">`,
	`<table class="facts">`, `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px;border-collapse:separate;background-color:#F9FAFB;border:1px solid `+line+`;border-radius:10px;">`,
	"<th>", `<th align="left" valign="top" style="width:38%;padding:10px 8px 10px 16px;font-family:`+fontStack+`;font-size:14px;line-height:20px;font-weight:400;color:`+inkMuted+`;">`,
	"<td>", `<td valign="top" style="padding:10px 16px 10px 8px;font-family:`+fontStack+`;font-size:14px;line-height:20px;font-weight:600;color:`+inkStrong+`;word-break:break-word;">`,
	`<div class="callout">`, `<div style="margin:0 0 24px;padding:16px 20px 4px;background-color:#F9FAFB;border-left:4px solid {{accent $.Shop.Color}};border-radius:6px;">`,
	`<div class="coupon">`, `<div style="margin:8px 0 24px;padding:20px 20px 4px;text-align:center;border:2px dashed {{accent $.Shop.Color}};border-radius:12px;">`,
	`<span class="code">`, `<span style="display:inline-block;margin:4px 0 8px;font-family:'SFMono-Regular',Menlo,Consolas,monospace;font-size:24px;line-height:32px;font-weight:700;letter-spacing:2px;color:`+inkStrong+`;">`,
	`<a href="`, `<a style="color:{{accent $.Shop.Color}};text-decoration:underline;" href="`,
	// One-click scores: a row of equal cells, one link each. Eleven fit
	// in one row on a 320px screen (about 23px a cell), and each link
	// fills its cell, so the whole cell is the target.
	`<table class="scores">`, `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:4px 0 0;border-collapse:separate;border-spacing:2px 0;table-layout:fixed;">`,
	`<td class="score">`, `<td align="center" valign="middle" bgcolor="#FFFFFF" style="padding:0;background-color:#FFFFFF;border:1px solid {{accent $.Shop.Color}};border-radius:6px;">`,
	`<a class="score" href="`, `<a target="_blank" style="display:block;padding:10px 0;font-family:`+fontStack+`;font-size:15px;line-height:20px;font-weight:700;color:{{accent $.Shop.Color}};text-decoration:none;" href="`,
	// The words at the two ends of a scale, under its scores.
	`<table class="scale">`, `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px;border-collapse:collapse;">`,
	`<td class="scale-low">`, `<td align="left" valign="top" style="width:50%;padding:6px 8px 0 2px;font-family:`+fontStack+`;font-size:13px;line-height:18px;color:`+inkMuted+`;">`,
	`<td class="scale-high">`, `<td align="right" valign="top" style="width:50%;padding:6px 2px 0 8px;font-family:`+fontStack+`;font-size:13px;line-height:18px;color:`+inkMuted+`;">`,
	// A product to review: its picture, when there is one, beside its
	// name and five star links.
	`<table class="product">`, `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;border-collapse:separate;border:1px solid `+line+`;border-radius:10px;">`,
	`<td class="product-image">`, `<td width="88" valign="middle" style="width:88px;padding:16px 0 16px 16px;">`,
	`<img class="product" src="`, `<img width="72" style="display:block;width:72px;max-width:72px;height:auto;border:0;border-radius:8px;outline:none;text-decoration:none;" src="`,
	`<td class="product-body">`, `<td valign="middle" style="padding:14px 16px;font-family:`+fontStack+`;">`,
	`<p class="product-name">`, `<p style="margin:0 0 2px;font-family:`+fontStack+`;font-size:16px;line-height:22px;font-weight:700;color:`+inkStrong+`;word-break:break-word;">`,
	`<p class="stars">`, `<p style="margin:0;white-space:nowrap;">`,
	// ★ is a text symbol, not an emoji, so no client swaps in a picture;
	// amber-600 keeps the 3:1 contrast of a control on white.
	`<a class="star" href="`, `<a target="_blank" style="display:inline-block;padding:0 1px;font-family:Arial,'Segoe UI Symbol',sans-serif;font-size:28px;line-height:36px;color:#D97706;text-decoration:none;" href="`,
	// The customer's own words, quoted whole: a box like the callout, with
	// a grey rule where the callout has the brand's, so the customer's
	// words and the shop's answer read apart. pre-line keeps the single
	// line breaks they typed inside a paragraph.
	`<div class="quote">`, `<div style="margin:0 0 16px;padding:16px 20px 4px;background-color:#F9FAFB;border-left:4px solid `+quoteRule+`;border-radius:6px;">`,
	`<p class="quote-label">`, `<p style="margin:0 0 8px;font-family:`+fontStack+`;font-size:13px;line-height:20px;font-weight:700;color:`+inkMuted+`;">`,
	`<p class="quote-text">`, `<p style="margin:0 0 16px;font-family:`+fontStack+`;font-size:16px;line-height:26px;color:`+ink+`;white-space:pre-line;word-break:break-word;">`,
	// A rating as stars (the stars function), in the star links' amber.
	`<span class="rating" `, `<span style="font-family:Arial,'Segoe UI Symbol',sans-serif;font-size:16px;line-height:20px;font-weight:400;letter-spacing:1px;color:#D97706;" `,
)

// buttonTag is the call-to-action markup authors write:
// <a class="button" href="{{.URL}}">Label</a>, on one line.
var buttonTag = regexp.MustCompile(`<a class="button" href="([^"]*)">(.*?)</a>`)

// button is a bulletproof button: the padded table cell carries the colour,
// so clients that ignore padding on links (Outlook) still show a button.
const button = `<table role="presentation" class="btn" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;border-collapse:separate;"><tr>` +
	`<td align="center" bgcolor="{{accent $.Shop.Color}}" style="border-radius:8px;background-color:{{accent $.Shop.Color}};">` +
	`<a target="_blank" href="%HREF%" style="display:inline-block;padding:14px 28px;font-family:` + fontStack +
	`;font-size:16px;line-height:20px;font-weight:600;color:{{onColor (accent $.Shop.Color)}};text-decoration:none;border-radius:8px;">%LABEL%</a>` +
	`</td></tr></table>`

// inlineStyles returns the HTML template source src with the house style
// written onto its plain tags.
func inlineStyles(src string) string {
	src = buttonTag.ReplaceAllStringFunc(src, func(m string) string {
		sub := buttonTag.FindStringSubmatch(m)
		return strings.NewReplacer("%HREF%", sub[1], "%LABEL%", sub[2]).Replace(button)
	})
	return styledTags.Replace(src)
}

// funcs are the functions templates may call.
var funcs = map[string]any{
	"paragraphs": paragraphs,
	"stars":      stars,
	"brand":      brandColor,
	"accent":     accentColor,
	"onColor":    onColor,
	// mso wraps the layout in a fixed 600px table for Outlook on Windows,
	// which ignores max-width. html/template strips comments from
	// templates, so the conditional comment comes from here.
	"msoOpen": func() template.HTML {
		return `<!--[if mso]><table role="presentation" align="center" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->`
	},
	"msoClose": func() template.HTML { return `<!--[if mso]></td></tr></table><![endif]-->` },
}

// funcsFor returns funcs with those that depend on the message's language
// bound to locale: plural, which picks a word's form for a number.
func funcsFor(locale string) map[string]any {
	f := maps.Clone(funcs)
	f["plural"] = func(n int, forms ...string) (string, error) { return plural(locale, n, forms...) }
	return f
}

// plural returns the form of a word that goes with the number n in
// locale. forms lists one form for each of the locale's plural categories,
// in i18n.Forms order: Indonesian has one ("bulan"), English two ("month",
// "months"), Romanian three ("lună", "luni", "de luni": 1 lună, 12 luni,
// 24 de luni). Any other number of forms is an error, so Parse refuses a
// template that gives the wrong ones.
func plural(locale string, n int, forms ...string) (string, error) {
	want := i18n.Forms[locale]
	if len(forms) != len(want) || len(want) == 0 {
		names := make([]string, len(want))
		for i, f := range want {
			names[i] = string(f)
		}
		return "", fmt.Errorf("plural needs %d forms in %s (%s), not %d", len(want), locale, strings.Join(names, ", "), len(forms))
	}
	return forms[slices.Index(want, i18n.PluralForm(locale, n))], nil
}

// paragraphs splits s at blank lines, for text the shop typed: a how-to,
// a care note. Single line breaks stay inside a paragraph.
func paragraphs(s string) []string {
	var out []string
	for p := range strings.SplitSeq(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// stars writes a rating out of 5 as stars: 4 is "★★★★☆". Ratings
// outside 0..5 are clamped.
func stars(rating int) string {
	n := min(max(rating, 0), 5)
	return strings.Repeat("★", n) + strings.Repeat("☆", 5-n)
}

// brandColor returns c when it is a hex colour, else a neutral dark grey.
func brandColor(c string) string {
	if _, ok := luminance(c); ok {
		return c
	}
	return neutral
}

// accentColor is the brand colour for buttons and links on white: the
// brand colour when it stands out at least 3:1 (WCAG's bar for controls),
// else the neutral one, so a pale yellow brand still gets a visible button.
func accentColor(c string) string {
	c = brandColor(c)
	if l, _ := luminance(c); contrast(l, 1) >= 3 {
		return c
	}
	return neutral
}

// onColor returns white or near-black, whichever reads better on c.
func onColor(c string) string {
	l, ok := luminance(c)
	if !ok {
		return "#FFFFFF"
	}
	dark, _ := luminance(inkStrong)
	if contrast(l, 1) >= contrast(l, dark) {
		return "#FFFFFF"
	}
	return inkStrong
}

// luminance is the WCAG relative luminance of a "#RRGGBB" colour.
func luminance(hex string) (float64, bool) {
	if len(hex) != 7 || hex[0] != '#' {
		return 0, false
	}
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return 0, false
	}
	channel := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(v>>16&0xff) + 0.7152*channel(v>>8&0xff) + 0.0722*channel(v&0xff), true
}

func contrast(a, b float64) float64 {
	return (math.Max(a, b) + 0.05) / (math.Min(a, b) + 0.05)
}
