package api_test

import (
	"context"
	"testing"

	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

// TestMembers lists the shop's people, by name, and none of another
// shop's.
func TestMembers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		for _, u := range []struct{ email, name string }{{"rina@toko.example", "Rina"}, {"ade@toko.example", "Ade"}} {
			if _, err := b.authSv.CreateUser(ctx, b.shop.ID, u.email, u.name, "a long enough password", auth.Agent); err != nil {
				t.Fatal(err)
			}
		}
		other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
		if _, err := b.authSv.CreateUser(ctx, other.ID, "agus@lain.example", "Agus", "a long enough password", auth.Owner); err != nil {
			t.Fatal(err)
		}
		var ms []auth.Member
		r := b.do(t, "GET", "/api/v1/members", b.key, nil)
		r.decode(t, &ms)
		if r.status != 200 || len(ms) != 2 || ms[0].Name != "Ade" || ms[1].Name != "Rina" || ms[0].Role != auth.Agent {
			t.Fatalf("members: %d %+v", r.status, ms)
		}
	})
}
