-- Lex Heller, SQL Server schema 16 (issue 18): the same as db/sqlite/0016_import.sql.
-- Which row of an association's old register became which report, so that importing the same file
-- again adds nothing. An imported report is an ordinary report (channel 'system'); its history starts
-- with an 'imported' event.

-- import_key: 'id:' and the register's own id (at most 100 characters), or 'sha256:' and 64 hex digits.
CREATE TABLE report_imports (
    association_id  UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_report_imports_association REFERENCES associations (id),
    import_key      NVARCHAR(110)     NOT NULL,
    report_id       UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_report_imports_report REFERENCES reports (id),
    source_file     NVARCHAR(260)     NOT NULL,
    source_row      INT               NOT NULL,
    imported_at     DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_report_imports PRIMARY KEY (association_id, import_key),
    CONSTRAINT uq_report_imports_report UNIQUE (report_id)
);
GO
