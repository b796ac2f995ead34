# /objective : l'objectif de progression du ou de la mentoré·e, confidentiel au binôme.

cmd-objective = objectif
    .description = Fixer votre objectif de progression (mentoré·e, dans le salon du binôme)

objective-modal-title = Mon objectif de progression
objective-field-objective = Objectif
objective-field-objective-placeholder = Ce que je veux avoir appris ou changé d'ici la fin du programme
objective-field-milestones = Étapes (facultatif)
objective-field-measure = Comment le mesurer (facultatif)

objective-post-header = 🎯 **Objectif de progression de { $user }** (visible uniquement par le binôme)
objective-post-milestones = **Étapes :**
objective-post-measure = **Mesure :**
objective-posted = Votre objectif est publié et épinglé dans ce salon. La coordination voit seulement qu'un objectif est défini, jamais son contenu.
objective-pin-failed = Votre objectif est publié dans ce salon, mais je n'ai pas pu l'épingler (il me manque sans doute la permission « Épingler des messages ») : épinglez-le vous-même depuis le menu du message.
objective-post-failed = Je n'ai pas pu publier votre objectif dans ce salon ; rien n'a été enregistré. Le voici pour que vous ne le perdiez pas :
    { $text }

privacy-objective = Objectif défini : { $set } (jamais son contenu)

err-objective-mentees-only = Seul·e un·e mentoré·e du binôme fixe son objectif de progression.
err-objective-empty = L'objectif ne peut pas être vide.
