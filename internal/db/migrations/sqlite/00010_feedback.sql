-- +goose Up
-- Feedback (issue 5): survey answers, and the follow-ups that close the
-- loop on unhappy ones.

-- One answer per customer, survey kind and subject (an order or a case):
-- a second click on another score updates the row rather than adding one.
CREATE TABLE survey_responses (
    id          TEXT PRIMARY KEY,
    shop_id     TEXT NOT NULL REFERENCES shops (id),
    customer_id TEXT NOT NULL REFERENCES customers (id),
    kind        TEXT NOT NULL CHECK (kind IN ('nps', 'csat', 'ces')),
    subject     TEXT NOT NULL, -- "order:<id>" or "case:<id>"
    order_id    TEXT REFERENCES orders (id),
    case_id     TEXT REFERENCES cases (id),
    journey_id  TEXT REFERENCES journeys (id),
    message_id  TEXT,
    source      TEXT NOT NULL DEFAULT '', -- the order's source, for results by source
    score       INTEGER NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    answers     TEXT NOT NULL DEFAULT '{}', -- JSON: the shop's own questions, by ID
    locale      TEXT NOT NULL,
    changes     INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL, -- the first answer
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (shop_id, customer_id, kind, subject)
);
-- Results read a kind's answers over a range; the list pages newest first.
CREATE INDEX survey_responses_kind ON survey_responses (shop_id, kind, created_at, id);
CREATE INDEX survey_responses_created ON survey_responses (shop_id, created_at, id);

-- A shop's own wording of its questions and its extra questions (JSON).
CREATE TABLE survey_settings (
    shop_id     TEXT PRIMARY KEY REFERENCES shops (id),
    settings    TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- A follow-up is the shop getting back to an unhappy customer: opened by
-- a detractor's answer or a bad review, once per answer or review
-- (source, source_id), numbered with the shop's case numbers (F-1007).
CREATE TABLE followups (
    id                  TEXT PRIMARY KEY,
    shop_id             TEXT NOT NULL REFERENCES shops (id),
    number              TEXT NOT NULL,
    customer_id         TEXT NOT NULL REFERENCES customers (id),
    order_id            TEXT REFERENCES orders (id),
    source              TEXT NOT NULL CHECK (source IN ('survey', 'review')),
    source_id           TEXT NOT NULL,
    trigger_kind        TEXT NOT NULL, -- nps, csat, ces or review
    score               INTEGER NOT NULL,
    comment             TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    context             TEXT NOT NULL, -- JSON: the order as it stood when the follow-up opened
    remedy              TEXT NOT NULL DEFAULT '',
    outcome_note        TEXT NOT NULL DEFAULT '',
    assignee_id         TEXT REFERENCES users (id),
    due_at              TIMESTAMP NOT NULL,
    first_contact_at    TIMESTAMP,
    resolved_at         TIMESTAMP,
    seq                 INTEGER NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (shop_id, number),
    UNIQUE (shop_id, source, source_id)
);
CREATE INDEX followups_created ON followups (shop_id, created_at, id);
CREATE INDEX followups_customer ON followups (shop_id, customer_id, created_at);
CREATE INDEX followups_open ON followups (shop_id, status, due_at);

-- What happened on a follow-up: who did what, when.
CREATE TABLE followup_events (
    id          TEXT PRIMARY KEY,
    shop_id     TEXT NOT NULL REFERENCES shops (id),
    followup_id TEXT NOT NULL REFERENCES followups (id),
    seq         INTEGER NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    actor_role  TEXT NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (followup_id, seq)
);

-- Call tasks: an agent is to phone (or WhatsApp) the customer by due_at.
CREATE TABLE tasks (
    id          TEXT PRIMARY KEY,
    shop_id     TEXT NOT NULL REFERENCES shops (id),
    kind        TEXT NOT NULL CHECK (kind IN ('call')),
    followup_id TEXT REFERENCES followups (id),
    customer_id TEXT NOT NULL REFERENCES customers (id),
    title       TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('open', 'done')),
    outcome     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    assignee_id TEXT REFERENCES users (id),
    due_at      TIMESTAMP NOT NULL,
    done_at     TIMESTAMP,
    done_by     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX tasks_open ON tasks (shop_id, status, due_at);
CREATE INDEX tasks_followup ON tasks (shop_id, followup_id);

-- +goose Down
DROP TABLE tasks;
DROP TABLE followup_events;
DROP TABLE followups;
DROP TABLE survey_settings;
DROP TABLE survey_responses;
