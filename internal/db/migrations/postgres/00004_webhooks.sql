-- +goose Up
-- PostgreSQL twin of migrations/sqlite/00004_webhooks.sql (TIMESTAMPTZ, BIGINT).
-- Outbound webhooks: the merchant's endpoints and the log of what was sent
-- to them. A delivery is one event for one endpoint; its ID is the
-- webhook-id header, the same on every attempt. Each delivery has a River
-- job that makes its attempts and sleeps until next_at between them.

CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    url             TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    event_types     TEXT NOT NULL, -- JSON array: "order.paid", "message.*", "*"
    secret          TEXT NOT NULL, -- whsec_…, signs every request
    -- After a rotation the old secret signs too, until previous_secret_until.
    previous_secret TEXT NOT NULL DEFAULT '',
    previous_secret_until TIMESTAMPTZ,
    status          TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    disabled_reason TEXT NOT NULL DEFAULT '',
    failing_since   TIMESTAMPTZ, -- first failed attempt with no success since
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
-- Every event of a shop looks up its endpoints.
CREATE INDEX webhook_endpoints_shop ON webhook_endpoints (shop_id, created_at, id);

CREATE TABLE webhook_deliveries (
    id           TEXT PRIMARY KEY,
    shop_id      TEXT NOT NULL REFERENCES shops (id),
    -- Deleting an endpoint deletes its log; the jobs then find nothing.
    endpoint_id  TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id     TEXT NOT NULL, -- no foreign key: test events are not on a timeline
    type         TEXT NOT NULL,
    payload      TEXT NOT NULL, -- the exact body, signed and sent on every attempt
    status       TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts     BIGINT NOT NULL DEFAULT 0,
    last_status  BIGINT NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    next_at      TIMESTAMPTZ,
    delivered_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (endpoint_id, event_id) -- an event dispatched twice is delivered once
);
-- The delivery log of an endpoint, newest first.
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (shop_id, endpoint_id, created_at, id);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
