-- Lex Heller, SQL Server schema 20 (issue 20, point 1): the same change as db/sqlite/0020_referral_ways_out.sql.
-- A referral can end without an answer: withdrawn by the steering group, declined by the party ("not ours",
-- naming who it thinks is responsible), or left unanswered when the group closes the report while it is
-- still open. ended_at is when it ended so; end_reason is the group's or the party's reason (as long as a
-- triage reason, TriageCommand.ReasonMaxLength); suggested_responsible is the party's suggestion.
-- The three columns are NULL and have no default: adding them changes metadata only. The CHECK is dropped
-- and added again with the new codes; adding it reads the table once under a schema lock (one row per
-- referral: a short scan), and the codes keep the binary collation 0018 gave status. The indexes on status
-- (0018) are unchanged: the filtered ix_referrals_open still holds exactly the open referrals.
ALTER TABLE referrals DROP CONSTRAINT ck_referrals_status;
ALTER TABLE referrals ADD CONSTRAINT ck_referrals_status CHECK (status IN ('open', 'answered', 'withdrawn', 'declined', 'unanswered'));
ALTER TABLE referrals ADD ended_at DATETIMEOFFSET(7) NULL;
ALTER TABLE referrals ADD end_reason NVARCHAR(2000) NULL;
ALTER TABLE referrals ADD suggested_responsible NVARCHAR(200) NULL;
