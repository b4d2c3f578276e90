-- Lex Heller, SQL Server schema 1: the same tables, columns and indexes as db/sqlite/0001_initial.sql.
-- Keys are GUIDs made by the application; instants are UTC datetimeoffset; dates are date.

CREATE TABLE associations (
    id                      UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_associations PRIMARY KEY,
    code                    NVARCHAR(50)      NOT NULL CONSTRAINT uq_associations_code UNIQUE,
    name                    NVARCHAR(200)     NOT NULL,
    answer_deadline_days    INT               NOT NULL CONSTRAINT df_associations_answer_deadline DEFAULT 60 CHECK (answer_deadline_days > 0),
    recurrence_window_days  INT               NOT NULL CONSTRAINT df_associations_recurrence_window DEFAULT 180 CHECK (recurrence_window_days > 0),
    recurrence_threshold    INT               NOT NULL CONSTRAINT df_associations_recurrence_threshold DEFAULT 3 CHECK (recurrence_threshold > 0),
    suppression_threshold   INT               NOT NULL CONSTRAINT df_associations_suppression_threshold DEFAULT 3 CHECK (suppression_threshold > 0),
    allow_anonymous_intake  BIT               NOT NULL CONSTRAINT df_associations_allow_anonymous DEFAULT 0,
    created_at              DATETIMEOFFSET(7) NOT NULL
);

CREATE TABLE areas (
    id              UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_areas PRIMARY KEY,
    association_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_areas_association REFERENCES associations (id),
    code            NVARCHAR(50)     NOT NULL,
    name            NVARCHAR(200)    NOT NULL,
    CONSTRAINT uq_areas_association_code UNIQUE (association_id, code)
);

CREATE TABLE parties (
    id              UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_parties PRIMARY KEY,
    association_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_parties_association REFERENCES associations (id),
    kind            NVARCHAR(30)     NOT NULL CONSTRAINT ck_parties_kind CHECK (kind IN ('municipality', 'region', 'social-insurance', 'employment-service', 'other')),
    name            NVARCHAR(200)    NOT NULL,
    unit            NVARCHAR(200)    NULL,
    CONSTRAINT uq_parties_association_name UNIQUE (association_id, name)
);

CREATE TABLE categories (
    code            NVARCHAR(50)  NOT NULL CONSTRAINT pk_categories PRIMARY KEY,
    label_sv        NVARCHAR(200) NOT NULL,
    description_sv  NVARCHAR(1000) NOT NULL,
    sort_order      INT           NOT NULL,
    is_active       BIT           NOT NULL CONSTRAINT df_categories_is_active DEFAULT 1
);

CREATE TABLE steering_groups (
    id               UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_steering_groups PRIMARY KEY,
    association_id   UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_steering_groups_association REFERENCES associations (id),
    name             NVARCHAR(200)    NOT NULL,
    next_meeting_on  DATE             NULL,
    CONSTRAINT uq_steering_groups_association_name UNIQUE (association_id, name)
);

CREATE TABLE steering_group_members (
    steering_group_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_steering_group_members_group REFERENCES steering_groups (id),
    user_key           NVARCHAR(320)    NOT NULL,
    CONSTRAINT pk_steering_group_members PRIMARY KEY (steering_group_id, user_key)
);

CREATE TABLE association_members (
    association_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_association_members_association REFERENCES associations (id),
    user_key        NVARCHAR(320)    NOT NULL,
    CONSTRAINT pk_association_members PRIMARY KEY (association_id, user_key)
);

CREATE TABLE party_members (
    party_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_party_members_party REFERENCES parties (id),
    user_key  NVARCHAR(320)    NOT NULL,
    CONSTRAINT pk_party_members PRIMARY KEY (party_id, user_key)
);

CREATE TABLE api_clients (
    id              UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_api_clients PRIMARY KEY,
    association_id  UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_api_clients_association REFERENCES associations (id),
    party_id        UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_api_clients_party REFERENCES parties (id),
    name            NVARCHAR(200)     NOT NULL,
    key_hash        NVARCHAR(64)          NOT NULL CONSTRAINT uq_api_clients_key_hash UNIQUE,
    created_at      DATETIMEOFFSET(7) NOT NULL,
    revoked_at      DATETIMEOFFSET(7) NULL,
    last_used_at    DATETIMEOFFSET(7) NULL
);

CREATE TABLE reference_counters (
    association_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_reference_counters_association REFERENCES associations (id),
    year            INT              NOT NULL,
    last_value      INT              NOT NULL,
    CONSTRAINT pk_reference_counters PRIMARY KEY (association_id, year)
);

