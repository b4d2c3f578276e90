-- Lex Heller, SQLite schema 23 (issue 20, point 7): the names people go by.
-- Memberships are keyed by the user's e-mail (0001); the history named people by it ("Av triager@…").
-- The display name is taken from the identity provider's name claim each time the user signs in (the
-- sign-in cookie, or a bearer token), and kept here with the user key the memberships use, so that the
-- history, the notes and the forms name the person. A user who never brought a name claim has no row:
-- the pages then show the user key as before. Only staff and party members sign in with a name (a
-- reporter's history entries never carry a user key), so no reporter is named through this table.
CREATE TABLE user_display_names (
    user_key      TEXT NOT NULL PRIMARY KEY,
    display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    updated_at    TEXT NOT NULL
);
