# binome — coordinator views that page (fr)

view-prev = ◀ Précédente
view-next = Suivante ▶
view-filter-all = Tous
view-filter-at-risk = À risque
view-filter-paused = En pause
view-filter-charter = Charte manquante
view-filter-empty = Aucun binôme ne correspond à ce filtre.
view-pair-counts = { $at_risk } à risque · { $paused } en pause · { $charter } avec une charte manquante
view-page = page { $page }/{ $pages }
view-page-csv = page { $page }/{ $pages } — le détail complet de chaque binôme est dans /rapport csv.
