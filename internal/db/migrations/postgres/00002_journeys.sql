-- +goose Up
-- PostgreSQL twin of migrations/sqlite/00002_journeys.sql (TIMESTAMPTZ, BIGINT).
-- Journeys: automations that react to the timeline. A run is one customer
-- going through one journey; messages is the outbox. The schedule lives in
-- these rows (next_at, due_at), so it survives restarts and deploys.

CREATE TABLE journeys (
    id          TEXT PRIMARY KEY,
    shop_id     TEXT NOT NULL REFERENCES shops (id),
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('active', 'paused')),
    kind        TEXT NOT NULL CHECK (kind IN ('transactional', 'marketing')),
    trigger_type TEXT NOT NULL,
    definition  TEXT NOT NULL, -- JSON: conditions, steps, exit_on, reentry
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (shop_id, key)
);

CREATE TABLE journey_runs (
    id          TEXT PRIMARY KEY,
    shop_id     TEXT NOT NULL REFERENCES shops (id),
    journey_id  TEXT NOT NULL REFERENCES journeys (id),
    customer_id TEXT NOT NULL REFERENCES customers (id),
    order_id    TEXT REFERENCES orders (id),
    event_id    TEXT NOT NULL,
    subject     TEXT NOT NULL, -- re-entry counts on it: order:…, customer:… or event:…
    step        BIGINT NOT NULL DEFAULT 0,
    status      TEXT NOT NULL CHECK (status IN ('waiting', 'done', 'exited')),
    next_at     TIMESTAMPTZ,
    event_at    TIMESTAMPTZ NOT NULL,
    event_data  TEXT NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (journey_id, subject)
);
CREATE INDEX journey_runs_due ON journey_runs (next_at) WHERE status = 'waiting';
CREATE INDEX journey_runs_customer ON journey_runs (shop_id, customer_id, status);

CREATE TABLE messages (
    id          TEXT PRIMARY KEY,
    shop_id     TEXT NOT NULL REFERENCES shops (id),
    customer_id TEXT NOT NULL REFERENCES customers (id),
    order_id    TEXT REFERENCES orders (id),
    run_id      TEXT REFERENCES journey_runs (id),
    step        BIGINT NOT NULL DEFAULT 0,
    channel     TEXT NOT NULL,
    template    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    quiet_hours BOOLEAN NOT NULL DEFAULT FALSE, -- may wait for morning
    recipient   TEXT NOT NULL DEFAULT '',
    subject     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'skipped', 'unknown')),
    reason      TEXT NOT NULL DEFAULT '',
    attempts    BIGINT NOT NULL DEFAULT 0,
    due_at      TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (run_id, step) -- a step sends once, however often it is advanced
);
CREATE INDEX messages_due ON messages (due_at) WHERE status = 'queued';
CREATE INDEX messages_sending ON messages (updated_at) WHERE status = 'sending';
CREATE INDEX messages_shop ON messages (shop_id, created_at, id);
CREATE INDEX messages_customer ON messages (shop_id, customer_id, channel, kind, sent_at);

-- Installation-wide secrets, made on first start and shared by every
-- process: the key that signs unsubscribe links.
CREATE TABLE secrets (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE secrets;
DROP TABLE messages;
DROP TABLE journey_runs;
DROP TABLE journeys;
