-- Lex Heller, SQLite schema 21 (issue 20, points 3 and 4): the steering group told, mail with its own links.
-- notification_preferences: how a user wants the steering group's notifications, per user (users are keyed by
-- e-mail). No row: immediately, one mail per event; 'digest': one mail a day listing what happened.
CREATE TABLE notification_preferences (
    user_key    TEXT  NOT NULL PRIMARY KEY,
    delivery    TEXT  NOT NULL CHECK (delivery IN ('immediate', 'digest')),
    updated_at  TEXT  NOT NULL
);

-- What a member who chose the digest is told of, waiting for the day's digest; digested_at is set when the
-- digest that lists it is queued in the outbox (in the same transaction). dedup_key as in outbox_messages.
CREATE TABLE notification_digest_items (
    id              TEXT  NOT NULL PRIMARY KEY,
    dedup_key       TEXT  NOT NULL UNIQUE,
    user_key        TEXT  NOT NULL,
    association_id  TEXT  NOT NULL REFERENCES associations (id),
    report_id       TEXT  NULL REFERENCES reports (id),
    kind            TEXT  NOT NULL,
    subject         TEXT  NOT NULL,
    link_path       TEXT  NULL,
    created_at      TEXT  NOT NULL,
    digested_at     TEXT  NULL
);

CREATE INDEX ix_notification_digest_items_pending ON notification_digest_items (user_key, created_at) WHERE digested_at IS NULL;

-- The page a message links to (a path, e.g. /part/remiss/{id}); the address in front of it is App:PublicBaseUrl
-- when the message is sent. NULL: the link of its kind (rows queued before 0021).
ALTER TABLE outbox_messages ADD COLUMN link_path TEXT NULL;

-- A party's designated manager contact, told once when a referral to the party is overdue by
-- Notifications:EscalateAfterDaysOverdue days; escalated_at marks the referral told.
ALTER TABLE parties ADD COLUMN manager_email TEXT NULL;
ALTER TABLE referrals ADD COLUMN escalated_at TEXT NULL;

-- The receipt token, sealed like the contact it belongs to (a reporter who gave an e-mail address gave it for
-- mail with the receipt link) and purged with it (ADR 6).
ALTER TABLE reporter_contacts ADD COLUMN sealed_receipt_token TEXT NULL;
