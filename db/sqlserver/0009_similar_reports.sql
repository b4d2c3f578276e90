-- Lex Heller, SQL Server schema 9 (issue 8): the same index as db/sqlite/0009_similar_reports.sql.
-- One association's reports of one category in order of filing: the similar reports of a report seek
-- here once per same-or-related category and read the nearest before and after it.
CREATE INDEX ix_reports_association_category_created ON reports (association_id, effective_category, created_at, id);
