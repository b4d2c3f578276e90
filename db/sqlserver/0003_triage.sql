-- Lex Heller, SQL Server schema 3: the same tables, columns and indexes as db/sqlite/0003_triage.sql.

CREATE TABLE queues (
    id                 UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_queues PRIMARY KEY,
    association_id     UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_queues_association REFERENCES associations (id),
    steering_group_id  UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_queues_steering_group REFERENCES steering_groups (id),
    name               NVARCHAR(200)     NOT NULL,
    created_at         DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT uq_queues_association_name UNIQUE (association_id, name)
);

CREATE INDEX ix_queues_steering_group ON queues (steering_group_id);

CREATE TABLE routing_rules (
    id                         UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_routing_rules PRIMARY KEY,
    association_id             UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_routing_rules_association REFERENCES associations (id),
    area_id                    UNIQUEIDENTIFIER  NULL CONSTRAINT fk_routing_rules_area REFERENCES areas (id),
    party_kind                 NVARCHAR(30)      NULL CONSTRAINT ck_routing_rules_party_kind CHECK (party_kind IN ('municipality', 'region', 'social-insurance', 'employment-service', 'other')),
    category                   NVARCHAR(50)      NULL CONSTRAINT fk_routing_rules_category REFERENCES categories (code),
    queue_id                   UNIQUEIDENTIFIER  NULL CONSTRAINT fk_routing_rules_queue REFERENCES queues (id),
    forward_to_association_id  UNIQUEIDENTIFIER  NULL CONSTRAINT fk_routing_rules_forward REFERENCES associations (id),
    priority                   INT               NOT NULL CONSTRAINT df_routing_rules_priority DEFAULT 100,
    description                NVARCHAR(500)     NOT NULL,
    created_at                 DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT ck_routing_rules_target CHECK ((queue_id IS NULL AND forward_to_association_id IS NOT NULL) OR (queue_id IS NOT NULL AND forward_to_association_id IS NULL))
);

CREATE INDEX ix_routing_rules_association ON routing_rules (association_id);

ALTER TABLE reports ADD
    queue_id                  UNIQUEIDENTIFIER NULL CONSTRAINT fk_reports_queue REFERENCES queues (id),
    resolution                NVARCHAR(30)     NULL CONSTRAINT ck_reports_resolution CHECK (resolution IN ('answered', 'resolved-locally', 'structural-follow-up', 'not-actionable', 'out-of-scope', 'duplicate', 'forwarded')),
    duplicate_of_report_id    UNIQUEIDENTIFIER NULL CONSTRAINT fk_reports_duplicate_of REFERENCES reports (id),
    forwarded_to_report_id    UNIQUEIDENTIFIER NULL CONSTRAINT fk_reports_forwarded_to REFERENCES reports (id),
    forwarded_from_report_id  UNIQUEIDENTIFIER NULL CONSTRAINT fk_reports_forwarded_from REFERENCES reports (id);
GO

CREATE INDEX ix_reports_queue_created ON reports (queue_id, created_at, id);
CREATE INDEX ix_reports_association_created ON reports (association_id, created_at, id);

CREATE TABLE referrals (
    id                  UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_referrals PRIMARY KEY,
    report_id           UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_referrals_report REFERENCES reports (id),
    party_id            UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_referrals_party REFERENCES parties (id),
    question            NVARCHAR(2000)    NOT NULL,
    due_on              DATE              NOT NULL,
    status              NVARCHAR(20)      NOT NULL CONSTRAINT ck_referrals_status CHECK (status IN ('open', 'answered')),
    created_at          DATETIMEOFFSET(7) NOT NULL,
    cause               NVARCHAR(4000)    NULL,
    actions             NVARCHAR(4000)    NULL,
    follow_up_plan      NVARCHAR(4000)    NULL,
    responder_name      NVARCHAR(200)     NULL,
    responder_role      NVARCHAR(200)     NULL,
    answered_at         DATETIMEOFFSET(7) NULL,
    reminded_before_at  DATETIMEOFFSET(7) NULL,
    reminded_after_at   DATETIMEOFFSET(7) NULL
);

CREATE INDEX ix_referrals_party_status_due ON referrals (party_id, status, due_on);
CREATE INDEX ix_referrals_report ON referrals (report_id);
CREATE INDEX ix_referrals_status_due ON referrals (status, due_on);

CREATE TABLE report_messages (
    id          UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_report_messages PRIMARY KEY,
    report_id   UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_report_messages_report REFERENCES reports (id),
    sequence    INT               NOT NULL,
    kind        NVARCHAR(20)      NOT NULL CONSTRAINT ck_report_messages_kind CHECK (kind IN ('question', 'reply', 'closure')),
    body        NVARCHAR(4000)    NOT NULL,
    created_at  DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT uq_report_messages_report_sequence UNIQUE (report_id, sequence)
);

CREATE TABLE report_notes (
    id          UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_report_notes PRIMARY KEY,
    report_id   UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_report_notes_report REFERENCES reports (id),
    author      NVARCHAR(320)     NOT NULL,
    body        NVARCHAR(4000)    NOT NULL,
    created_at  DATETIMEOFFSET(7) NOT NULL
);

CREATE INDEX ix_report_notes_report ON report_notes (report_id, created_at);

CREATE TABLE publications (
    report_id     UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_publications PRIMARY KEY CONSTRAINT fk_publications_report REFERENCES reports (id),
    summary       NVARCHAR(4000)    NOT NULL,
    published_at  DATETIMEOFFSET(7) NOT NULL,
    published_by  NVARCHAR(320)     NOT NULL
);

CREATE TABLE outbox_messages (
    id               UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_outbox_messages PRIMARY KEY,
    dedup_key        NVARCHAR(200)     NOT NULL CONSTRAINT uq_outbox_messages_dedup_key UNIQUE,
    kind             NVARCHAR(50)      NOT NULL,
    report_id        UNIQUEIDENTIFIER  NULL CONSTRAINT fk_outbox_messages_report REFERENCES reports (id),
    recipient        NVARCHAR(320)     NOT NULL,
    subject          NVARCHAR(500)     NOT NULL,
    body             NVARCHAR(MAX)     NOT NULL,
    created_at       DATETIMEOFFSET(7) NOT NULL,
    attempts         INT               NOT NULL CONSTRAINT df_outbox_messages_attempts DEFAULT 0,
    next_attempt_at  DATETIMEOFFSET(7) NOT NULL,
    lease_until      DATETIMEOFFSET(7) NULL,
    last_error       NVARCHAR(2000)    NULL,
    sent_at          DATETIMEOFFSET(7) NULL
);

CREATE INDEX ix_outbox_messages_due ON outbox_messages (sent_at, next_attempt_at);
