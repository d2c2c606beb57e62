-- +goose Up
-- Delivery reads due messages in (due_at, id) order a page at a time; with
-- the ID in the index a page is read straight off it, even when thousands
-- of messages share one due time (a campaign, a busy minute), instead of
-- sorting all of them for every page.
DROP INDEX messages_due;
CREATE INDEX messages_due ON messages (due_at, id) WHERE status = 'queued';

-- +goose Down
DROP INDEX messages_due;
CREATE INDEX messages_due ON messages (due_at) WHERE status = 'queued';
