-- Lex Heller, SQLite schema 16 (issue 18): the import of an association's old register (docs/domain.md#import).
-- An imported report is an ordinary report (channel 'system', no receipt, no queue) whose history starts
-- with an 'imported' event. This table remembers which row of a register became which report, so that
-- importing the same file again adds nothing. reports.channel keeps its CHECK (a new channel would mean
-- rebuilding the reports table in SQLite, with its indexes, generated columns and foreign keys): that
-- a report was imported is told by this table and by its 'imported' event.

-- import_key: 'id:' and the register's own id of the row when the register has one, else 'sha256:' and a
-- hash of the row's content as mapped (the same row imports to the same key whatever the column order).
CREATE TABLE report_imports (
    association_id  TEXT    NOT NULL REFERENCES associations (id),
    import_key      TEXT    NOT NULL,
    report_id       TEXT    NOT NULL UNIQUE REFERENCES reports (id),
    source_file     TEXT    NOT NULL,
    source_row      INTEGER NOT NULL,
    imported_at     TEXT    NOT NULL,
    PRIMARY KEY (association_id, import_key)
);
