# binome — followups (fr)
# Points de suivi individuels et réunions tripartites.

## Commandes

cmd-followup = suivi
    .description = Points de suivi individuels de la coordination avec les participant·e·s
cmd-followup-log = noter
    .description = Noter un point de suivi : la date et le format, jamais le contenu
    .participant = participant
    .participant-description = La personne rencontrée
    .date = date
    .date-description = Jour du point : 12/03 (le dernier 12 mars) ou 12/03/2027 ; aujourd'hui par défaut
    .kind = format
    .kind-description = Appel, visite ou visio
cmd-followup-due = à-faire
    .description = Qui attend un point de suivi : jamais suivi·e, ou dernier point trop ancien
cmd-tripartite = tripartite
    .description = Réunions tripartites : mentor, mentoré·e et coordination
cmd-tripartite-propose = proposer
    .description = Proposer une réunion tripartite à un binôme ; elle n'a lieu que si chacun·e accepte
    .pair = binôme
    .pair-description = Numéro du binôme, tel que /binôme liste l'affiche
    .date = date
    .date-description = Date : 12/03, 12/03/2027 ou 2027-03-12
    .time = heure
    .time-description = Heure : 14h, 14h30 ou 14:30
cmd-tripartite-list = liste
    .description = Voir les réunions tripartites proposées et leur statut

choice-followup_call = Appel
choice-followup_visit = Visite
choice-followup_video = Visio

## Points de suivi

followup-logged = ✅ Point de suivi noté avec { $user } le { $date } ({ $kind }).
followup-kind-call = appel
followup-kind-visit = visite
followup-kind-video = visio
followup-kind-none = format non précisé
followup-due-empty = Tout le monde a eu un point de suivi depuis moins de { $days } jours.
followup-due-header = **Points de suivi à faire** — aucun point depuis plus de { $days } jours : { $count } personne(s), les plus anciens d'abord
followup-due-line = • { $user } ({ $role }) — dernier point : { $last }
followup-last = { $date } (il y a { $days } jours)
followup-never = jamais

err-followup-future = Un point de suivi se note une fois qu'il a eu lieu : cette date est dans le futur. Indiquez le jour où vous vous êtes vu·e·s.

## Réunions tripartites

tri-proposed = 📨 Réunion tripartite proposée au binôme n°{ $pair } pour le { $when }. Chaque membre reçoit la demande en message privé ; elle n'aura lieu que si tout le monde accepte. Vous saurez seulement si elle est acceptée ou déclinée, jamais qui a répondu quoi.
tri-request =
    🤝 { $coordinator }, de la coordination du programme, propose une réunion tripartite — vous, votre binôme et la coordination — le { $when }.
    Elle n'aura lieu que si chaque membre du binôme accepte. La coordination saura seulement si la réunion est acceptée ou non, jamais qui a répondu quoi.
tri-accept = J'accepte
tri-decline = Je décline
tri-answer-accepted = ✅ Réponse notée : vous acceptez. La réunion sera confirmée quand chaque membre du binôme aura accepté.
tri-answer-scheduled = ✅ Réponse notée : tout le binôme accepte, la réunion tripartite est confirmée.
tri-answer-declined = Réponse notée : vous déclinez. La réunion tripartite n'aura pas lieu ; la coordination en est informée sans savoir qui a décliné.
tri-already-answered = Vous avez déjà répondu : { $answer ->
        [accepted] vous acceptez
       *[declined] vous déclinez
    }.
tri-scheduled = ✅ La réunion tripartite avec le binôme n°{ $pair } est confirmée pour le { $when } : chaque membre a accepté.
tri-confirmed = ✅ La réunion tripartite avec la coordination est confirmée pour le { $when } : tout le binôme a accepté.
tri-declined = La réunion tripartite proposée au binôme n°{ $pair } pour le { $when } a été déclinée : elle n'aura pas lieu.
tri-called-off = La réunion tripartite proposée pour le { $when } n'aura pas lieu.
tri-lapsed = La réunion tripartite proposée au binôme n°{ $pair } pour le { $when } n'a pas reçu toutes les réponses à temps : elle n'aura pas lieu.
tri-reminder = ⏰ Rappel : réunion tripartite (binôme n°{ $pair } et coordination) le { $when }.
tri-outcome-question = La réunion tripartite a-t-elle eu lieu ? (binôme n°{ $pair }, le { $when })
tri-held = Elle a eu lieu
tri-not-held = Elle n'a pas eu lieu
tri-outcome-recorded = ✅ Noté : { $status }.
tri-outcome-already = C'est déjà noté : { $status }.
tri-fallback = { $user }, vos messages privés sont fermés : je dépose ce message ici.
    { $text }
tri-status = { $status ->
        [proposed] proposée, en attente des réponses
        [scheduled] confirmée
        [declined] déclinée
        [held] a eu lieu
        [not_held] n'a pas eu lieu
       *[cancelled] annulée (réponses incomplètes)
    }
tri-list-empty = Aucune réunion tripartite pour l'instant. Proposez-en une avec /tripartite proposer.
tri-list-header = **Réunions tripartites** ({ $count })
tri-list-line = • binôme n°{ $pair } — { $when } — { $status }

err-tri-unknown-pair = Aucun binôme en cours ne porte le numéro { $id }. Les numéros sont affichés par /binôme liste.
err-tri-pending = Une réunion tripartite est déjà proposée ou prévue pour ce binôme ({ $when }). Attendez qu'elle ait eu lieu ou qu'elle soit déclinée.
err-tri-unknown = Cette réunion tripartite n'existe plus.
err-tri-not-yours = Cette demande s'adresse à un autre membre du binôme : chacun·e répond à la sienne.
err-tri-closed = Cette réunion tripartite n'attend plus de réponse : elle est { $status ->
        [proposed] en attente
        [scheduled] déjà confirmée
        [declined] déclinée
        [held] passée
        [not_held] passée
       *[cancelled] annulée
    }.
err-tri-too-early = La réunion tripartite n'a pas encore commencé : vous pourrez dire ensuite si elle a eu lieu.
tri-answer-noted = ✅ Réponse notée.
