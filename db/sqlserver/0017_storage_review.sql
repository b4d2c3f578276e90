-- Lex Heller, SQL Server schema 17 (issue 19): what a DBA's review of the storage found. The indexes are the
-- same as db/sqlite/0017_storage_review.sql; the clustering and the rebuild are SQL Server's own (SQLite keeps a
-- table in rowid order and compacted its file after 0007).
--
-- DbUp runs this script in one transaction, offline: each table below is locked while it is rewritten, and the
-- log holds the rewrite until the transaction commits. Run it in the deploy step (the migrate container), not
-- under load; on a large database give the log room for the outbox, the report events and the contact log.

-- ---------------------------------------------------------------------------------------------------------
-- 1. Clustering. Keys are version-7 GUIDs made by the application: ascending by time as .NET and SQLite compare
-- them, but SQL Server orders uniqueidentifier by its last six bytes first, and those are a v7 GUID's random
-- part. A table clustered on such a key (or on a key that starts with one) takes every insert at a random
-- place in the table: page splits, half-empty pages, fragmentation. The tables below are written with every
-- report, every step of it, every message and every read of a reporter's contact; each gets a clustered index
-- on its time column, to which inserts are appended at the end, and keeps its primary key (or unique key) as a
-- NONCLUSTERED constraint of the same name. No foreign key refers to any of these keys, so none has to be
-- dropped and made again. The clustered index is not unique: rows of the same instant get SQL Server's
-- 4-byte uniquifier, which keeps the key narrower than (time, id) in every nonclustered index.
--
-- Left as they are, and why:
--   reports            clustered on (association_id, reference_year, reference_sequence), gapless and ascending
--                      per association: one append point per association, and an association's reports together.
--   audit_events       clustered on (association_id, occurred_at) (0012): the same, per association, and the
--                      audit log is read as one association's newest events.
--   follow_up_events   clustered on (follow_up_id, sequence): written by hand, a few times per follow-up.
--   report_involved_parties, publications, follow_up_reports and the membership tables: written once per
--                      report or by administrators, rows of a few dozen bytes; no time column to cluster on.
--   associations, areas, parties, steering_groups, queues, routing_rules, api_clients, follow_ups, categories:
--                      reference data, written by administrators; the foreign keys of every other table refer
--                      to them, and their clustered primary key is what those joins seek.

-- report_events: every step of every report. Read as one report's history through the unique (report_id,
-- sequence) key, now nonclustered: a seek and a lookup per event, a handful per report.
ALTER TABLE report_events DROP CONSTRAINT uq_report_events_report_sequence;
CREATE CLUSTERED INDEX cx_report_events_occurred ON report_events (occurred_at);
ALTER TABLE report_events ADD CONSTRAINT uq_report_events_report_sequence UNIQUE NONCLUSTERED (report_id, sequence);
GO

-- referrals: one per referral, updated when answered and reminded. Read by id, report and party (indexes of their own).
ALTER TABLE referrals DROP CONSTRAINT pk_referrals;
CREATE CLUSTERED INDEX cx_referrals_created ON referrals (created_at);
ALTER TABLE referrals ADD CONSTRAINT pk_referrals PRIMARY KEY NONCLUSTERED (id);
GO

-- report_messages: the reporter's questions and replies. Read by (report_id, sequence), unique and nonclustered already.
ALTER TABLE report_messages DROP CONSTRAINT pk_report_messages;
CREATE CLUSTERED INDEX cx_report_messages_created ON report_messages (created_at);
ALTER TABLE report_messages ADD CONSTRAINT pk_report_messages PRIMARY KEY NONCLUSTERED (id);
GO

-- report_notes: the steering group's notes. Read by ix_report_notes_report (report_id, created_at).
ALTER TABLE report_notes DROP CONSTRAINT pk_report_notes;
CREATE CLUSTERED INDEX cx_report_notes_created ON report_notes (created_at);
ALTER TABLE report_notes ADD CONSTRAINT pk_report_notes PRIMARY KEY NONCLUSTERED (id);
GO

