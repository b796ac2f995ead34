# /audit : vérification et réparation des permissions des salons de binôme.

cmd-audit = audit-confidentialité
    .description = Vérifier et réparer les permissions de chaque salon de binôme

audit-clean = Aucun salon de binôme à réparer : { $checked ->
    [one] le salon vérifié est conforme.
   *[other] les { $checked } salons vérifiés sont conformes.
}
audit-repaired = { $count ->
    [one] 1 binôme réparé
   *[other] { $count } binômes réparés
} sur { $checked } vérifiés.
audit-pair = Binôme n°{ $id } ({ $channel }) : { $fixes }
audit-fix-member = { $count ->
    [one] 1 accès de membre rétabli
   *[other] { $count } accès de membres rétablis
}
audit-fix-outsider = { $count ->
    [one] 1 accès extérieur retiré
   *[other] { $count } accès extérieurs retirés
}
audit-fix-everyone = salon de nouveau masqué à @everyone
audit-fix-coordinator = coordination de nouveau exclue
audit-fix-bot = droits d'envoi du bot rétablis
audit-missing = Binôme n°{ $id } : salon introuvable sur Discord.
audit-failed = Binôme n°{ $id } ({ $channel }) : vérification ou réparation impossible. Vérifiez que le bot a la permission « Gérer les rôles ».
audit-warn-owner = ⚠️ Le propriétaire du serveur ({ $owner }) voit tous les salons, quelles que soient ces permissions.
audit-warn-admin-roles = ⚠️ Ces rôles ont la permission Administrateur et voient tous les salons des binômes : { $roles }.
audit-circle-repaired = Cercle { $channel } : { $count ->
    [one] une permission remise en ordre
   *[other] { $count } permissions remises en ordre
} (il n'est visible que de son rôle et de la coordination).
audit-circle-failed = Cercle { $channel } : vérification ou réparation impossible. Vérifiez que le bot a la permission « Gérer les rôles ».
