-- +goose Up
-- PostgreSQL twin of migrations/sqlite/00007_cases.sql: TIMESTAMPTZ and BIGINT
-- where SQLite has TIMESTAMP and INTEGER; everything else is the same.
-- Service cases (issue 4): returns, exchanges, free replacements, warranty
-- claims, repairs and maintenance visits share one table and one history.
-- A case's status only changes through the transitions in package cases;
-- seq counts them, so two agents acting at once cannot both win (the
-- second UPDATE ... WHERE seq = old finds nothing) and each transition's
-- timeline event gets its own dedupe key.

-- A shop's after-sales policy (package policy), as JSON. A shop without a
-- row gets policy.Default for its country.
CREATE TABLE shop_policies (
    shop_id     TEXT PRIMARY KEY REFERENCES shops (id),
    policy      TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Case numbers are per shop and shared by all kinds (R-1001, W-1002, …),
-- so a number said on the phone names one case.
CREATE TABLE case_sequences (
    shop_id     TEXT PRIMARY KEY REFERENCES shops (id),
    last_number BIGINT  NOT NULL
);

-- Warranty registrations: a unit by serial number, of an order line or
-- bought elsewhere (then with the date on the proof of purchase).
CREATE TABLE warranty_registrations (
    id              TEXT PRIMARY KEY,
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    customer_id     TEXT NOT NULL REFERENCES customers (id),
    order_id        TEXT REFERENCES orders (id),
    order_line_id   TEXT REFERENCES order_lines (id),
    product_id      TEXT REFERENCES products (id),
    serial_number   TEXT NOT NULL DEFAULT '',
    purchased_at    TIMESTAMPTZ,
    proof_blob_id   TEXT NOT NULL DEFAULT '',
    extra_months    BIGINT  NOT NULL DEFAULT 0,
    registered_at   TIMESTAMPTZ NOT NULL
);
-- A serial number is registered once per shop.
CREATE UNIQUE INDEX warranty_registrations_serial ON warranty_registrations (shop_id, serial_number)
    WHERE serial_number <> '';
CREATE INDEX warranty_registrations_customer ON warranty_registrations (shop_id, customer_id);
CREATE INDEX warranty_registrations_order ON warranty_registrations (shop_id, order_id);

CREATE TABLE cases (
    id              TEXT PRIMARY KEY,
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    number          TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('return', 'exchange', 'replacement', 'warranty_claim', 'repair', 'maintenance')),
    status          TEXT NOT NULL,
    customer_id     TEXT NOT NULL REFERENCES customers (id),
    order_id        TEXT REFERENCES orders (id),
    wanted          TEXT NOT NULL DEFAULT '', -- the resolution the customer asked for
    resolution      TEXT NOT NULL DEFAULT '',
    refund_amount   BIGINT  NOT NULL DEFAULT 0,
    currency        TEXT NOT NULL,
    assignee_id     TEXT REFERENCES users (id),
    due_at          TIMESTAMPTZ,
    source          TEXT NOT NULL,
    tracking        TEXT NOT NULL DEFAULT '',
    repair          TEXT, -- JSON: the repair order of a repair case
    booking         TEXT, -- JSON: location and slot of a maintenance visit
    replacements    TEXT NOT NULL DEFAULT '[]', -- JSON: items sent to the customer
    seq             BIGINT  NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    resolved_at     TIMESTAMPTZ,
    closed_at       TIMESTAMPTZ,
    UNIQUE (shop_id, number)
);
-- The inbox pages newest first; filters by customer, order and assignee;
-- overdue cases are those still open past due_at.
CREATE INDEX cases_created ON cases (shop_id, created_at, id);
CREATE INDEX cases_customer ON cases (shop_id, customer_id, created_at);
CREATE INDEX cases_order ON cases (shop_id, order_id);
CREATE INDEX cases_assignee ON cases (shop_id, assignee_id, created_at);
CREATE INDEX cases_due ON cases (shop_id, due_at) WHERE closed_at IS NULL;

CREATE TABLE case_lines (
    id                  TEXT PRIMARY KEY,
    shop_id             TEXT NOT NULL REFERENCES shops (id),
    case_id             TEXT NOT NULL REFERENCES cases (id),
    position            BIGINT  NOT NULL,
    order_line_id       TEXT REFERENCES order_lines (id),
    registration_id     TEXT REFERENCES warranty_registrations (id),
    product_id          TEXT REFERENCES products (id),
    quantity            BIGINT  NOT NULL,
    reason              TEXT NOT NULL DEFAULT '',
    note                TEXT NOT NULL DEFAULT '',
    received_quantity   BIGINT  NOT NULL DEFAULT 0,
    item_condition      TEXT NOT NULL DEFAULT '',
    serial_number       TEXT NOT NULL DEFAULT '',
    refund_amount       BIGINT  NOT NULL DEFAULT 0, -- the line's share of the case's refund
    cost_amount         BIGINT  NOT NULL DEFAULT 0, -- what a replacement or a free repair cost the shop
    -- open_key is "<kind>:<item>" while the case is open and NULL after:
    -- the unique index refuses a second open case of one kind on an item,
    -- however two submits race.
    open_key            TEXT,
    UNIQUE (case_id, position)
);
CREATE UNIQUE INDEX case_lines_open ON case_lines (shop_id, open_key) WHERE open_key IS NOT NULL;
CREATE INDEX case_lines_order_line ON case_lines (shop_id, order_line_id);
CREATE INDEX case_lines_product ON case_lines (shop_id, product_id);

-- Every transition: who did what, from which status to which.
CREATE TABLE case_events (
    id          TEXT PRIMARY KEY,
    shop_id     TEXT NOT NULL REFERENCES shops (id),
    case_id     TEXT NOT NULL REFERENCES cases (id),
    seq         BIGINT  NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    actor_role  TEXT NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (case_id, seq)
);

CREATE TABLE case_notes (
    id          TEXT PRIMARY KEY,
    shop_id     TEXT NOT NULL REFERENCES shops (id),
    case_id     TEXT NOT NULL REFERENCES cases (id),
    author_role TEXT NOT NULL,
    author_id   TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    visible     BOOLEAN NOT NULL DEFAULT FALSE, -- shown to the customer
    attachments TEXT NOT NULL DEFAULT '[]', -- JSON array of upload IDs
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, created_at);

-- +goose Down
DROP TABLE case_notes;
DROP TABLE case_events;
DROP TABLE case_lines;
DROP TABLE cases;
DROP TABLE warranty_registrations;
DROP TABLE case_sequences;
DROP TABLE shop_policies;
