# binome — sessions (fr)
# Regroupements collectifs (lancement, mi-parcours, clôture), cercles, salon des annonces.

## Commandes

cmd-session = séance
    .description = Planifier et suivre les regroupements collectifs du programme
cmd-session-add = ajouter
    .description = Planifier un regroupement collectif (événement Discord, annonce et rappels)
    .kind = type
    .kind-description = Lancement, mi-parcours, clôture ou autre
    .date = date
    .date-description = Date : 12/03/2027 ou 2027-03-12 (par défaut : début, milieu ou fin du programme)
    .time = heure
    .time-description = Heure : 14h, 14h30 ou 14:30 (14h par défaut)
    .place = lieu
    .place-description = Adresse, salle ou lien de visio
cmd-session-list = liste
    .description = Voir les regroupements, les réponses et les présences (en nombre)
cmd-session-cancel = annuler
    .description = Annuler un regroupement et prévenir les personnes qui venaient
    .session = séance
    .session-description = Le numéro du regroupement (voir /séance liste)
cmd-session-attendance = présence
    .description = Noter la présence d'un·e participant·e à un regroupement
    .session = séance
    .session-description = Le numéro du regroupement (voir /séance liste)
    .participant = participant
    .participant-description = La personne présente

choice-kickoff = Lancement
choice-mid-term = Mi-parcours
choice-closing = Clôture
choice-other = Autre

## Vocabulaire

session-kind-kickoff = Lancement
session-kind-mid_term = Mi-parcours
session-kind-closing = Clôture
session-kind-other = Regroupement
session-status-scheduled = prévu
session-status-cancelled = annulé
session-place-tbd = Lieu communiqué par la coordination
session-event-name = { $kind } — { $programme }
session-event-description = Regroupement collectif du programme « { $programme } ». Dites si vous venez avec les boutons de l'annonce.

## Erreurs

err-session-date-needed = Pour un regroupement de type « autre », indiquez la date (par ex. 12/03/2027).
err-session-nowhere = Il n'y a encore aucun endroit où annoncer le regroupement aux participant·e·s. Choisissez un salon d'annonces avec /configurer salon-annonces, ou créez les cercles avec /configurer créer-cercles.
err-session-unknown = Le regroupement n°{ $id } n'existe pas dans le programme en cours. Voyez les numéros avec /séance liste.
err-session-cancelled = Ce regroupement a été annulé.
err-session-over = Ce regroupement est terminé.
err-session-not-participant = Ce bouton est réservé aux participant·e·s du programme de mentorat.
err-session-checkin-early = La présence se note à partir de { $at } (une demi-heure avant le début).
err-session-checkin-closed = Il est trop tard pour noter sa présence à ce regroupement : c'était possible jusqu'à deux heures après la fin. Si vous étiez là, signalez-le à la coordination.
err-session-event-permission = binome n'a pas la permission de créer des événements sur ce serveur (« Créer des événements » et « Gérer les événements »). Réinvitez-le avec le lien du README ou ajustez son rôle.

## /configurer

setup-announcement = Salon des annonces des regroupements : { $channel }.
setup-circles-created = Cercles créés : { $channels }.
setup-circles-existing = Cercles déjà en place : { $channels }.
setup-circles-opened = { $count } participant·e(s) déjà inscrit·e(s) y ont accès.
circle-name-mentor = cercle-des-mentors
circle-name-mentee = cercle-des-mentorés
circle-topic-mentor = Cercle des mentors : échanges entre pairs. Visible des mentors du programme et de la coordination.
circle-topic-mentee = Cercle des mentoré·e·s : échanges entre pairs. Visible des mentoré·e·s du programme et de la coordination.
participant-circle-opened = Accès ouvert à { $channel }.
participant-circle-failed = ⚠️ Discord a refusé d'ouvrir le cercle à cette personne : { $reason }
participant-circle-closed = Accès aux cercles retiré.

## /séance

session-added = ✅ Regroupement « { $kind } » (n°{ $id }) prévu le { $when }, jusqu'à { $end }. Lieu : { $place }.
session-added-event = Événement Discord créé.
session-added-announced = Annonce publiée dans { $channels }. Rappels aux participant·e·s une semaine, un jour et une heure avant.
session-added-not-announced = ⚠️ Discord a refusé l'annonce dans { $channels } : vérifiez que binome peut y écrire.
session-list-empty = Aucun regroupement prévu. Planifiez-en un avec /séance ajouter.
session-list-header = **Regroupements collectifs** ({ $count }, dont { $cancelled } annulé(s))
session-line = n°{ $id } — { $kind } — { $when } — { $status } — { $coming } viennent, { $declined } ne peuvent pas, sur { $invited } invité·e·s — présent·e·s : { $present }
session-cancelled-reply = Le regroupement « { $kind } » du { $when } est annulé, ses rappels aussi. { $count ->
    [0] Personne n'avait encore dit venir.
    [one] La personne qui avait dit venir sera prévenue.
   *[other] Les { $count } personnes qui avaient dit venir seront prévenues.
}
session-cancelled-event-kept = ⚠️ Discord a refusé de supprimer l'événement : supprimez-le à la main.
session-presence-marked = ✅ Présence de { $user } notée pour le regroupement « { $kind } ».
session-presence-already = La présence de { $user } était déjà notée ({ $at }).

## Annonce, boutons et messages du bot

session-announcement =
    📣 **Regroupement collectif — { $kind }**
    Le { $when }, jusqu'à { $end }.
    Lieu : { $place }
    Serez-vous là ? Votre réponse aide la coordination à préparer ce temps collectif.
session-event-link = Événement : { $url }
session-button-coming = Je viens
session-button-not-coming = Je ne peux pas
session-button-present = Je suis présent·e
session-rsvp-coming = C'est noté : vous venez au regroupement « { $kind } » du { $when }. Vous recevrez des rappels ; changez d'avis à tout moment avec l'autre bouton.
session-rsvp-not-coming = C'est noté : vous ne pourrez pas venir au regroupement « { $kind } ». Merci de l'avoir dit ; vous ne recevrez pas de rappel.
session-checkin-message = 🟢 Le regroupement « { $kind } » commence. Vous êtes là ? Notez votre présence :
session-present-recorded = ✅ Votre présence est notée. Bon regroupement !
session-present-already = C'est déjà noté : votre présence a été enregistrée { $at }.
session-when-week = dans une semaine
session-when-day = demain
session-when-hour = dans une heure
session-when-soon = bientôt
session-reminder-dm = ⏰ Rappel : le regroupement collectif « { $kind } » a lieu { $delay }, le { $when }. Lieu : { $place }.
session-reminder-fallback = ⏰ { $members } Rappel : le regroupement collectif « { $kind } » a lieu { $delay }, le { $when }. Lieu : { $place }. (Vos messages privés sont fermés : je vous le dis ici.)
session-cancelled-note = ❌ Le regroupement « { $kind } » du { $when } est annulé.
session-cancelled-dm = ❌ Le regroupement collectif « { $kind } » du { $when }, auquel vous aviez dit venir, est annulé.
session-cancelled-fallback = ❌ { $members } Le regroupement « { $kind } » du { $when }, auquel vous aviez dit venir, est annulé. (Vos messages privés sont fermés : je vous le dis ici.)
circle-role-mentor = Cercle des mentors
circle-role-mentee = Cercle des mentoré·e·s
