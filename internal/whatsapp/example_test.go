package whatsapp_test

import (
	"context"
	"log/slog"
	"net/http"
	"os"

	"github.com/purnajual/purna/internal/whatsapp"
)

// Example shows the wiring: one Config for sending and for the webhook.
func Example() {
	cfg, err := whatsapp.ParseURL(os.Getenv("PURNA_WHATSAPP_URL"))
	if err != nil {
		slog.Error("whatsapp config", "err", err) // never contains the token
		return
	}
	client, err := whatsapp.New(cfg)
	if err != nil {
		slog.Error("whatsapp client", "err", err)
		return
	}

	mux := http.NewServeMux()
	mux.Handle("/webhooks/whatsapp", whatsapp.NewWebhookHandler(cfg, func(ctx context.Context, statuses []whatsapp.Status) error {
		for _, s := range statuses {
			// Match s.CallbackData (the outbox ID) or s.ID (the wamid) and
			// record s.Status; a failed status has s.Errors.
			slog.InfoContext(ctx, "whatsapp status", "outbox_id", s.CallbackData, "status", s.Status)
		}
		return nil
	}))

	wamid, err := client.Send(context.Background(), whatsapp.Message{
		ID: "01JZ5Q7ZP3MZ8XK0Y2V9R4T6WA", To: "+6281234567890",
		Template: "order_shipped", Language: "id",
		BodyParams: []string{"Budi", "INV-2024-001"}, ButtonURLSuffix: "INV-2024-001",
	})
	if e, ok := err.(*whatsapp.Error); ok {
		switch {
		case e.Permanent(): // mark the message failed
		case e.MaybeDelivered(): // wait for a status webhook before retrying
		default: // retry with backoff
		}
	}
	_ = wamid
}
