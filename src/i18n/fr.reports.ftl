# binome — reports (fr)

## Commands

cmd-attendance = présence
    .description = Présence des binômes : rendez-vous par mois, statut, charte (coordination)
cmd-report = rapport
    .description = Exporter la présence du programme (coordination)
cmd-report-csv = csv
    .description = Fichier CSV de la présence, prêt pour Excel
cmd-report-chart = graphique
    .description = Carte de chaleur des rendez-vous tenus (binômes × mois)

## Months

month-1 = janv.
month-2 = févr.
month-3 = mars
month-4 = avr.
month-5 = mai
month-6 = juin
month-7 = juil.
month-8 = août
month-9 = sept.
month-10 = oct.
month-11 = nov.
month-12 = déc.

## /attendance

attendance-header = **Présence — { $name }** ({ $pairs } binômes)
attendance-empty = Aucun binôme pour l'instant : créez-en avec /binôme créer.
attendance-months = `{ $initials }` mois de { $from } à { $to }
attendance-pair = `{ $grid }` **#{ $id }** { $members } — { $status } — charte { $charter } — objectif { $objective } — dernier RDV : { $last }
attendance-legend = Grille : rendez-vous tenus chaque mois (· = mois à venir). Charte ✓ : signée par tous les membres. Objectif : — tant que binome ne le suit pas.
attendance-met-share = **Binômes qui se sont vus** : { $shares }
attendance-share = { $month } { $met }/{ $pairs } ({ $percent } %)
attendance-sessions-header = **Regroupements collectifs** (présent·e·s sur inscrit·e·s) :
attendance-session = • { $kind } du { $date } : { $present }/{ $invited } ({ $percent } %)
attendance-participants-header = **Participant·e·s** — regroupements suivis · dernier point de suivi :
attendance-participant = • { $user } ({ $role }, binôme { $pair }) — regroupements : { $sessions } — dernier suivi : { $followup }

## /report

report-file-stem = presence
report-col-pair = Binôme
report-col-status = Statut
report-col-mentor = Mentor
report-col-mentees = Mentoré·e·s
report-col-charter = Charte signée
report-col-objective = Objectif fixé
report-col-last = Dernier rendez-vous
report-csv-ready = Présence du programme « { $name } » ({ $pairs } binômes), prête à ouvrir dans Excel.
report-chart-ready = Rendez-vous tenus par binôme et par mois — programme « { $name } ».
report-chart-title = Rendez-vous tenus — { $name }
report-chart-title-part = Rendez-vous tenus — { $name } ({ $part }/{ $parts })
report-chart-order = Les binômes à risque d'abord, puis ceux dont le dernier rendez-vous est le plus ancien ; les binômes terminés en dernier.
report-chart-images = { $pairs } binômes en { $images } images de { $per } au plus.
report-chart-left-out = { $count ->
    [one] Un binôme n'est pas dessiné
   *[other] { $count } binômes ne sont pas dessinés
} (Discord accepte au plus { $max } images par message) : le fichier de /rapport csv contient tous les binômes.
report-legend-none = aucun
report-legend-one = 1
report-legend-two = 2
report-legend-more = 3 et plus
report-legend-future = à venir

## Weekly digest

digest-header = **Synthèse de la semaine — { $name }**
digest-counts = { $open } binômes en cours, dont { $at_risk } à risque ; { $new } passé(s) « à risque » cette semaine ; { $due } point(s) de suivi à faire.
digest-no-new-risk = Aucun binôme n'est passé « à risque » depuis la dernière synthèse.
digest-newly-at-risk = Passés « à risque » depuis la dernière synthèse ({ $count }) :
digest-at-risk-more = … et { $count } autres (voir /présence, filtre « À risque »).
digest-at-risk-line = • #{ $id } { $members } — dernier RDV : { $last }
digest-sessions = Regroupements collectifs des deux prochaines semaines :
digest-session-line = • { $kind } — { $when }
digest-sessions-more = … et { $count } autres (voir /séance liste).
digest-followups = Points de suivi à faire ({ $count }) :
digest-followup-line = • { $user } — dernier suivi : { $last }
digest-more = … et { $count } autres (voir /suivi à-faire).
