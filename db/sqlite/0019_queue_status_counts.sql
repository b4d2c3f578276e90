-- Lex Heller, SQLite schema 19 (issue 19, point 8): counts per queue and status that never scan.
-- The queue overview (GET /api/v1/queues, the /triage pages) read every report of a queue to count it
-- per status: about 1 s with a million reports in one queue. queue_status_counts holds those counts,
-- exact, kept by the triggers below in the same transaction as every INSERT, UPDATE and DELETE on
-- reports, whichever code path (or script, or the data copy) writes it. A report without a queue (not
-- yet routed, or forwarded) counts nowhere. A row that reaches 0 is deleted: the table always holds
-- exactly what COUNT(*) ... GROUP BY queue_id, status over reports gives, so any recount (the data copy's)
-- reproduces it row for row (docs/architecture.md, "Counts per queue and status").
CREATE TABLE queue_status_counts (
    queue_id      TEXT     NOT NULL REFERENCES queues (id),
    status        TEXT     NOT NULL,
    report_count  INTEGER  NOT NULL CHECK (report_count >= 0),
    PRIMARY KEY (queue_id, status)
);

-- The counts of the reports already there (the writers wait: a migration is one transaction).
INSERT INTO queue_status_counts (queue_id, status, report_count)
SELECT queue_id, status, COUNT(*) FROM reports WHERE queue_id IS NOT NULL GROUP BY queue_id, status;

CREATE TRIGGER reports_count_insert AFTER INSERT ON reports
WHEN NEW.queue_id IS NOT NULL
BEGIN
    INSERT INTO queue_status_counts (queue_id, status, report_count) VALUES (NEW.queue_id, NEW.status, 1)
    ON CONFLICT (queue_id, status) DO UPDATE SET report_count = report_count + 1;
END;

-- The old counter first, then the new one (SQLite writes one transaction at a time: the order is for reading).
CREATE TRIGGER reports_count_update AFTER UPDATE OF queue_id, status ON reports
WHEN OLD.queue_id IS NOT NEW.queue_id OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE queue_status_counts SET report_count = report_count - 1
    WHERE OLD.queue_id IS NOT NULL AND queue_id = OLD.queue_id AND status = OLD.status;
    DELETE FROM queue_status_counts
    WHERE OLD.queue_id IS NOT NULL AND queue_id = OLD.queue_id AND status = OLD.status AND report_count = 0;
    INSERT INTO queue_status_counts (queue_id, status, report_count)
    SELECT NEW.queue_id, NEW.status, 1 WHERE NEW.queue_id IS NOT NULL
    ON CONFLICT (queue_id, status) DO UPDATE SET report_count = report_count + 1;
END;

CREATE TRIGGER reports_count_delete AFTER DELETE ON reports
WHEN OLD.queue_id IS NOT NULL
BEGIN
    UPDATE queue_status_counts SET report_count = report_count - 1 WHERE queue_id = OLD.queue_id AND status = OLD.status;
    DELETE FROM queue_status_counts WHERE queue_id = OLD.queue_id AND status = OLD.status AND report_count = 0;
END;
