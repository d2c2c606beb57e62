// Package message holds the emails a shop sends after a purchase: the
// order confirmation, the shipping news, the apology when a parcel is late,
// the how-to a few days after delivery, the surveys, the review request and
// the shop's reply to a review, the warranty and maintenance reminders and
// the "we miss you" note. Each comes in Indonesian, English
// and Romanian, with a subject, an HTML part, a plain-text part and a short
// SMS text. WhatsApp cannot send free text to a customer who has not
// written first, so WhatsAppParams fills the Meta-approved templates listed
// in docs/whatsapp-templates.md instead.
//
// Journeys pick a Key, build Data with NewData, and render a Compiled
// template: the shipped one (Default) or the merchant's own edit of it.
// Parse checks an edit when it is saved, so a typo is a form error for the
// merchant, never a failed send at night.
//
// # Transactional or marketing
//
// A transactional message is about something the customer bought and
// needs to know; it goes out without marketing consent and has no
// unsubscribe link. A marketing message asks the customer to spend again;
// it needs consent (GDPR and ePrivacy in Romania, UU PDP in Indonesia), and
// Render refuses to write one without Links.Unsubscribe.
//
//   - order_confirmation, order_shipped, out_for_delivery, order_delivered,
//     delivery_late: transactional. They are the purchase itself.
//   - survey_nps, survey_csat, survey_ces, review_request: transactional.
//     They ask what the customer thinks of a purchase or of their own
//     request, and sell nothing; the shop's reward for a review, when it
//     offers one, is for any review whatever its rating. Each is sent a
//     second time as the reminder (SurveyData.Reminder,
//     ReviewRequestData.Reminder) to those who did not answer.
//   - review_reply: transactional. It answers what the customer wrote:
//     the shop's reply to their review, shown under the review on the
//     product page (ReviewReplyData.Public) or for the customer only.
//   - case_update, service_followup: transactional. They answer the
//     customer's own request (a return, a claim, a repair, a service
//     visit) and ask how a repaired or serviced item works.
//   - warranty_ending: transactional. It tells customers about a right
//     they hold, and its own copy sells nothing. For customers who agreed
//     to marketing on the channel, the journey may add an offer
//     (Data.Offer: an extended warranty, spare parts). The offer is
//     marketing, so Render then needs Links.Unsubscribe and shows it in the
//     email's footer, and the offer says it is optional and leaves the
//     warranty as it is. The SMS and WhatsApp texts never carry it.
//   - howto_onboarding: transactional. How to use and look after what was
//     bought is part of the product, like the manual in the box, and it
//     prevents returns and support tickets. It stays transactional only as
//     long as it sells nothing: a merchant who adds offers to it should
//     send a campaign instead.
//   - maintenance_due: marketing. It invites the customer to book a paid
//     service or buy spare parts, it recurs for years after the sale, and
//     a customer who does not want it must be able to stop it in one
//     click.
//   - winback: marketing. Its whole purpose is another sale.
//
// # What each message may assume
//
// Order, Shipment and Product in Data are pointers. A key promises some of
// them, and Render returns EINVALID when a promised one is nil; templates
// use the others only inside {{with}}:
//
//	order_confirmation   Order
//	order_shipped        Order, Shipment
//	out_for_delivery     Order, Shipment
//	order_delivered      Order             (Shipment when the carrier told us)
//	delivery_late        Order, Shipment
//	howto_onboarding     Product           (Order when known)
//	survey_nps           Survey: nps, 11 scores, 0 to 10 (Order when known)
//	survey_csat          Survey: csat, 5 scores, 1 to 5 (Case, else Order, when known)
//	survey_ces           Survey: ces, 7 scores, 1 to 7 (Case when known)
//	review_request       Review: products, 5 stars each (Order when known)
//	review_reply         ReviewReply: product, rating 1 to 5, reply
//	case_update          Case              (Order when known)
//	service_followup     Case              (Order when known)
//	warranty_ending      Product with WarrantyEnds (Order when known; Offer with
//	                     an Extension or parts, for customers who agreed to marketing)
//	maintenance_due      Product
//	winback              nothing           (Order, Product, Coupon when known)
//
// # Writing templates
//
// Subject, Text and SMS are text/template; HTML is html/template, so everything
// from Data is escaped for where it lands. The HTML part fills the shared
// layout (templates/layout.html: header with the logo on the brand colour,
// a help box with WhatsApp, the footer) and may define a "preheader", the
// grey line inboxes show after the subject. Authors write plain tags and
// get the house style written onto them when the template is parsed, since
// email clients ignore style sheets:
//
//	<h1> <h2> <p> <p class="note"> <p class="eyebrow"> <ul> <li> <hr>
//	<a href="…">                              a link in the brand colour
//	<a class="button" href="…">Label</a>      a button (keep it on one line)
//	<table class="facts"><tr><th>Label</th><td>Value</td></tr></table>
//	<div class="callout">…</div>              a highlighted box
//	<div class="coupon">…<span class="code">CODE</span>…</div>
//	<span class="muted">…</span>
//	{{template "lines" .Order}}               the order's lines and totals
//
// Surveys and review requests answer in one click:
//
//	<table class="scores"><tr><td class="score"><a class="score" href="…">7</a></td>…</tr></table>
//	                                          one row of equal score buttons
//	<table class="scale"><tr><td class="scale-low">…</td><td class="scale-high">…</td></tr></table>
//	                                          the words under the row's two ends
//	<table class="product"><tr><td class="product-image"><img class="product" src="…" alt=""></td>
//	<td class="product-body"><p class="product-name">…</p><p class="stars"><a class="star" href="…">★</a>…</p></td></tr></table>
//	                                          a product with its picture and star links
//
// A reply to a review quotes the customer's words whole, then the shop's:
//
//	<div class="quote"><p class="quote-label">…</p><p class="quote-text">…</p></div>
//	                                          the customer's words, in a box like the callout
//	<p class="quote-text">…</p>               a paragraph someone typed, with their line breaks
//	<span class="rating" role="img" aria-label="4 of 5 stars">{{stars 4}}</span>
//	                                          a rating as stars: ★★★★☆
//
// The text part may use {{template "lines" .Order}} too. Both parts may
// call paragraphs to split text the shop or the customer typed
// (Product.HowToText, ReviewReply.Review, ReviewReply.Reply) at blank
// lines, and stars to write a rating. Every part may call plural to pick
// a word's form for a number in the message's language, one form for
// each of the language's plural categories (i18n.Forms): {{.Months}}
// {{plural .Months "lună" "luni" "de luni"}} writes "1 lună", "12 luni",
// "24 de luni"; English takes two forms, Indonesian one.
//
// # SMS
//
// The SMS part is one short line: the shop's name, the one fact, the one
// link ("Casa Verde: Vești bune! Comanda CV-20931 e pe drum cu Fan
// Courier. Urmărește coletul: …"). A survey's SMS links to its page
// (SurveyData.PageURL), where the customer picks a score, and a review
// request's to the first product's review form; a public reply to a
// review links the product's reviews page (ReviewReplyData.PageURL), and a
// private one nothing. Render collapses its whitespace, so
// authors may wrap it.
// It is optional, because merchants' edits saved before SMS existed have
// none; Rendered.SMS is then "". A marketing SMS must show
// {{.Links.Unsubscribe}}, since no footer carries it. SMSSegments counts
// the parts a carrier bills: a single Romanian letter (ă, ș) switches the
// whole text to UCS-2, 70 characters a part instead of 160.
//
// # Previews
//
// An editor previews a template with Sample, the same realistic data
// Parse checks it against, and shows Parse's errors next to the part
// they name (Parts).
package message
