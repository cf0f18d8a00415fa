-- ADD COLUMN with a DEFAULT: existing rows get the default in the source without a row event
-- KNOWN LIMIT (expected-validate.txt records it): history has no row event for the default, so
-- the latest view shows NULL in flag for rows untouched since the ALTER; validate finds id=1.
CREATE TABLE t (id INT PRIMARY KEY, v INT);
INSERT INTO t VALUES (1, 1), (2, 2);
ALTER TABLE t ADD COLUMN flag INT NOT NULL DEFAULT 7;
UPDATE t SET v = 20 WHERE id = 2;
INSERT INTO t VALUES (3, 3, 8);
