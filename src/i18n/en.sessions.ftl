# binome — sessions (en)
# Collective sessions (kickoff, mid-term, closing), circles, announcement channel.

## Commands

cmd-session = session
    .description = Plan and follow the programme's collective sessions
cmd-session-add = add
    .description = Plan a collective session (Discord event, announcement and reminders)
    .kind = kind
    .kind-description = Kickoff, mid-term, closing or other
    .date = date
    .date-description = Date: 2027-03-12 or 12/03/2027 (default: programme start, middle or end)
    .time = time
    .time-description = Time: 14:00, 14h or 14h30 (14:00 by default)
    .place = place
    .place-description = Address, room or video link
cmd-session-list = list
    .description = See sessions, answers and attendance (as counts)
cmd-session-cancel = cancel
    .description = Cancel a session and tell those who were coming
    .session = session
    .session-description = The session's number (see /session list)
cmd-session-attendance = attendance
    .description = Mark a participant present at a session
    .session = session
    .session-description = The session's number (see /session list)
    .participant = participant
    .participant-description = The person who was there

choice-kickoff = Kickoff
choice-mid-term = Mid-term
choice-closing = Closing
choice-other = Other

## Vocabulary

session-kind-kickoff = Kickoff
session-kind-mid_term = Mid-term
session-kind-closing = Closing
session-kind-other = Gathering
session-status-scheduled = planned
session-status-cancelled = cancelled
session-place-tbd = Place to be announced by the coordinators
session-event-name = { $kind } — { $programme }
session-event-description = Collective session of the “{ $programme }” programme. Say whether you are coming with the announcement's buttons.

## Errors

err-session-date-needed = For a session of kind “other”, give the date (e.g. 2027-03-12).
err-session-nowhere = There is nowhere to announce the session to participants yet. Choose an announcement channel with /setup announcement_channel, or create the circles with /setup create_circles.
err-session-unknown = Session #{ $id } does not exist in the current programme. See the numbers with /session list.
err-session-cancelled = This session was cancelled.
err-session-over = This session is over.
err-session-not-participant = This button is for the mentoring programme's participants.
err-session-checkin-early = Attendance can be noted from { $at } (half an hour before the start).
err-session-checkin-closed = It is too late to note your attendance at this session: it was possible until two hours after the end. If you were there, tell the coordinators.
err-session-event-permission = binome may not create events on this server (“Create Events” and “Manage Events”). Invite it again with the README's link or adjust its role.

## /setup

setup-announcement = Session announcement channel: { $channel }.
setup-circles-created = Circles created: { $channels }.
setup-circles-existing = Circles already there: { $channels }.
setup-circles-opened = { $count } participant(s) already enrolled can see them.
circle-name-mentor = mentors-circle
circle-name-mentee = mentees-circle
circle-topic-mentor = Mentors' circle: peer exchange. Visible to the programme's mentors and the coordinators.
circle-topic-mentee = Mentees' circle: peer exchange. Visible to the programme's mentees and the coordinators.
participant-circle-opened = Access opened to { $channel }.
participant-circle-failed = ⚠️ Discord refused to open the circle to this person: { $reason }
participant-circle-closed = Access to the circles withdrawn.

## /session

session-added = ✅ Session “{ $kind }” (#{ $id }) planned on { $when }, until { $end }. Place: { $place }.
session-added-event = Discord event created.
session-added-announced = Announced in { $channels }. Participants are reminded a week, a day and an hour before.
session-added-not-announced = ⚠️ Discord refused the announcement in { $channels }: check that binome can write there.
session-list-empty = No session planned. Plan one with /session add.
session-list-header = **Collective sessions** ({ $count }, { $cancelled } of them cancelled)
session-line = #{ $id } — { $kind } — { $when } — { $status } — { $coming } coming, { $declined } cannot, of { $invited } invited — present: { $present }
session-cancelled-reply = Session “{ $kind }” on { $when } is cancelled, and its reminders too. { $count ->
    [0] Nobody had said they were coming yet.
    [one] The person who said they were coming will be told.
   *[other] The { $count } people who said they were coming will be told.
}
session-cancelled-event-kept = ⚠️ Discord refused to delete the event: delete it by hand.
session-presence-marked = ✅ { $user } marked present at session “{ $kind }”.
session-presence-already = { $user } was already marked present ({ $at }).

## Announcement, buttons and the bot's messages

session-announcement =
    📣 **Collective session — { $kind }**
    On { $when }, until { $end }.
    Place: { $place }
    Will you be there? Your answer helps the coordinators prepare.
session-event-link = Event: { $url }
session-button-coming = I'm coming
session-button-not-coming = I can't make it
session-button-present = I'm here
session-rsvp-coming = Noted: you are coming to session “{ $kind }” on { $when }. You will get reminders; change your mind any time with the other button.
session-rsvp-not-coming = Noted: you cannot come to session “{ $kind }”. Thanks for saying so; you will get no reminder.
session-checkin-message = 🟢 Session “{ $kind }” is starting. Are you here? Note your attendance:
session-present-recorded = ✅ Your attendance is noted. Enjoy the session!
session-present-already = Already noted: your attendance was recorded { $at }.
session-when-week = in a week
session-when-day = tomorrow
session-when-hour = in an hour
session-when-soon = soon
session-reminder-dm = ⏰ Reminder: collective session “{ $kind }” is { $delay }, on { $when }. Place: { $place }.
session-reminder-fallback = ⏰ { $members } Reminder: collective session “{ $kind }” is { $delay }, on { $when }. Place: { $place }. (Your DMs are closed, so I am telling you here.)
session-cancelled-note = ❌ Session “{ $kind }” on { $when } is cancelled.
session-cancelled-dm = ❌ Collective session “{ $kind }” on { $when }, which you said you would attend, is cancelled.
session-cancelled-fallback = ❌ { $members } Session “{ $kind }” on { $when }, which you said you would attend, is cancelled. (Your DMs are closed, so I am telling you here.)
circle-role-mentor = Mentors' circle
circle-role-mentee = Mentees' circle
