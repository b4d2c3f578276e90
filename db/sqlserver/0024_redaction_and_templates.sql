-- Lex Heller, SQL Server schema 24 (issue 20, point 9): redaction, as db/sqlite/0024_redaction.sql.
-- A triager may replace words in any free text of a report with the fixed marker N'[borttaget]'. The
-- original may stay nowhere, so the report's history must be rewritten too: report_events stays
-- append-only except that its reason and data may be rewritten by a redaction, which is recognised by the
-- marker it leaves. Every other column stays immutable, and no event can be deleted.
-- The INSTEAD OF trigger of schema 1 refused every UPDATE; it now refuses DELETE only, and an AFTER UPDATE
-- trigger checks each row the statement changed (set-based, reading only inserted and deleted; THROW in a
-- trigger rolls back the whole transaction).
ALTER TRIGGER report_events_are_append_only ON report_events
INSTEAD OF DELETE
AS
BEGIN
    THROW 50001, 'report_events is append-only', 1;
END;
GO

CREATE TRIGGER report_events_are_redacted_only ON report_events
AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF UPDATE(id) OR UPDATE(report_id) OR UPDATE(sequence) OR UPDATE(occurred_at) OR UPDATE(event_type)
        OR UPDATE(actor) OR UPDATE(from_status) OR UPDATE(to_status)
        THROW 50001, 'report_events is append-only', 1;

    -- Compared under a binary collation: a change of case alone is a change, and the marker is matched exactly as written.
    IF EXISTS (
        SELECT 1 FROM inserted i JOIN deleted d ON d.id = i.id
        WHERE (d.reason IS NOT NULL AND (i.reason IS NULL OR (i.reason COLLATE Latin1_General_100_BIN2 <> d.reason COLLATE Latin1_General_100_BIN2
                   AND CHARINDEX(N'[borttaget]' COLLATE Latin1_General_100_BIN2, i.reason COLLATE Latin1_General_100_BIN2) = 0)))
           OR (d.reason IS NULL AND i.reason IS NOT NULL)
           OR (d.data IS NOT NULL AND (i.data IS NULL OR (i.data COLLATE Latin1_General_100_BIN2 <> d.data COLLATE Latin1_General_100_BIN2
                   AND CHARINDEX(N'[borttaget]' COLLATE Latin1_General_100_BIN2, i.data COLLATE Latin1_General_100_BIN2) = 0)))
           OR (d.data IS NULL AND i.data IS NOT NULL))
        THROW 50001, 'report_events is append-only: only a redaction may rewrite a reason or data', 1;
END;
GO

-- A redaction rewrites the mail queued or sent about the report and drops its idempotency records:
-- each reads them by report, which without these would scan the whole table.
CREATE INDEX ix_outbox_messages_report ON outbox_messages (report_id) WHERE report_id IS NOT NULL;
CREATE INDEX ix_idempotency_records_report ON idempotency_records (report_id);

-- Issue 20, point 8: response templates, as in db/sqlite/0024_redaction_and_templates.sql. Per association,
-- for one category or (category NULL) every category, and for one purpose. purpose is a code: binary
-- collation like the other codes (migration 18); category references categories (code), so it takes that
-- column's type and collation. Few rows per association: clustered on the association and purpose the forms
-- read by, the id a nonclustered primary key.
CREATE TABLE response_templates (
    id              UNIQUEIDENTIFIER   NOT NULL CONSTRAINT pk_response_templates PRIMARY KEY NONCLUSTERED,
    association_id  UNIQUEIDENTIFIER   NOT NULL CONSTRAINT fk_response_templates_association REFERENCES associations (id),
    category        NVARCHAR(50)       COLLATE Latin1_General_100_BIN2 NULL
                                       CONSTRAINT fk_response_templates_category REFERENCES categories (code),
    purpose         NVARCHAR(20)       COLLATE Latin1_General_100_BIN2 NOT NULL
                                       CONSTRAINT ck_response_templates_purpose CHECK (purpose IN (N'question', N'referral', N'answer', N'closure')),
    title           NVARCHAR(200)      NOT NULL,
    body            NVARCHAR(2000)     NOT NULL,
    created_at      DATETIMEOFFSET(7)  NOT NULL,
    updated_at      DATETIMEOFFSET(7)  NOT NULL
);

CREATE CLUSTERED INDEX ix_response_templates_association ON response_templates (association_id, purpose, category);
