-- Lex Heller, SQLite schema 24 (issue 20, point 9): redaction (docs/domain.md, "Redaction").
-- A triager may replace words in any free text of a report with the fixed marker '[borttaget]'. The
-- original may stay nowhere, so the report's history must be rewritten too: report_events stays
-- append-only except that its reason and data may be rewritten by a redaction, which is recognised by the
-- marker it leaves. Every other column stays immutable, and no event can be deleted.
DROP TRIGGER report_events_are_append_only_update;

CREATE TRIGGER report_events_are_append_only_update BEFORE UPDATE OF id, report_id, sequence, occurred_at, event_type, actor, from_status, to_status
ON report_events
BEGIN
    SELECT RAISE(ABORT, 'report_events is append-only');
END;

CREATE TRIGGER report_events_are_redacted_only BEFORE UPDATE OF reason, data ON report_events
WHEN (NEW.reason IS NOT OLD.reason AND (NEW.reason IS NULL OR instr(NEW.reason, '[borttaget]') = 0))
  OR (NEW.data IS NOT OLD.data AND (NEW.data IS NULL OR instr(NEW.data, '[borttaget]') = 0))
BEGIN
    SELECT RAISE(ABORT, 'report_events is append-only: only a redaction may rewrite a reason or data');
END;

-- A redaction rewrites the mail queued or sent about the report and drops its idempotency records:
-- each reads them by report, which without these would read the whole table.
CREATE INDEX ix_outbox_messages_report ON outbox_messages (report_id) WHERE report_id IS NOT NULL;
CREATE INDEX ix_idempotency_records_report ON idempotency_records (report_id);

-- Issue 20, point 8: response templates (docs/domain.md, "Response templates"). Texts a triager or a responder
-- starts from: per association, for one category or (category NULL) for every category, and for one purpose:
-- a question to the reporter, a referral's question, a party's answer, a closing message. Free text that the
-- personal-number guard reads like every other; each change is an audit event.
CREATE TABLE response_templates (
    id              TEXT NOT NULL PRIMARY KEY,
    association_id  TEXT NOT NULL REFERENCES associations (id),
    category        TEXT NULL REFERENCES categories (code),
    purpose         TEXT NOT NULL CHECK (purpose IN ('question', 'referral', 'answer', 'closure')),
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- The forms read an association's templates of one purpose (and the admin page all of them).
CREATE INDEX ix_response_templates_association ON response_templates (association_id, purpose, category);