-- outbox_messages: every notification, then updated as it is leased, sent or fails. The dispatcher reads the
-- filtered ix_outbox_messages_due (0010: no sent, cancelled or dead rows) and updates by id (the primary key).
ALTER TABLE outbox_messages DROP CONSTRAINT pk_outbox_messages;
CREATE CLUSTERED INDEX cx_outbox_messages_created ON outbox_messages (created_at);
ALTER TABLE outbox_messages ADD CONSTRAINT pk_outbox_messages PRIMARY KEY NONCLUSTERED (id);
GO

-- reporter_contact_access: every read of a reporter's contact (append-only). It was clustered on (report_id,
-- occurred_at); the same key is now a nonclustered index of the same name, for one report's access log.
DROP INDEX ix_reporter_contact_access_report ON reporter_contact_access;
CREATE CLUSTERED INDEX cx_reporter_contact_access_occurred ON reporter_contact_access (occurred_at);
CREATE INDEX ix_reporter_contact_access_report ON reporter_contact_access (report_id, occurred_at);
GO

-- reporter_contacts: one per report that gives a contact; read by report_id (the primary key, nonclustered now).
ALTER TABLE reporter_contacts DROP CONSTRAINT pk_reporter_contacts;
CREATE CLUSTERED INDEX cx_reporter_contacts_created ON reporter_contacts (created_at);
ALTER TABLE reporter_contacts ADD CONSTRAINT pk_reporter_contacts PRIMARY KEY NONCLUSTERED (report_id);
GO

-- ---------------------------------------------------------------------------------------------------------
-- 2. Privacy. 0007 dropped reporter_contacts' plaintext columns (name, role, email, phone), but on SQL Server
-- DROP COLUMN changes only the metadata: the bytes stay in every row (and 0006's UPDATE to NULL left the old
-- values in the pages' free space) until the rows are written anew. ALTER TABLE ... REBUILD rewrites the table
-- itself (its clustered index, created just above on created_at; a heap's pages too), building each row from
-- the columns the table has now onto new pages and freeing the old ones; sys.system_internals_partition_columns
-- then lists no dropped column for it. It is explicit here, though the CREATE CLUSTERED INDEX above rewrote the
-- rows already, so that the rewrite does not hang on how the clustering happens to be done. DBCC CLEANTABLE
-- would reclaim dropped variable-length columns as well, but it cannot run inside a transaction (DbUp runs
-- each script in one) and works in place. What backups from before still hold: docs/security.md.
ALTER TABLE reporter_contacts REBUILD;
GO

-- ---------------------------------------------------------------------------------------------------------
-- 3. Indexes.
-- Statistics, lead times and exports read one association's reports in an event-date range. The statistics
-- index now carries what the lead times (created_at and the three milestones) and the export (kind, status,
-- event_month, id for its shuffled order) read, so all three are answered from it alone, with no lookup into
-- the clustered index per report. The same key and more INCLUDE columns: it replaces the old one, not beside it.
DROP INDEX ix_reports_statistics ON reports;
CREATE INDEX ix_reports_statistics ON reports (association_id, event_date)
    INCLUDE (effective_category, area_id, resolution, reporter_party_id, involved_party_kinds,
             kind, status, event_month, created_at, first_referred_at, first_answered_at, closed_at, id);
GO

-- An association's dead letters, newest first and by id within an instant (ListDeadNotifications' order): the
-- id was in this index only while the table was clustered on it.
DROP INDEX ix_outbox_messages_dead ON outbox_messages;
CREATE INDEX ix_outbox_messages_dead ON outbox_messages (association_id, dead_at, id) WHERE dead_at IS NOT NULL;
GO

-- Already in place and checked by TransactSql/StorageRuleTests: the dispatcher's filtered index without sent,
-- cancelled or dead rows (ix_outbox_messages_due, 0010); member look-ups by user_key (ix_member_roles_user, 0012;
-- ix_party_members_sign_in, ix_steering_group_members_sign_in, ix_association_members_sign_in, 0015: each carries
-- the clustered key, so the owner's id comes with it); and no index that repeats a primary or unique key
-- (ix_reporter_contacts_unpurged has the primary key's column but only the rows not yet purged: the retention
-- job's work list, which stays small while the table grows).
