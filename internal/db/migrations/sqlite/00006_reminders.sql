-- +goose Up
-- The hourly reminder scan (package reminder) reads delivered orders by
-- delivery date, a narrow window at a time: warranties ending soon and
-- services falling due. Only live orders can be due, so the index leaves
-- out the rest.
CREATE INDEX orders_delivered ON orders (shop_id, delivered_at)
    WHERE delivered_at IS NOT NULL AND cancelled_at IS NULL AND refunded_at IS NULL;

-- Lapsed customers are found by how long ago they last ordered, paged by
-- (last_order_at, id). Customers who never ordered are left out.
CREATE INDEX customers_last_order ON customers (shop_id, last_order_at, id)
    WHERE last_order_at IS NOT NULL;

-- +goose Down
DROP INDEX customers_last_order;
DROP INDEX orders_delivered;
