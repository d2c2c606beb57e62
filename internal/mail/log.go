package mail

import (
	"context"
	"log/slog"
)

// Log is a Sender for development: it writes one log line per message and
// sends nothing.
type Log struct {
	Logger *slog.Logger // default slog.Default()
}

// Send logs m at Info level, after the same validation as SMTP.
func (l Log) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	logger := l.Logger
	if logger == nil {
		logger = slog.Default()
	}
	logger.LogAttrs(ctx, slog.LevelInfo, "mail: not sent (log sender)",
		slog.String("message_id", m.MessageID()),
		slog.String("from", m.From.Email),
		slog.String("to", m.To.Email),
		slog.String("subject", m.Subject),
		slog.Bool("marketing", m.Marketing),
		slog.Int("text_bytes", len(m.Text)),
		slog.Int("html_bytes", len(m.HTML)),
	)
	return nil
}
