-- Lex Heller, SQL Server schema 22 (issue 20, point 5): the same table as db/sqlite/0022_reporter_feedback.sql.
-- One answer per closure: the key is the report and the closure it answers (reports.closed_at at that closure,
-- the same type, so the statistic's equality join on it is exact). Answers are few (at most one per closure)
-- and read by report (the receipt, the triage page) or joined from reports (the statistic): the clustered
-- primary key (report_id, closed_at) serves both. helped is a code: binary collation, as every code column.
CREATE TABLE reporter_feedback (
    report_id    UNIQUEIDENTIFIER   NOT NULL CONSTRAINT fk_reporter_feedback_report REFERENCES reports (id),
    closed_at    DATETIMEOFFSET(7)  NOT NULL,
    helped       NVARCHAR(20)       COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_reporter_feedback_helped CHECK (helped IN ('yes', 'partly', 'no', 'unknown')),
    comment      NVARCHAR(2000)     NULL,
    answered_at  DATETIMEOFFSET(7)  NOT NULL,
    CONSTRAINT pk_reporter_feedback PRIMARY KEY CLUSTERED (report_id, closed_at)
);
GO
