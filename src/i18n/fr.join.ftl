## /join (rejoindre) et les décisions de la coordination

cmd-join = rejoindre
    .description = Demander à rejoindre le programme de mentorat pendant les inscriptions
    .role = rôle
    .role-description = Mentor ou mentoré·e
    .theme = thème
    .theme-description = Mentors : un thème où vous êtes expérimenté·e ; mentoré·e·s : le thème à travailler
    .theme2 = thème2
    .theme2-description = Un deuxième thème du programme (facultatif)
    .theme3 = thème3
    .theme3-description = Un troisième thème du programme (facultatif)
    .capacity = capacité
    .capacity-description = Mentors : combien de mentoré·es vous pouvez accompagner (1 à 3, 1 par défaut)
cmd-participant-approve = valider
    .description = Valider une demande d'inscription (la personne est inscrite)
    .user = membre
    .user-description = La personne dont la demande est validée
cmd-participant-refuse = refuser
    .description = Refuser une demande d'inscription, avec la catégorie du motif
    .user = membre
    .user-description = La personne dont la demande est refusée
    .reason = motif
    .reason-description = La catégorie du motif (aucun texte libre n'est enregistré)

choice-refusal_full = Programme complet
choice-refusal_profile = Profil ne correspondant pas au programme
choice-refusal_duplicate = Demande en double
choice-refusal_other = Autre motif

# Bump PRIVACY_NOTICE_VERSION (src/domain/join.rs) whenever this text changes.
join-notice = **Avant de vous inscrire : vos données**
    • **Ce qui est enregistré** : votre identifiant Discord, votre rôle (mentor ou mentoré·e), votre entreprise, vos thèmes, votre capacité d'accompagnement et la date de votre accord. Jamais le contenu de votre objectif de progression.
    • **Qui voit quoi** : la coordination voit votre inscription, puis votre présence et le statut de votre binôme, jamais le contenu de vos échanges. Le salon de votre binôme est privé au binôme.
    • **Combien de temps** : la durée du programme ; ensuite les données sont supprimées à votre demande ou par la coordination.
    • **Vos droits** : /confidentialité montre ce qui est conservé à votre sujet ; demandez à la coordination de corriger ou d'effacer vos données.
    Rien n'est enregistré tant que vous n'avez pas accepté puis indiqué votre entreprise.
join-accept = J'accepte et je continue
join-decline = Non merci
join-declined = Rien n'a été enregistré.
join-form-title = Votre inscription
join-form-company = Votre entreprise ou structure
join-requested = Merci ! Votre inscription attend la validation de la coordination.
join-approved = Demande validée : { $user } est inscrit·e comme { $role } ({ $company }).
join-refused = Demande de { $user } refusée ({ $reason }).
participant-list-pending = **En attente de validation** ({ $count }) : { $users }{ $more ->
        [0] {""}
       *[other] {" "}et { $more } autres
    }
programme-recruiting-until = Inscriptions libres (/rejoindre) ouvertes jusqu'au { $date } inclus.

err-join-not-open = Les inscriptions à ce programme ne sont pas ouvertes. Demandez à la coordination de vous inscrire.
err-join-closed = Les inscriptions à ce programme sont closes. Demandez à la coordination de vous inscrire.
err-join-enrolled = Vous êtes déjà inscrit·e à ce programme.
err-join-pending = Votre demande d'inscription attend déjà la validation de la coordination.
err-join-refused = Votre demande d'inscription a été refusée ; adressez-vous à la coordination.
err-join-notice-outdated = La notice de confidentialité a changé depuis : relancez /rejoindre pour lire la nouvelle.
err-join-theme-gone = Les thèmes du programme ont changé : relancez /rejoindre.
err-no-join-request = { $user } n'a pas de demande d'inscription en attente.
err-recruiting-after-end = La fin des inscriptions doit précéder la fin du programme.

privacy-request = Votre demande d'inscription ({ $status }) conserve exactement ceci, que la coordination voit :
privacy-request-pending = en attente de validation
privacy-request-refused = refusée : { $reason }
privacy-request-capacity = Capacité d'accompagnement : { $capacity }
privacy-request-consent = Accord à la notice de confidentialité (version { $version }) le : { $date }
join-dm-approved = Votre demande d'inscription au programme de mentorat est validée : bienvenue ! La coordination vous présentera bientôt votre binôme.
join-dm-refused = Votre demande d'inscription au programme de mentorat n'a pas été retenue ({ $reason }). Pour en parler, adressez-vous à la coordination.
join-dm-failed = La personne n'accepte pas les messages privés : prévenez-la autrement.
err-join-decided = Cette demande vient d'être traitée par quelqu'un d'autre de la coordination.
