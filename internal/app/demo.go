package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/demo"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
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
		owner, err := a.Auth.CreateUser(ctx, res.Shop.ID, demoEmail, "Demo Owner", demoPassword, auth.Owner)
		if err != nil {
			return "", "", err
		}
		shopID = res.Shop.ID
		n, err := a.seedDemoCases(ctx, shopID, owner.ID)
		if err != nil {
			return "", "", err
		}
		fmt.Fprintf(progress, "Opened %d returns on recent deliveries, at different steps.\n", n)
		if err := a.InstallJourneys(ctx); err != nil {
			return "", "", err
		}
		answers, reviews, followups, err := a.seedDemoFeedback(ctx, shopID, owner.ID)
		if err != nil {
			return "", "", fmt.Errorf("demo feedback: %w", err)
		}
		fmt.Fprintf(progress, "Added %d survey answers, %d reviews and %d follow-ups of unhappy customers.\n", answers, reviews, followups)
	default:
		return "", "", err
	}
	_, key, err = a.Auth.CreateAPIKey(ctx, shopID, "demo")
	if err != nil {
		return "", "", err
	}
	return demoEmail + " / " + demoPassword, key, nil
}

// seedDemoCases opens a few returns on the demo's latest deliveries, left at
// different steps (requested, approved, received, refunded), so the case
// inbox, the portal and the numbers have something to show on the first
// start. They go through the same service as the portal and the agents,
// so their messages go out like any others.
func (a *App) seedDemoCases(ctx context.Context, shopID, agentID purna.ID) (int, error) {
	delivered := order.Delivered
	from := a.Clock.Now().AddDate(0, 0, -12)
	page, err := a.Orders.Find(ctx, order.Filter{ShopID: shopID, Status: &delivered, PlacedFrom: &from, Limit: 50})
	if err != nil {
		return 0, err
	}
	reasons := policy.DefaultReasons()
	agent := cases.Agent(agentID)
	opened := 0
	for _, listed := range page.Items {
		if opened == 8 {
			break
		}
		if listed.CustomerID == nil {
			continue
		}
		o, err := a.Orders.FindByID(ctx, shopID, listed.ID) // with its lines
		if err != nil {
			return opened, err
		}
		items, err := a.Cases.Eligibility(ctx, shopID, agent, o.ID)
		if err != nil {
			return opened, err
		}
		i := slices.IndexFunc(items, func(it eligibility.Item) bool { return it.Return.Allowed && it.Return.Quantity > 0 })
		if i < 0 {
			continue
		}
		lineID := items[i].LineID
		j := slices.IndexFunc(o.Lines, func(l *order.Line) bool { return l.ID == lineID })
		if j < 0 {
			continue // a replacement item, not one of the order's lines
		}
		line := o.Lines[j]
		c, err := a.Cases.Open(ctx, shopID, cases.Customer(*o.CustomerID), cases.OpenInput{Kind: cases.Return, OrderID: &o.ID,
			Lines:  []cases.LineInput{{OrderLineID: lineID, Quantity: 1, Reason: reasons[opened%len(reasons)].Code}},
			Wanted: cases.Refund, Note: "Demo"})
		if err != nil {
			return opened, fmt.Errorf("open a demo return on %s: %w", o.Number, err)
		}
		steps := []cases.Action{cases.Approve, cases.Receive, cases.Resolve}[:opened%4]
		for _, act := range steps {
			in := cases.ActInput{}
			if act == cases.Resolve {
				in.Resolution, in.Amount = cases.Refund, &line.UnitPrice
			}
			if c, err = a.Cases.Act(ctx, shopID, c.ID, agent, act, in); err != nil {
				return opened, fmt.Errorf("demo return %s: %s: %w", c.Number, act, err)
			}
		}
		opened++
	}
	return opened, nil
}
