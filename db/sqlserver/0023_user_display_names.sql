-- Lex Heller, SQL Server schema 23 (issue 20, point 7): the same as db/sqlite/0023_user_display_names.sql.
-- The display name from the identity provider's name claim at sign-in, by the user key the memberships use
-- (NVARCHAR(320), as everywhere). Read by key only (the history joins its actors to it: a seek per actor).
CREATE TABLE user_display_names (
    user_key      NVARCHAR(320)     NOT NULL CONSTRAINT pk_user_display_names PRIMARY KEY,
    display_name  NVARCHAR(200)     NOT NULL CONSTRAINT ck_user_display_names_name CHECK (LEN(display_name) >= 1),
    updated_at    DATETIMEOFFSET(7) NOT NULL
);
GO
