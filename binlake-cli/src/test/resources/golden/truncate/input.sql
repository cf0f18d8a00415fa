-- TRUNCATE between inserts: history keeps the truncated rows and a T marker (every column NULL);
-- the latest view shows only changes after the marker, also a key used again after it
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10));
INSERT INTO t VALUES (1, 'gone'), (2, 'gone');
TRUNCATE TABLE t;
INSERT INTO t VALUES (3, 'kept');
INSERT INTO t VALUES (1, 'back');
