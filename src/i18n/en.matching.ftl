# binome — matching (en)

## Commands

cmd-match = match
    .description = Suggest and form the programme's pairs (coordinators)
cmd-match-suggest = suggest
    .description = Suggest the best pairs among enrolled people without a pair
cmd-match-move = move
    .description = Change a mentee's mentor in the proposal
    .mentee = mentee
    .mentee-description = The mentee to move
    .mentor = mentor
    .mentor-description = Their new mentor (empty: take them out of the proposal)
cmd-match-confirm = confirm
    .description = Create every proposed pair and its channel

## Messages

match-summary = { $pairs ->
    [0] No pair proposed
    [one] 1 pair proposed
   *[other] { $pairs } pairs proposed
  } (total score { $score }), { $unmatched ->
    [0] everyone has a pair.
    [one] 1 person without a pair.
   *[other] { $unmatched } people without a pair.
  }
match-line = • { $mentor } ↔ { $mentee } — score { $score }
match-unmatched-line = • { $user }: no pair ({ $reason })
match-more-in-file = … and { $count } more lines in the file.
match-next-steps = Adjust with `/match move`, then create the pairs with `/match confirm`.
match-moved = { $mentee } is now proposed to { $mentor }.
match-unmatched = { $mentee } is taken out of the proposal.
match-starting = Creating the pairs…
match-progress = { $done } / { $total } channels created
match-confirmed = { $count ->
    [0] Every proposed pair already existed.
    [one] Done: 1 pair and its channel.
   *[other] Done: { $count } pairs and their channels.
  }
match-no-charter = { $count ->
    [one] In 1 channel the charter could not be posted: `/audit` reports it.
   *[other] In { $count } channels the charter could not be posted: `/audit` reports them.
  }
match-resume = What was created stays: run `/match confirm` again to resume where it stopped.
match-file-stem = proposed-pairs
match-col-mentor = mentor
match-col-mentee = mentee
match-col-score = score
match-col-reason = unmatched
match-reason-no-mentor-theme = no mentor has their themes
match-reason-no-mentee-theme = no mentee asks for their themes
match-reason-same-company = those who share their themes work for their company
match-reason-already-paired = already paired in an earlier programme with those who share their themes
match-reason-capacity = the mentors of their themes have no place left
match-reason-no-mentee-left = the mentees of their themes already have a mentor
match-reason-no-capacity = capacity of zero
match-reason-partner-available = someone compatible is still free (proposal changed by hand)

## Errors

err-no-match-proposal = No proposal yet: run `/match suggest` first.
err-match-confirmed = Creating the pairs has started: the proposal can no longer be changed.
err-match-unknown-person = { $user } is not among the enrolled people without a pair.
err-match-wrong-role = { $user } does not have that role in the programme.
err-match-same-company = { $mentor } and { $mentee } work for the same company: pairs are across companies.
err-match-earlier-pair = { $mentor } and { $mentee } were already paired in an earlier programme.
err-match-no-theme = { $mentor } has none of { $mentee }'s themes.
err-match-mentor-full = { $mentor } already has { $capacity ->
    [one] their mentee
   *[other] their { $capacity } mentees
  } (their capacity).
err-match-unfinished = Creating the proposed pairs is not finished ({ $done } / { $total }): run `/match confirm` again before a new proposal.
