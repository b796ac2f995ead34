-- Meetings, durable jobs and the posture prompts shown to each participant.
-- A meeting row holds when and how, never what was said.

CREATE TABLE meetings (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    pair_id           INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
    starts_at         TEXT NOT NULL,
    duration_minutes  INTEGER NOT NULL,
    mode              TEXT CHECK (mode IN ('in_person', 'video')),
    status            TEXT NOT NULL CHECK (status IN ('scheduled', 'held', 'postponed', 'cancelled', 'unconfirmed')),
    created_at        TEXT NOT NULL,
    outcome_at        TEXT
);
CREATE INDEX meetings_pair ON meetings (pair_id, starts_at);

CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id         INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    payload          TEXT NOT NULL,       -- JSON, tagged by kind
    idempotency_key  TEXT NOT NULL,
    due_at           TEXT NOT NULL,
    expires_at       TEXT,
    state            TEXT NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'running', 'done', 'skipped', 'cancelled', 'dead')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    lease_until      TEXT,
    last_error       TEXT,
    updated_at       TEXT NOT NULL,
    CONSTRAINT jobs_idempotency UNIQUE (idempotency_key)
);
CREATE INDEX jobs_due ON jobs (state, due_at);

CREATE TABLE posture_history (
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    prompt_id       TEXT NOT NULL,
    shown_at        TEXT NOT NULL
);
CREATE INDEX posture_history_participant ON posture_history (participant_id, shown_at);
