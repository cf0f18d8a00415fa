-- ADD COLUMN with a DEFAULT: existing rows get the default in the source without a row event.
-- binlake reads the table again after the ALTER (snapshot rows ordered after it), so the latest
-- view shows the default for rows untouched since; validate finds the table equal.
CREATE TABLE t (id INT PRIMARY KEY, v INT);
INSERT INTO t VALUES (1, 1), (2, 2);
ALTER TABLE t ADD COLUMN flag INT NOT NULL DEFAULT 7;
UPDATE t SET v = 20 WHERE id = 2;
INSERT INTO t VALUES (3, 3, 8);
