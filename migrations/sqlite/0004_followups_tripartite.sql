-- Individual follow-ups by the coordinator and tripartite meetings.
-- A follow-up holds the day and how the coordinator met a participant: there is no notes
-- column, by design. A tripartite meeting holds when, with which pair, and its status; each
-- member's answer is kept only to decide (everyone accepted, or someone declined) and is never
-- shown to the coordinator.

CREATE TABLE followups (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    met_on          TEXT NOT NULL,      -- the day, YYYY-MM-DD, in the programme's zone
    kind            TEXT CHECK (kind IN ('call', 'visit', 'video')),
    logged_by       INTEGER NOT NULL,   -- the coordinator's Discord user id
    created_at      TEXT NOT NULL
);
CREATE INDEX followups_participant ON followups (participant_id, met_on);

CREATE TABLE tripartites (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    pair_id           INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
    proposer_id       INTEGER NOT NULL,   -- the coordinator's Discord user id
    starts_at         TEXT NOT NULL,
    duration_minutes  INTEGER NOT NULL,
    status            TEXT NOT NULL
                      CHECK (status IN ('proposed', 'scheduled', 'declined', 'held', 'not_held', 'cancelled')),
    created_at        TEXT NOT NULL,
    decided_at        TEXT,               -- scheduled, declined or cancelled at
    outcome_at        TEXT                -- held / not held recorded at
);
CREATE INDEX tripartites_pair ON tripartites (pair_id, starts_at);

CREATE TABLE tripartite_answers (
    tripartite_id   INTEGER NOT NULL REFERENCES tripartites (id) ON DELETE CASCADE,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    answer          TEXT NOT NULL CHECK (answer IN ('accepted', 'declined')),
    answered_at     TEXT NOT NULL,
    PRIMARY KEY (tripartite_id, participant_id)
);
