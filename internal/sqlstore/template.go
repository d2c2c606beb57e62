package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/message"
)

// Templates keeps each shop's own wording of the shipped messages: one
// row per message key and language, the shipped template wherever there
// is none.
type Templates struct{ *Store }

const templateCols = `key, locale, subject, html, text, sms`

func scanTemplate(r db.Row) (message.Template, error) {
	var t message.Template
	err := r.Scan(&t.Key, &t.Locale, &t.Subject, &t.HTML, &t.Text, &t.SMS)
	return t, err
}

// FindTemplate returns the shop's edit of key in locale. ENOTFOUND when
// the shop sends the shipped template.
func (s Templates) FindTemplate(ctx context.Context, shopID purna.ID, key message.Key, locale string) (message.Template, error) {
	t, err := scanTemplate(s.db.Read().QueryRow(ctx, `SELECT `+templateCols+` FROM message_templates
		WHERE shop_id = $1 AND key = $2 AND locale = $3`, shopID, string(key), locale))
	if err != nil {
		return message.Template{}, notFound(err, "Template")
	}
	return t, nil
}

// FindTemplates returns every edit the shop made, by key and language.
func (s Templates) FindTemplates(ctx context.Context, shopID purna.ID) ([]message.Template, error) {
	rows, err := s.db.Read().Query(ctx, `SELECT `+templateCols+` FROM message_templates WHERE shop_id = $1
		ORDER BY key, locale`, shopID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find templates: %w", err)
	}
	defer rows.Close()
	var out []message.Template
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find templates: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SaveTemplate stores t as the shop's wording of t.Key in t.Locale,
// replacing an earlier edit. It checks t with message.Parse first, so a
// template that does not compile is never stored: EINVALID, with the part
// ("subject", "html", "text", "sms") and the line in Fields.
func (s Templates) SaveTemplate(ctx context.Context, shopID purna.ID, t message.Template, now time.Time) error {
	if _, err := message.Parse(t); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO message_templates (shop_id, `+templateCols+`, updated_at)
			VALUES `+placeholders(1, 8, 0)+`
			ON CONFLICT (shop_id, key, locale) DO UPDATE SET subject = excluded.subject, html = excluded.html,
			text = excluded.text, sms = excluded.sms, updated_at = excluded.updated_at`,
			shopID, string(t.Key), t.Locale, t.Subject, t.HTML, t.Text, t.SMS, now.UTC())
		if err != nil {
			return err
		}
		return bumpTemplatesRevision(ctx, tx, shopID)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: save template %s/%s: %w", t.Key, t.Locale, err)
	}
	return nil
}

// DeleteTemplate drops the shop's edit of key in locale, so the shipped
// template is sent again. Deleting an edit that does not exist is no
// error: the shop already sends the shipped one.
func (s Templates) DeleteTemplate(ctx context.Context, shopID purna.ID, key message.Key, locale string) error {
	err := s.db.InTx(ctx, func(tx db.Tx) error {
		n, err := tx.Exec(ctx, `DELETE FROM message_templates WHERE shop_id = $1 AND key = $2 AND locale = $3`,
			shopID, string(key), locale)
		if err != nil || n == 0 {
			return err
		}
		return bumpTemplatesRevision(ctx, tx, shopID)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: delete template %s/%s: %w", key, locale, err)
	}
	return nil
}

// TemplatesVersion returns a number that grows whenever the shop saves or
// deletes an edit: 0 before the first. A composer that keeps compiled
// templates reads it before each batch, one row by primary key, and
// recompiles only when it changed. A counter rather than the latest
// updated_at: two saves within one clock tick, or a delete, still change
// it.
func (s Templates) TemplatesVersion(ctx context.Context, shopID purna.ID) (int64, error) {
	var rev int64
	err := s.db.Read().QueryRow(ctx, `SELECT revision FROM message_template_revisions WHERE shop_id = $1`, shopID).Scan(&rev)
	if err != nil && !db.IsNoRows(err) {
		return 0, fmt.Errorf("sqlstore: templates version: %w", err)
	}
	return rev, nil
}

func bumpTemplatesRevision(ctx context.Context, tx db.Tx, shopID purna.ID) error {
	_, err := tx.Exec(ctx, `INSERT INTO message_template_revisions (shop_id, revision) VALUES ($1, 1)
		ON CONFLICT (shop_id) DO UPDATE SET revision = message_template_revisions.revision + 1`, shopID)
	return err
}
