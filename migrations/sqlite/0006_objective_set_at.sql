-- When a mentee last set the pair's progression objective. Only the time: the objective itself
-- is posted and pinned in the pair channel and never stored.
ALTER TABLE pairs ADD COLUMN objective_set_at TEXT;
