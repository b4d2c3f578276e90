-- Lex Heller, SQL Server schema 5: the same tables, columns and indexes as db/sqlite/0005_security.sql.

ALTER TABLE reporter_contacts ADD
    sealed_contact  NVARCHAR(MAX)     NULL,
    has_email       BIT               NOT NULL CONSTRAINT df_reporter_contacts_has_email DEFAULT 0,
    purged_at       DATETIMEOFFSET(7) NULL;
GO

CREATE INDEX ix_reporter_contacts_unpurged ON reporter_contacts (report_id) WHERE purged_at IS NULL;

CREATE TABLE reporter_contact_access (
    id           UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_reporter_contact_access PRIMARY KEY NONCLUSTERED,
    report_id    UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_reporter_contact_access_report REFERENCES reports (id),
    action       NVARCHAR(20)      NOT NULL CONSTRAINT ck_reporter_contact_access_action CHECK (action IN ('read', 'purged')),
    actor        NVARCHAR(320)     NOT NULL,
    purpose      NVARCHAR(100)     NOT NULL,
    occurred_at  DATETIMEOFFSET(7) NOT NULL
);

CREATE CLUSTERED INDEX ix_reporter_contact_access_report ON reporter_contact_access (report_id, occurred_at);
GO

CREATE TRIGGER reporter_contact_access_is_append_only ON reporter_contact_access
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    THROW 50001, 'reporter_contact_access is append-only', 1;
END;
GO

ALTER TABLE outbox_messages ADD cancelled_at DATETIMEOFFSET(7) NULL;
GO

UPDATE outbox_messages SET recipient = 'reporter' WHERE dedup_key LIKE '%:reporter';

CREATE TABLE data_protection_keys (
    friendly_name  NVARCHAR(200)     NOT NULL CONSTRAINT pk_data_protection_keys PRIMARY KEY,
    xml            NVARCHAR(MAX)     NOT NULL,
    created_at     DATETIMEOFFSET(7) NOT NULL
);

CREATE INDEX ix_api_clients_association ON api_clients (association_id, created_at);
