-- +goose Up
-- A shop's own wording of a shipped message, one row per message key and
-- language. A key and language without a row sends the template Purna
-- ships (message.Default); deleting the row goes back to it. Every part is
-- checked with message.Parse before it is stored, so a row was valid
-- against the layout of the version that saved it. An empty sms means the
-- message has no SMS part (message.Template.SMS).

CREATE TABLE message_templates (
    shop_id     TEXT NOT NULL REFERENCES shops (id),
    key         TEXT NOT NULL,
    locale      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    html        TEXT NOT NULL,
    text        TEXT NOT NULL,
    sms         TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (shop_id, key, locale)
);

-- One counter per shop, raised in the transaction of every save and
-- delete: composers that cache compiled templates compare it, one row by
-- primary key, instead of reading every edit before each send.
CREATE TABLE message_template_revisions (
    shop_id     TEXT PRIMARY KEY REFERENCES shops (id),
    revision    INTEGER NOT NULL
);

-- +goose Down
DROP TABLE message_template_revisions;
DROP TABLE message_templates;
