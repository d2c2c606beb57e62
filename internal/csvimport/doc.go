// Package csvimport brings a shop's history in from CSV files: orders,
// customers and products. It is what `purna import orders|customers|products
// FILE` runs.
//
// Every row is either stored or reported: a row that cannot be taken (a
// quantity that is not a number, a negative price, an order with a bad
// email) is listed in the Summary with its line number and the reason, and
// the rest of the file is stored. An order is stored whole or not at all:
// each one gets its own savepoint inside a transaction of BatchSize orders.
// A line that fails on its own is dropped from its order and reported; a
// fault of the order itself (no currency, more than order.MaxLines lines)
// reports all its rows. Running the same file again stores nothing new and
// reports every record unchanged.
//
// CSV is read strictly (RFC 4180, no lazy quotes). A malformed row the
// reader can step over (a wrong number of fields, a stray quote) is a bad
// row; a quoted field left open across lines stops the import with an error
// naming its line, since which lines after it are rows can no longer be
// told. The first line is the header; column names are matched without
// regard to case or surrounding spaces, and a UTF-8 byte order mark is
// ignored.
//
// # Layouts
//
// Orders come in three layouts, told apart by the header (Layout auto):
//
//   - uci: the UCI "Online Retail" data set (InvoiceNo, StockCode,
//     Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country).
//     See uciLayout.
//   - shopify: Shopify's orders export (Name, Email, Financial Status, Paid
//     at, …, Lineitem quantity, …). See shopifyLayout.
//   - generic: Purna's own layout, below and in LAYOUT.md.
//
// Customers and products are read in the generic layout only.
//
// Rows of one order are expected to follow each other. An order whose rows
// are split by other orders' rows is still one order while it waits in the
// current batch; if its rows come back after its batch was stored, they are
// sent as the same order again and, as with any re-delivered order, its
// lines and totals become those of the later rows.
//
// # Generic orders
//
// One row per order line. Columns, in any order (unknown columns are an
// error, so that a misspelt one is not silently ignored):
//
//	external_id   required; the order's ID in its source. Rows with the same
//	              external_id (and source) are one order.
//	number        the order number shown to people; default external_id
//	placed_at     required on one of the order's rows; RFC 3339
//	              (2026-02-01T09:00:00+07:00)
//	paid_at, fulfilled_at, cancelled_at   RFC 3339, optional
//	currency      required on one of the order's rows; ISO 4217 (IDR, EUR)
//	email, phone, first_name, last_name   the customer; without an email or
//	              phone the order is a guest's
//	sku, name     the line's product; at least one of the two columns
//	quantity      required; a whole number, at least 1
//	unit_price    required; a decimal in the currency (125000.50)
//	shipping, tax, discount   decimals for the whole order
//	source        the order's source (tokopedia, shopee, …); default
//	              Options.Source ("csv")
//
// Order columns may be given on any row of the order; the first non-empty
// value wins. A row whose line is bad still gives its order values.
//
// # Generic customers
//
// One row per customer: external_id, email, phone, first_name, last_name,
// locale (id, en, ro), city, province, country (ISO 3166 alpha-2),
// email_consent (true or false; empty leaves consent as it is). Every column
// is optional but a row needs an external_id, email or phone. A customer is
// matched by external_id (with Options.Source), then email, then phone.
//
// # Generic products
//
// One row per product, matched by sku: sku and name (required), category,
// price (a decimal in currency), currency (default the shop's),
// warranty_months, return_window_days, maintenance_interval_days (whole
// numbers), serialized (true or false), howto_url.
package csvimport
