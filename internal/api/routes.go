package api

import (
	"net/http"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/survey"
	"github.com/purnajual/purna/internal/timeline"
	"github.com/purnajual/purna/internal/webhook"
)

type authKind int

const (
	authNone      authKind = iota
	authKey                // Authorization: Bearer pk_…
	authSignature          // a storefront's webhook signature
)

// route is one API endpoint: its handler and its description.
type route struct {
	method, path string
	summary      string
	tag          string
	auth         authKind
	handler      http.HandlerFunc
	body         any     // request body type, nil if none
	responses    []reply // success responses
	query        []param
	idempotent   bool // honours Idempotency-Key
}

type reply struct {
	status int
	body   any
	desc   string
}

type param struct {
	name, desc string
	schema     map[string]any
}

var (
	pLimit  = param{"limit", "Items per page, 1 to 200 (default 50).", map[string]any{"type": "integer", "minimum": 1, "maximum": 200}}
	pCursor = param{"cursor", "The next_cursor of the previous page.", map[string]any{"type": "string"}}
	pQuery  = param{"q", "Search text.", map[string]any{"type": "string"}}
)

// routeTable lists every API route. Register and the OpenAPI document both
// read it.
func (s *Server) routeTable() []route {
	return []route{
		{method: "GET", path: "/api/v1/openapi.json", summary: "This API's OpenAPI 3.1 document", tag: "meta",
			handler: s.handleOpenAPI, responses: []reply{{200, map[string]any{}, "The OpenAPI document."}}},
		{method: "GET", path: "/api/v1/shop", summary: "The shop the API key belongs to", tag: "shop", auth: authKey,
			handler: s.handleShopGet, responses: []reply{{200, shop.Shop{}, "The shop."}}},
		{method: "PATCH", path: "/api/v1/shop", summary: "Change the shop's name, language, time zone, brand or support hours", tag: "shop",
			auth: authKey, handler: s.handleShopUpdate, body: shop.Update{}, responses: []reply{{200, shop.Shop{}, "The shop as it is now."}}},

		{method: "GET", path: "/api/v1/members", summary: "The people who work in the shop: whom cases can be assigned to", tag: "shop",
			auth: authKey, handler: s.handleMemberList, responses: []reply{{200, []auth.Member{}, "The members, by name."}}},

		{method: "POST", path: "/api/v1/orders", summary: "Create or update an order by (source, external_id)", tag: "orders",
			auth: authKey, idempotent: true, handler: s.idempotent(s.handleOrderUpsert), body: order.Input{},
			responses: []reply{{201, order.Order{}, "The order was created."}, {200, order.Order{}, "The order existed; what was new is recorded."}}},
		{method: "GET", path: "/api/v1/orders", summary: "List orders, latest placed first", tag: "orders", auth: authKey,
			handler: s.handleOrderList, responses: []reply{{200, purna.Page[*order.Order]{}, "A page of orders."}},
			query: []param{pLimit, pCursor, pQuery,
				{"status", "Only orders with this status.", map[string]any{"type": "string", "enum": order.Statuses}},
				{"source", "Only orders from this source.", map[string]any{"type": "string"}},
				{"customer_id", "Only this customer's orders.", map[string]any{"type": "string"}},
				{"placed_from", "Placed at or after (RFC 3339).", map[string]any{"type": "string", "format": "date-time"}},
				{"placed_to", "Placed before (RFC 3339).", map[string]any{"type": "string", "format": "date-time"}}}},
		{method: "GET", path: "/api/v1/orders/{id}", summary: "One order with lines and shipments", tag: "orders", auth: authKey,
			handler: s.handleOrderGet, responses: []reply{{200, order.Order{}, "The order."}}},
		{method: "PATCH", path: "/api/v1/orders/{id}", summary: "Mark an order paid, fulfilled, cancelled or refunded", tag: "orders",
			auth: authKey, handler: s.handleOrderUpdate, body: order.Update{},
			responses: []reply{{200, order.Order{}, "The order as it is now."}}},
		{method: "POST", path: "/api/v1/orders/{id}/shipments", summary: "Add or update a shipment and its tracking events", tag: "orders",
			auth: authKey, idempotent: true, handler: s.idempotent(s.handleShipmentUpsert), body: order.ShipmentInput{},
			responses: []reply{{200, order.Order{}, "The order with its shipments."}}},

		{method: "POST", path: "/api/v1/customers", summary: "Create or update a customer (matched by external_id, email, then phone)", tag: "customers",
			auth: authKey, idempotent: true, handler: s.idempotent(s.handleCustomerUpsert), body: customer.Input{},
			responses: []reply{{201, customer.Customer{}, "The customer was created."}, {200, customer.Customer{}, "The customer was updated."}}},
		{method: "GET", path: "/api/v1/customers", summary: "List customers, newest first", tag: "customers", auth: authKey,
			handler: s.handleCustomerList, query: []param{pLimit, pCursor, pQuery},
			responses: []reply{{200, purna.Page[*customer.Customer]{}, "A page of customers."}}},
		{method: "GET", path: "/api/v1/customers/{id}", summary: "One customer", tag: "customers", auth: authKey,
			handler: s.handleCustomerGet, responses: []reply{{200, customer.Customer{}, "The customer."}}},
		{method: "GET", path: "/api/v1/customers/{id}/timeline", summary: "A customer's timeline, newest first", tag: "customers",
			auth: authKey, handler: s.handleCustomerTimeline, query: []param{pLimit, pCursor},
			responses: []reply{{200, purna.Page[timeline.Event]{}, "A page of events."}}},

		{method: "POST", path: "/api/v1/products", summary: "Create or update a product by SKU", tag: "products",
			auth: authKey, idempotent: true, handler: s.idempotent(s.handleProductUpsert), body: product.Input{},
			responses: []reply{{201, product.Product{}, "The product was created."}, {200, product.Product{}, "The product was updated."}}},
		{method: "GET", path: "/api/v1/products", summary: "List products, newest first", tag: "products", auth: authKey,
			handler: s.handleProductList, query: []param{pLimit, pCursor, pQuery,
				{"category", "Only this category.", map[string]any{"type": "string"}}},
			responses: []reply{{200, purna.Page[*product.Product]{}, "A page of products."}}},
		{method: "GET", path: "/api/v1/products/{id}", summary: "One product", tag: "products", auth: authKey,
			handler: s.handleProductGet, responses: []reply{{200, product.Product{}, "The product."}}},

		{method: "GET", path: "/api/v1/journeys", summary: "List the shop's journeys", tag: "journeys", auth: authKey,
			handler: s.handleJourneyList, responses: []reply{{200, []journey.Journey{}, "The journeys."}}},
		{method: "POST", path: "/api/v1/journeys", summary: "Create a journey: a trigger, conditions and steps", tag: "journeys",
			auth: authKey, idempotent: true, handler: s.idempotent(s.handleJourneyCreate), body: journey.Input{},
			responses: []reply{{201, journey.Journey{}, "The journey."}}},
		{method: "GET", path: "/api/v1/journeys/{id}", summary: "One journey", tag: "journeys", auth: authKey,
			handler: s.handleJourneyGet, responses: []reply{{200, journey.Journey{}, "The journey."}}},
		{method: "PATCH", path: "/api/v1/journeys/{id}", summary: "Change, pause or resume a journey", tag: "journeys",
			auth: authKey, handler: s.handleJourneyUpdate, body: journey.Update{},
			responses: []reply{{200, journey.Journey{}, "The journey as it is now."}}},
		{method: "POST", path: "/api/v1/events", summary: "Put an event from your own systems on a customer's timeline; journeys can start on it", tag: "journeys",
			auth: authKey, idempotent: true, handler: s.idempotent(s.handleEventCreate), body: customer.EventInput{},
			responses: []reply{{201, EventResult{}, "Recorded."}, {200, EventResult{}, "Already recorded (same type and external_id)."}}},
		{method: "GET", path: "/api/v1/suppressions", summary: "List the addresses that get no messages (bounces, complaints, the shop's own)", tag: "journeys",
			auth: authKey, handler: s.handleSuppressionList, responses: []reply{{200, purna.Page[*journey.Suppression]{}, "A page of the list."}},
			query: []param{pLimit, pCursor, {"channel", "Only this channel.", map[string]any{"type": "string", "enum": journey.Channels}}}},
		{method: "POST", path: "/api/v1/suppressions", summary: "Suppress an address on a channel, for example a bounce or complaint your mail provider reported", tag: "journeys",
			auth: authKey, handler: s.handleSuppressionCreate, body: journey.SuppressionInput{},
			responses: []reply{{200, journey.Suppression{}, "The address is suppressed (adding it again changes nothing)."}}},
		{method: "DELETE", path: "/api/v1/suppressions/{channel}/{address}", summary: "Let a suppressed address get messages again", tag: "journeys",
			auth: authKey, handler: s.handleSuppressionDelete, responses: []reply{{200, SuppressionDeleted{}, "The address may get messages again."}}},

		{method: "GET", path: "/api/v1/policy", summary: "The shop's after-sales policy: returns, warranty, maintenance, and overrides per category and product", tag: "cases",
			auth: authKey, handler: s.handlePolicyGet, responses: []reply{{200, policy.Policy{}, "The policy (the country's default until one is saved)."}}},
		{method: "PUT", path: "/api/v1/policy", summary: "Replace the shop's after-sales policy", tag: "cases",
			auth: authKey, handler: s.handlePolicyPut, body: policy.Policy{}, responses: []reply{{200, policy.Policy{}, "The policy as saved."}}},
		{method: "GET", path: "/api/v1/cases", summary: "List service cases (returns, exchanges, replacements, warranty claims, repairs, maintenance), newest first", tag: "cases",
			auth: authKey, handler: s.handleCaseList, responses: []reply{{200, purna.Page[*cases.Case]{}, "A page of cases."}},
			query: []param{pLimit, pCursor, {"q", "Search the case number.", map[string]any{"type": "string"}},
				{"status", "Only cases with this status.", map[string]any{"type": "string", "enum": cases.Statuses}},
				{"kind", "Only cases of this kind.", map[string]any{"type": "string", "enum": cases.Kinds}},
				{"assignee_id", "Only cases assigned to this user.", map[string]any{"type": "string"}},
				{"customer_id", "Only this customer's cases.", map[string]any{"type": "string"}},
				{"order_id", "Only cases on this order.", map[string]any{"type": "string"}},
				{"overdue", "Only open cases past their due time.", map[string]any{"type": "boolean"}}}},
		{method: "POST", path: "/api/v1/cases", summary: "Open a case; eligibility is checked per line (window, quantity, serial number, warranty)", tag: "cases",
			auth: authKey, idempotent: true, handler: s.idempotent(s.handleCaseCreate), body: cases.OpenInput{},
			responses: []reply{{201, cases.Case{}, "The case."}}},
		{method: "GET", path: "/api/v1/cases/stats", summary: "Return and claim rates by product and reason, time to resolve, and costs per product", tag: "cases",
			auth: authKey, handler: s.handleCaseStats, responses: []reply{{200, cases.Stats{}, "The figures."}},
			query: []param{{"from", "Start of the period (RFC 3339), inclusive.", map[string]any{"type": "string", "format": "date-time"}},
				{"to", "End of the period (RFC 3339), exclusive.", map[string]any{"type": "string", "format": "date-time"}}}},
		{method: "GET", path: "/api/v1/cases/{id}", summary: "One case with its notes and history", tag: "cases", auth: authKey,
			handler: s.handleCaseGet, responses: []reply{{200, cases.Detail{}, "The case."}}},
		{method: "PATCH", path: "/api/v1/cases/{id}", summary: "Assign a case to a user or set when it is due", tag: "cases", auth: authKey,
			handler: s.handleCaseAssign, body: cases.AssignInput{}, responses: []reply{{200, cases.Case{}, "The case as it is now."}}},
		{method: "POST", path: "/api/v1/cases/{id}/actions", summary: "Move a case on: approve, reject, receive, resolve, ship, diagnose, quote, close, …", tag: "cases",
			auth: authKey, idempotent: true, handler: s.idempotent(s.handleCaseAction), body: cases.ActRequest{},
			responses: []reply{{200, cases.Case{}, "The case as it is now."}}},
		{method: "POST", path: "/api/v1/cases/{id}/notes", summary: "Add a note to a case, internal or visible to the customer", tag: "cases",
			auth: authKey, idempotent: true, handler: s.idempotent(s.handleCaseNote), body: cases.NoteInput{},
			responses: []reply{{201, cases.Note{}, "The note."}}},
		{method: "GET", path: "/api/v1/orders/{id}/eligibility", summary: "What each line of an order allows today: return, exchange, replacement, warranty, service", tag: "cases",
			auth: authKey, handler: s.handleOrderEligibility, responses: []reply{{200, []eligibility.Item{}, "One item per line and per item sent as a replacement."}}},
		{method: "POST", path: "/api/v1/registrations", summary: "Register a unit for its warranty: an order line by serial number, or an item bought elsewhere with its proof of purchase", tag: "cases",
			auth: authKey, idempotent: true, handler: s.idempotent(s.handleRegistrationCreate), body: cases.RegisterInput{},
			responses: []reply{{201, cases.Registration{}, "The registration."}}},

		{method: "GET", path: "/api/v1/surveys/results", summary: "Survey results: NPS with its standard error and 95% interval, CSAT, CES; trend, distribution, and by product, category, source and journey", tag: "feedback",
			auth: authKey, handler: s.handleSurveyResults, responses: []reply{{200, survey.Results{}, "The results."}},
			query: []param{{"kind", "nps (default), csat or ces.", map[string]any{"type": "string", "enum": survey.Kinds}},
				{"from", "Start (RFC 3339), inclusive; default 90 days before to.", map[string]any{"type": "string", "format": "date-time"}},
				{"to", "End (RFC 3339), exclusive; default now.", map[string]any{"type": "string", "format": "date-time"}}}},
		{method: "GET", path: "/api/v1/surveys/responses", summary: "Survey answers with their comments, newest first; q searches the comments", tag: "feedback",
			auth: authKey, handler: s.handleSurveyResponses, responses: []reply{{200, purna.Page[*survey.Response]{}, "A page of answers."}},
			query: []param{pLimit, pCursor, pQuery,
				{"kind", "Only this survey.", map[string]any{"type": "string", "enum": survey.Kinds}},
				{"customer_id", "Only this customer's answers.", map[string]any{"type": "string"}},
				{"unhappy", "Only answers to follow up (NPS 0–6, CSAT or CES 1–2).", map[string]any{"type": "boolean"}},
				{"with_comment", "Only answers with a comment.", map[string]any{"type": "boolean"}},
				{"from", "Answered at or after (RFC 3339).", map[string]any{"type": "string", "format": "date-time"}},
				{"to", "Answered before (RFC 3339).", map[string]any{"type": "string", "format": "date-time"}}}},
		{method: "GET", path: "/api/v1/surveys/settings", summary: "The shop's own wording of its survey questions, and its extra questions", tag: "feedback",
			auth: authKey, handler: s.handleSurveySettingsGet, responses: []reply{{200, survey.Settings{}, "The settings."}}},
		{method: "PUT", path: "/api/v1/surveys/settings", summary: "Replace the shop's survey wording and extra questions", tag: "feedback",
			auth: authKey, handler: s.handleSurveySettingsPut, body: survey.Settings{}, responses: []reply{{200, survey.Settings{}, "The settings."}}},
		{method: "GET", path: "/api/v1/followups", summary: "Follow-ups of unhappy answers and reviews, newest first", tag: "feedback",
			auth: authKey, handler: s.handleFollowUpList, responses: []reply{{200, purna.Page[*followup.FollowUp]{}, "A page of follow-ups."}},
			query: []param{pLimit, pCursor,
				{"status", "Only follow-ups with this status.", map[string]any{"type": "string", "enum": followup.Statuses}},
				{"open", "Only open and contacted ones.", map[string]any{"type": "boolean"}},
				{"customer_id", "Only this customer's follow-ups.", map[string]any{"type": "string"}}}},
		{method: "GET", path: "/api/v1/followups/stats", summary: "How follow-ups went: time to first contact, remedies, later answers, repeat orders", tag: "feedback",
			auth: authKey, handler: s.handleFollowUpStats, responses: []reply{{200, followup.Stats{}, "The figures."}},
			query: []param{{"from", "Opened at or after (RFC 3339); default 90 days before to.", map[string]any{"type": "string", "format": "date-time"}},
				{"to", "Opened before (RFC 3339); default now.", map[string]any{"type": "string", "format": "date-time"}}}},
		{method: "GET", path: "/api/v1/followups/{id}", summary: "One follow-up with the order's context, its history and call tasks", tag: "feedback",
			auth: authKey, handler: s.handleFollowUpGet, responses: []reply{{200, followup.Detail{}, "The follow-up."}}},
		{method: "POST", path: "/api/v1/followups/{id}/actions", summary: "Move a follow-up on: contact, resolve (with the remedy), close, reopen", tag: "feedback",
			auth: authKey, idempotent: true, handler: s.idempotent(s.handleFollowUpAction), body: followup.ActRequest{},
			responses: []reply{{200, followup.FollowUp{}, "The follow-up as it is now."}}},
		{method: "GET", path: "/api/v1/tasks", summary: "Call tasks, soonest due first", tag: "feedback",
			auth: authKey, handler: s.handleTaskList, responses: []reply{{200, []followup.Task{}, "The tasks."}},
			query: []param{pLimit, {"status", "open or done.", map[string]any{"type": "string", "enum": []string{"open", "done"}}}}},
		{method: "POST", path: "/api/v1/tasks/{id}/complete", summary: "Record a call: reached (the follow-up's first contact), no answer, left a message, wrong number", tag: "feedback",
			auth: authKey, idempotent: true, handler: s.idempotent(s.handleTaskComplete), body: followup.CompleteInput{},
			responses: []reply{{200, followup.Task{}, "The task, done."}}},

		{method: "GET", path: "/api/v1/reviews", summary: "Product reviews, newest first: the moderation queue with status=pending", tag: "feedback",
			auth: authKey, handler: s.handleReviewList, responses: []reply{{200, purna.Page[*review.Review]{}, "A page of reviews."}},
			query: []param{pLimit, pCursor, pQuery,
				{"status", "Only reviews with this status.", map[string]any{"type": "string", "enum": []string{"pending", "published", "rejected"}}},
				{"product_id", "Only reviews of this product.", map[string]any{"type": "string"}},
				{"customer_id", "Only this customer's reviews.", map[string]any{"type": "string"}},
				{"max_rating", "Only reviews of at most this many stars.", map[string]any{"type": "integer", "minimum": 1, "maximum": 5}}}},
		{method: "GET", path: "/api/v1/reviews/settings", summary: "The shop's review rules (auto-publish, verified only, …) and its incentive text", tag: "feedback",
			auth: authKey, handler: s.handleReviewSettingsGet, responses: []reply{{200, review.Settings{}, "The settings."}}},
		{method: "PUT", path: "/api/v1/reviews/settings", summary: "Replace the shop's review rules and incentive text; no rule may look at the rating", tag: "feedback",
			auth: authKey, handler: s.handleReviewSettingsPut, body: review.Settings{}, responses: []reply{{200, review.Settings{}, "The settings."}}},
		{method: "GET", path: "/api/v1/reviews/{id}", summary: "One review", tag: "feedback",
			auth: authKey, handler: s.handleReviewGet, responses: []reply{{200, review.Review{}, "The review."}}},
		{method: "POST", path: "/api/v1/reviews/{id}/moderation", summary: "Publish or reject a review", tag: "feedback",
			auth: authKey, handler: s.handleReviewModerate, body: ModerateInput{}, responses: []reply{{200, review.Review{}, "The review as it is now."}}},
		{method: "PUT", path: "/api/v1/reviews/{id}/reply", summary: "Reply to a review, in public (shown under it) or privately; an empty body removes the reply", tag: "feedback",
			auth: authKey, handler: s.handleReviewReply, body: review.ReplyInput{}, responses: []reply{{200, review.Review{}, "The review as it is now."}}},

		{method: "POST", path: "/api/v1/webhooks", summary: "Add a webhook endpoint: Purna POSTs the chosen event types to it, signed (Standard Webhooks); the answer holds the secret, shown once", tag: "outbound webhooks",
			auth: authKey, idempotent: true, handler: s.idempotent(s.handleWebhookCreate), body: webhook.Input{},
			responses: []reply{{201, WebhookWithSecret{}, "The endpoint and its signing secret."}}},
		{method: "GET", path: "/api/v1/webhooks", summary: "List the shop's webhook endpoints", tag: "outbound webhooks", auth: authKey,
			handler: s.handleWebhookList, responses: []reply{{200, []webhook.Endpoint{}, "The endpoints."}}},
		{method: "GET", path: "/api/v1/webhooks/{id}", summary: "One webhook endpoint", tag: "outbound webhooks", auth: authKey,
			handler: s.handleWebhookGet, responses: []reply{{200, webhook.Endpoint{}, "The endpoint."}}},
		{method: "PATCH", path: "/api/v1/webhooks/{id}", summary: "Change a webhook endpoint's URL or event types, or disable it or turn it back on", tag: "outbound webhooks",
			auth: authKey, handler: s.handleWebhookUpdate, body: webhook.Update{},
			responses: []reply{{200, webhook.Endpoint{}, "The endpoint as it is now."}}},
		{method: "DELETE", path: "/api/v1/webhooks/{id}", summary: "Delete a webhook endpoint and its delivery log", tag: "outbound webhooks", auth: authKey,
			handler: s.handleWebhookDelete, responses: []reply{{200, WebhookDeleted{}, "Deleted."}}},
		// Not "/{id}/rotate-secret" and "/{id}/test": with POST they would
		// clash with the storefront webhooks' "/shopify/{storefront_id}".
		{method: "POST", path: "/api/v1/webhooks/{id}/secret/rotate", summary: "Give a webhook endpoint a new secret; the old one keeps signing beside it for 24 hours", tag: "outbound webhooks",
			auth: authKey, handler: s.handleWebhookRotateSecret,
			responses: []reply{{200, WebhookWithSecret{}, "The endpoint and its new secret."}}},
		{method: "GET", path: "/api/v1/webhooks/{id}/deliveries", summary: "A webhook endpoint's deliveries and their attempts, newest first", tag: "outbound webhooks",
			auth: authKey, handler: s.handleWebhookDeliveries, query: []param{pLimit, pCursor,
				{"status", "Only deliveries with this status.", map[string]any{"type": "string", "enum": webhook.DeliveryStatuses}}},
			responses: []reply{{200, purna.Page[*webhook.Delivery]{}, "A page of deliveries."}}},
		{method: "POST", path: "/api/v1/webhooks/{id}/deliveries/test", summary: "Send a webhook.test event to the endpoint", tag: "outbound webhooks",
			auth: authKey, handler: s.handleWebhookTest,
			responses: []reply{{202, webhook.Delivery{}, "The test delivery, queued."}}},

		{method: "POST", path: "/api/v1/storefronts", summary: "Connect a storefront; the answer holds its webhook URL and secret, shown once", tag: "storefronts",
			auth: authKey, handler: s.handleStorefrontCreate, body: StorefrontInput{},
			responses: []reply{{201, StorefrontCreated{}, "The storefront."}}},
		{method: "GET", path: "/api/v1/storefronts", summary: "List connected storefronts", tag: "storefronts", auth: authKey,
			handler: s.handleStorefrontList, responses: []reply{{200, []shop.Storefront{}, "The storefronts."}}},
		{method: "POST", path: "/api/v1/webhooks/shopify/{storefront_id}", summary: "Shopify order and fulfillment webhooks (X-Shopify-Hmac-Sha256 verified)", tag: "webhooks",
			auth: authSignature, handler: s.handleShopifyWebhook, body: map[string]any{},
			responses: []reply{{200, WebhookResult{}, "Recorded (or already recorded)."}}},
		{method: "POST", path: "/api/v1/webhooks/woocommerce/{storefront_id}", summary: "WooCommerce order webhooks (X-WC-Webhook-Signature verified)", tag: "webhooks",
			auth: authSignature, handler: s.handleWooCommerceWebhook, body: map[string]any{},
			responses: []reply{{200, WebhookResult{}, "Recorded (or already recorded)."}}},
	}
}
