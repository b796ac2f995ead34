-- binome: initial schema. Never edit a migration that has shipped; add a new one.
-- Discord snowflakes are stored as INTEGER (i64, bit-identical to the u64 id).
-- No column holds anything a pair member wrote about their work.

CREATE TABLE guild_settings (
    guild_id              INTEGER PRIMARY KEY NOT NULL,
    coordinator_role_id   INTEGER NOT NULL,
    coordinator_channel_id INTEGER,
    locale                TEXT NOT NULL DEFAULT 'fr',
    updated_at            TEXT NOT NULL
);

CREATE TABLE programmes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    time_zone   TEXT NOT NULL DEFAULT 'Europe/Paris',
    themes      TEXT NOT NULL,          -- JSON array of theme names
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    created_at  TEXT NOT NULL,
    closed_at   TEXT
);
-- One running programme per server.
CREATE UNIQUE INDEX programmes_one_active ON programmes (guild_id) WHERE status = 'active';

CREATE TABLE participants (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id  INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
    company       TEXT NOT NULL,
    themes        TEXT NOT NULL,        -- JSON array of theme names
    locale        TEXT NOT NULL DEFAULT 'fr',
    enrolled_at   TEXT NOT NULL,
    CONSTRAINT participants_once UNIQUE (programme_id, user_id)
);

CREATE TABLE pairs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id  INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    channel_id    INTEGER NOT NULL UNIQUE,
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'at_risk', 'paused', 'ended')),
    created_at    TEXT NOT NULL
);

CREATE TABLE pair_members (
    pair_id         INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,   -- 0 = mentor, then mentees in order
    PRIMARY KEY (pair_id, participant_id)
);
CREATE INDEX pair_members_participant ON pair_members (participant_id);

CREATE TABLE charter_signatures (
    pair_id         INTEGER NOT NULL,
    participant_id  INTEGER NOT NULL,
    signed_at       TEXT NOT NULL,
    PRIMARY KEY (pair_id, participant_id),
    FOREIGN KEY (pair_id, participant_id) REFERENCES pair_members (pair_id, participant_id) ON DELETE CASCADE
);
