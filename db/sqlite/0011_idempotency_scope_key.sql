-- Lex Heller, SQLite schema 11 (issue 16): idempotency scopes are keyed.
-- A secret the service makes once (256 random bits) and keeps sealed with Data Protection, so that a
-- copy of the database without the key ring cannot open it. The idempotency scope is an HMAC of the
-- caller under this secret, no longer a plain hash that anyone can compute from an e-mail address.
CREATE TABLE service_secrets (
    name          TEXT NOT NULL PRIMARY KEY,
    sealed_value  TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- The records made before were scoped by a plain SHA-256 of the caller (for a signed-in user, of
-- their e-mail address), which tied a person to their reports. They only make a retry safe for a
-- day, and the keyed scope never matches them, so they are dropped now rather than left to expire.
DELETE FROM idempotency_records;
