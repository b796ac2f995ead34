# binome — textes en français (langue par défaut).

## Noms et descriptions des commandes (le nom de base, en anglais, est dans le code).
## Clé : cmd-<commande>[-<sous-commande>] ; attributs : description, <option>, <option>-description.

cmd-setup = configurer
    .description = Configurer binome sur ce serveur : rôle et salon de coordination
    .coordinator_role = rôle-coordination
    .coordinator_role-description = Le rôle des coordinateur·rice·s du programme
    .coordinator_channel = salon-coordination
    .coordinator_channel-description = Le salon où binome écrit aux coordinateur·rice·s
    .announcement_channel = salon-annonces
    .announcement_channel-description = Le salon où binome annonce les regroupements collectifs aux participant·e·s
    .create_circles = créer-cercles
    .create_circles-description = Créer le cercle des mentors et celui des mentoré·e·s (salons entre pairs)
cmd-programme = programme
    .description = Gérer le programme de mentorat
cmd-programme-create = créer
    .description = Créer le programme de mentorat de ce serveur
    .name = nom
    .name-description = Nom du programme, par ex. « Mentorat 2027 »
    .start = début
    .start-description = Date de début : 12/01/2027 ou 2027-01-12
    .end = fin
    .end-description = Date de fin : 15/12/2027 ou 2027-12-15
    .themes = thèmes
    .themes-description = Thèmes séparés par des virgules (par défaut : ceux du programme Rally'nov)
    .time_zone = fuseau
    .time_zone-description = Fuseau horaire IANA, par défaut Europe/Paris
    .recruiting_until = inscriptions_jusqu_au
    .recruiting_until-description = Dernier jour des inscriptions libres (/rejoindre) ; fermées si absent
cmd-programme-status = état
    .description = Où en est le programme : inscrit·e·s, binômes, chartes signées
cmd-programme-close = clore
    .description = Clore le programme en cours
cmd-participant = participant
    .description = Gérer les participant·e·s du programme
cmd-participant-add = ajouter
    .description = Inscrire une personne comme mentor ou mentoré·e
    .user = membre
    .user-description = La personne à inscrire
    .role = rôle
    .role-description = Mentor ou mentoré·e
    .company = entreprise
    .company-description = Son entreprise ou sa structure
    .themes = thèmes
    .themes-description = Ses thèmes, séparés par des virgules (parmi ceux du programme)
    .capacity = capacité
    .capacity-description = Mentors : combien de mentoré·es la personne peut accompagner (1 à 3, 1 par défaut)
cmd-participant-import = importer
    .description = Inscrire d'un coup les personnes d'un fichier CSV (colonnes décrites dans le README)
    .file = fichier
    .file-description = Le fichier CSV : discord_id, rôle, entreprise, thèmes (séparés par |), capacité
cmd-participant-list = liste
    .description = Lister les participant·e·s et leur binôme
cmd-participant-remove = retirer
    .description = Retirer une personne du programme
    .user = membre
    .user-description = La personne à retirer
cmd-pair = binôme
    .description = Gérer les binômes
cmd-pair-create = créer
    .description = Former un binôme et créer son salon privé
    .mentor = mentor
    .mentor-description = Le ou la mentor
    .mentee = mentoré
    .mentee-description = La personne mentorée
    .mentee2 = mentoré2
    .mentee2-description = Une deuxième personne mentorée (facultatif)
    .mentee3 = mentoré3
    .mentee3-description = Une troisième personne mentorée (facultatif)
cmd-pair-list = liste
    .description = Lister les binômes, leur statut et les chartes signées
cmd-privacy = confidentialité
    .description = Voir exactement ce que la coordination voit de vous

cmd-meeting = rendez-vous
    .description = Planifier et suivre les rendez-vous du binôme (dans votre salon)
cmd-meeting-schedule = planifier
    .description = Planifier un rendez-vous du binôme
    .date = date
    .date-description = Date : 12/03, 12/03/2027 ou 2027-03-12
    .time = heure
    .time-description = Heure : 14h, 14h30 ou 14:30
    .duration = durée
    .duration-description = Durée : 1h, 45min, 1h30 (1 h par défaut)
    .mode = format
    .mode-description = En présentiel ou en visio
cmd-meeting-list = liste
    .description = Voir les rendez-vous à venir et les derniers passés
cmd-meeting-cancel = annuler
    .description = Annuler le prochain rendez-vous prévu
cmd-meeting-done = fait
    .description = Noter un rendez-vous qui a eu lieu sans avoir été planifié ici
    .date = date
    .date-description = Date du rendez-vous (aujourd'hui par défaut)
cmd-posture = posture
    .description = Recevoir un repère de posture pour votre rôle

choice-in_person = En présentiel
choice-video = En visio

choice-mentor = Mentor
choice-mentee = Mentoré·e

## Vocabulaire

role-mentor = mentor
role-mentee = mentoré·e
status-active = actif
status-at_risk = à risque
status-paused = en pause
status-ended = terminé
yes = oui
no = non

## Erreurs vues par les utilisateur·rice·s

err-internal = Désolé, quelque chose s'est mal passé de notre côté. Rien n'a été perdu ; réessayez dans un instant. Si cela se reproduit, donnez ce code à l'équipe technique : { $id }
err-not-in-guild = Cette commande s'utilise sur un serveur, pas en message privé.
err-bad-argument = Je n'ai pas compris cette valeur : « { $input } ». Vérifiez la commande et réessayez.
err-need-manage-server = Il faut la permission « Gérer le serveur » pour configurer binome.
err-not-set-up = binome n'est pas encore configuré sur ce serveur : une personne qui gère le serveur doit lancer /configurer.
err-not-coordinator = Cette commande est réservée à la coordination du programme.
err-no-programme = Aucun programme n'est en cours sur ce serveur. Créez-en un avec /programme créer.
err-programme-exists = Le programme « { $name } » est déjà en cours. Clôturez-le avec /programme clore avant d'en créer un autre.
err-empty-name = Le nom ne peut pas être vide.
err-too-long = Texte trop long ({ $what }) : { $max } caractères au plus.
err-bad-date = Je ne comprends pas la date « { $input } ». Exemples acceptés : 12/03/2027, 12/03, 2027-03-12.
err-end-before-start = La date de fin doit être après la date de début.
err-programme-too-long = Un programme dure au plus { $years } ans.
err-bad-time-zone = « { $input } » n'est pas un fuseau horaire connu. Exemples : Europe/Paris, America/Montreal.
err-no-theme = Indiquez au moins un thème.
err-too-many-themes = Au plus { $max } thèmes.
err-unknown-theme = « { $theme } » n'est pas un thème du programme. Thèmes possibles : { $available }.
err-empty-company = Indiquez l'entreprise ou la structure.
err-bad-capacity = Un·e mentor accompagne de 1 à { $max } mentoré·es : indiquez une capacité entre 1 et { $max }.
err-mentee-capacity = La capacité ne s'applique qu'aux mentors : pour un·e mentoré·e, elle vaut 1.
err-already-enrolled = Cette personne est déjà inscrite au programme.
err-paired-meanwhile = L'une de ces personnes vient d'être mise en binôme par ailleurs. Vérifiez avec /binôme liste.
err-not-enrolled = { $user } n'est pas inscrit·e au programme. Inscrivez la personne avec /participant ajouter.
err-still-paired = { $user } fait partie d'un binôme en cours : on ne peut pas la retirer du programme pour l'instant.
err-not-pair-member = Ce bouton est réservé aux membres de ce binôme.
err-unknown-pair = Ce binôme n'existe plus.
err-guild-full = Le serveur a atteint la limite Discord de { $limit } salons : impossible de créer un salon de plus. Archivez ou supprimez des salons inutilisés.
err-bot-permissions = binome n'a pas les permissions nécessaires (Gérer les salons, Gérer les rôles). Réinvitez-le avec le lien du README ou ajustez son rôle.
err-discord-refused = Discord a refusé l'action : { $reason }
err-not-a-mentor = { $user } n'est pas inscrit·e comme mentor.
err-not-a-mentee = { $user } n'est pas inscrit·e comme mentoré·e.
err-duplicate-member = { $user } apparaît deux fois dans ce binôme.
err-too-many-mentees = Un·e mentor accompagne au plus { $max } personnes.
err-same-company = { $mentor } et { $mentee } travaillent tous deux chez { $company } : le programme associe des personnes d'entreprises différentes.
err-already-paired = { $user } fait déjà partie d'un binôme en cours.

## /configurer

setup-done = binome est configuré. Rôle de coordination : { $role }.
setup-channel = Salon de coordination : { $channel }.
setup-warn-admin = ⚠️ Le rôle { $role } a la permission Administrateur : Discord lui laisse lire tous les salons, y compris ceux des binômes. Retirez-lui cette permission pour tenir la promesse de confidentialité.
setup-warn-owner = ⚠️ La personne propriétaire du serveur a le rôle de coordination : Discord lui laisse lire tous les salons, y compris ceux des binômes. Confiez la coordination à un autre compte.
setup-warn-bot = ⚠️ Il manque à binome ces permissions : { $perms }. Sans elles il ne pourra pas faire tout son travail (salons des binômes, événements des regroupements).

## /programme

programme-created = Programme « { $name } » créé : du { $start } au { $end } ({ $tz }). Thèmes : { $themes }.
programme-status = **{ $name }** — du { $start } au { $end } ({ $tz })
    Inscrit·e·s : { $mentors } mentor(s), { $mentees } mentoré·e(s), dont { $unpaired } sans binôme
    Binômes en cours : { $pairs }, dont { $charters } avec la charte signée par tous
    Binômes à risque (aucun rendez-vous depuis longtemps) : { $at_risk }
    Inscriptions en attente de validation : { $pending }
    Rappels en échec définitif : { $dead }
programme-closed = Le programme « { $name } » est clos.

## /participant

participant-added = { $user } est inscrit·e comme { $role } ({ $company }).
participant-list-empty = Personne n'est encore inscrit·e.
participant-list-header = **Participant·e·s** ({ $count })
participant-list-counts = { $mentors } mentor(s) · { $mentees } mentoré·e(s) · { $unpaired } sans binôme
participant-line = { $user } — { $role }, { $company } — binôme : { $pair }
participant-removed = { $user } a été retiré·e du programme.
import-done = { $count } personnes inscrites : { $mentors } mentors, { $mentees } mentoré·es.
import-circles-opened = Cercles ouverts à { $count } personne(s).
import-circles-failed = Les personnes sont inscrites, mais Discord a refusé d'ouvrir les cercles : { $reason }
import-rejected = Fichier refusé, personne n'a été inscrit·e : { $count } erreur(s). Corrigez-les puis importez de nouveau le fichier entier.
import-more-errors = … et { $count } autres erreurs.
import-not-a-file = Joignez un fichier CSV (.csv, texte UTF-8).
import-too-large = Le fichier dépasse { $max } Kio : découpez-le en plusieurs fichiers.
import-download-failed = Le fichier n'a pas pu être téléchargé depuis Discord ; réessayez.
import-members-unavailable = binome ne peut pas lister les membres du serveur pour vérifier le fichier : activez « Server Members Intent » pour l'application dans le portail développeur de Discord, puis réessayez.
import-line = ligne { $row } : { $reason }
import-file = fichier : { $reason }
import-too-large-file = le fichier dépasse { $max } Kio
import-too-many-rows = plus de { $max } personnes dans un fichier
import-not-utf8 = le fichier n'est pas du texte UTF-8 (enregistrez-le en « CSV UTF-8 »)
import-empty = le fichier n'a pas d'en-tête ou personne à inscrire
import-unreadable = ligne illisible (guillemet non fermé ?)
import-missing-column = colonne « { $column } » absente de l'en-tête
import-duplicate-column = colonne « { $column } » présente deux fois
import-bad-user-id = « { $value } » n'est pas un identifiant Discord (un nombre, par ex. 1234567890123456789)
import-bad-role = rôle « { $value } » inconnu : mentor ou mentoré
import-bad-capacity = capacité « { $value } » invalide : de 1 à 3 pour un·e mentor
import-mentee-capacity = la capacité d'un·e mentoré·e vaut 1
import-empty-company = entreprise manquante
import-too-long = { $what } trop long (au plus { $max } caractères)
import-no-theme = aucun thème (séparez-les par |)
import-too-many-themes = plus de { $max } thèmes
import-unknown-theme = « { $theme } » n'est pas un thème du programme
import-not-a-member = { $user } n'est pas membre du serveur
import-already-enrolled = { $user } est déjà inscrit·e au programme
import-twice = { $user } figure déjà ligne { $first }

## /binôme

pair-created = Binôme créé : { $members } dans { $channel }.
pair-created-no-charter = Binôme créé : { $members } dans { $channel }. ⚠️ Discord a refusé le message d'accueil : la charte n'a pas pu être postée.
pair-list-empty = Aucun binôme pour l'instant.
pair-list-header = **Binômes** ({ $count })
pair-line = #{ $id } — { $status } — { $members } — dernier RDV : { $last }
pair-member-signed = { $user } ✅ charte signée
pair-member-unsigned = { $user } ⏳ charte non signée

## Salon du binôme et charte

pair-welcome =
    Bienvenue dans votre salon de binôme, { $members } !
    Ce salon est privé : seuls les membres du binôme le voient. La coordination n'y a pas accès et binome ne lit pas vos messages.
    Pour commencer, lisez la charte ci-dessous et signez-la.
charter-title = Charte du programme de mentorat
charter-button = Je signe la charte
charter-signed = Merci ! Votre signature de la charte est enregistrée ({ $at }).
charter-already-signed = Vous avez déjà signé la charte le { $at } : c'est bien enregistré.
charter-signed-public = { $user } a signé la charte.

## /confidentialité

privacy-intro = Voici **exactement** ce que la coordination voit de vous. Elle ne voit jamais le contenu de votre salon de binôme, ni votre objectif de progression.
privacy-not-enrolled = Vous n'êtes inscrit·e à aucun programme en cours sur ce serveur : la coordination ne voit rien vous concernant.
privacy-role = Rôle : { $role }
privacy-company = Entreprise : { $company }
privacy-themes = Thèmes : { $themes }
privacy-enrolled = Inscrit·e le : { $date }
privacy-pair = Binôme : #{ $id } ({ $status }) avec { $partners }
privacy-no-pair = Binôme : aucun pour l'instant
privacy-charter = Charte signée : { $signed }
privacy-meetings = Rendez-vous tenus par mois : { $grid } — dernier : { $last }
privacy-sessions = Temps collectifs où vous étiez présent·e : { $sessions }
privacy-followup = Dernier point de suivi avec la coordination : { $date }
privacy-tripartite = Réunion tripartite du { $when } : { $status ->
        [proposed] proposée
        [scheduled] prévue
        [declined] déclinée
        [held] a eu lieu
        [not_held] n'a pas eu lieu
       *[cancelled] annulée
    }
privacy-never = Jamais visible par la coordination : vos messages, vos fichiers, votre objectif de progression.
never = jamais
none = aucun

## Rendez-vous

err-bad-time = Je ne comprends pas l'heure « { $input } ». Exemples acceptés : 14h, 14h30, 14:30.
err-bad-duration = Je ne comprends pas la durée « { $input } ». Exemples acceptés : 1h, 45min, 1h30 (entre 5 minutes et 8 heures).
err-in-the-past = Ce moment est déjà passé : choisissez une date et une heure à venir.
err-outside-programme = Cette date est hors du programme, qui va du { $start } au { $end } : choisissez un jour entre ces deux dates.
err-in-the-future = Cette date est dans le futur : pour un rendez-vous à venir, utilisez /rendez-vous planifier.
err-nonexistent-time = Cette heure n'existe pas ce jour-là (passage à l'heure d'été : les horloges sautent une heure). L'heure valide la plus proche est { $nearest }.
err-not-pair-channel = Cette commande s'utilise dans le salon de votre binôme.
err-no-upcoming-meeting = Aucun rendez-vous à venir n'est prévu. Planifiez-en un avec /rendez-vous planifier.
err-unknown-meeting = Ce rendez-vous n'existe plus.

meeting-scheduled = 📅 Rendez-vous planifié le { $when }, { $minutes } min, { $mode }. Je vous le rappellerai la veille et une heure avant.
meeting-list-empty = Aucun rendez-vous pour l'instant.
meeting-list-header = **Rendez-vous du binôme**
meeting-line = { $when } — { $status }
meeting-cancelled = Le rendez-vous du { $when } est annulé ; ses rappels aussi.
meeting-done = ✅ Rendez-vous du { $date } noté comme ayant eu lieu.
mode-in_person = en présentiel
mode-video = en visio
mode-unspecified = format libre
meeting-status-scheduled = prévu
meeting-status-held = a eu lieu
meeting-status-postponed = reporté
meeting-status-cancelled = annulé
meeting-status-unconfirmed = non confirmé

reminder-message = ⏰ Rappel { $members } : votre rendez-vous est le { $when }.
posture-dm = 🧭 Repère de posture avant votre rendez-vous : { $prompt }
posture-fallback = 🧭 { $user }, votre repère de posture avant le rendez-vous (vos messages privés sont fermés, je le dépose ici) : { $prompt }
posture-reply = 🧭 **Repère de posture ({ $role })** — { $prompt }
checkin-message = { $members } Votre rendez-vous du { $when } a-t-il eu lieu ?
checkin-again = { $members } Petite relance : votre rendez-vous du { $when } a-t-il eu lieu ?
checkin-held = On s'est vu·e·s
checkin-postponed = Reporté
checkin-cancelled = Annulé
checkin-recorded = ✅ Noté par { $user } : { $status }.
checkin-already = C'est déjà noté : { $status }.
nudge-message = { $members } 🌱 Petit signe du programme : aucun rendez-vous n'est noté ce mois-ci. Quand vous aurez convenu d'une date, planifiez-la avec /rendez-vous planifier.

## Permissions of the bot on the server, as Discord's client names them.
perm-view-channels = Voir les salons
perm-send-messages = Envoyer des messages
perm-embed-links = Intégrer des liens
perm-attach-files = Joindre des fichiers
perm-read-message-history = Voir l'historique des messages
perm-manage-channels = Gérer les salons
perm-manage-roles = Gérer les rôles
perm-create-events = Créer des événements
perm-manage-events = Gérer les événements
perm-pin-messages = Épingler des messages

# Qui peut lancer une commande (tableau des commandes du README).
access-anyone = tout le monde
access-participant = participant·e inscrit·e au programme
access-pair-member = membre du binôme, dans son salon
access-coordinator = coordination
access-server-manager = personne qui gère le serveur (« Gérer le serveur »)
