-- +goose Up
-- The shop's words to the customer with a step (why a request was
-- rejected), apart from the agent's note, which stays internal.
ALTER TABLE case_events ADD COLUMN customer_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE case_events DROP COLUMN customer_reason;
