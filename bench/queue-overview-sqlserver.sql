-- The queue overview's counts with a million reports in one queue on SQL Server (issue 19, point 8): the full
-- count per status of before migration 0019 against the read of queue_status_counts, and the overdue count.
-- Not run here (no SQL Server on the bench machine); bench/README.md says how to run it:
--   1. A throwaway database (it gets N reports): CREATE DATABASE lexheller_bench COLLATE Finnish_Swedish_100_CI_AS;
--   2. The service migrates it and seeds the demo world on a first start, then stop it:
--        Database__Provider=sqlserver ConnectionStrings__LexHeller="Server=...;Database=lexheller_bench;..." Demo__Seed=true \
--        dotnet bench/.out/api/LexHeller.Api.dll
--   3. sqlcmd -S SERVER -d lexheller_bench -U USER -P PASSWORD -v Reports=1000000 Runs=20 -i bench/queue-overview-sqlserver.sql
-- Needs SQL Server 2022 or Azure SQL (GENERATE_SERIES). The insert fires the counting trigger once, for all
-- N rows (one MERGE of six sums), so the counts are kept as they would be by the service.
SET NOCOUNT ON;
SET XACT_ABORT ON;

DECLARE @reports INT = $(Reports);
DECLARE @runs INT = $(Runs);
DECLARE @user NVARCHAR(320) = N'triager@demo.lexheller.example';
DECLARE @queue UNIQUEIDENTIFIER, @association UNIQUEIDENTIFIER, @area UNIQUEIDENTIFIER, @party UNIQUEIDENTIFIER, @category NVARCHAR(50);

SELECT TOP (1) @queue = q.id, @association = q.association_id
FROM queues q JOIN associations a ON a.id = q.association_id
WHERE a.code = N'hoglandet'
ORDER BY q.created_at;
IF @queue IS NULL
    THROW 50000, 'Höglandet has no queue: start the service once with Demo__Seed=true on this database.', 1;
SELECT TOP (1) @area = id FROM areas WHERE association_id = @association ORDER BY code;
SELECT TOP (1) @party = id FROM parties WHERE association_id = @association ORDER BY name;
SELECT TOP (1) @category = code FROM categories WHERE association_id IS NULL ORDER BY code;

DECLARE @now DATETIMEOFFSET(7) = SYSDATETIMEOFFSET();
DECLARE @first DATETIMEOFFSET(7) = DATEADD(YEAR, -12, @now);
DECLARE @span_minutes BIGINT = DATEDIFF_BIG(MINUTE, @first, @now);
DECLARE @started DATETIME2(7) = SYSDATETIME();

-- The same reports as bench queue-overview-fill writes on SQLite: filed evenly over twelve years, the status mix of
-- bench/scale.sh, and an open referral due 21 days after filing for each referred report of the last 90 days.
BEGIN TRANSACTION;
INSERT INTO reports (id, association_id, area_id, reference, reference_year, reference_sequence, event_date, kind,
    reporter_party_id, suggested_category, category, description, consequence, actions_taken, suggested_improvement,
    affected_gender, anonymous_to_parties, status, channel, version, created_at, updated_at, queue_id, resolution,
    involved_party_kinds)
SELECT NEWID(), @association, @area, CONCAT(N'QO-', s.value), YEAR(f.filed_at), 1000000 + s.value,
    CAST(DATEADD(DAY, -3, f.filed_at) AS DATE), N'occurred', @party, @category, @category,
    N'En person remitterades mellan myndigheterna utan att någon tog över ansvaret.', N'Personen fick vänta.',
    N'Samordnaren kontaktades.', N'En gemensam rutin för överlämning.', N'not-stated', 0, m.status, N'api', 1,
    f.filed_at, f.filed_at, @queue, CASE WHEN m.status = N'closed' THEN N'resolved-locally' END, N''
FROM GENERATE_SERIES(0, @reports - 1) AS s
CROSS APPLY (SELECT DATEADD(MINUTE, CAST(@span_minutes * s.value / @reports AS INT), @first) AS filed_at) AS f
CROSS APPLY (SELECT CASE
        WHEN CAST(s.value AS BIGINT) * 7919 % 100 < 6 THEN N'received'
        WHEN CAST(s.value AS BIGINT) * 7919 % 100 < 11 THEN N'in-triage'
        WHEN CAST(s.value AS BIGINT) * 7919 % 100 < 13 THEN N'needs-info'
        WHEN CAST(s.value AS BIGINT) * 7919 % 100 < 23 THEN N'referred'
        WHEN CAST(s.value AS BIGINT) * 7919 % 100 < 30 THEN N'answered'
        ELSE N'closed' END AS status) AS m;

