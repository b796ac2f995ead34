-- How many mentees a participant can take: a mentor 1 to 3, a mentee always 1.
ALTER TABLE participants
    ADD COLUMN capacity INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 3);
