# binome — followups (en)
