-- DROP TABLE: history keeps every change and an X marker (every column NULL); the latest view is
-- empty; a table created again under the same name continues after the marker, in its new shape
CREATE TABLE d (id INT PRIMARY KEY, v VARCHAR(10));
INSERT INTO d VALUES (1, 'old'), (2, 'old');
CREATE TABLE gone (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL);
INSERT INTO gone VALUES (1, 'x');
DROP TABLE gone;
DROP TABLE d;
CREATE TABLE d (id INT PRIMARY KEY, v VARCHAR(10), extra INT);
INSERT INTO d VALUES (2, 'new', 20);
