package sqlstore_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/webhook"
)

func mustEndpoint(t *testing.T, s sqlstore.Webhooks, shopID purna.ID, now time.Time) *webhook.Endpoint {
	t.Helper()
	e := &webhook.Endpoint{ID: purna.NewID(now), ShopID: shopID, URL: "https://example.com/hook", Description: "ERP",
		EventTypes: []string{"order.paid", "message.*"}, Secret: webhook.NewSecret(), Status: webhook.Active,
		CreatedAt: now, UpdatedAt: now}
	if err := s.CreateEndpoint(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	return e
}

func mustDelivery(shopID, endpointID, eventID purna.ID, now time.Time) *webhook.Delivery {
	return &webhook.Delivery{ID: purna.NewID(now), ShopID: shopID, EndpointID: endpointID, EventID: eventID,
		Type: "order.paid", Payload: json.RawMessage(`{"type":"order.paid","timestamp":"2026-11-22T10:00:00Z","data":{}}`),
		Status: webhook.Pending, NextAt: &now, CreatedAt: now, UpdatedAt: now}
}

func TestWebhookEndpoints(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		store := testfix.MustStore(t, d)
		s := sqlstore.Webhooks{Store: store}
		shopA, shopB := testfix.Shop(t, store, nil).ID, testfix.Shop(t, store, nil).ID
		now := time.Now().UTC().Truncate(time.Millisecond)
		e := mustEndpoint(t, s, shopA, now)
		mustEndpoint(t, s, shopA, now.Add(time.Second))
		mustEndpoint(t, s, shopB, now)

		got, err := s.FindEndpointByID(ctx, shopA, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("read back\n%+v\nwant\n%+v", got, e)
		}
		list, err := s.FindEndpoints(ctx, shopA)
		if err != nil || len(list) != 2 || list[0].ID != e.ID {
			t.Fatalf("FindEndpoints = %d, %v", len(list), err)
		}

		// Another shop neither sees, changes nor deletes it.
		if _, err := s.FindEndpointByID(ctx, shopB, e.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("find from another shop: %v", err)
		}
		stolen := *e
		stolen.ShopID, stolen.URL = shopB, "https://evil.example/hook"
		if err := s.UpdateEndpoint(ctx, &stolen); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("update from another shop: %v", err)
		}
		if err := s.DeleteEndpoint(ctx, shopB, e.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("delete from another shop: %v", err)
		}

		// Update saves every field the merchant and the rotation change.
		until := now.Add(24 * time.Hour)
		e.URL, e.Description, e.EventTypes = "https://example.com/v2", "", []string{"*"}
		e.PreviousSecret, e.PreviousSecretUntil, e.Secret = e.Secret, &until, webhook.NewSecret()
		e.Status, e.DisabledReason, e.UpdatedAt = webhook.Disabled, "disabled by the merchant", now.Add(time.Minute)
		if err := s.UpdateEndpoint(ctx, e); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FindEndpointByID(ctx, shopA, e.ID); !reflect.DeepEqual(got, e) {
			t.Errorf("after update\n%+v\nwant\n%+v", got, e)
		}

		// Turning it back on clears the failure streak.
		dl := mustDelivery(shopA, e.ID, "01JEVENT000000000000000001", now)
		if _, err := s.CreateDeliveries(ctx, []*webhook.Delivery{dl}); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordAttempt(ctx, webhook.Attempt{Delivery: dl, Health: webhook.HealthFailing, At: now}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FindEndpointByID(ctx, shopA, e.ID); got.FailingSince == nil {
			t.Fatal("failing_since not set")
		}
		e.Status, e.DisabledReason = webhook.Active, ""
		if err := s.UpdateEndpoint(ctx, e); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FindEndpointByID(ctx, shopA, e.ID); got.FailingSince != nil || got.Status != webhook.Active {
			t.Errorf("re-enabled endpoint = %+v", got)
		}

		// Deleting takes the deliveries along.
		if err := s.DeleteEndpoint(ctx, shopA, e.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindDeliveryByID(ctx, shopA, dl.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("delivery of a deleted endpoint: %v", err)
		}
		if _, err := s.FindEndpointByID(ctx, shopA, e.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("deleted endpoint: %v", err)
		}
	})
}

