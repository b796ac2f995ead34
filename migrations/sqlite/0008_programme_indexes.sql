-- Views read one programme among many servers' programmes: find its pairs by key instead of
-- scanning every pair in the database (pairs by programme; meetings, members and objectives
-- are then reached through the pair), and count one server's jobs by state.
CREATE INDEX pairs_programme ON pairs (programme_id, id);
CREATE INDEX jobs_guild_state ON jobs (guild_id, state);
