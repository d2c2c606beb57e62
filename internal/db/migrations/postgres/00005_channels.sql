-- +goose Up
-- Messages on every channel: what a message is about beyond its order (a
-- warranty reminder names one line's product and its end date, as JSON),
-- the channel's own ID for the message (WhatsApp's wamid, an SMS gateway's
-- ID) so its status callbacks find it, and the addresses that must not be
-- written to again.

ALTER TABLE messages ADD COLUMN facts TEXT NOT NULL DEFAULT '{}';
ALTER TABLE messages ADD COLUMN provider_id TEXT NOT NULL DEFAULT '';
CREATE INDEX messages_provider ON messages (channel, provider_id) WHERE provider_id <> '';

-- A suppressed address gets nothing on its channel, transactional or not:
-- a hard bounce means it does not exist, a complaint means the person
-- marked us as spam. Unsubscribing is consent, kept on the customer.
CREATE TABLE suppressions (
    shop_id     TEXT NOT NULL REFERENCES shops (id),
    channel     TEXT NOT NULL,
    address     TEXT NOT NULL, -- normalised email or E.164 phone
    reason      TEXT NOT NULL CHECK (reason IN ('bounce', 'complaint', 'manual')),
    detail      TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '', -- smtp, api, whatsapp, …
    message_id  TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (shop_id, channel, address)
);

-- +goose Down
DROP TABLE suppressions;
DROP INDEX messages_provider;
ALTER TABLE messages DROP COLUMN provider_id;
ALTER TABLE messages DROP COLUMN facts;
