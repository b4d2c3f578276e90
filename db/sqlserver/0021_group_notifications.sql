-- Lex Heller, SQL Server schema 21 (issue 20, points 3 and 4): the same tables and columns as
-- db/sqlite/0021_group_notifications.sql. Additions only: no existing row is rewritten, the added columns are NULL.
-- user_key: NVARCHAR(320) in the database's collation, as in every membership table (compared with them).
CREATE TABLE notification_preferences (
    user_key    NVARCHAR(320)     NOT NULL CONSTRAINT pk_notification_preferences PRIMARY KEY CLUSTERED,
    delivery    NVARCHAR(10)      COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT ck_notification_preferences_delivery CHECK (delivery IN ('immediate', 'digest')),
    updated_at  DATETIMEOFFSET(7) NOT NULL
);

-- Written with events for members who chose the digest; read once a day per member through the filtered index
-- of pending items, and marked by id. Clustered on time (as outbox_messages, 0017): inserts append.
CREATE TABLE notification_digest_items (
    id              UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_notification_digest_items PRIMARY KEY NONCLUSTERED,
    dedup_key       NVARCHAR(200)     NOT NULL CONSTRAINT uq_notification_digest_items_dedup_key UNIQUE,
    user_key        NVARCHAR(320)     NOT NULL,
    association_id  UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_notification_digest_items_association REFERENCES associations (id),
    report_id       UNIQUEIDENTIFIER  NULL CONSTRAINT fk_notification_digest_items_report REFERENCES reports (id),
    kind            NVARCHAR(50)      NOT NULL,
    subject         NVARCHAR(500)     NOT NULL,
    link_path       NVARCHAR(400)     NULL,
    created_at      DATETIMEOFFSET(7) NOT NULL,
    digested_at     DATETIMEOFFSET(7) NULL
);
CREATE CLUSTERED INDEX cx_notification_digest_items_created ON notification_digest_items (created_at);
CREATE INDEX ix_notification_digest_items_pending ON notification_digest_items (user_key, created_at) WHERE digested_at IS NULL;
GO

ALTER TABLE outbox_messages ADD link_path NVARCHAR(400) NULL;
ALTER TABLE parties ADD manager_email NVARCHAR(320) NULL;
ALTER TABLE referrals ADD escalated_at DATETIMEOFFSET(7) NULL;
ALTER TABLE reporter_contacts ADD sealed_receipt_token NVARCHAR(400) NULL;  -- a sealed 128-bit token is about 140 characters
GO
