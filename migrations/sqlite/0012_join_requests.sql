-- Self-enrolment (`/join`). A programme recruits until `recruiting_until` (a date in the
-- programme's time zone, last day included); NULL: self-enrolment is not open.
ALTER TABLE programmes ADD COLUMN recruiting_until TEXT;

-- A person's request to join, with their consent to the privacy notice, until a coordinator
-- decides: approving enrols them and deletes the request; refusing keeps it with the reason's
-- category (never a free text). Pending people are not participants.
CREATE TABLE join_requests (
    programme_id    INTEGER NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
    company         TEXT NOT NULL,
    themes          TEXT NOT NULL,      -- JSON array of theme names
    capacity        INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 3),
    notice_version  INTEGER NOT NULL,
    consented_at    TEXT NOT NULL,
    requested_at    TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'refused')),
    refusal         TEXT CHECK (refusal IN ('programme_full', 'profile', 'duplicate', 'other')),
    decided_at      TEXT,
    CONSTRAINT join_requests_once UNIQUE (programme_id, user_id)
);
