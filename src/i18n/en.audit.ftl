# /audit: checking and repairing pair channel permissions.

cmd-audit = audit
    .description = Check and repair the permissions of every pair channel

audit-clean = No pair channel to repair: { $checked ->
    [one] the channel checked is as it should be.
   *[other] the { $checked } channels checked are as they should be.
}
audit-repaired = { $count ->
    [one] 1 pair repaired
   *[other] { $count } pairs repaired
} out of { $checked } checked.
audit-pair = Pair #{ $id } ({ $channel }): { $fixes }
audit-fix-member = { $count ->
    [one] 1 member's access restored
   *[other] { $count } members' access restored
}
audit-fix-outsider = { $count ->
    [one] 1 outside access removed
   *[other] { $count } outside accesses removed
}
audit-fix-everyone = channel hidden from @everyone again
audit-fix-coordinator = coordinators excluded again
audit-fix-bot = the bot's right to post restored
audit-missing = Pair #{ $id }: channel not found on Discord.
audit-failed = Pair #{ $id } ({ $channel }): could not check or repair. Make sure the bot has the Manage Roles permission.
audit-warn-owner = ⚠️ The server owner ({ $owner }) sees every channel, whatever these permissions say.
audit-warn-admin-roles = ⚠️ These roles have the Administrator permission and see every pair channel: { $roles }.
audit-circle-repaired = Circle { $channel }: { $count ->
    [one] one permission put back in order
   *[other] { $count } permissions put back in order
} (only its role and the coordinators see it).
audit-circle-failed = Circle { $channel }: could not check or repair it. Check that the bot has the Manage Roles permission.
