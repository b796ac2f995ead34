-- The daily housekeeping deletes finished jobs past their retention (scheduler.keep_finished_days,
-- scheduler.keep_dead_days) a batch at a time: this index finds them by state and age without
-- reading the pending ones. Delivered nonces already have theirs (delivered_nonces_age).
CREATE INDEX jobs_finished ON jobs (state, updated_at);
