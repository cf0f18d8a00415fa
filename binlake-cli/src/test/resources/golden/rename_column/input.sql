-- RENAME COLUMN: rows written after the rename show the new name; untouched rows keep their value.
-- binlake reads the table again after the rename, so rows untouched since show their value under
-- new_name in the latest view (older history rows keep old_name); validate finds the table equal.
CREATE TABLE t (id INT PRIMARY KEY, old_name VARCHAR(10));
INSERT INTO t VALUES (1, 'before'), (2, 'before');
ALTER TABLE t RENAME COLUMN old_name TO new_name;
UPDATE t SET new_name = 'after' WHERE id = 2;
INSERT INTO t VALUES (3, 'after');
