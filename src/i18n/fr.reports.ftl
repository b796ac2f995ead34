# binome — reports (fr)
