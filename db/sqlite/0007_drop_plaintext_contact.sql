-- Lex Heller, SQLite schema 7: the reporter's contact is kept sealed only (0006 sealed the rows that
-- were there); the plaintext columns go.
ALTER TABLE reporter_contacts DROP COLUMN name;
ALTER TABLE reporter_contacts DROP COLUMN role;
ALTER TABLE reporter_contacts DROP COLUMN email;
ALTER TABLE reporter_contacts DROP COLUMN phone;

-- Rewrite the file, so that the dropped plaintext does not linger in free pages.
-- (VACUUM cannot run inside the migration's transaction; DatabaseMigrator runs it after this script.)
