// Package demo fills a database with a believable Indonesian shop for
// `purna demo`: an electronics and home-appliance shop in Jakarta with a
// fashion corner, its catalogue, a few thousand customers from across the
// archipelago and eighteen months of orders from its own storefront and the
// marketplaces, every one shipped, scanned and delivered (or not) the way
// parcels really travel.
//
// Everything goes through the same services and stores as production
// (order.IngestTx, customer.Upsert, the store's UpsertProduct), so the
// timeline, the customer figures and the queued jobs are what a real shop
// would have. The data comes from a fixed seed and the calendar day: the
// same seed on the same day gives the same shop, and the shop always ends
// the day it is made, so it looks current.
package demo
