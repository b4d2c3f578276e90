-- Lex Heller, SQLite schema 18 (issue 19): codes are stored in one canonical form, trimmed and lower case
-- (docs/domain.md#codes; the service makes every code it is given canonical with Codes.Canonical).
-- SQLite compares text binary, so 'Handover' and 'handover' were already two codes here; what this
-- migration adds is that no other form can be stored, as on SQL Server (its 0018: a binary collation and
-- CHECK constraints on the code columns).

-- 1. Existing data. A code stored in another form (written by hand, or by a tool before this migration) is
-- made canonical. Two rows that would become one (two associations 'Hoglandet' and 'hoglandet', two areas
-- of one association, two categories) are not merged: the migration fails and changes nothing, and an
-- administrator renames or merges them first (docs/domain.md#codes says how to find them).
CREATE TEMP TABLE canonical_code_collisions (what TEXT NOT NULL);

CREATE TEMP TRIGGER canonical_code_collisions_refuse AFTER INSERT ON canonical_code_collisions
BEGIN
    SELECT RAISE(ABORT, 'Migration 0018: two association, area or category codes differ only in case or surrounding spaces and would become one code. Rename or merge them, then migrate again (docs/domain.md#codes).');
END;

INSERT INTO canonical_code_collisions (what)
SELECT 'associations.code ' || lower(trim(code)) FROM associations GROUP BY lower(trim(code)) HAVING COUNT(*) > 1
UNION ALL
SELECT 'areas.code ' || lower(trim(code)) FROM areas GROUP BY association_id, lower(trim(code)) HAVING COUNT(*) > 1
UNION ALL
SELECT 'categories.code ' || lower(trim(code)) FROM categories GROUP BY lower(trim(code)) HAVING COUNT(*) > 1;

DROP TABLE temp.canonical_code_collisions;

-- A category's code is the key that reports, routing rules, patterns, follow-ups, notices and labels refer
-- to: the references move with it, and the foreign keys are checked at the commit.
PRAGMA defer_foreign_keys = ON;

UPDATE associations SET code = lower(trim(code)) WHERE code <> lower(trim(code));
UPDATE areas SET code = lower(trim(code)) WHERE code <> lower(trim(code));
UPDATE categories SET code = lower(trim(code)) WHERE code <> lower(trim(code));
UPDATE reports SET suggested_category = lower(trim(suggested_category)) WHERE suggested_category <> lower(trim(suggested_category));
UPDATE reports SET category = lower(trim(category)) WHERE category <> lower(trim(category));
UPDATE routing_rules SET category = lower(trim(category)) WHERE category <> lower(trim(category));
UPDATE pattern_detections SET category = lower(trim(category)) WHERE category <> lower(trim(category));
UPDATE follow_ups SET pattern_category = lower(trim(pattern_category)) WHERE pattern_category <> lower(trim(pattern_category));
UPDATE category_notices SET category_code = lower(trim(category_code)) WHERE category_code <> lower(trim(category_code));
UPDATE category_labels SET category_code = lower(trim(category_code)) WHERE category_code <> lower(trim(category_code));

-- 2. The second line. SQLite cannot add a CHECK constraint to a table without rebuilding it, and these
-- tables are referenced by most others (a rebuild of categories means rebuilding reports, with its
-- generated columns and indexes, at a million rows). Triggers refuse a non-canonical code instead, on the
-- three tables where codes are chosen by people; every other code column either refers to one of these
-- (a foreign key, compared binary) or holds an enum under a CHECK (kind IN ('municipality', ...)), which
-- is binary here too. SQLite's lower() and trim() know ASCII letters and spaces only: the service's own
-- Codes.Canonical is stricter, the trigger is the floor. (The schema parity test counts these triggers as
-- SQL Server's ck_*_code_canonical constraints.)
CREATE TRIGGER associations_code_is_canonical_insert BEFORE INSERT ON associations
WHEN NEW.code IS NOT lower(trim(NEW.code))
BEGIN
    SELECT RAISE(ABORT, 'associations.code must be canonical: trimmed and lower case');
END;

CREATE TRIGGER associations_code_is_canonical_update BEFORE UPDATE OF code ON associations
WHEN NEW.code IS NOT lower(trim(NEW.code))
BEGIN
    SELECT RAISE(ABORT, 'associations.code must be canonical: trimmed and lower case');
END;

CREATE TRIGGER areas_code_is_canonical_insert BEFORE INSERT ON areas
WHEN NEW.code IS NOT lower(trim(NEW.code))
BEGIN
    SELECT RAISE(ABORT, 'areas.code must be canonical: trimmed and lower case');
END;

CREATE TRIGGER areas_code_is_canonical_update BEFORE UPDATE OF code ON areas
WHEN NEW.code IS NOT lower(trim(NEW.code))
BEGIN
    SELECT RAISE(ABORT, 'areas.code must be canonical: trimmed and lower case');
END;

CREATE TRIGGER categories_code_is_canonical_insert BEFORE INSERT ON categories
WHEN NEW.code IS NOT lower(trim(NEW.code))
BEGIN
    SELECT RAISE(ABORT, 'categories.code must be canonical: trimmed and lower case');
END;

CREATE TRIGGER categories_code_is_canonical_update BEFORE UPDATE OF code ON categories
WHEN NEW.code IS NOT lower(trim(NEW.code))
BEGIN
    SELECT RAISE(ABORT, 'categories.code must be canonical: trimmed and lower case');
END;
