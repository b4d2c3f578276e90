-- Lex Heller, SQLite schema 5: the reporter's contact sealed with ASP.NET Core Data Protection, a log
-- of every read and purge of it, cancelled notifications, and a table for the Data Protection key ring
-- (used on SQL Server; SQLite keeps its keys in a directory).

-- The contact as one sealed value (JSON of name, role, e-mail and phone, protected); whether it
-- holds an e-mail, so that notifications can be queued without opening it; when retention purged it.
-- The plaintext columns are emptied by the next migration (code: it seals existing rows) and
-- dropped by 0007.
ALTER TABLE reporter_contacts ADD COLUMN sealed_contact TEXT NULL;
ALTER TABLE reporter_contacts ADD COLUMN has_email INTEGER NOT NULL DEFAULT 0 CHECK (has_email IN (0, 1));
ALTER TABLE reporter_contacts ADD COLUMN purged_at TEXT NULL;

CREATE INDEX ix_reporter_contacts_unpurged ON reporter_contacts (report_id) WHERE purged_at IS NULL;

-- Who opened a reporter's contact, and when it was purged: append-only.
CREATE TABLE reporter_contact_access (
    id           TEXT NOT NULL PRIMARY KEY,
    report_id    TEXT NOT NULL REFERENCES reports (id),
    action       TEXT NOT NULL CHECK (action IN ('read', 'purged')),
    actor        TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    occurred_at  TEXT NOT NULL
);

CREATE INDEX ix_reporter_contact_access_report ON reporter_contact_access (report_id, occurred_at);

CREATE TRIGGER reporter_contact_access_is_append_only_update BEFORE UPDATE ON reporter_contact_access
BEGIN
    SELECT RAISE(ABORT, 'reporter_contact_access is append-only');
END;

CREATE TRIGGER reporter_contact_access_is_append_only_delete BEFORE DELETE ON reporter_contact_access
BEGIN
    SELECT RAISE(ABORT, 'reporter_contact_access is append-only');
END;

-- A notification that will not be sent (its recipient's contact was purged before it went).
ALTER TABLE outbox_messages ADD COLUMN cancelled_at TEXT NULL;

-- Messages to a reporter name the recipient 'reporter'; the address is opened from the sealed contact
-- when the message is sent, so the outbox never holds it.
UPDATE outbox_messages SET recipient = 'reporter' WHERE dedup_key LIKE '%:reporter';

-- The Data Protection key ring, when it is kept in the database (the default on SQL Server).
CREATE TABLE data_protection_keys (
    friendly_name  TEXT NOT NULL PRIMARY KEY,
    xml            TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

-- API keys per association, newest first.
CREATE INDEX ix_api_clients_association ON api_clients (association_id, created_at);
