-- Lex Heller, SQL Server schema 19 (issue 19, point 8): the same table as db/sqlite/0019_queue_status_counts.sql.
-- The queue overview (GET /api/v1/queues, the /triage pages) read every report of a queue to count it
-- per status: about 1 s with a million reports in one queue. queue_status_counts holds those counts,
-- exact, kept by one set-based trigger in the same transaction as every INSERT, UPDATE and DELETE on
-- reports, whichever code path (or script) writes it. A report without a queue counts nowhere. A row
-- that reaches 0 is deleted: the table always holds exactly what COUNT(*) ... GROUP BY queue_id, status
-- over reports gives, so any recount (the data copy's) reproduces it row for row (docs/architecture.md,
-- "Counts per queue and status"). The trigger reads only inserted/deleted and this table's primary key; it does not
-- depend on how reports is clustered or indexed.
-- status is a code, so it takes the binary collation of codes: the counts keep apart what the code
-- stores apart, whatever the collation of reports.status.
CREATE TABLE queue_status_counts (
    queue_id      UNIQUEIDENTIFIER  NOT NULL CONSTRAINT fk_queue_status_counts_queue REFERENCES queues (id),
    status        NVARCHAR(20)      COLLATE Latin1_General_100_BIN2 NOT NULL,
    report_count  INT               NOT NULL CONSTRAINT ck_queue_status_counts_not_negative CHECK (report_count >= 0),
    CONSTRAINT pk_queue_status_counts PRIMARY KEY CLUSTERED (queue_id, status)
);
GO

-- One statement per firing, set-based over inserted and deleted: each (queue, status) the statement
-- touched is changed once, by the sum of its +1s (new rows) and -1s (old rows); a statement that moved
-- nothing (an UPDATE of other columns, or of queue_id/status to the same values) changes nothing.
-- Locking (READ_COMMITTED_SNAPSHOT): MERGE reads its target with update locks, not row versions, and
-- HOLDLOCK keeps the key range of a missing counter locked until it is inserted, so two first reports of
-- a queue and status cannot both insert. The counter rows a transaction touched stay X-locked until it
-- commits: submissions into one queue take turns on that one row for the rest of their transaction (the
-- accepted cost, docs/architecture.md). One report's change touches at most two counters, in one
-- statement; two transactions that take the same two counters in opposite orders are a deadlock that the
-- transient-fault retry repeats (1205), as for any other rows.
-- A count that would fall below 0 (never, while the counts are exact) fails the CHECK: loud, not wrong.
CREATE TRIGGER reports_maintain_queue_status_counts ON reports
AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    -- An UPDATE that does not name queue_id or status cannot change a count.
    IF EXISTS (SELECT 1 FROM inserted) AND EXISTS (SELECT 1 FROM deleted) AND NOT (UPDATE(queue_id) OR UPDATE(status))
        RETURN;

    MERGE queue_status_counts WITH (HOLDLOCK) AS c
    USING (
        SELECT changed.queue_id, changed.status, SUM(changed.delta) AS delta
        FROM (
            SELECT i.queue_id, i.status COLLATE Latin1_General_100_BIN2 AS status, 1 AS delta FROM inserted i WHERE i.queue_id IS NOT NULL
            UNION ALL
            SELECT d.queue_id, d.status COLLATE Latin1_General_100_BIN2 AS status, -1 AS delta FROM deleted d WHERE d.queue_id IS NOT NULL
        ) AS changed
        GROUP BY changed.queue_id, changed.status
        HAVING SUM(changed.delta) <> 0
    ) AS s
    ON c.queue_id = s.queue_id AND c.status = s.status
    WHEN MATCHED AND c.report_count + s.delta = 0 THEN
        DELETE
    WHEN MATCHED THEN
        UPDATE SET report_count = c.report_count + s.delta
    WHEN NOT MATCHED BY TARGET THEN
        INSERT (queue_id, status, report_count) VALUES (s.queue_id, s.status, s.delta);
END;
GO

-- The counts of the reports already there. The trigger above took a schema-modification lock on
-- reports that this script's transaction holds until it commits: no report changes between the two.
INSERT INTO queue_status_counts (queue_id, status, report_count)
SELECT queue_id, status COLLATE Latin1_General_100_BIN2, COUNT(*)
FROM reports
WHERE queue_id IS NOT NULL
GROUP BY queue_id, status COLLATE Latin1_General_100_BIN2;
GO
