-- Lex Heller, SQL Server schema 14 (issue 18): the same as db/sqlite/0014_taxonomy_and_calendar.sql.
-- An association's own failure categories, and a meeting calendar per steering group.

-- association_id NULL: a national category, shared; else the association's own. The code stays the
-- primary key that reports and routing rules refer to, so an own code is unique in the installation.
ALTER TABLE categories ADD
    association_id     UNIQUEIDENTIFIER  NULL CONSTRAINT fk_categories_association REFERENCES associations (id),
    notice             NVARCHAR(1000)    NULL,
    blocks_submission  BIT               NOT NULL CONSTRAINT df_categories_blocks_submission DEFAULT 0,
    created_at         DATETIMEOFFSET(7) NULL;
GO

CREATE INDEX ix_categories_association ON categories (association_id, sort_order, code);
GO

-- An association's own notice on a national category, for its form only (say, on 'other').
CREATE TABLE category_notices (
    association_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_category_notices_association REFERENCES associations (id),
    category_code      NVARCHAR(50)     NOT NULL CONSTRAINT fk_category_notices_category REFERENCES categories (code),
    notice             NVARCHAR(1000)   NOT NULL,
    blocks_submission  BIT              NOT NULL CONSTRAINT df_category_notices_blocks_submission DEFAULT 0,
    CONSTRAINT pk_category_notices PRIMARY KEY (association_id, category_code)
);

-- Every label a category has had, and from when to when (valid_to NULL: the current one).
CREATE TABLE category_labels (
    category_code  NVARCHAR(50)      NOT NULL CONSTRAINT fk_category_labels_category REFERENCES categories (code),
    label          NVARCHAR(200)     NOT NULL,
    valid_from     DATETIMEOFFSET(7) NOT NULL,
    valid_to       DATETIMEOFFSET(7) NULL,
    CONSTRAINT pk_category_labels PRIMARY KEY (category_code, valid_from)
);
GO

INSERT INTO category_labels (category_code, label, valid_from, valid_to)
SELECT code, label_sv, SYSUTCDATETIME(), NULL FROM categories;

-- A steering group's meetings, past and ahead. The queue's next meeting is the first date from today
-- (Swedish time), its cut-off that date less the group's cut_off_days.
CREATE TABLE steering_group_meetings (
    steering_group_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_steering_group_meetings_group REFERENCES steering_groups (id),
    meeting_on         DATE             NOT NULL,
    CONSTRAINT pk_steering_group_meetings PRIMARY KEY (steering_group_id, meeting_on)
);

ALTER TABLE steering_groups ADD
    cut_off_days  INT NOT NULL CONSTRAINT df_steering_groups_cut_off_days DEFAULT 14
                  CONSTRAINT ck_steering_groups_cut_off_days CHECK (cut_off_days BETWEEN 0 AND 60);
GO

-- The single next meeting each group had moves into its calendar.
INSERT INTO steering_group_meetings (steering_group_id, meeting_on)
SELECT id, next_meeting_on FROM steering_groups WHERE next_meeting_on IS NOT NULL;

UPDATE steering_groups SET next_meeting_on = NULL WHERE next_meeting_on IS NOT NULL;
GO

-- steering_groups.next_meeting_on is kept only as an inbox for writers that still set it (the demo
-- seed, scripts written before the calendar): whatever it is set to goes into the calendar, and the
-- column is cleared again. Nothing reads it.
CREATE TRIGGER steering_groups_next_meeting_into_calendar ON steering_groups
AFTER INSERT, UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted WHERE next_meeting_on IS NOT NULL)
        RETURN;

    INSERT INTO steering_group_meetings (steering_group_id, meeting_on)
    SELECT i.id, i.next_meeting_on
    FROM inserted i
    WHERE i.next_meeting_on IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM steering_group_meetings m WHERE m.steering_group_id = i.id AND m.meeting_on = i.next_meeting_on);

    UPDATE g SET next_meeting_on = NULL
    FROM steering_groups g
    JOIN inserted i ON i.id = g.id
    WHERE i.next_meeting_on IS NOT NULL;
END;
GO
