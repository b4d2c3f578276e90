-- Lex Heller, SQL Server schema 7: the reporter's contact is kept sealed only (0006 sealed the rows
-- that were there); the plaintext columns go.
ALTER TABLE reporter_contacts DROP COLUMN name, role, email, phone;
