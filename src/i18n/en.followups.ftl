# binome — followups (en)
# Individual follow-ups and tripartite meetings.

## Commands

cmd-followup = followup
    .description = The coordinator's individual follow-ups with participants
cmd-followup-log = log
    .description = Log a follow-up: the date and how, never what was said
    .participant = participant
    .participant-description = The person you met
    .date = date
    .date-description = Day of the follow-up: 12/03 (the last 12 March) or 2027-03-12; today by default
    .kind = kind
    .kind-description = Call, visit or video
cmd-followup-due = due
    .description = Who is waiting for a follow-up: never followed up, or the last one too long ago
cmd-tripartite = tripartite
    .description = Tripartite meetings: mentor, mentee and coordinator
cmd-tripartite-propose = propose
    .description = Propose a tripartite meeting to a pair; it happens only if every member accepts
    .pair = pair
    .pair-description = The pair's number, as /pair list shows it
    .date = date
    .date-description = Date: 12/03, 12/03/2027 or 2027-03-12
    .time = time
    .time-description = Time: 14h, 14h30 or 14:30
cmd-tripartite-list = list
    .description = See the proposed tripartite meetings and their status

choice-followup_call = Call
choice-followup_visit = Visit
choice-followup_video = Video

## Follow-ups

followup-logged = ✅ Follow-up with { $user } logged on { $date } ({ $kind }).
followup-kind-call = call
followup-kind-visit = visit
followup-kind-video = video
followup-kind-none = kind not given
followup-due-empty = Everyone had a follow-up within the last { $days } days.
followup-due-header = **Follow-ups due** — none for more than { $days } days: { $count } person(s), oldest first
followup-due-line = • { $user } ({ $role }) — last follow-up: { $last }
followup-last = { $date } ({ $days } days ago)
followup-never = never

err-followup-future = A follow-up is logged once it happened: this date is in the future. Give the day you met.

## Tripartite meetings

tri-proposed = 📨 Tripartite meeting proposed to pair #{ $pair } for { $when }. Each member gets the request by direct message; it happens only if everyone accepts. You will only learn whether it was accepted or declined, never who answered what.
tri-request =
    🤝 { $coordinator }, from the programme's coordination, proposes a tripartite meeting — you, your pair and the coordinator — on { $when }.
    It happens only if every member of the pair accepts. The coordinator will only learn whether it was accepted, never who answered what.
tri-accept = I accept
tri-decline = I decline
tri-answer-accepted = ✅ Answer noted: you accept. The meeting is confirmed once every member of the pair has accepted.
tri-answer-scheduled = ✅ Answer noted: the whole pair accepts, the tripartite meeting is confirmed.
tri-answer-declined = Answer noted: you decline. The tripartite meeting will not take place; the coordinator is told without learning who declined.
tri-already-answered = You already answered: { $answer ->
        [accepted] you accept
       *[declined] you decline
    }.
tri-scheduled = ✅ The tripartite meeting with pair #{ $pair } is confirmed for { $when }: every member accepted.
tri-confirmed = ✅ The tripartite meeting with the coordinator is confirmed for { $when }: the whole pair accepted.
tri-declined = The tripartite meeting proposed to pair #{ $pair } for { $when } was declined: it will not take place.
tri-called-off = The tripartite meeting proposed for { $when } will not take place.
tri-lapsed = The tripartite meeting proposed to pair #{ $pair } for { $when } did not get every answer in time: it will not take place.
tri-reminder = ⏰ Reminder: tripartite meeting (pair #{ $pair } and coordinator) on { $when }.
tri-outcome-question = Did the tripartite meeting take place? (pair #{ $pair }, { $when })
tri-held = It took place
tri-not-held = It did not take place
tri-outcome-recorded = ✅ Noted: { $status }.
tri-outcome-already = Already noted: { $status }.
tri-fallback = { $user }, your direct messages are closed: I am leaving this message here.
    { $text }
tri-status = { $status ->
        [proposed] proposed, waiting for answers
        [scheduled] confirmed
        [declined] declined
        [held] took place
        [not_held] did not take place
       *[cancelled] cancelled (answers incomplete)
    }
tri-list-empty = No tripartite meeting yet. Propose one with /tripartite propose.
tri-list-header = **Tripartite meetings** ({ $count })
tri-list-line = • pair #{ $pair } — { $when } — { $status }

err-tri-unknown-pair = No running pair has number { $id }. /pair list shows the numbers.
err-tri-pending = A tripartite meeting is already proposed or scheduled for this pair ({ $when }). Wait until it has taken place or been declined.
err-tri-unknown = This tripartite meeting no longer exists.
err-tri-not-yours = This request is addressed to another member of the pair: each member answers their own.
err-tri-closed = This tripartite meeting no longer awaits an answer: it is { $status ->
        [proposed] pending
        [scheduled] already confirmed
        [declined] declined
        [held] over
        [not_held] over
       *[cancelled] cancelled
    }.
err-tri-too-early = The tripartite meeting has not started yet: you can say afterwards whether it took place.
tri-answer-noted = ✅ Answer recorded.
