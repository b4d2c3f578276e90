-- Lex Heller, SQLite schema 12 (issue 18): an association runs itself.
-- What a user may do in an association is held here, granted by its administrators; the identity
-- provider only says who the user is (docs/decisions/0013-roles-per-association.md).

-- The association's own reference prefix (PREFIX-YYYY-NNNNN) and the texts its administrators keep:
-- the accessibility statement (tillgänglighetsredogörelse) and the personal-data notice.
ALTER TABLE associations ADD COLUMN reference_prefix TEXT NOT NULL DEFAULT 'LH';
ALTER TABLE associations ADD COLUMN accessibility_statement TEXT NULL;
ALTER TABLE associations ADD COLUMN personal_data_notice TEXT NULL;

-- A member's roles in one association: reporter and responder act for the parties the member
-- belongs to (party_members); analyst and admin for the whole association. Triagers are the members
-- of its steering groups, as before. requires_role_claim marks a grant carried over from before this
-- migration, when the token's role claims decided: it holds only while the token still names the role.
CREATE TABLE member_roles (
    association_id       TEXT    NOT NULL REFERENCES associations (id),
    user_key             TEXT    NOT NULL,
    role                 TEXT    NOT NULL CHECK (role IN ('reporter', 'responder', 'analyst', 'admin')),
    requires_role_claim  INTEGER NOT NULL DEFAULT 0 CHECK (requires_role_claim IN (0, 1)),
    granted_at           TEXT    NOT NULL,
    PRIMARY KEY (association_id, user_key, role)
);

-- A caller's grants are read by user key; the index covers what is read (the same on both engines).
CREATE INDEX ix_member_roles_user ON member_roles (user_key, association_id, role, requires_role_claim);

-- Installation administrators granted by the command `admin grant --email … --installation` (those
-- named in Administration:InstallationAdministrators are not stored): they create associations and
-- their first administrators, and nothing else.
CREATE TABLE installation_administrators (
    user_key    TEXT NOT NULL PRIMARY KEY,
    granted_at  TEXT NOT NULL,
    granted_by  TEXT NOT NULL
);

-- Every administrative change, append-only: who, when, what, and the thing before and after (JSON).
-- association_id is null for a change to the installation (an installation administrator granted).
CREATE TABLE audit_events (
    id              TEXT NOT NULL PRIMARY KEY,
    association_id  TEXT NULL REFERENCES associations (id),
    occurred_at     TEXT NOT NULL,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    entity_type     TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    before_data     TEXT NULL,
    after_data      TEXT NULL
);

CREATE INDEX ix_audit_events_association ON audit_events (association_id, occurred_at);

CREATE TRIGGER audit_events_are_append_only_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_are_append_only_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;

-- Memberships made before roles were data: the token decided between analyst and admin, and between
-- reporter and responder. Each is carried over as both, held only while the token names the role,
-- which is exactly what the member could do before.
INSERT INTO member_roles (association_id, user_key, role, requires_role_claim, granted_at)
SELECT m.association_id, m.user_key, r.role, 1, strftime('%Y-%m-%dT%H:%M:%S', 'now') || '.0000000Z'
FROM association_members m
CROSS JOIN (SELECT 'analyst' AS role UNION ALL SELECT 'admin') r;

INSERT INTO member_roles (association_id, user_key, role, requires_role_claim, granted_at)
SELECT DISTINCT p.association_id, pm.user_key, r.role, 1, strftime('%Y-%m-%dT%H:%M:%S', 'now') || '.0000000Z'
FROM party_members pm
JOIN parties p ON p.id = pm.party_id
CROSS JOIN (SELECT 'reporter' AS role UNION ALL SELECT 'responder') r;

INSERT OR IGNORE INTO association_members (association_id, user_key)
SELECT DISTINCT association_id, user_key FROM member_roles;
