-- Lex Heller, SQLite schema 4: what patterns, statistics, exports and structural follow-ups read.
-- The report keeps a few derived facts so that aggregates over a million reports read one index:
-- the canonical set of involved party kinds, the category in force, and the dates of its milestones.

-- 'municipality,social-insurance': distinct kinds in the order of the PartyKind enum (PartyKindSet).
ALTER TABLE reports ADD COLUMN involved_party_kinds TEXT NOT NULL DEFAULT '';
-- The category in force: the triager's, else the reporter's suggestion.
ALTER TABLE reports ADD COLUMN effective_category TEXT GENERATED ALWAYS AS (COALESCE(category, suggested_category)) VIRTUAL;
-- The event's month as yyyymm (202611), so that counting per month and category reads an index in order.
ALTER TABLE reports ADD COLUMN event_month INTEGER GENERATED ALWAYS AS (CAST(substr(event_date, 1, 4) AS INTEGER) * 100 + CAST(substr(event_date, 6, 2) AS INTEGER)) VIRTUAL;
ALTER TABLE reports ADD COLUMN first_referred_at TEXT NULL;
ALTER TABLE reports ADD COLUMN first_answered_at TEXT NULL;
ALTER TABLE reports ADD COLUMN closed_at TEXT NULL;

UPDATE reports SET involved_party_kinds = REPLACE(RTRIM(
      CASE WHEN EXISTS (SELECT 1 FROM report_involved_parties i JOIN parties p ON p.id = i.party_id WHERE i.report_id = reports.id AND p.kind = 'municipality') THEN 'municipality ' ELSE '' END
    || CASE WHEN EXISTS (SELECT 1 FROM report_involved_parties i JOIN parties p ON p.id = i.party_id WHERE i.report_id = reports.id AND p.kind = 'region') THEN 'region ' ELSE '' END
    || CASE WHEN EXISTS (SELECT 1 FROM report_involved_parties i JOIN parties p ON p.id = i.party_id WHERE i.report_id = reports.id AND p.kind = 'social-insurance') THEN 'social-insurance ' ELSE '' END
    || CASE WHEN EXISTS (SELECT 1 FROM report_involved_parties i JOIN parties p ON p.id = i.party_id WHERE i.report_id = reports.id AND p.kind = 'employment-service') THEN 'employment-service ' ELSE '' END
    || CASE WHEN EXISTS (SELECT 1 FROM report_involved_parties i JOIN parties p ON p.id = i.party_id WHERE i.report_id = reports.id AND p.kind = 'other') THEN 'other ' ELSE '' END), ' ', ',');

UPDATE reports SET
    first_referred_at = (SELECT MIN(e.occurred_at) FROM report_events e WHERE e.report_id = reports.id AND e.to_status = 'referred'),
    first_answered_at = (SELECT MIN(e.occurred_at) FROM report_events e WHERE e.report_id = reports.id AND e.to_status = 'answered'),
    closed_at = CASE WHEN status = 'closed'
        THEN (SELECT MAX(e.occurred_at) FROM report_events e WHERE e.report_id = reports.id AND e.to_status = 'closed') END;

-- Patterns: one association's reports of one category and set of party kinds in a window of event dates.
CREATE INDEX ix_reports_insight ON reports (association_id, effective_category, involved_party_kinds, event_date, area_id, resolution);

-- Statistics and exports: one association's reports by event date, then what they are counted by.
-- The category follows the date so that counting per category and day reads the index in order,
-- without a sort; the rest makes the index covering.
CREATE INDEX ix_reports_statistics ON reports (association_id, event_date, effective_category, area_id, resolution, reporter_party_id, involved_party_kinds);

-- Counts per category and month: GROUP BY event_month, effective_category follows this index, so a
-- million reports are counted as they are read and only one row per month and category comes back.
CREATE INDEX ix_reports_months ON reports (association_id, event_month, effective_category, event_date, area_id, resolution);

-- A pattern is new when it was not over its threshold at any time in the window before; this
-- remembers when each (category, party kinds) combination was last seen over it, so that its
-- steering group is told once.
CREATE TABLE pattern_detections (
    association_id     TEXT    NOT NULL REFERENCES associations (id),
    category           TEXT    NOT NULL REFERENCES categories (code),
    party_kinds        TEXT    NOT NULL,
    first_detected_on  TEXT    NOT NULL,
    last_detected_on   TEXT    NOT NULL,
    PRIMARY KEY (association_id, category, party_kinds)
);

-- A structural follow-up (strukturell uppföljning): what a steering group decided to do about a
-- recurring failure, and what came of it.
CREATE TABLE follow_ups (
    id                   TEXT    NOT NULL PRIMARY KEY,
    association_id       TEXT    NOT NULL REFERENCES associations (id),
    owner_group_id       TEXT    NOT NULL REFERENCES steering_groups (id),
    title                TEXT    NOT NULL,
    decision             TEXT    NULL,
    status               TEXT    NOT NULL CHECK (status IN ('open', 'in-progress', 'done')),
    outcome              TEXT    NULL,
    due_on               TEXT    NULL,
    pattern_category     TEXT    NULL REFERENCES categories (code),
    pattern_party_kinds  TEXT    NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL
);

CREATE INDEX ix_follow_ups_association_status ON follow_ups (association_id, status, created_at);

CREATE TABLE follow_up_reports (
    follow_up_id  TEXT NOT NULL REFERENCES follow_ups (id),
    report_id     TEXT NOT NULL REFERENCES reports (id),
    linked_at     TEXT NOT NULL,
    PRIMARY KEY (follow_up_id, report_id)
);

CREATE INDEX ix_follow_up_reports_report ON follow_up_reports (report_id);

CREATE TABLE follow_up_events (
    id            TEXT    NOT NULL PRIMARY KEY,
    follow_up_id  TEXT    NOT NULL REFERENCES follow_ups (id),
    sequence      INTEGER NOT NULL,
    occurred_at   TEXT    NOT NULL,
    event_type    TEXT    NOT NULL,
    actor         TEXT    NOT NULL,
    data          TEXT    NULL,
    UNIQUE (follow_up_id, sequence)
);

CREATE TRIGGER follow_up_events_are_append_only_update BEFORE UPDATE ON follow_up_events
BEGIN
    SELECT RAISE(ABORT, 'follow_up_events is append-only');
END;

CREATE TRIGGER follow_up_events_are_append_only_delete BEFORE DELETE ON follow_up_events
BEGIN
    SELECT RAISE(ABORT, 'follow_up_events is append-only');
END;
