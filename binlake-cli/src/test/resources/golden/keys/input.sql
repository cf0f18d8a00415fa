-- primary-key updates (simple and composite), a table without a primary key
CREATE TABLE simple (id INT PRIMARY KEY, v VARCHAR(10));
CREATE TABLE composite (a VARCHAR(5), b INT, v VARCHAR(10), PRIMARY KEY (a, b));
CREATE TABLE nokey (v VARCHAR(10));
INSERT INTO simple VALUES (1, 'x'), (2, 'y');
INSERT INTO composite VALUES ('k', 1, 'x'), ('k', 2, 'y');
INSERT INTO nokey VALUES ('dup'), ('dup');
UPDATE simple SET id = 10 WHERE id = 1;
UPDATE composite SET b = 3 WHERE a = 'k' AND b = 1;
UPDATE composite SET a = 'z' WHERE b = 2;
DELETE FROM nokey LIMIT 1;
