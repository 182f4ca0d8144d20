CREATE TABLE note (
    id      INTEGER PRIMARY KEY,
    content VARCHAR(100) NOT NULL
);
