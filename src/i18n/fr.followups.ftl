# binome — followups (fr)
