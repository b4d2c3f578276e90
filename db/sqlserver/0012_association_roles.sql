-- Lex Heller, SQL Server schema 12 (issue 18): the same as db/sqlite/0012_association_roles.sql.
-- What a user may do in an association is held here, granted by its administrators; the identity
-- provider only says who the user is (docs/decisions/0013-roles-per-association.md).

-- The association's own reference prefix and the texts its administrators keep. The service accepts a
-- prefix of 2 to 6 capital letters or digits, so that PREFIX-YYYY-NNNNN fits reports.reference (NVARCHAR(20)).
ALTER TABLE associations ADD
    reference_prefix         NVARCHAR(10)  NOT NULL CONSTRAINT df_associations_reference_prefix DEFAULT N'LH',
    accessibility_statement  NVARCHAR(MAX) NULL,
    personal_data_notice     NVARCHAR(MAX) NULL;
GO

-- A member's roles in one association (reporter and responder for the member's parties, analyst and
-- admin for the whole association); triagers are the members of its steering groups. A grant with
-- requires_role_claim = 1 was carried over from before, when the token's role claims decided: it holds
-- only while the token still names the role.
CREATE TABLE member_roles (
    association_id       UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_member_roles_association REFERENCES associations (id),
    user_key             NVARCHAR(320)     NOT NULL,
    role                 NVARCHAR(20)      NOT NULL CONSTRAINT ck_member_roles_role CHECK (role IN ('reporter', 'responder', 'analyst', 'admin')),
    requires_role_claim  BIT               NOT NULL CONSTRAINT df_member_roles_requires_role_claim DEFAULT 0,
    granted_at           DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_member_roles PRIMARY KEY (association_id, user_key, role)
);

-- A caller's grants are read by user key; the index covers what is read (the same on both engines).
CREATE INDEX ix_member_roles_user ON member_roles (user_key, association_id, role, requires_role_claim);

-- Installation administrators granted by the command `admin grant --email … --installation`.
CREATE TABLE installation_administrators (
    user_key    NVARCHAR(320)     NOT NULL CONSTRAINT pk_installation_administrators PRIMARY KEY,
    granted_at  DATETIMEOFFSET(7) NOT NULL,
    granted_by  NVARCHAR(320)     NOT NULL
);

-- Every administrative change, append-only: who, when, what, and the thing before and after (JSON).
CREATE TABLE audit_events (
    id              UNIQUEIDENTIFIER  NOT NULL CONSTRAINT pk_audit_events PRIMARY KEY NONCLUSTERED,
    association_id  UNIQUEIDENTIFIER  NULL CONSTRAINT fk_audit_events_association REFERENCES associations (id),
    occurred_at     DATETIMEOFFSET(7) NOT NULL,
    actor           NVARCHAR(320)     NOT NULL,
    action          NVARCHAR(100)     NOT NULL,
    entity_type     NVARCHAR(50)      NOT NULL,
    entity_id       NVARCHAR(400)     NOT NULL,
    before_data     NVARCHAR(MAX)     NULL,
    after_data      NVARCHAR(MAX)     NULL
);

-- Clustered by association and time: the audit log is read as an association's newest events first,
-- and appended at the end (a random GUID clustered key would split pages on every insert).
CREATE CLUSTERED INDEX ix_audit_events_association ON audit_events (association_id, occurred_at);
GO

CREATE TRIGGER audit_events_are_append_only ON audit_events
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    THROW 50001, 'audit_events is append-only', 1;
END;
GO

-- Memberships made before roles were data: carried over as both roles the token chose between, each
-- held only while the token names it, which is exactly what the member could do before.
INSERT INTO member_roles (association_id, user_key, role, requires_role_claim, granted_at)
SELECT m.association_id, m.user_key, r.role, 1, SYSUTCDATETIME()
FROM association_members m
CROSS JOIN (VALUES (N'analyst'), (N'admin')) r (role);

INSERT INTO member_roles (association_id, user_key, role, requires_role_claim, granted_at)
SELECT DISTINCT p.association_id, pm.user_key, r.role, 1, SYSUTCDATETIME()
FROM party_members pm
JOIN parties p ON p.id = pm.party_id
CROSS JOIN (VALUES (N'reporter'), (N'responder')) r (role);

INSERT INTO association_members (association_id, user_key)
SELECT DISTINCT mr.association_id, mr.user_key
FROM member_roles mr
WHERE NOT EXISTS (SELECT 1 FROM association_members m WHERE m.association_id = mr.association_id AND m.user_key = mr.user_key);
