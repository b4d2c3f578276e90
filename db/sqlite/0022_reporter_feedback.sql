-- Lex Heller, SQLite schema 22 (issue 20, point 5): the reporter's answer to "Ledde svaret till en förbättring?".
-- One answer per closure: a report closed, reopened and closed again is asked again, so the key is the report
-- and the closure it answers (reports.closed_at at that closure). An answer is not changed afterwards: a "no"
-- has already told the steering group (ADR 4, amendment of issue 20). comment is free text through the
-- personal-number guard, like every other text the reporter writes.
CREATE TABLE reporter_feedback (
    report_id    TEXT NOT NULL REFERENCES reports (id),
    closed_at    TEXT NOT NULL,
    helped       TEXT NOT NULL CHECK (helped IN ('yes', 'partly', 'no', 'unknown')),
    comment      TEXT NULL,
    answered_at  TEXT NOT NULL,
    PRIMARY KEY (report_id, closed_at)
);
