// Package review collects what customers say about the products they bought,
// and shows it to the next shopper.
//
// Collecting: after delivery the customer gets an invitation and writes a
// review: one to five stars, an optional title, the text, up to six photos.
// A review tied to one of their orders carries the verified-buyer badge. If
// the shop offered a coupon or points for writing it, the review says so in
// public: shoppers have a right to know, and Google asks for it too.
// Reviews from people without an order are refused unless the shop allows
// them.
//
// Moderating: the shop chooses which reviews appear at once (Rules). A
// review with a swear word always waits in the moderation queue until
// someone in the shop has read it; so do, unless the shop turns it off,
// reviews with links or e-mail addresses (what spam looks like) and
// reviews with photos, and, if the shop accepts them at all, reviews from
// people who bought nothing. The number of stars never decides anything: a
// one-star review is published exactly like a five-star one. Holding back
// bad reviews misleads shoppers, EU consumer law forbids passing a filtered
// selection off as what customers think, and Google's product ratings
// require every review to be sent.
//
// Replying: the shop can answer a review. A public reply is shown under it;
// a private one goes to the customer alone. Either way the first reply is
// emailed to the customer (the review_reply journey); later edits are not.
//
// Publishing: published reviews appear in the reviews widget the shop
// pastes into its store, in the product's structured data (the stars under
// the product in Google's results) and in the product reviews feed for
// Google Merchant Center.
//
// This package holds the rules and formats only. Storing reviews and
// serving the widget and feeds are other packages' work.
package review
