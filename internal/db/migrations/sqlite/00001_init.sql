-- +goose Up
-- The foundation: shops and the people who run them, customers, the catalogue,
-- orders with their lines and shipments, and the customer timeline. Every row
-- carries shop_id and every query filters on it. IDs are ULIDs made by the
-- application; money is integer minor units beside a currency code; times
-- are UTC.

CREATE TABLE shops (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    locale          TEXT NOT NULL DEFAULT 'id',
    currency        TEXT NOT NULL DEFAULT 'IDR',
    timezone        TEXT NOT NULL DEFAULT 'Asia/Jakarta',
    country         TEXT NOT NULL DEFAULT 'ID',
    brand           TEXT NOT NULL DEFAULT '{}', -- JSON: logo_url, color, contact_email, phone, whatsapp, social links
    support_hours   TEXT NOT NULL DEFAULT '[]', -- JSON: weekly opening hours
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    user_id         TEXT NOT NULL REFERENCES users (id),
    role            TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'agent')),
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (shop_id, user_id)
);

-- Sessions live in the database, not in memory, so any purna serve process
-- behind a load balancer can serve any request.
CREATE TABLE sessions (
    token_hash      TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id),
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    expires_at      TIMESTAMP NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- API keys are shown once; only their SHA-256 is kept.
CREATE TABLE api_keys (
    id              TEXT PRIMARY KEY,
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    name            TEXT NOT NULL,
    prefix          TEXT NOT NULL,
    key_hash        TEXT NOT NULL UNIQUE,
    created_at      TIMESTAMP NOT NULL,
    revoked_at      TIMESTAMP
);