CREATE TABLE reports (
    id                     UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_reports PRIMARY KEY NONCLUSTERED,
    association_id         UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_reports_association REFERENCES associations (id),
    area_id                UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_reports_area REFERENCES areas (id),
    reference              NVARCHAR(20)      NOT NULL,
    reference_year         INT               NOT NULL,
    reference_sequence     INT               NOT NULL,
    event_date             DATE              NOT NULL,
    kind                   NVARCHAR(20)      NOT NULL CONSTRAINT ck_reports_kind CHECK (kind IN ('occurred', 'risk')),
    reporter_party_id      UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_reports_reporter_party REFERENCES parties (id),
    suggested_category     NVARCHAR(50)      NOT NULL CONSTRAINT fk_reports_suggested_category REFERENCES categories (code),
    category               NVARCHAR(50)      NULL CONSTRAINT fk_reports_category REFERENCES categories (code),
    description            NVARCHAR(4000)    NOT NULL,
    consequence            NVARCHAR(2000)    NOT NULL,
    actions_taken          NVARCHAR(2000)    NOT NULL,
    suggested_improvement  NVARCHAR(2000)    NOT NULL,
    affected_gender        NVARCHAR(20)      NULL CONSTRAINT ck_reports_affected_gender CHECK (affected_gender IN ('woman', 'man', 'other', 'not-stated')),
    anonymous_to_parties   BIT               NOT NULL,
    status                 NVARCHAR(20)      NOT NULL CONSTRAINT ck_reports_status CHECK (status IN ('received', 'in-triage', 'needs-info', 'referred', 'answered', 'closed')),
    channel                NVARCHAR(20)      NOT NULL CONSTRAINT ck_reports_channel CHECK (channel IN ('form', 'api', 'anonymous', 'system')),
    api_client_id          UNIQUEIDENTIFIER  NULL CONSTRAINT fk_reports_api_client REFERENCES api_clients (id),
    version                INT               NOT NULL CONSTRAINT df_reports_version DEFAULT 1,
    created_at             DATETIMEOFFSET(7) NOT NULL,
    updated_at             DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT uq_reports_association_year_sequence UNIQUE CLUSTERED (association_id, reference_year, reference_sequence),
    CONSTRAINT uq_reports_association_reference UNIQUE (association_id, reference)
);

CREATE INDEX ix_reports_association_status_created ON reports (association_id, status, created_at, id);

CREATE TABLE report_involved_parties (
    report_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_report_involved_parties_report REFERENCES reports (id),
    party_id   UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_report_involved_parties_party REFERENCES parties (id),
    CONSTRAINT pk_report_involved_parties PRIMARY KEY (report_id, party_id)
);

CREATE INDEX ix_report_involved_parties_party ON report_involved_parties (party_id);

CREATE TABLE reporter_contacts (
    report_id   UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_reporter_contacts PRIMARY KEY CONSTRAINT fk_reporter_contacts_report REFERENCES reports (id),
    name        NVARCHAR(200)     NULL,
    role        NVARCHAR(200)     NULL,
    email       NVARCHAR(320)     NULL,
    phone       NVARCHAR(50)      NULL,
    created_at  DATETIMEOFFSET(7) NOT NULL
);

CREATE TABLE receipts (
    token_hash  NVARCHAR(64)          NOT NULL CONSTRAINT pk_receipts PRIMARY KEY,
    report_id   UNIQUEIDENTIFIER  NOT NULL CONSTRAINT uq_receipts_report UNIQUE CONSTRAINT fk_receipts_report REFERENCES reports (id),
    created_at  DATETIMEOFFSET(7) NOT NULL
);

CREATE TABLE report_events (
    id           UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_report_events PRIMARY KEY NONCLUSTERED,
    report_id    UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_report_events_report REFERENCES reports (id),
    sequence     INT               NOT NULL,
    occurred_at  DATETIMEOFFSET(7) NOT NULL,
    event_type   NVARCHAR(50)      NOT NULL,
    actor        NVARCHAR(320)     NOT NULL,
    from_status  NVARCHAR(20)      NULL,
    to_status    NVARCHAR(20)      NULL,
    reason       NVARCHAR(4000)    NULL,
    data         NVARCHAR(MAX)     NULL,
    CONSTRAINT uq_report_events_report_sequence UNIQUE CLUSTERED (report_id, sequence)
);
GO

CREATE TRIGGER report_events_are_append_only ON report_events
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    THROW 50001, 'report_events is append-only', 1;
END;
GO

CREATE TABLE idempotency_records (
    scope            NVARCHAR(64)          NOT NULL,
    idempotency_key  NVARCHAR(100)     NOT NULL,
    request_hash     NVARCHAR(64)          NOT NULL,
    report_id        UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_idempotency_records_report REFERENCES reports (id),
    response_body    NVARCHAR(MAX)     NOT NULL,
    created_at       DATETIMEOFFSET(7) NOT NULL,
    expires_at       DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_idempotency_records PRIMARY KEY (scope, idempotency_key)
);

CREATE INDEX ix_idempotency_records_expires ON idempotency_records (expires_at);