func TestWebhookDeliveries(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		store := testfix.MustStore(t, d)
		s := sqlstore.Webhooks{Store: store}
		shopA, shopB := testfix.Shop(t, store, nil).ID, testfix.Shop(t, store, nil).ID
		now := time.Now().UTC().Truncate(time.Millisecond)
		e := mustEndpoint(t, s, shopA, now)

		var ds []*webhook.Delivery
		for i := range 5 {
			ds = append(ds, mustDelivery(shopA, e.ID, purna.NewID(now), now.Add(time.Duration(i)*time.Second)))
		}
		n, err := s.CreateDeliveries(ctx, ds)
		if err != nil || n != 5 {
			t.Fatalf("CreateDeliveries = %d, %v", n, err)
		}
		// The same events again, as a re-run dispatch makes them: nothing
		// is added, and no job is queued.
		var again []*webhook.Delivery
		for _, x := range ds[:3] {
			again = append(again, mustDelivery(shopA, e.ID, x.EventID, now))
		}
		if n, err := s.CreateDeliveries(ctx, again); err != nil || n != 0 {
			t.Errorf("again: %d, %v", n, err)
		}
		var jobs int
		if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM river_job WHERE kind = 'webhook.deliver'`).Scan(&jobs); err != nil || jobs != 5 {
			t.Errorf("jobs = %d, %v; want one per delivery", jobs, err)
		}

		got, err := s.FindDeliveryByID(ctx, shopA, ds[0].ID)
		if err != nil || !reflect.DeepEqual(got, ds[0]) {
			t.Errorf("read back %+v, %v\nwant %+v", got, err, ds[0])
		}
		if _, err := s.FindDeliveryByID(ctx, shopB, ds[0].ID); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("another shop's delivery: %v", err)
		}

		// Pages, newest first.
		f := webhook.DeliveryFilter{ShopID: shopA, EndpointID: e.ID, Limit: 2}
		var seen []purna.ID
		for {
			page, next, err := s.FindDeliveries(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range page {
				seen = append(seen, x.ID)
			}
			if next == "" {
				break
			}
			f.Cursor = next
		}
		if len(seen) != 5 || seen[0] != ds[4].ID || seen[4] != ds[0].ID {
			t.Errorf("pages = %v", seen)
		}
		if total, err := s.CountDeliveries(ctx, f); err != nil || total != 5 {
			t.Errorf("count = %d, %v", total, err)
		}
		if page, _, _ := s.FindDeliveries(ctx, webhook.DeliveryFilter{ShopID: shopB, EndpointID: e.ID, Limit: 10}); len(page) != 0 {
			t.Errorf("another shop lists %d deliveries", len(page))
		}
		if _, _, err := s.FindDeliveries(ctx, webhook.DeliveryFilter{ShopID: shopA, EndpointID: e.ID, Cursor: "nope", Limit: 1}); purna.ErrorCode(err) != purna.EINVALID {
			t.Errorf("bad cursor: %v", err)
		}

		// Attempts: the streak starts once, a success ends it, and a
		// disable happens once.
		at := now.Add(time.Minute)
		first := ds[0]
		first.Attempts, first.LastStatus, first.LastError, first.UpdatedAt = 1, 500, "answered 500", at
		next := at.Add(5 * time.Second)
		first.NextAt = &next
		mustRecord := func(a webhook.Attempt) *webhook.Endpoint {
			t.Helper()
			if err := s.RecordAttempt(ctx, a); err != nil {
				t.Fatal(err)
			}
			got, err := s.FindEndpointByID(ctx, shopA, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := mustRecord(webhook.Attempt{Delivery: first, Health: webhook.HealthFailing, At: at}); got.FailingSince == nil || !got.FailingSince.Equal(at) {
			t.Errorf("failing since = %v, want %v", got.FailingSince, at)
		}
		if got := mustRecord(webhook.Attempt{Delivery: first, Health: webhook.HealthFailing, At: at.Add(time.Hour)}); !got.FailingSince.Equal(at) {
			t.Errorf("a second failure moved the streak's start to %v", got.FailingSince)
		}
		if got, _ := s.FindDeliveryByID(ctx, shopA, first.ID); !reflect.DeepEqual(got, first) {
			t.Errorf("delivery after an attempt = %+v\nwant %+v", got, first)
		}
		status := webhook.Failed
		if total, _ := s.CountDeliveries(ctx, webhook.DeliveryFilter{ShopID: shopA, EndpointID: e.ID, Status: &status}); total != 0 {
			t.Errorf("failed = %d", total)
		}
		delivered := at.Add(2 * time.Hour)
		first.Status, first.NextAt, first.DeliveredAt, first.Attempts, first.LastStatus, first.LastError = webhook.Delivered, nil, &delivered, 2, 200, ""
		if got := mustRecord(webhook.Attempt{Delivery: first, Health: webhook.HealthOK, At: delivered}); got.FailingSince != nil {
			t.Errorf("a success left the streak at %v", got.FailingSince)
		}
		if got := mustRecord(webhook.Attempt{Delivery: ds[1], Health: webhook.HealthFailing, Disable: "the endpoint answered 410 Gone", At: at}); got.Status != webhook.Disabled || got.DisabledReason != "the endpoint answered 410 Gone" {
			t.Errorf("disabled = %+v", got)
		}
		if got := mustRecord(webhook.Attempt{Delivery: ds[2], Disable: "later reason", At: at}); got.DisabledReason != "the endpoint answered 410 Gone" {
			t.Errorf("a second disable replaced the reason: %q", got.DisabledReason)
		}
	})
}
