-- Lex Heller, SQLite schema 17 (issue 19): the indexes of db/sqlserver/0017_storage_review.sql. The clustering
-- and the table rebuild there are SQL Server's own: SQLite keeps a table in rowid order, and the service
-- rewrote the file once after 0007 dropped the reporter contact's plaintext columns (DatabaseMigrator).
-- Outbox keys longer than the column are rewritten by the migration in code of the same number (BoundOutboxKeys).

-- Statistics, lead times and exports read one association's reports in an event-date range: the index holds
-- every column the three read. SQLite has no INCLUDE: the columns go at the end of the key, after the ones the
-- statistics group by in this order. The lead times are answered from the index alone (EXPLAIN QUERY PLAN: SEARCH
-- r USING COVERING INDEX); a read of a VIRTUAL generated column (effective_category, event_month) still takes
-- SQLite to the row, as before, so the export seeks here and then reads each report's row.
DROP INDEX ix_reports_statistics;
CREATE INDEX ix_reports_statistics ON reports (association_id, event_date, effective_category, area_id, resolution, reporter_party_id,
    involved_party_kinds, kind, status, event_month, created_at, first_referred_at, first_answered_at, closed_at, id);

-- An association's dead letters, newest first and by id within an instant.
DROP INDEX ix_outbox_messages_dead;
CREATE INDEX ix_outbox_messages_dead ON outbox_messages (association_id, dead_at, id) WHERE dead_at IS NOT NULL;
