-- Lex Heller, SQLite schema 15 (issue 18): e-mail sign-in with a one-time link, for the staff of a party
-- whose organisation has no identity provider of its own (docs/security.md, "Signing in").
-- A link is 256 random bits; only its SHA-256 (hex) is kept, so the table cannot sign anyone in. A link
-- holds until expires_at and is used up by the first sign-in with it (used_at); rows a day past their
-- expiry are deleted as new links are made.
CREATE TABLE sign_in_links (
    token_hash  TEXT NOT NULL PRIMARY KEY,
    email       TEXT NOT NULL,
    return_url  TEXT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT NULL
);

-- Old links are deleted by their expiry.
CREATE INDEX ix_sign_in_links_expires ON sign_in_links (expires_at);

-- Whether an address is registered (a link is sent only then) is asked of each membership by user key.
CREATE INDEX ix_party_members_sign_in ON party_members (user_key);
CREATE INDEX ix_steering_group_members_sign_in ON steering_group_members (user_key);
CREATE INDEX ix_association_members_sign_in ON association_members (user_key);
