-- Nonces of delivered outbound messages: a retry after Discord forgot a nonce (minutes) still
-- does not post twice. Holds no message content.
CREATE TABLE delivered_nonces (
    nonce         TEXT PRIMARY KEY NOT NULL,
    delivered_at  TEXT NOT NULL
);
CREATE INDEX delivered_nonces_age ON delivered_nonces (delivered_at);
