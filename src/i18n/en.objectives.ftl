# /objective: the mentee's progression objective, confidential to the pair.

cmd-objective = objective
    .description = Set your progression objective (mentee, in the pair channel)

objective-modal-title = My progression objective
objective-field-objective = Objective
objective-field-objective-placeholder = What I want to have learnt or changed by the end of the programme
objective-field-milestones = Milestones (optional)
objective-field-measure = How it will be measured (optional)

objective-post-header = 🎯 **Progression objective of { $user }** (visible to the pair only)
objective-post-milestones = **Milestones:**
objective-post-measure = **Measure:**
objective-posted = Your objective is posted and pinned in this channel. The coordinator only sees that an objective is set, never its content.
objective-pin-failed = Your objective is posted in this channel, but I could not pin it (I probably lack the Pin Messages permission): pin it yourself from the message's menu.
objective-post-failed = I could not post your objective in this channel; nothing was recorded. Here it is so you do not lose it:
    { $text }

privacy-objective = Objective set: { $set } (never its content)

err-objective-mentees-only = Only a mentee of the pair sets its progression objective.
err-objective-empty = The objective cannot be empty.
