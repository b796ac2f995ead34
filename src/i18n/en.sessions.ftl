# binome — sessions (en)
