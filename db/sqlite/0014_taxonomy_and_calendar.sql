-- Lex Heller, SQLite schema 14 (issue 18): an association's own failure categories, and a meeting
-- calendar per steering group (docs/domain.md#taxonomy, #steering-groups).

-- A category with association_id NULL is national (migration 0002), shared by every association; one
-- with an association is that association's own. The code stays the primary key that reports and
-- routing rules refer to, so an association's own code is unique in the installation. A notice is shown
-- on the report form when the category is chosen; blocks_submission refuses a report of the category
-- with that notice (say, a Lex Sarah matter that belongs in the reporter's own deviation system).
ALTER TABLE categories ADD COLUMN association_id TEXT NULL REFERENCES associations (id);
ALTER TABLE categories ADD COLUMN notice TEXT NULL;
ALTER TABLE categories ADD COLUMN blocks_submission INTEGER NOT NULL DEFAULT 0 CHECK (blocks_submission IN (0, 1));
ALTER TABLE categories ADD COLUMN created_at TEXT NULL;

CREATE INDEX ix_categories_association ON categories (association_id, sort_order, code);

-- An association's own notice on a national category, for its form only (say, on 'other').
CREATE TABLE category_notices (
    association_id     TEXT    NOT NULL REFERENCES associations (id),
    category_code      TEXT    NOT NULL REFERENCES categories (code),
    notice             TEXT    NOT NULL,
    blocks_submission  INTEGER NOT NULL DEFAULT 0 CHECK (blocks_submission IN (0, 1)),
    PRIMARY KEY (association_id, category_code)
);

-- Every label a category has had, and from when to when (valid_to NULL: the current one), so that
-- statistics over years can say what a code was called when it was counted.
CREATE TABLE category_labels (
    category_code  TEXT NOT NULL REFERENCES categories (code),
    label          TEXT NOT NULL,
    valid_from     TEXT NOT NULL,
    valid_to       TEXT NULL,
    PRIMARY KEY (category_code, valid_from)
);

INSERT INTO category_labels (category_code, label, valid_from, valid_to)
SELECT code, label_sv, strftime('%Y-%m-%dT%H:%M:%S', 'now') || '.0000000Z', NULL FROM categories;

-- A steering group's meetings, past and ahead. The queue's next meeting is the first date from today
-- (Swedish time), its cut-off that date less the group's cut_off_days.
CREATE TABLE steering_group_meetings (
    steering_group_id  TEXT NOT NULL REFERENCES steering_groups (id),
    meeting_on         TEXT NOT NULL,
    PRIMARY KEY (steering_group_id, meeting_on)
);

ALTER TABLE steering_groups ADD COLUMN cut_off_days INTEGER NOT NULL DEFAULT 14 CHECK (cut_off_days BETWEEN 0 AND 60);

-- The single next meeting each group had moves into its calendar.
INSERT INTO steering_group_meetings (steering_group_id, meeting_on)
SELECT id, next_meeting_on FROM steering_groups WHERE next_meeting_on IS NOT NULL;

UPDATE steering_groups SET next_meeting_on = NULL WHERE next_meeting_on IS NOT NULL;

-- steering_groups.next_meeting_on is kept only as an inbox for writers that still set it (the demo
-- seed, scripts written before the calendar): whatever it is set to goes into the calendar, and the
-- column is cleared again. Nothing reads it.
CREATE TRIGGER steering_groups_next_meeting_into_calendar_insert AFTER INSERT ON steering_groups
WHEN NEW.next_meeting_on IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO steering_group_meetings (steering_group_id, meeting_on) VALUES (NEW.id, NEW.next_meeting_on);
    UPDATE steering_groups SET next_meeting_on = NULL WHERE id = NEW.id;
END;

CREATE TRIGGER steering_groups_next_meeting_into_calendar_update AFTER UPDATE OF next_meeting_on ON steering_groups
WHEN NEW.next_meeting_on IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO steering_group_meetings (steering_group_id, meeting_on) VALUES (NEW.id, NEW.next_meeting_on);
    UPDATE steering_groups SET next_meeting_on = NULL WHERE id = NEW.id;
END;