INSERT INTO referrals (id, report_id, party_id, question, due_on, status, created_at)
SELECT NEWID(), r.id, @party, N'Vad kan göras för att det inte händer igen?', CAST(DATEADD(DAY, 21, r.created_at) AS DATE), N'open', r.created_at
FROM reports r
WHERE r.queue_id = @queue AND r.status = N'referred' AND r.reference LIKE N'QO-%' AND r.created_at >= DATEADD(DAY, -90, @now);
COMMIT;
UPDATE STATISTICS reports;
UPDATE STATISTICS referrals;
PRINT CONCAT('Filled ', @reports, ' reports in ', DATEDIFF(MILLISECOND, @started, SYSDATETIME()), ' ms.');

-- Each statement @runs times after one warm-up, parameterised through sp_executesql as the service's Dapper sends
-- it; the rows it returns are counted into a variable (no result sets).
DECLARE @today DATE = CAST(SYSDATETIMEOFFSET() AT TIME ZONE 'W. Europe Standard Time' AS DATE);
DECLARE @statements TABLE (ordinal INT NOT NULL PRIMARY KEY, name NVARCHAR(100) NOT NULL, statement NVARCHAR(MAX) NOT NULL);
INSERT INTO @statements (ordinal, name, statement) VALUES
    -- Before 0019: the full count of GetMyQueues at commit b686146.
    (1, N'counts per status, before (a full count)', N'SELECT @rows = COUNT(*) FROM (
        SELECT r.queue_id, r.status, COUNT(*) AS reports
        FROM reports r
        JOIN queues q ON q.id = r.queue_id
        JOIN steering_group_members m ON m.steering_group_id = q.steering_group_id
        WHERE m.user_key = @UserKey
        GROUP BY r.queue_id, r.status) AS counted;'),
    -- After 0019: the kept counts.
    (2, N'counts per status, after (queue_status_counts)', N'SELECT @rows = COUNT(*) FROM (
        SELECT c.queue_id, c.status, c.report_count AS reports
        FROM queue_status_counts c
        JOIN queues q ON q.id = c.queue_id
        JOIN steering_group_members m ON m.steering_group_id = q.steering_group_id
        WHERE m.user_key = @UserKey) AS kept;'),
    -- The overdue count, the same before and after.
    (3, N'overdue count (unchanged)', N'SELECT @rows = COUNT(*) FROM (
        SELECT r.queue_id, COUNT(DISTINCT r.id) AS reports
        FROM reports r JOIN referrals f ON f.report_id = r.id
        JOIN queues q ON q.id = r.queue_id JOIN steering_group_members m ON m.steering_group_id = q.steering_group_id
        WHERE m.user_key = @UserKey AND f.status = ''open'' AND f.due_on < @Today
        GROUP BY r.queue_id) AS overdue;');

DECLARE @n INT = 1, @name NVARCHAR(100), @statement NVARCHAR(MAX), @i INT, @t DATETIME2(7), @rows INT, @ms FLOAT, @total FLOAT, @max FLOAT;
WHILE @n <= 3
BEGIN
    SELECT @name = name, @statement = statement FROM @statements WHERE ordinal = @n;
    SELECT @i = -1, @total = 0, @max = 0;
    WHILE @i < @runs
    BEGIN
        SET @t = SYSDATETIME();
        EXEC sys.sp_executesql @statement, N'@UserKey NVARCHAR(320), @Today DATE, @rows INT OUTPUT', @UserKey = @user, @Today = @today, @rows = @rows OUTPUT;
        SET @ms = DATEDIFF(MICROSECOND, @t, SYSDATETIME()) / 1000.0;
        IF @i >= 0
            SELECT @total += @ms, @max = CASE WHEN @ms > @max THEN @ms ELSE @max END;
        SET @i += 1;
    END;
    PRINT CONCAT(@name, ': mean ', FORMAT(@total / @runs, 'N2'), ' ms, max ', FORMAT(@max, 'N2'), ' ms, ', @rows, ' rows');
    SET @n += 1;
END;

-- The kept counts must equal a full count (the contract checks the same after every kind of change).
IF EXISTS (
    SELECT queue_id, status, report_count FROM queue_status_counts
    EXCEPT
    SELECT queue_id, status COLLATE Latin1_General_100_BIN2, COUNT(*) FROM reports WHERE queue_id IS NOT NULL GROUP BY queue_id, status COLLATE Latin1_General_100_BIN2)
   OR EXISTS (
    SELECT queue_id, status COLLATE Latin1_General_100_BIN2, COUNT(*) FROM reports WHERE queue_id IS NOT NULL GROUP BY queue_id, status COLLATE Latin1_General_100_BIN2
    EXCEPT
    SELECT queue_id, status, report_count FROM queue_status_counts)
    THROW 50000, 'queue_status_counts differs from a full count of reports.', 1;
PRINT 'queue_status_counts equals a full count of reports.';
