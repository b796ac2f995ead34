# binome — reports (en)
