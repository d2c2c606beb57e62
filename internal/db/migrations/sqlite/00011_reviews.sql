-- +goose Up
-- Product reviews (issue 5). A customer reviews a product once: a second
-- review of it changes the first (the partial unique index). The title
-- and body are stored as typed; every page escapes them.
CREATE TABLE reviews (
    id              TEXT PRIMARY KEY,
    shop_id         TEXT NOT NULL REFERENCES shops (id),
    product_id      TEXT NOT NULL REFERENCES products (id),
    customer_id     TEXT REFERENCES customers (id),
    order_id        TEXT REFERENCES orders (id),
    order_line_id   TEXT REFERENCES order_lines (id),
    rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    title           TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL,
    author_name     TEXT NOT NULL DEFAULT '',
    locale          TEXT NOT NULL,
    photos          TEXT NOT NULL DEFAULT '[]', -- JSON: upload IDs
    verified        BOOLEAN NOT NULL DEFAULT FALSE,
    incentivised    BOOLEAN NOT NULL DEFAULT FALSE,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'published', 'rejected')),
    reasons         TEXT NOT NULL DEFAULT '[]', -- JSON: why it waits or was rejected
    reply           TEXT, -- JSON: the shop's reply
    created_at      TIMESTAMP NOT NULL,
    published_at    TIMESTAMP,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX reviews_customer_product ON reviews (shop_id, customer_id, product_id) WHERE customer_id IS NOT NULL;
-- The widget pages a product's published reviews newest first; the
-- moderation queue lists a status newest first.
CREATE INDEX reviews_product ON reviews (shop_id, product_id, status, created_at);
CREATE INDEX reviews_status ON reviews (shop_id, status, created_at, id);

CREATE TABLE review_settings (
    shop_id     TEXT PRIMARY KEY REFERENCES shops (id),
    settings    TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);


-- +goose Down
DROP TABLE review_settings;
DROP TABLE reviews;