-- A shop's connected storefronts and marketplaces, with the secret their
-- webhooks are signed with.
CREATE TABLE storefronts (
    id              TEXT PRIMARY KEY,
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    kind            TEXT NOT NULL, -- shopify, woocommerce
    name            TEXT NOT NULL,
    webhook_secret  TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX storefronts_shop ON storefronts (shop_id, kind);

CREATE TABLE customers (
    id              TEXT PRIMARY KEY,
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    email           TEXT,
    phone           TEXT,
    first_name      TEXT NOT NULL DEFAULT '',
    last_name       TEXT NOT NULL DEFAULT '',
    locale          TEXT NOT NULL DEFAULT '',
    timezone        TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    province        TEXT NOT NULL DEFAULT '',
    country         TEXT NOT NULL DEFAULT '',
    orders_count    INTEGER NOT NULL DEFAULT 0,
    total_spent     INTEGER NOT NULL DEFAULT 0, -- minor units of the shop's currency
    first_order_at  TIMESTAMP,
    last_order_at   TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX customers_email ON customers (shop_id, email) WHERE email IS NOT NULL;
CREATE INDEX customers_phone ON customers (shop_id, phone, id) WHERE phone IS NOT NULL;
-- The customer list pages newest first by (created_at, id).
CREATE INDEX customers_created ON customers (shop_id, created_at, id);

-- How a store or marketplace names a customer, so a re-delivered order finds
-- the same customer even when it carries no email.
CREATE TABLE customer_refs (
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    source          TEXT NOT NULL,
    external_id     TEXT NOT NULL,
    customer_id     TEXT NOT NULL REFERENCES customers (id),
    PRIMARY KEY (shop_id, source, external_id)
);

-- Marketing consent per channel. Each change is also on the timeline.
CREATE TABLE consents (
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    customer_id     TEXT NOT NULL REFERENCES customers (id),
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp')),
    granted         BOOLEAN NOT NULL,
    source          TEXT NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (customer_id, channel)
);

CREATE TABLE products (
    id                  TEXT PRIMARY KEY,
    shop_id             TEXT NOT NULL REFERENCES shops (id),
    sku                 TEXT NOT NULL,
    name                TEXT NOT NULL,
    category            TEXT NOT NULL DEFAULT '',
    price               INTEGER NOT NULL DEFAULT 0,
    currency            TEXT NOT NULL,
    warranty_months     INTEGER NOT NULL DEFAULT 0,
    return_window_days  INTEGER NOT NULL DEFAULT 0,
    maintenance_days    INTEGER NOT NULL DEFAULT 0,
    howto_url           TEXT NOT NULL DEFAULT '',
    howto_text          TEXT NOT NULL DEFAULT '',
    serialized          BOOLEAN NOT NULL DEFAULT FALSE,
    spare_part_for      TEXT NOT NULL DEFAULT '[]', -- JSON array of SKUs this part fits
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (shop_id, sku)
);

CREATE TABLE orders (
    id              TEXT PRIMARY KEY,
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    source          TEXT NOT NULL,
    external_id     TEXT NOT NULL,
    number          TEXT NOT NULL DEFAULT '',
    customer_id     TEXT REFERENCES customers (id),
    status          TEXT NOT NULL,
    currency        TEXT NOT NULL,
    subtotal        INTEGER NOT NULL DEFAULT 0,
    discount        INTEGER NOT NULL DEFAULT 0,
    shipping        INTEGER NOT NULL DEFAULT 0,
    tax             INTEGER NOT NULL DEFAULT 0,
    total           INTEGER NOT NULL DEFAULT 0,
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    ship_name       TEXT NOT NULL DEFAULT '',
    ship_address    TEXT NOT NULL DEFAULT '',
    ship_city       TEXT NOT NULL DEFAULT '',
    ship_province   TEXT NOT NULL DEFAULT '',
    ship_postal     TEXT NOT NULL DEFAULT '',
    ship_country    TEXT NOT NULL DEFAULT '',
    cancel_reason   TEXT NOT NULL DEFAULT '',
    placed_at       TIMESTAMP NOT NULL,
    paid_at         TIMESTAMP,
    fulfilled_at    TIMESTAMP,
    delivered_at    TIMESTAMP,
    cancelled_at    TIMESTAMP,
    refunded_at     TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (shop_id, source, external_id)
);
-- Lists page latest placed first by (placed_at, id), whole or by status;
-- a customer's orders feed their figures.
CREATE INDEX orders_customer ON orders (shop_id, customer_id, placed_at);
CREATE INDEX orders_status ON orders (shop_id, status, placed_at, id);
CREATE INDEX orders_placed ON orders (shop_id, placed_at, id);

CREATE TABLE order_lines (
    id              TEXT PRIMARY KEY,
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    order_id        TEXT NOT NULL REFERENCES orders (id),
    position        INTEGER NOT NULL,
    external_id     TEXT NOT NULL DEFAULT '',
    product_id      TEXT REFERENCES products (id),
    sku             TEXT NOT NULL DEFAULT '',
    name            TEXT NOT NULL,
    quantity        INTEGER NOT NULL,
    unit_price      INTEGER NOT NULL,
    total           INTEGER NOT NULL,
    serial_numbers  TEXT NOT NULL DEFAULT '[]', -- JSON array
    UNIQUE (order_id, position)
);
CREATE INDEX order_lines_product ON order_lines (shop_id, product_id);

CREATE TABLE shipments (
    id              TEXT PRIMARY KEY,
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    order_id        TEXT NOT NULL REFERENCES orders (id),
    external_id     TEXT NOT NULL,
    carrier         TEXT NOT NULL DEFAULT '',
    tracking_number TEXT NOT NULL DEFAULT '',
    tracking_url    TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    promised_at     TIMESTAMP,
    shipped_at      TIMESTAMP,
    delivered_at    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (order_id, external_id)
);
-- Parcels still on the way, by promised date: the late-delivery checks.
CREATE INDEX shipments_undelivered ON shipments (shop_id, promised_at) WHERE delivered_at IS NULL;

CREATE TABLE tracking_events (
    id              TEXT PRIMARY KEY,
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    shipment_id     TEXT NOT NULL REFERENCES shipments (id),
    occurred_at     TIMESTAMP NOT NULL,
    status          TEXT NOT NULL,
    location        TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    UNIQUE (shipment_id, occurred_at, status)
);

-- The customer timeline: an append-only log. dedupe_key makes every fact
-- land once however often a store re-delivers it.
CREATE TABLE events (
    id              TEXT PRIMARY KEY,
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    customer_id     TEXT REFERENCES customers (id),
    order_id        TEXT REFERENCES orders (id),
    type            TEXT NOT NULL,
    occurred_at     TIMESTAMP NOT NULL,
    data            TEXT NOT NULL DEFAULT '{}',
    dedupe_key      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (shop_id, dedupe_key)
);
CREATE INDEX events_customer ON events (shop_id, customer_id, occurred_at);
CREATE INDEX events_order ON events (shop_id, order_id, occurred_at);

-- Idempotency-Key on API POSTs: the first response is replayed for a retry
-- with the same key and body.
CREATE TABLE idempotency_keys (
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    key             TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    status          INTEGER NOT NULL,
    response        TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (shop_id, key)
);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE events;
DROP TABLE tracking_events;
DROP TABLE shipments;
DROP TABLE order_lines;
DROP TABLE orders;
DROP TABLE products;
DROP TABLE consents;
DROP TABLE customer_refs;
DROP TABLE customers;
DROP TABLE storefronts;
DROP TABLE api_keys;
DROP TABLE sessions;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE shops;
