-- Lex Heller, SQLite schema 1: tenants, reference data, memberships, reports and their history.
-- Keys are GUIDs made by the application (text, lower case); instants are UTC text
-- 'yyyy-MM-ddTHH:mm:ss.fffffffZ' so that they sort; dates are 'yyyy-MM-dd'.

CREATE TABLE associations (
    id                      TEXT    NOT NULL PRIMARY KEY,
    code                    TEXT    NOT NULL UNIQUE,
    name                    TEXT    NOT NULL,
    answer_deadline_days    INTEGER NOT NULL DEFAULT 60 CHECK (answer_deadline_days > 0),
    recurrence_window_days  INTEGER NOT NULL DEFAULT 180 CHECK (recurrence_window_days > 0),
    recurrence_threshold    INTEGER NOT NULL DEFAULT 3 CHECK (recurrence_threshold > 0),
    suppression_threshold   INTEGER NOT NULL DEFAULT 3 CHECK (suppression_threshold > 0),
    allow_anonymous_intake  INTEGER NOT NULL DEFAULT 0 CHECK (allow_anonymous_intake IN (0, 1)),
    created_at              TEXT    NOT NULL
);

CREATE TABLE areas (
    id              TEXT NOT NULL PRIMARY KEY,
    association_id  TEXT NOT NULL REFERENCES associations (id),
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    UNIQUE (association_id, code)
);

CREATE TABLE parties (
    id              TEXT NOT NULL PRIMARY KEY,
    association_id  TEXT NOT NULL REFERENCES associations (id),
    kind            TEXT NOT NULL CHECK (kind IN ('municipality', 'region', 'social-insurance', 'employment-service', 'other')),
    name            TEXT NOT NULL,
    unit            TEXT NULL,
    UNIQUE (association_id, name)
);

CREATE TABLE categories (
    code            TEXT    NOT NULL PRIMARY KEY,
    label_sv        TEXT    NOT NULL,
    description_sv  TEXT    NOT NULL,
    sort_order      INTEGER NOT NULL,
    is_active       INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
);

CREATE TABLE steering_groups (
    id               TEXT NOT NULL PRIMARY KEY,
    association_id   TEXT NOT NULL REFERENCES associations (id),
    name             TEXT NOT NULL,
    next_meeting_on  TEXT NULL,
    UNIQUE (association_id, name)
);

-- Memberships are keyed by the user's e-mail claim (else preferred_username, else sub).
CREATE TABLE steering_group_members (
    steering_group_id  TEXT NOT NULL REFERENCES steering_groups (id),
    user_key           TEXT NOT NULL,
    PRIMARY KEY (steering_group_id, user_key)
);

CREATE TABLE association_members (
    association_id  TEXT NOT NULL REFERENCES associations (id),
    user_key        TEXT NOT NULL,
    PRIMARY KEY (association_id, user_key)
);

CREATE TABLE party_members (
    party_id  TEXT NOT NULL REFERENCES parties (id),
    user_key  TEXT NOT NULL,
    PRIMARY KEY (party_id, user_key)
);

-- Integration partners: the key itself is never stored, only its SHA-256.
CREATE TABLE api_clients (
    id              TEXT NOT NULL PRIMARY KEY,
    association_id  TEXT NOT NULL REFERENCES associations (id),
    party_id        TEXT NOT NULL REFERENCES parties (id),
    name            TEXT NOT NULL,
    key_hash        TEXT NOT NULL UNIQUE,
    created_at      TEXT NOT NULL,
    revoked_at      TEXT NULL,
    last_used_at    TEXT NULL
);

CREATE TABLE reference_counters (
    association_id  TEXT    NOT NULL REFERENCES associations (id),
    year            INTEGER NOT NULL,
    last_value      INTEGER NOT NULL,
    PRIMARY KEY (association_id, year)
);

