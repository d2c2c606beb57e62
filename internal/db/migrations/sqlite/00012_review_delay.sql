-- +goose Up
-- How long after delivery a product's review is asked for, in days; 0 is
-- the shop's default (a week). A mattress is judged after a month, a
-- charger after a few days.
ALTER TABLE products ADD COLUMN review_delay_days INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE products DROP COLUMN review_delay_days;
