-- The pairs `/match suggest` proposed for a programme, as `/match move` adjusted them. Each
-- row gets the pair `/match confirm` created for it, so an interrupted confirmation resumes
-- where it stopped. People are named by Discord user id: a proposal is about enrolled people
-- before any pair exists.
CREATE TABLE match_proposals (
    programme_id  INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    mentee_user   INTEGER NOT NULL,
    mentor_user   INTEGER NOT NULL,
    score         INTEGER NOT NULL,
    pair_id       INTEGER REFERENCES pairs (id) ON DELETE SET NULL,
    PRIMARY KEY (programme_id, mentee_user)
);

-- Earlier pairs of a server, found from its programmes.
CREATE INDEX programmes_guild ON programmes (guild_id);