CREATE TABLE reports (
    id                     TEXT    NOT NULL PRIMARY KEY,
    association_id         TEXT    NOT NULL REFERENCES associations (id),
    area_id                TEXT    NOT NULL REFERENCES areas (id),
    reference              TEXT    NOT NULL,
    reference_year         INTEGER NOT NULL,
    reference_sequence     INTEGER NOT NULL,
    event_date             TEXT    NOT NULL,
    kind                   TEXT    NOT NULL CHECK (kind IN ('occurred', 'risk')),
    reporter_party_id      TEXT    NOT NULL REFERENCES parties (id),
    suggested_category     TEXT    NOT NULL REFERENCES categories (code),
    category               TEXT    NULL REFERENCES categories (code),
    description            TEXT    NOT NULL,
    consequence            TEXT    NOT NULL,
    actions_taken          TEXT    NOT NULL,
    suggested_improvement  TEXT    NOT NULL,
    affected_gender        TEXT    NULL CHECK (affected_gender IN ('woman', 'man', 'other', 'not-stated')),
    anonymous_to_parties   INTEGER NOT NULL CHECK (anonymous_to_parties IN (0, 1)),
    status                 TEXT    NOT NULL CHECK (status IN ('received', 'in-triage', 'needs-info', 'referred', 'answered', 'closed')),
    channel                TEXT    NOT NULL CHECK (channel IN ('form', 'api', 'anonymous', 'system')),
    api_client_id          TEXT    NULL REFERENCES api_clients (id),
    version                INTEGER NOT NULL DEFAULT 1,
    created_at             TEXT    NOT NULL,
    updated_at             TEXT    NOT NULL,
    UNIQUE (association_id, reference_year, reference_sequence),
    UNIQUE (association_id, reference)
);

CREATE INDEX ix_reports_association_status_created ON reports (association_id, status, created_at, id);

CREATE TABLE report_involved_parties (
    report_id  TEXT NOT NULL REFERENCES reports (id),
    party_id   TEXT NOT NULL REFERENCES parties (id),
    PRIMARY KEY (report_id, party_id)
);

CREATE INDEX ix_report_involved_parties_party ON report_involved_parties (party_id);

-- Reporter identity lives apart from the report, so that it can be protected and purged alone.
CREATE TABLE reporter_contacts (
    report_id   TEXT NOT NULL PRIMARY KEY REFERENCES reports (id),
    name        TEXT NULL,
    role        TEXT NULL,
    email       TEXT NULL,
    phone       TEXT NULL,
    created_at  TEXT NOT NULL
);

-- The receipt token is 128 random bits; only its SHA-256 (hex) is kept.
CREATE TABLE receipts (
    token_hash  TEXT NOT NULL PRIMARY KEY,
    report_id   TEXT NOT NULL UNIQUE REFERENCES reports (id),
    created_at  TEXT NOT NULL
);

CREATE TABLE report_events (
    id           TEXT    NOT NULL PRIMARY KEY,
    report_id    TEXT    NOT NULL REFERENCES reports (id),
    sequence     INTEGER NOT NULL,
    occurred_at  TEXT    NOT NULL,
    event_type   TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    from_status  TEXT    NULL,
    to_status    TEXT    NULL,
    reason       TEXT    NULL,
    data         TEXT    NULL,
    UNIQUE (report_id, sequence)
);

CREATE TRIGGER report_events_are_append_only_update BEFORE UPDATE ON report_events
BEGIN
    SELECT RAISE(ABORT, 'report_events is append-only');
END;

CREATE TRIGGER report_events_are_append_only_delete BEFORE DELETE ON report_events
BEGIN
    SELECT RAISE(ABORT, 'report_events is append-only');
END;

-- Idempotency-Key: the first answer to a (caller, key) pair, kept for a day. The scope is a hash
-- of the caller; the stored answer is protected with ASP.NET Core Data Protection.
CREATE TABLE idempotency_records (
    scope            TEXT    NOT NULL,
    idempotency_key  TEXT    NOT NULL,
    request_hash     TEXT    NOT NULL,
    report_id        TEXT    NOT NULL REFERENCES reports (id),
    response_body    TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    expires_at       TEXT    NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);

CREATE INDEX ix_idempotency_records_expires ON idempotency_records (expires_at);
