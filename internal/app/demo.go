package app

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/demo"
	"github.com/purnajual/purna/internal/sqlstore"
)

// The demo's sign-in. It is printed on every start; the demo is for trying
// Purna on one's own machine, not for the internet.
const (
	demoEmail    = "demo@purna.local"
	demoPassword = "purna-demo-2026"
)

// prepareDemo creates the demo shop on the first run (the same data from the
// same seed every time) and reuses it after. It returns the sign-in line and
// a fresh API key for the shop.
func (a *App) prepareDemo(ctx context.Context, progress io.Writer) (login, key string, err error) {
	users := sqlstore.Auth{Store: a.Store}
	u, err := users.FindUserByEmail(ctx, demoEmail)
	var shopID purna.ID
	switch {
	case err == nil:
		ms, err := users.FindMemberships(ctx, u.ID)
		if err != nil || len(ms) == 0 {
			return "", "", fmt.Errorf("demo user has no shop: %v", err)
		}
		shopID = ms[0].ShopID
	case purna.ErrorCode(err) == purna.ENOTFOUND:
		start := time.Now()
		last := time.Time{}
		res, err := demo.Generate(ctx, a.Store, demo.Options{Seed: 1, Now: a.Clock.Now(), Progress: func(done, total int) {
			if time.Since(last) > 200*time.Millisecond || done == total {
				last = time.Now()
				fmt.Fprintf(progress, "\rCreating the demo shop: %d of %d orders", done, total)
			}
		}})
		if err != nil {
			return "", "", fmt.Errorf("create demo shop: %w", err)
		}
		fmt.Fprintf(progress, "\rCreated the demo shop %q: %d products, %d customers, %d orders in %s.\n",
			res.Shop.Name, res.Products, res.Customers, res.Orders, time.Since(start).Round(100*time.Millisecond))
		if _, err := a.Auth.CreateUser(ctx, res.Shop.ID, demoEmail, "Demo Owner", demoPassword, auth.Owner); err != nil {
			return "", "", err
		}
		shopID = res.Shop.ID
	default:
		return "", "", err
	}
	_, key, err = a.Auth.CreateAPIKey(ctx, shopID, "demo")
	if err != nil {
		return "", "", err
	}
	return demoEmail + " / " + demoPassword, key, nil
}
