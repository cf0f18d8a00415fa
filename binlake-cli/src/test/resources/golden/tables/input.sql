-- CREATE TABLE mid-stream starts replicating; RENAME TABLE and DROP TABLE
-- The renamed table is read again after the rename, so its view holds every row. The old name's
-- and the dropped table's views are empty (their history ends with an X marker).
CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(10));
INSERT INTO a VALUES (1, 'a1');
CREATE TABLE b (id INT PRIMARY KEY, v VARCHAR(10));
INSERT INTO b VALUES (1, 'b1'), (2, 'b2');
RENAME TABLE a TO a_renamed;
INSERT INTO a_renamed VALUES (2, 'a2');
DROP TABLE b;
CREATE TABLE c (id INT PRIMARY KEY);
INSERT INTO c VALUES (1);
