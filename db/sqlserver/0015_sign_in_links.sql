-- Lex Heller, SQL Server schema 15 (issue 18): the same as db/sqlite/0015_sign_in_links.sql.
-- E-mail sign-in with a one-time link: only the link's SHA-256 (64 hex digits) is kept; a link holds until
-- expires_at and is used up by the first sign-in with it (used_at); rows a day past their expiry are deleted
-- as new links are made.
CREATE TABLE sign_in_links (
    token_hash  CHAR(64)          NOT NULL CONSTRAINT pk_sign_in_links PRIMARY KEY,
    email       NVARCHAR(320)     NOT NULL,
    return_url  NVARCHAR(2000)    NULL,
    created_at  DATETIMEOFFSET(7) NOT NULL,
    expires_at  DATETIMEOFFSET(7) NOT NULL,
    used_at     DATETIMEOFFSET(7) NULL
);
GO

-- Old links are deleted by their expiry.
CREATE INDEX ix_sign_in_links_expires ON sign_in_links (expires_at);
GO

-- Whether an address is registered (a link is sent only then) is asked of each membership by user key.
CREATE INDEX ix_party_members_sign_in ON party_members (user_key);
GO

CREATE INDEX ix_steering_group_members_sign_in ON steering_group_members (user_key);
GO

CREATE INDEX ix_association_members_sign_in ON association_members (user_key);
GO
