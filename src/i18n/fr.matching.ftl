# binome — matching (fr)

## Commands

cmd-match = appariement
    .description = Proposer et former les binômes du programme (coordination)
cmd-match-suggest = proposer
    .description = Proposer les meilleurs binômes parmi les personnes inscrites sans binôme
cmd-match-move = déplacer
    .description = Changer le ou la mentor d'une personne dans la proposition
    .mentee = mentoré
    .mentee-description = La personne mentorée à déplacer
    .mentor = mentor
    .mentor-description = Son nouveau ou sa nouvelle mentor (vide : la retirer de la proposition)
cmd-match-confirm = confirmer
    .description = Créer tous les binômes proposés et leurs salons

## Messages

match-summary = { $pairs ->
    [0] Aucun binôme proposé
    [one] 1 binôme proposé
   *[other] { $pairs } binômes proposés
  } (score total { $score }), { $unmatched ->
    [0] tout le monde a un binôme.
    [one] 1 personne sans binôme.
   *[other] { $unmatched } personnes sans binôme.
  }
match-line = • { $mentor } ↔ { $mentee } — score { $score }
match-unmatched-line = • { $user } : sans binôme ({ $reason })
match-more-in-file = … et { $count } autres lignes dans le fichier.
match-next-steps = Ajustez avec `/appariement déplacer`, puis créez les binômes avec `/appariement confirmer`.
match-moved = { $mentee } est maintenant proposé·e à { $mentor }.
match-unmatched = { $mentee } est retiré·e de la proposition.
match-starting = Création des binômes…
match-progress = { $done } / { $total } salons créés
match-confirmed = { $count ->
    [0] Tous les binômes proposés existaient déjà.
    [one] C'est fait : 1 binôme et son salon.
   *[other] C'est fait : { $count } binômes et leurs salons.
  }
match-no-charter = { $count ->
    [one] Dans 1 salon, la charte n'a pas pu être postée : `/audit` le signale.
   *[other] Dans { $count } salons, la charte n'a pas pu être postée : `/audit` les signale.
  }
match-resume = Ce qui est créé le reste : relancez `/appariement confirmer` pour reprendre là où cela s'est arrêté.
match-file-stem = proposition-binomes
match-col-mentor = mentor
match-col-mentee = mentoré·e
match-col-score = score
match-col-reason = sans binôme
match-reason-no-mentor-theme = aucun·e mentor n'a ses thèmes
match-reason-no-mentee-theme = aucune personne mentorée ne demande ses thèmes
match-reason-same-company = les personnes qui partagent ses thèmes sont de son entreprise
match-reason-already-paired = déjà en binôme lors d'un programme précédent avec celles et ceux qui partagent ses thèmes
match-reason-capacity = les mentors de ses thèmes n'ont plus de place
match-reason-no-mentee-left = les personnes mentorées de ses thèmes ont déjà un·e mentor
match-reason-no-capacity = capacité nulle
match-reason-partner-available = une personne compatible est encore libre (proposition modifiée à la main)

## Errors

err-no-match-proposal = Aucune proposition en cours : lancez d'abord `/appariement proposer`.
err-match-confirmed = La création des binômes a commencé : la proposition ne peut plus être modifiée.
err-match-unknown-person = { $user } n'est pas parmi les personnes inscrites sans binôme.
err-match-wrong-role = { $user } n'a pas ce rôle dans le programme.
err-match-same-company = { $mentor } et { $mentee } sont de la même entreprise : les binômes sont interentreprises.
err-match-earlier-pair = { $mentor } et { $mentee } ont déjà été en binôme lors d'un programme précédent.
err-match-no-theme = { $mentor } n'a aucun des thèmes de { $mentee }.
err-match-mentor-full = { $mentor } a déjà { $capacity ->
    [one] sa personne mentorée
   *[other] ses { $capacity } personnes mentorées
  } (sa capacité).
err-match-unfinished = La création des binômes proposés n'est pas terminée ({ $done } / { $total }) : relancez `/appariement confirmer` avant une nouvelle proposition.
