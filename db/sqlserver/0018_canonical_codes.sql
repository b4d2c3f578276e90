-- Lex Heller, SQL Server schema 18 (issue 19): codes compare the same on both engines (docs/domain.md#codes,
-- docs/architecture.md#collations). The same as db/sqlite/0018_canonical_codes.sql, and more, because the
-- database's default collation (Finnish_Swedish_100_CI_AS, or whatever an older database was made with) is
-- case- and trailing-space-insensitive: under it 'Handover' and 'handover ' were one category to a lookup
-- and two to the statistics. From here:
--   * every code column has the binary collation Latin1_General_100_BIN2, so '=' compares code points, as
--     SQLite does (only trailing spaces still compare equal: '=' pads on every collation);
--   * what is stored is canonical (trimmed, lower case): the service makes every code canonical
--     (Codes.Canonical), and CHECK constraints refuse anything else where people choose codes
--     (associations, areas, categories), trailing spaces included (DATALENGTH);
--   * the enum columns' CHECK (x IN (...)) constraints compare binary now, so 'Received' is refused.
-- Name columns keep the database's collation; lists sort them with COLLATE Finnish_Swedish_100_CI_AS.
--
-- A column's collation cannot change while an index, a CHECK or FOREIGN KEY constraint or a computed
-- column uses it (and a DEFAULT is dropped and made again too, to be safe): those are dropped first, by the names the earlier scripts gave them, and made again
-- the same way at the end (reports.effective_category, a PERSISTED computed column, is added again and
-- computed for every report; its indexes are rebuilt). All of it is one transaction: at a million reports
-- expect minutes with the reports table locked, which is why migrations run in the deploy step.
-- Columns left as they are: codes the service writes itself and never compares with input
-- (outbox_messages.kind, report_events.event_type/from_status/to_status, audit_events.action/entity_type),
-- user keys (lower-cased e-mail addresses), and associations.reference_prefix (upper case by design).

-- 1. Two rows that would become one when made canonical (possible only where the database was made with a
-- case-sensitive collation) are not merged: the migration fails, names them, and changes nothing.
DECLARE @collisions NVARCHAR(MAX) = (
    SELECT STRING_AGG(CONVERT(NVARCHAR(MAX), c.what), N', ')
    FROM (
        SELECT N'association ' + LOWER(LTRIM(RTRIM(MIN(code)))) AS what
        FROM associations GROUP BY LOWER(LTRIM(RTRIM(code))) COLLATE Latin1_General_100_BIN2 HAVING COUNT(*) > 1
        UNION ALL
        SELECT N'area ' + LOWER(LTRIM(RTRIM(MIN(code))))
        FROM areas GROUP BY association_id, LOWER(LTRIM(RTRIM(code))) COLLATE Latin1_General_100_BIN2 HAVING COUNT(*) > 1
        UNION ALL
        SELECT N'category ' + LOWER(LTRIM(RTRIM(MIN(code))))
        FROM categories GROUP BY LOWER(LTRIM(RTRIM(code))) COLLATE Latin1_General_100_BIN2 HAVING COUNT(*) > 1
    ) c);

IF @collisions IS NOT NULL
BEGIN
    DECLARE @message NVARCHAR(2048) = LEFT(N'Migration 0018: these codes exist in forms that differ only in case or surrounding spaces and would become one code: '
        + @collisions + N'. Rename or merge them, then migrate again (docs/domain.md#codes).', 2048);
    THROW 50018, @message, 1;
END;
GO

-- 2. What uses the code columns goes, for now.
ALTER TABLE reports DROP CONSTRAINT fk_reports_suggested_category, fk_reports_category, df_reports_involved_party_kinds,
    ck_reports_kind, ck_reports_affected_gender, ck_reports_status, ck_reports_channel, ck_reports_resolution;
ALTER TABLE routing_rules DROP CONSTRAINT fk_routing_rules_category, ck_routing_rules_party_kind;
ALTER TABLE pattern_detections DROP CONSTRAINT fk_pattern_detections_category, pk_pattern_detections;
ALTER TABLE follow_ups DROP CONSTRAINT fk_follow_ups_pattern_category, ck_follow_ups_status;
ALTER TABLE category_notices DROP CONSTRAINT fk_category_notices_category, pk_category_notices;
ALTER TABLE category_labels DROP CONSTRAINT fk_category_labels_category, pk_category_labels;
ALTER TABLE parties DROP CONSTRAINT ck_parties_kind;
ALTER TABLE referrals DROP CONSTRAINT ck_referrals_status;
ALTER TABLE report_messages DROP CONSTRAINT ck_report_messages_kind;
ALTER TABLE reporter_contact_access DROP CONSTRAINT ck_reporter_contact_access_action;
ALTER TABLE member_roles DROP CONSTRAINT ck_member_roles_role, pk_member_roles;
ALTER TABLE associations DROP CONSTRAINT uq_associations_code;
ALTER TABLE areas DROP CONSTRAINT uq_areas_association_code;

DROP INDEX ix_reports_association_status_created ON reports;
DROP INDEX ix_reports_queue_status_created ON reports;
DROP INDEX ix_reports_insight ON reports;
DROP INDEX ix_reports_statistics ON reports;
DROP INDEX ix_reports_months ON reports;
DROP INDEX ix_reports_association_category_created ON reports;
DROP INDEX ix_referrals_party_status_due ON referrals;
DROP INDEX ix_referrals_status_due ON referrals;
DROP INDEX ix_referrals_open ON referrals;
DROP INDEX ix_follow_ups_association_status ON follow_ups;
DROP INDEX ix_member_roles_user ON member_roles;
DROP INDEX ix_categories_association ON categories;

-- The primary key of categories is referenced by the foreign keys dropped above; it goes last.
ALTER TABLE categories DROP CONSTRAINT pk_categories;

ALTER TABLE reports DROP COLUMN effective_category;
GO

-- 3. Existing data, made canonical (nothing for a database the service alone has written, except report
-- categories confirmed in another case, which this is for). Compared binary, with DATALENGTH for the
-- trailing spaces that '=' ignores.
UPDATE associations SET code = LOWER(LTRIM(RTRIM(code)))
WHERE code COLLATE Latin1_General_100_BIN2 <> LOWER(LTRIM(RTRIM(code))) OR DATALENGTH(code) <> DATALENGTH(RTRIM(code));

UPDATE areas SET code = LOWER(LTRIM(RTRIM(code)))
WHERE code COLLATE Latin1_General_100_BIN2 <> LOWER(LTRIM(RTRIM(code))) OR DATALENGTH(code) <> DATALENGTH(RTRIM(code));

UPDATE categories SET code = LOWER(LTRIM(RTRIM(code)))
WHERE code COLLATE Latin1_General_100_BIN2 <> LOWER(LTRIM(RTRIM(code))) OR DATALENGTH(code) <> DATALENGTH(RTRIM(code));

UPDATE category_notices SET category_code = LOWER(LTRIM(RTRIM(category_code)))
WHERE category_code COLLATE Latin1_General_100_BIN2 <> LOWER(LTRIM(RTRIM(category_code))) OR DATALENGTH(category_code) <> DATALENGTH(RTRIM(category_code));

UPDATE category_labels SET category_code = LOWER(LTRIM(RTRIM(category_code)))
WHERE category_code COLLATE Latin1_General_100_BIN2 <> LOWER(LTRIM(RTRIM(category_code))) OR DATALENGTH(category_code) <> DATALENGTH(RTRIM(category_code));

UPDATE routing_rules SET category = LOWER(LTRIM(RTRIM(category)))
WHERE category COLLATE Latin1_General_100_BIN2 <> LOWER(LTRIM(RTRIM(category))) OR DATALENGTH(category) <> DATALENGTH(RTRIM(category));

UPDATE pattern_detections SET category = LOWER(LTRIM(RTRIM(category)))
WHERE category COLLATE Latin1_General_100_BIN2 <> LOWER(LTRIM(RTRIM(category))) OR DATALENGTH(category) <> DATALENGTH(RTRIM(category));

UPDATE follow_ups SET pattern_category = LOWER(LTRIM(RTRIM(pattern_category)))
WHERE pattern_category COLLATE Latin1_General_100_BIN2 <> LOWER(LTRIM(RTRIM(pattern_category))) OR DATALENGTH(pattern_category) <> DATALENGTH(RTRIM(pattern_category));

-- The report's codes in one pass over the table.
UPDATE reports SET
    suggested_category = LOWER(LTRIM(RTRIM(suggested_category))),
    category = LOWER(LTRIM(RTRIM(category))),
    kind = LOWER(LTRIM(RTRIM(kind))),
    status = LOWER(LTRIM(RTRIM(status))),
    channel = LOWER(LTRIM(RTRIM(channel))),
    affected_gender = LOWER(LTRIM(RTRIM(affected_gender))),
    resolution = LOWER(LTRIM(RTRIM(resolution)))
WHERE suggested_category COLLATE Latin1_General_100_BIN2 <> LOWER(LTRIM(RTRIM(suggested_category))) OR DATALENGTH(suggested_category) <> DATALENGTH(RTRIM(suggested_category))
   OR category COLLATE Latin1_General_100_BIN2 <> LOWER(LTRIM(RTRIM(category))) OR DATALENGTH(category) <> DATALENGTH(RTRIM(category))
   OR kind COLLATE Latin1_General_100_BIN2 <> LOWER(kind) OR status COLLATE Latin1_General_100_BIN2 <> LOWER(status)
   OR channel COLLATE Latin1_General_100_BIN2 <> LOWER(channel) OR affected_gender COLLATE Latin1_General_100_BIN2 <> LOWER(affected_gender)
   OR resolution COLLATE Latin1_General_100_BIN2 <> LOWER(resolution);

UPDATE parties SET kind = LOWER(kind) WHERE kind COLLATE Latin1_General_100_BIN2 <> LOWER(kind);
UPDATE routing_rules SET party_kind = LOWER(party_kind) WHERE party_kind COLLATE Latin1_General_100_BIN2 <> LOWER(party_kind);
UPDATE referrals SET status = LOWER(status) WHERE status COLLATE Latin1_General_100_BIN2 <> LOWER(status);
UPDATE report_messages SET kind = LOWER(kind) WHERE kind COLLATE Latin1_General_100_BIN2 <> LOWER(kind);
UPDATE follow_ups SET status = LOWER(status) WHERE status COLLATE Latin1_General_100_BIN2 <> LOWER(status);
UPDATE member_roles SET role = LOWER(role) WHERE role COLLATE Latin1_General_100_BIN2 <> LOWER(role);
GO

-- 4. The binary collation, each column as it was declared (type, length, NULL or NOT NULL).
ALTER TABLE associations ALTER COLUMN code NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE areas ALTER COLUMN code NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE parties ALTER COLUMN kind NVARCHAR(30) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE categories ALTER COLUMN code NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE category_notices ALTER COLUMN category_code NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE category_labels ALTER COLUMN category_code NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE reports ALTER COLUMN kind NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE reports ALTER COLUMN suggested_category NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE reports ALTER COLUMN category NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE reports ALTER COLUMN affected_gender NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE reports ALTER COLUMN status NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE reports ALTER COLUMN channel NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE reports ALTER COLUMN resolution NVARCHAR(30) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE reports ALTER COLUMN involved_party_kinds NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE routing_rules ALTER COLUMN party_kind NVARCHAR(30) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE routing_rules ALTER COLUMN category NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE referrals ALTER COLUMN status NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE report_messages ALTER COLUMN kind NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE pattern_detections ALTER COLUMN category NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE pattern_detections ALTER COLUMN party_kinds NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE follow_ups ALTER COLUMN status NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE follow_ups ALTER COLUMN pattern_category NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE follow_ups ALTER COLUMN pattern_party_kinds NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE member_roles ALTER COLUMN role NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE reporter_contact_access ALTER COLUMN action NVARCHAR(20) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO

-- The category in force, binary like the two columns it is made of.
ALTER TABLE reports ADD effective_category AS COALESCE(category, suggested_category) PERSISTED;
GO

-- 5. Everything dropped in 2, made again as the earlier scripts made it, and the canonical-code checks.
ALTER TABLE categories ADD CONSTRAINT pk_categories PRIMARY KEY (code);
ALTER TABLE associations ADD CONSTRAINT uq_associations_code UNIQUE (code);
ALTER TABLE areas ADD CONSTRAINT uq_areas_association_code UNIQUE (association_id, code);
ALTER TABLE category_notices ADD CONSTRAINT pk_category_notices PRIMARY KEY (association_id, category_code);
ALTER TABLE category_labels ADD CONSTRAINT pk_category_labels PRIMARY KEY (category_code, valid_from);
ALTER TABLE pattern_detections ADD CONSTRAINT pk_pattern_detections PRIMARY KEY (association_id, category, party_kinds);
ALTER TABLE member_roles ADD CONSTRAINT pk_member_roles PRIMARY KEY (association_id, user_key, role);

ALTER TABLE reports ADD
    CONSTRAINT df_reports_involved_party_kinds DEFAULT '' FOR involved_party_kinds,
    CONSTRAINT fk_reports_suggested_category FOREIGN KEY (suggested_category) REFERENCES categories (code),
    CONSTRAINT fk_reports_category FOREIGN KEY (category) REFERENCES categories (code),
    CONSTRAINT ck_reports_kind CHECK (kind IN ('occurred', 'risk')),
    CONSTRAINT ck_reports_affected_gender CHECK (affected_gender IN ('woman', 'man', 'other', 'not-stated')),
    CONSTRAINT ck_reports_status CHECK (status IN ('received', 'in-triage', 'needs-info', 'referred', 'answered', 'closed')),
    CONSTRAINT ck_reports_channel CHECK (channel IN ('form', 'api', 'anonymous', 'system')),
    CONSTRAINT ck_reports_resolution CHECK (resolution IN ('answered', 'resolved-locally', 'structural-follow-up', 'not-actionable', 'out-of-scope', 'duplicate', 'forwarded'));
ALTER TABLE routing_rules ADD
    CONSTRAINT fk_routing_rules_category FOREIGN KEY (category) REFERENCES categories (code),
    CONSTRAINT ck_routing_rules_party_kind CHECK (party_kind IN ('municipality', 'region', 'social-insurance', 'employment-service', 'other'));
ALTER TABLE pattern_detections ADD CONSTRAINT fk_pattern_detections_category FOREIGN KEY (category) REFERENCES categories (code);
ALTER TABLE follow_ups ADD
    CONSTRAINT fk_follow_ups_pattern_category FOREIGN KEY (pattern_category) REFERENCES categories (code),
    CONSTRAINT ck_follow_ups_status CHECK (status IN ('open', 'in-progress', 'done'));
ALTER TABLE category_notices ADD CONSTRAINT fk_category_notices_category FOREIGN KEY (category_code) REFERENCES categories (code);
ALTER TABLE category_labels ADD CONSTRAINT fk_category_labels_category FOREIGN KEY (category_code) REFERENCES categories (code);
ALTER TABLE parties ADD CONSTRAINT ck_parties_kind CHECK (kind IN ('municipality', 'region', 'social-insurance', 'employment-service', 'other'));
ALTER TABLE referrals ADD CONSTRAINT ck_referrals_status CHECK (status IN ('open', 'answered'));
ALTER TABLE report_messages ADD CONSTRAINT ck_report_messages_kind CHECK (kind IN ('question', 'reply', 'closure'));
ALTER TABLE reporter_contact_access ADD CONSTRAINT ck_reporter_contact_access_action CHECK (action IN ('read', 'purged'));
ALTER TABLE member_roles ADD CONSTRAINT ck_member_roles_role CHECK (role IN ('reporter', 'responder', 'analyst', 'admin'));

-- Codes chosen by people are canonical: compared binary (the column's collation), without leading or
-- trailing spaces (LTRIM, and DATALENGTH for the trailing ones that '=' would ignore), in lower case.
ALTER TABLE associations ADD CONSTRAINT ck_associations_code_canonical
    CHECK (code = LOWER(LTRIM(RTRIM(code))) AND DATALENGTH(code) = DATALENGTH(RTRIM(code)));
ALTER TABLE areas ADD CONSTRAINT ck_areas_code_canonical
    CHECK (code = LOWER(LTRIM(RTRIM(code))) AND DATALENGTH(code) = DATALENGTH(RTRIM(code)));
ALTER TABLE categories ADD CONSTRAINT ck_categories_code_canonical
    CHECK (code = LOWER(LTRIM(RTRIM(code))) AND DATALENGTH(code) = DATALENGTH(RTRIM(code)));

CREATE INDEX ix_categories_association ON categories (association_id, sort_order, code);
CREATE INDEX ix_member_roles_user ON member_roles (user_key, association_id, role, requires_role_claim);
CREATE INDEX ix_follow_ups_association_status ON follow_ups (association_id, status, created_at);
CREATE INDEX ix_referrals_party_status_due ON referrals (party_id, status, due_on);
CREATE INDEX ix_referrals_status_due ON referrals (status, due_on);
CREATE INDEX ix_referrals_open ON referrals (report_id, due_on) WHERE status = 'open';
CREATE INDEX ix_reports_association_status_created ON reports (association_id, status, created_at, id);
CREATE INDEX ix_reports_queue_status_created ON reports (queue_id, status, created_at, id);
CREATE INDEX ix_reports_insight ON reports (association_id, effective_category, involved_party_kinds, event_date, area_id, resolution);
CREATE INDEX ix_reports_statistics ON reports (association_id, event_date)
    INCLUDE (effective_category, area_id, resolution, reporter_party_id, involved_party_kinds,
             kind, status, event_month, created_at, first_referred_at, first_answered_at, closed_at, id);
CREATE INDEX ix_reports_months ON reports (association_id, event_month, effective_category, event_date) INCLUDE (area_id, resolution);
CREATE INDEX ix_reports_association_category_created ON reports (association_id, effective_category, created_at, id);
GO
