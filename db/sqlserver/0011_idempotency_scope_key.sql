-- Lex Heller, SQL Server schema 11 (issue 16): the same as db/sqlite/0011_idempotency_scope_key.sql.
-- A secret the service makes once (256 random bits) and keeps sealed with Data Protection; the
-- idempotency scope is an HMAC of the caller under it, no longer a plain hash of the e-mail address.
CREATE TABLE service_secrets (
    name          NVARCHAR(100)     NOT NULL,
    sealed_value  NVARCHAR(MAX)     NOT NULL,
    created_at    DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_service_secrets PRIMARY KEY (name)
);

-- The records scoped by a plain SHA-256 of the caller tied a person to their reports; the keyed
-- scope never matches them, and they only make a retry safe for a day: dropped now.
DELETE FROM idempotency_records;
