package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/message"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

// mustDefault returns the shipped template of key in locale.
func mustDefault(t *testing.T, key message.Key, locale string) message.Template {
	t.Helper()
	tpl, err := message.Default(key, locale)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func TestTemplates(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := testfix.MustStore(t, d)
		ts := sqlstore.Templates{Store: s}
		mine := testfix.Shop(t, s, nil)
		theirs := testfix.Shop(t, s, &testfix.ShopOpts{Name: "Toko Lain"})
		now := time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)

		version := func(shopID purna.ID) int64 {
			t.Helper()
			v, err := ts.TemplatesVersion(ctx, shopID)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if v := version(mine.ID); v != 0 {
			t.Errorf("version before any edit: %d, want 0", v)
		}
		if _, err := ts.FindTemplate(ctx, mine.ID, message.OrderConfirmation, "en"); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Fatalf("FindTemplate with no edit: %v, want ENOTFOUND", err)
		}

		edit := mustDefault(t, message.OrderConfirmation, "en")
		edit.Subject = "Got it: order {{.Order.Number}}"
		if err := ts.SaveTemplate(ctx, mine.ID, edit, now); err != nil {
			t.Fatal(err)
		}
		got, err := ts.FindTemplate(ctx, mine.ID, message.OrderConfirmation, "en")
		if err != nil {
			t.Fatal(err)
		}
		if got != edit {
			t.Errorf("FindTemplate = %+v, want %+v", got, edit)
		}
		v1 := version(mine.ID)
		if v1 == 0 {
			t.Error("saving did not change the version")
		}

		// Saving again at the same instant replaces the edit and still
		// moves the version on.
		edit.SMS = "{{.Shop.Name}}: order {{.Order.Number}} received."
		if err := ts.SaveTemplate(ctx, mine.ID, edit, now); err != nil {
			t.Fatal(err)
		}
		if got, _ := ts.FindTemplate(ctx, mine.ID, message.OrderConfirmation, "en"); got.SMS != edit.SMS {
			t.Errorf("after the second save SMS = %q", got.SMS)
		}
		v2 := version(mine.ID)
		if v2 == v1 {
			t.Error("a second save at the same instant kept the version")
		}

		// A template that does not compile is refused with its part and
		// line, and nothing changes.
		bad := mustDefault(t, message.OrderShipped, "id")
		bad.HTML = "<p>Halo</p>\n<p>Pesanan</p>\n<p>{{.Order.Numbr}}</p>"
		err = ts.SaveTemplate(ctx, mine.ID, bad, now)
		if purna.ErrorCode(err) != purna.EINVALID {
			t.Fatalf("saving a misspelt field: %v, want EINVALID", err)
		}
		if msg := purna.ErrorFields(err)["html"]; !strings.Contains(msg, "line 3") || !strings.Contains(msg, "Numbr") {
			t.Errorf("the html problem is %q, want its line and field", msg)
		}
		if _, err := ts.FindTemplate(ctx, mine.ID, message.OrderShipped, "id"); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("a refused template was stored: %v", err)
		}
		if v := version(mine.ID); v != v2 {
			t.Errorf("a refused save changed the version from %d to %d", v2, v)
		}

		other := mustDefault(t, message.Winback, "ro")
		other.Subject = "Ne este dor de tine, {{.Customer.FirstName}}"
		if err := ts.SaveTemplate(ctx, mine.ID, other, now); err != nil {
			t.Fatal(err)
		}
		all, err := ts.FindTemplates(ctx, mine.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].Key != message.OrderConfirmation || all[1].Key != message.Winback {
			t.Errorf("FindTemplates = %+v, want order_confirmation/en and winback/ro", all)
		}

		// Another shop sees none of it, and its version is its own.
		if list, err := ts.FindTemplates(ctx, theirs.ID); err != nil || len(list) != 0 {
			t.Errorf("another shop's templates: %v %v", list, err)
		}
		if _, err := ts.FindTemplate(ctx, theirs.ID, message.OrderConfirmation, "en"); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("another shop found the edit: %v", err)
		}
		if v := version(theirs.ID); v != 0 {
			t.Errorf("another shop's version is %d", v)
		}
		// Deleting in another shop deletes nothing here.
		if err := ts.DeleteTemplate(ctx, theirs.ID, message.OrderConfirmation, "en"); err != nil {
			t.Fatal(err)
		}
		if _, err := ts.FindTemplate(ctx, mine.ID, message.OrderConfirmation, "en"); err != nil {
			t.Errorf("another shop's delete removed the edit: %v", err)
		}

		// Reset: back to the shipped template.
		v3 := version(mine.ID)
		if err := ts.DeleteTemplate(ctx, mine.ID, message.OrderConfirmation, "en"); err != nil {
			t.Fatal(err)
		}
		if _, err := ts.FindTemplate(ctx, mine.ID, message.OrderConfirmation, "en"); purna.ErrorCode(err) != purna.ENOTFOUND {
			t.Errorf("after delete: %v, want ENOTFOUND", err)
		}
		v4 := version(mine.ID)
		if v4 == v3 {
			t.Error("deleting did not change the version")
		}
		// Deleting what is not there is no error and no change.
		if err := ts.DeleteTemplate(ctx, mine.ID, message.OrderConfirmation, "en"); err != nil {
			t.Fatal(err)
		}
		if v := version(mine.ID); v != v4 {
			t.Errorf("deleting nothing changed the version from %d to %d", v4, v)
		}
	})
}
