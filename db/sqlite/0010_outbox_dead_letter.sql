-- Lex Heller, SQLite schema 10 (issue 16): the outbox's dead letters.
-- A message that failed Notifications:MaxAttempts times is marked dead (dead_at) with its last error and
-- is not tried again; an administrator of its association lists it and may send it back to the queue.
-- association_id says whose message it is: the report's association, or the association a pattern was
-- found in (a pattern's message names no report).
ALTER TABLE outbox_messages ADD COLUMN association_id TEXT NULL REFERENCES associations (id);
ALTER TABLE outbox_messages ADD COLUMN dead_at TEXT NULL;

UPDATE outbox_messages
SET association_id = (SELECT r.association_id FROM reports r WHERE r.id = outbox_messages.report_id)
WHERE report_id IS NOT NULL;

-- A pattern's dedup key is 'pattern:{association id without hyphens}:…'.
UPDATE outbox_messages
SET association_id = (SELECT a.id FROM associations a WHERE outbox_messages.dedup_key LIKE 'pattern:' || REPLACE(a.id, '-', '') || ':%')
WHERE association_id IS NULL AND kind = 'pattern';

-- The dispatcher's due query reads only messages still to be sent: sent, cancelled and dead ones
-- (nearly every row, in time) are not in this index at all.
DROP INDEX ix_outbox_messages_due;
CREATE INDEX ix_outbox_messages_due ON outbox_messages (next_attempt_at, id) WHERE sent_at IS NULL AND cancelled_at IS NULL AND dead_at IS NULL;

-- An association's dead letters, most recent first.
CREATE INDEX ix_outbox_messages_dead ON outbox_messages (association_id, dead_at) WHERE dead_at IS NOT NULL;
