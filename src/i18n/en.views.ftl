# binome — coordinator views that page (en)

view-prev = ◀ Previous
view-next = Next ▶
view-filter-all = All
view-filter-at-risk = At risk
view-filter-paused = Paused
view-filter-charter = Charter missing
view-filter-empty = No pair matches this filter.
view-pair-counts = { $at_risk } at risk · { $paused } paused · { $charter } with a charter missing
view-page = page { $page }/{ $pages }
view-page-csv = page { $page }/{ $pages } — every pair in full detail: /report csv.
