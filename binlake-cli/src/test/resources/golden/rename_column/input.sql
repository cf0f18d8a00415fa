-- RENAME COLUMN: rows written after the rename show the new name; untouched rows keep their value
-- KNOWN LIMIT (expected-validate.txt records it): rows untouched since the rename show NULL in
-- new_name in the latest view (their history rows carry old_name); validate finds id=1.
CREATE TABLE t (id INT PRIMARY KEY, old_name VARCHAR(10));
INSERT INTO t VALUES (1, 'before'), (2, 'before');
ALTER TABLE t RENAME COLUMN old_name TO new_name;
UPDATE t SET new_name = 'after' WHERE id = 2;
INSERT INTO t VALUES (3, 'after');
