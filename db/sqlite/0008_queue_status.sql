-- Lex Heller, SQLite schema 8 (issue 8): the queue listing at a million reports.
-- A queue's reports by status, newest first: the listing filtered by status seeks here instead of
-- reading the whole queue, and a queue's counts per status are read from this index alone.
CREATE INDEX ix_reports_queue_status_created ON reports (queue_id, status, created_at, id);

-- Open referrals only, by report: whether a report has an overdue referral (the overdue filter, and
-- the listing's referral columns) is answered from this small index without reading referral rows.
CREATE INDEX ix_referrals_open ON referrals (report_id, due_on) WHERE status = 'open';
