-- Lex Heller, SQL Server schema 4: the same tables, columns and indexes as db/sqlite/0004_insight.sql.

ALTER TABLE reports ADD
    involved_party_kinds  NVARCHAR(100)     NOT NULL CONSTRAINT df_reports_involved_party_kinds DEFAULT '',
    effective_category    AS COALESCE(category, suggested_category) PERSISTED,
    event_month           AS YEAR(event_date) * 100 + MONTH(event_date) PERSISTED,
    first_referred_at     DATETIMEOFFSET(7) NULL,
    first_answered_at     DATETIMEOFFSET(7) NULL,
    closed_at             DATETIMEOFFSET(7) NULL;
GO

UPDATE reports SET involved_party_kinds = REPLACE(RTRIM(
      CASE WHEN EXISTS (SELECT 1 FROM report_involved_parties i JOIN parties p ON p.id = i.party_id WHERE i.report_id = reports.id AND p.kind = 'municipality') THEN 'municipality ' ELSE '' END
    + CASE WHEN EXISTS (SELECT 1 FROM report_involved_parties i JOIN parties p ON p.id = i.party_id WHERE i.report_id = reports.id AND p.kind = 'region') THEN 'region ' ELSE '' END
    + CASE WHEN EXISTS (SELECT 1 FROM report_involved_parties i JOIN parties p ON p.id = i.party_id WHERE i.report_id = reports.id AND p.kind = 'social-insurance') THEN 'social-insurance ' ELSE '' END
    + CASE WHEN EXISTS (SELECT 1 FROM report_involved_parties i JOIN parties p ON p.id = i.party_id WHERE i.report_id = reports.id AND p.kind = 'employment-service') THEN 'employment-service ' ELSE '' END
    + CASE WHEN EXISTS (SELECT 1 FROM report_involved_parties i JOIN parties p ON p.id = i.party_id WHERE i.report_id = reports.id AND p.kind = 'other') THEN 'other ' ELSE '' END), ' ', ',');

UPDATE reports SET
    first_referred_at = (SELECT MIN(e.occurred_at) FROM report_events e WHERE e.report_id = reports.id AND e.to_status = 'referred'),
    first_answered_at = (SELECT MIN(e.occurred_at) FROM report_events e WHERE e.report_id = reports.id AND e.to_status = 'answered'),
    closed_at = CASE WHEN status = 'closed'
        THEN (SELECT MAX(e.occurred_at) FROM report_events e WHERE e.report_id = reports.id AND e.to_status = 'closed') END;
GO

CREATE INDEX ix_reports_insight ON reports (association_id, effective_category, involved_party_kinds, event_date, area_id, resolution);

CREATE INDEX ix_reports_statistics ON reports (association_id, event_date) INCLUDE (effective_category, area_id, resolution, reporter_party_id, involved_party_kinds);
CREATE INDEX ix_reports_months ON reports (association_id, event_month, effective_category, event_date) INCLUDE (area_id, resolution);

CREATE TABLE pattern_detections (
    association_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_pattern_detections_association REFERENCES associations (id),
    category           NVARCHAR(50)     NOT NULL CONSTRAINT fk_pattern_detections_category REFERENCES categories (code),
    party_kinds        NVARCHAR(100)    NOT NULL,
    first_detected_on  DATE             NOT NULL,
    last_detected_on   DATE             NOT NULL,
    CONSTRAINT pk_pattern_detections PRIMARY KEY (association_id, category, party_kinds)
);

CREATE TABLE follow_ups (
    id                   UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_follow_ups PRIMARY KEY,
    association_id       UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_follow_ups_association REFERENCES associations (id),
    owner_group_id       UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_follow_ups_owner_group REFERENCES steering_groups (id),
    title                NVARCHAR(200)     NOT NULL,
    decision             NVARCHAR(4000)    NULL,
    status               NVARCHAR(20)      NOT NULL CONSTRAINT ck_follow_ups_status CHECK (status IN ('open', 'in-progress', 'done')),
    outcome              NVARCHAR(4000)    NULL,
    due_on               DATE              NULL,
    pattern_category     NVARCHAR(50)      NULL CONSTRAINT fk_follow_ups_pattern_category REFERENCES categories (code),
    pattern_party_kinds  NVARCHAR(100)     NULL,
    version              INT               NOT NULL CONSTRAINT df_follow_ups_version DEFAULT 1,
    created_at           DATETIMEOFFSET(7) NOT NULL,
    updated_at           DATETIMEOFFSET(7) NOT NULL
);

CREATE INDEX ix_follow_ups_association_status ON follow_ups (association_id, status, created_at);

CREATE TABLE follow_up_reports (
    follow_up_id  UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_follow_up_reports_follow_up REFERENCES follow_ups (id),
    report_id     UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_follow_up_reports_report REFERENCES reports (id),
    linked_at     DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_follow_up_reports PRIMARY KEY (follow_up_id, report_id)
);

CREATE INDEX ix_follow_up_reports_report ON follow_up_reports (report_id);

CREATE TABLE follow_up_events (
    id            UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_follow_up_events PRIMARY KEY NONCLUSTERED,
    follow_up_id  UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_follow_up_events_follow_up REFERENCES follow_ups (id),
    sequence      INT               NOT NULL,
    occurred_at   DATETIMEOFFSET(7) NOT NULL,
    event_type    NVARCHAR(50)      NOT NULL,
    actor         NVARCHAR(320)     NOT NULL,
    data          NVARCHAR(MAX)     NULL,
    CONSTRAINT uq_follow_up_events_follow_up_sequence UNIQUE CLUSTERED (follow_up_id, sequence)
);
GO

CREATE TRIGGER follow_up_events_are_append_only ON follow_up_events
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    THROW 50001, 'follow_up_events is append-only', 1;
END;
GO
