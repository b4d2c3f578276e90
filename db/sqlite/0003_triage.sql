-- Lex Heller, SQLite schema 3: queues and routing rules as data, the triage workflow (referrals,
-- messages to and from the reporter, internal notes, publications) and the notification outbox.

CREATE TABLE queues (
    id                 TEXT NOT NULL PRIMARY KEY,
    association_id     TEXT NOT NULL REFERENCES associations (id),
    steering_group_id  TEXT NOT NULL REFERENCES steering_groups (id),
    name               TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    UNIQUE (association_id, name)
);

CREATE INDEX ix_queues_steering_group ON queues (steering_group_id);

-- A rule sends matching reports to a queue of its association, or forwards them to another
-- association. Empty criteria match anything; the most specific match wins, then priority.
CREATE TABLE routing_rules (
    id                         TEXT    NOT NULL PRIMARY KEY,
    association_id             TEXT    NOT NULL REFERENCES associations (id),
    area_id                    TEXT    NULL REFERENCES areas (id),
    party_kind                 TEXT    NULL CHECK (party_kind IN ('municipality', 'region', 'social-insurance', 'employment-service', 'other')),
    category                   TEXT    NULL REFERENCES categories (code),
    queue_id                   TEXT    NULL REFERENCES queues (id),
    forward_to_association_id  TEXT    NULL REFERENCES associations (id),
    priority                   INTEGER NOT NULL DEFAULT 100,
    description                TEXT    NOT NULL,
    created_at                 TEXT    NOT NULL,
    CHECK ((queue_id IS NULL AND forward_to_association_id IS NOT NULL) OR (queue_id IS NOT NULL AND forward_to_association_id IS NULL))
);

CREATE INDEX ix_routing_rules_association ON routing_rules (association_id);

ALTER TABLE reports ADD COLUMN queue_id TEXT NULL REFERENCES queues (id);
ALTER TABLE reports ADD COLUMN resolution TEXT NULL CHECK (resolution IN ('answered', 'resolved-locally', 'structural-follow-up', 'not-actionable', 'out-of-scope', 'duplicate', 'forwarded'));
ALTER TABLE reports ADD COLUMN duplicate_of_report_id TEXT NULL REFERENCES reports (id);
ALTER TABLE reports ADD COLUMN forwarded_to_report_id TEXT NULL REFERENCES reports (id);
ALTER TABLE reports ADD COLUMN forwarded_from_report_id TEXT NULL REFERENCES reports (id);

CREATE INDEX ix_reports_queue_created ON reports (queue_id, created_at, id);
CREATE INDEX ix_reports_association_created ON reports (association_id, created_at, id);

CREATE TABLE referrals (
    id                  TEXT NOT NULL PRIMARY KEY,
    report_id           TEXT NOT NULL REFERENCES reports (id),
    party_id            TEXT NOT NULL REFERENCES parties (id),
    question            TEXT NOT NULL,
    due_on              TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('open', 'answered')),
    created_at          TEXT NOT NULL,
    cause               TEXT NULL,
    actions             TEXT NULL,
    follow_up_plan      TEXT NULL,
    responder_name      TEXT NULL,
    responder_role      TEXT NULL,
    answered_at         TEXT NULL,
    reminded_before_at  TEXT NULL,
    reminded_after_at   TEXT NULL
);

CREATE INDEX ix_referrals_party_status_due ON referrals (party_id, status, due_on);
CREATE INDEX ix_referrals_report ON referrals (report_id);
CREATE INDEX ix_referrals_status_due ON referrals (status, due_on);

-- What the reporter sees on the receipt besides the status: the steering group's questions, the
-- reporter's replies and the closing word. Internal notes are kept apart and never shown there.
CREATE TABLE report_messages (
    id          TEXT NOT NULL PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports (id),
    sequence    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('question', 'reply', 'closure')),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (report_id, sequence)
);

CREATE TABLE report_notes (
    id          TEXT NOT NULL PRIMARY KEY,
    report_id   TEXT NOT NULL REFERENCES reports (id),
    author      TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE INDEX ix_report_notes_report ON report_notes (report_id, created_at);

CREATE TABLE publications (
    report_id     TEXT NOT NULL PRIMARY KEY REFERENCES reports (id),
    summary       TEXT NOT NULL,
    published_at  TEXT NOT NULL,
    published_by  TEXT NOT NULL
);

-- Notifications are written here in the transaction of the event that causes them, and sent by
-- the dispatcher. dedup_key makes each notification (and each reminder) exist once.
CREATE TABLE outbox_messages (
    id               TEXT    NOT NULL PRIMARY KEY,
    dedup_key        TEXT    NOT NULL UNIQUE,
    kind             TEXT    NOT NULL,
    report_id        TEXT    NULL REFERENCES reports (id),
    recipient        TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT    NOT NULL,
    lease_until      TEXT    NULL,
    last_error       TEXT    NULL,
    sent_at          TEXT    NULL
);

CREATE INDEX ix_outbox_messages_due ON outbox_messages (sent_at, next_attempt_at);
