-- Lex Heller, SQL Server schema 10 (issue 16): the same as db/sqlite/0010_outbox_dead_letter.sql.
-- A message that failed Notifications:MaxAttempts times is marked dead (dead_at) with its last error and
-- is not tried again; association_id says whose message it is, for the administrators' list.
ALTER TABLE outbox_messages ADD
    association_id  UNIQUEIDENTIFIER  NULL CONSTRAINT fk_outbox_messages_association REFERENCES associations (id),
    dead_at         DATETIMEOFFSET(7) NULL;
GO

UPDATE o
SET o.association_id = r.association_id
FROM outbox_messages o
JOIN reports r ON r.id = o.report_id;

-- A pattern's dedup key is 'pattern:{association id without hyphens, lower case}:…'.
UPDATE o
SET o.association_id = a.id
FROM outbox_messages o
JOIN associations a ON o.dedup_key LIKE N'pattern:' + LOWER(REPLACE(CONVERT(NVARCHAR(36), a.id), N'-', N'')) + N':%'
WHERE o.association_id IS NULL AND o.kind = N'pattern';

-- The dispatcher's due query reads only messages still to be sent: sent, cancelled and dead ones are
-- not in this filtered index. The query repeats the filter's predicates literally, so it can use it.
DROP INDEX ix_outbox_messages_due ON outbox_messages;

CREATE INDEX ix_outbox_messages_due ON outbox_messages (next_attempt_at, id)
    WHERE sent_at IS NULL AND cancelled_at IS NULL AND dead_at IS NULL;

-- An association's dead letters, most recent first.
CREATE INDEX ix_outbox_messages_dead ON outbox_messages (association_id, dead_at) WHERE dead_at IS NOT NULL;
