-- Lex Heller, SQLite schema 9 (issue 8): similar reports at a million reports.
-- One association's reports of one category in order of filing: the similar reports of a report seek
-- here once per same-or-related category and read the nearest before and after it, instead of every
-- report of the association filed in the window. The id makes it covering for that seek.
CREATE INDEX ix_reports_association_category_created ON reports (association_id, effective_category, created_at, id);
