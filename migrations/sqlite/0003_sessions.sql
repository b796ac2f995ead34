-- Collective sessions, participants' answers and presences; the announcement channel and the
-- circles. A session row holds when, where and what kind; never anything said there.

ALTER TABLE guild_settings ADD COLUMN announcement_channel_id INTEGER;

CREATE TABLE circles (
    guild_id    INTEGER NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
    channel_id  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (guild_id, role)
);

CREATE TABLE sessions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id      INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    kind              TEXT NOT NULL CHECK (kind IN ('kickoff', 'mid_term', 'closing', 'other')),
    starts_at         TEXT NOT NULL,
    ends_at           TEXT NOT NULL,
    place             TEXT,             -- typed by the coordinator: an address, a room, a link
    discord_event_id  INTEGER,
    status            TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    created_at        TEXT NOT NULL,
    cancelled_at      TEXT
);
CREATE INDEX sessions_programme ON sessions (programme_id, starts_at);

-- One answer per participant and session: the last one replaces the previous.
CREATE TABLE session_rsvps (
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    answer          TEXT NOT NULL CHECK (answer IN ('coming', 'not_coming')),
    answered_at     TEXT NOT NULL,
    PRIMARY KEY (session_id, participant_id)
);

-- A presence is recorded once, by the participant or the coordinator.
CREATE TABLE session_attendance (
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    recorded_at     TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('self', 'coordinator')),
    PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX session_attendance_participant ON session_attendance (participant_id);
CREATE INDEX session_rsvps_participant ON session_rsvps (participant_id);
