-- Lex Heller, SQLite schema 20 (issue 20, point 1): a referral can end without an answer. The steering group
-- withdraws it (withdrawn), the party answers that the matter is not theirs and names who it thinks is
-- responsible (declined), or the group closes the report while it is still open (unanswered: it counts
-- against the party in the statistics). ended_at is when it ended so; end_reason is the group's reason or
-- the party's; suggested_responsible is the party's suggestion. An answered referral keeps answered_at.
-- SQLite cannot change a CHECK constraint: the table is rebuilt (nothing refers to referrals, and it is a
-- small table: one row per referral), inside this migration's transaction, with the same indexes.
CREATE TABLE referrals_0020 (
    id                     TEXT NOT NULL PRIMARY KEY,
    report_id              TEXT NOT NULL REFERENCES reports (id),
    party_id               TEXT NOT NULL REFERENCES parties (id),
    question               TEXT NOT NULL,
    due_on                 TEXT NOT NULL,
    status                 TEXT NOT NULL CHECK (status IN ('open', 'answered', 'withdrawn', 'declined', 'unanswered')),
    created_at             TEXT NOT NULL,
    cause                  TEXT NULL,
    actions                TEXT NULL,
    follow_up_plan         TEXT NULL,
    responder_name         TEXT NULL,
    responder_role         TEXT NULL,
    answered_at            TEXT NULL,
    reminded_before_at     TEXT NULL,
    reminded_after_at      TEXT NULL,
    ended_at               TEXT NULL,
    end_reason             TEXT NULL,
    suggested_responsible  TEXT NULL
);

INSERT INTO referrals_0020 (id, report_id, party_id, question, due_on, status, created_at, cause, actions, follow_up_plan,
    responder_name, responder_role, answered_at, reminded_before_at, reminded_after_at)
SELECT id, report_id, party_id, question, due_on, status, created_at, cause, actions, follow_up_plan,
    responder_name, responder_role, answered_at, reminded_before_at, reminded_after_at
FROM referrals;

DROP TABLE referrals;
ALTER TABLE referrals_0020 RENAME TO referrals;

CREATE INDEX ix_referrals_party_status_due ON referrals (party_id, status, due_on);
CREATE INDEX ix_referrals_report ON referrals (report_id);
CREATE INDEX ix_referrals_status_due ON referrals (status, due_on);
CREATE INDEX ix_referrals_open ON referrals (report_id, due_on) WHERE status = 'open';
