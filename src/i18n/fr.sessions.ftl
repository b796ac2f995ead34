# binome — sessions (fr)
