# binome — English texts (second language).

cmd-setup = setup
    .description = Set up binome on this server: coordinator role and channel
    .coordinator_role = coordinator_role
    .coordinator_role-description = The role of the programme's coordinators
    .coordinator_channel = coordinator_channel
    .coordinator_channel-description = The channel where binome writes to coordinators
    .announcement_channel = announcement_channel
    .announcement_channel-description = The channel where binome announces collective sessions to participants
    .create_circles = create_circles
    .create_circles-description = Create the mentors' circle and the mentees' circle (peer channels)
cmd-programme = programme
    .description = Manage the mentoring programme
cmd-programme-create = create
    .description = Create this server's mentoring programme
    .name = name
    .name-description = Programme name, e.g. "Mentoring 2027"
    .start = start
    .start-description = Start date: 12/01/2027 (day/month) or 2027-01-12
    .end = end
    .end-description = End date: 15/12/2027 (day/month) or 2027-12-15
    .themes = themes
    .themes-description = Comma-separated themes (default: the Rally'nov programme's)
    .time_zone = time_zone
    .time_zone-description = IANA time zone, Europe/Paris by default
    .recruiting_until = recruiting_until
    .recruiting_until-description = Last day of self-enrolment (/join); closed when absent
cmd-programme-status = status
    .description = Where the programme stands: enrolled people, pairs, signed charters
cmd-programme-close = close
    .description = Close the running programme
cmd-participant = participant
    .description = Manage the programme's participants
cmd-participant-add = add
    .description = Enrol someone as mentor or mentee
    .user = user
    .user-description = The person to enrol
    .role = role
    .role-description = Mentor or mentee
    .company = company
    .company-description = Their company or organisation
    .themes = themes
    .themes-description = Their themes, comma-separated (from the programme's)
    .capacity = capacity
    .capacity-description = Mentors: how many mentees they can take (1 to 3, 1 by default)
cmd-participant-import = import
    .description = Enrol everyone in a CSV file at once (columns described in the README)
    .file = file
    .file-description = The CSV file: discord_id, role, company, themes (separated by |), capacity
cmd-participant-list = list
    .description = List participants and their pair
cmd-participant-remove = remove
    .description = Remove someone from the programme
    .user = user
    .user-description = The person to remove
cmd-pair = pair
    .description = Manage pairs
cmd-pair-create = create
    .description = Form a pair and create its private channel
    .mentor = mentor
    .mentor-description = The mentor
    .mentee = mentee
    .mentee-description = The mentee
    .mentee2 = mentee2
    .mentee2-description = A second mentee (optional)
    .mentee3 = mentee3
    .mentee3-description = A third mentee (optional)
cmd-pair-list = list
    .description = List pairs, their status and signed charters
cmd-privacy = privacy
    .description = See exactly what the coordinators see about you

cmd-meeting = meeting
    .description = Schedule and follow the pair's meetings (in your channel)
cmd-meeting-schedule = schedule
    .description = Schedule a pair meeting
    .date = date
    .date-description = Date: 12/03 (day/month), 12/03/2027 or 2027-03-12
    .time = time
    .time-description = Time: 14h, 14h30 or 14:30
    .duration = duration
    .duration-description = Duration: 1h, 45min, 1h30 (1 h by default)
    .mode = mode
    .mode-description = In person or by video
cmd-meeting-list = list
    .description = See upcoming meetings and the last past ones
cmd-meeting-cancel = cancel
    .description = Cancel the next scheduled meeting
cmd-meeting-done = done
    .description = Record a meeting that took place without being scheduled here
    .date = date
    .date-description = Date of the meeting (today by default)
cmd-posture = posture
    .description = Get a posture prompt for your role

choice-in_person = In person
choice-video = By video

choice-mentor = Mentor
choice-mentee = Mentee

role-mentor = mentor
role-mentee = mentee
status-active = active
status-at_risk = at risk
status-paused = paused
status-ended = ended
yes = yes
no = no

err-internal = Sorry, something went wrong on our side. Nothing was lost; try again in a moment. If it happens again, give this code to the technical team: { $id }
err-not-in-guild = This command is used in a server, not in direct messages.
err-bad-argument = I did not understand this value: "{ $input }". Check the command and try again.
err-need-manage-server = You need the "Manage Server" permission to set binome up.
err-not-set-up = binome is not set up on this server yet: someone who manages the server must run /setup.
err-not-coordinator = This command is for the programme's coordinators only.
err-no-programme = No programme is running on this server. Create one with /programme create.
err-programme-exists = The programme "{ $name }" is already running. Close it with /programme close before creating another one.
err-empty-name = The name cannot be empty.
err-too-long = Text too long ({ $what }): { $max } characters at most.
err-bad-date = I don't understand the date "{ $input }". Accepted examples: 12/03/2027 (day/month), 12/03, 2027-03-12.
err-end-before-start = The end date must come after the start date.
err-programme-too-long = A programme lasts { $years } years at most.
err-bad-time-zone = "{ $input }" is not a known time zone. Examples: Europe/Paris, America/New_York.
err-no-theme = Give at least one theme.
err-too-many-themes = { $max } themes at most.
err-unknown-theme = "{ $theme }" is not one of the programme's themes. Possible themes: { $available }.
err-empty-company = Give the company or organisation.
err-bad-capacity = A mentor takes 1 to { $max } mentees: give a capacity between 1 and { $max }.
err-mentee-capacity = Capacity applies to mentors only: a mentee's is 1.
err-already-enrolled = This person is already enrolled in the programme.
err-paired-meanwhile = One of these people was just paired elsewhere. Check with /pair list.
err-not-enrolled = { $user } is not enrolled in the programme. Enrol them with /participant add.
err-still-paired = { $user } is in a running pair: they cannot be removed from the programme for now.
err-not-pair-member = This button is for this pair's members only.
err-unknown-pair = This pair no longer exists.
err-guild-full = The server has reached Discord's limit of { $limit } channels: no channel can be added. Archive or delete unused channels.
err-bot-permissions = binome lacks the permissions it needs (Manage Channels, Manage Roles). Re-invite it with the link in the README or adjust its role.
err-discord-refused = Discord refused the action: { $reason }
err-not-a-mentor = { $user } is not enrolled as a mentor.
err-not-a-mentee = { $user } is not enrolled as a mentee.
err-duplicate-member = { $user } appears twice in this pair.
err-too-many-mentees = A mentor takes { $max } mentees at most.
err-same-company = { $mentor } and { $mentee } both work for { $company }: the programme pairs people from different companies.
err-already-paired = { $user } is already in a running pair.

setup-done = binome is set up. Coordinator role: { $role }.
setup-channel = Coordinator channel: { $channel }.
setup-warn-admin = ⚠️ The role { $role } has the Administrator permission: Discord lets it read every channel, pair channels included. Remove that permission to keep the confidentiality promise.
setup-warn-owner = ⚠️ The server owner has the coordinator role: Discord lets the owner read every channel, pair channels included. Give coordination to another account.
setup-warn-bot = ⚠️ binome is missing these permissions: { $perms }. Without them it cannot do all its work (pair channels, collective sessions' events).

programme-created = Programme "{ $name }" created: from { $start } to { $end } ({ $tz }). Themes: { $themes }.
programme-status = **{ $name }** — from { $start } to { $end } ({ $tz })
    Enrolled: { $mentors } mentor(s), { $mentees } mentee(s), { $unpaired } of them without a pair
    Running pairs: { $pairs }, { $charters } of them with the charter signed by all
    Pairs at risk (no meeting for a long time): { $at_risk }
    Requests to join awaiting a decision: { $pending }
    Reminders that failed for good: { $dead }
programme-closed = The programme "{ $name }" is closed.

participant-added = { $user } is enrolled as { $role } ({ $company }).
participant-list-empty = Nobody is enrolled yet.
participant-list-header = **Participants** ({ $count })
participant-list-counts = { $mentors } mentor(s) · { $mentees } mentee(s) · { $unpaired } without a pair
participant-line = { $user } — { $role }, { $company } — pair: { $pair }
participant-removed = { $user } was removed from the programme.
import-done = { $count } people enrolled: { $mentors } mentors, { $mentees } mentees.
import-circles-opened = Circles opened to { $count } people.
import-circles-failed = Everyone is enrolled, but Discord refused to open the circles: { $reason }
import-rejected = File refused, nobody was enrolled: { $count } error(s). Fix them, then import the whole file again.
import-more-errors = … and { $count } more errors.
import-not-a-file = Attach a CSV file (.csv, UTF-8 text).
import-too-large = The file is larger than { $max } KiB: split it into several files.
import-download-failed = The file could not be downloaded from Discord; try again.
import-members-unavailable = binome cannot list the server's members to check the file: turn on "Server Members Intent" for the application in Discord's developer portal, then try again.
import-line = line { $row }: { $reason }
import-file = file: { $reason }
import-too-large-file = the file is larger than { $max } KiB
import-too-many-rows = more than { $max } people in one file
import-not-utf8 = the file is not UTF-8 text (save it as "CSV UTF-8")
import-empty = the file has no header or nobody to enrol
import-unreadable = unreadable line (an unclosed quote?)
import-missing-column = column "{ $column }" missing from the header
import-duplicate-column = column "{ $column }" given twice
import-bad-user-id = "{ $value }" is not a Discord user id (a number, e.g. 1234567890123456789)
import-bad-role = unknown role "{ $value }": mentor or mentee
import-bad-capacity = invalid capacity "{ $value }": 1 to 3 for a mentor
import-mentee-capacity = a mentee's capacity is 1
import-empty-company = company missing
import-too-long = { $what } too long (at most { $max } characters)
import-no-theme = no theme (separate them with |)
import-too-many-themes = more than { $max } themes
import-unknown-theme = "{ $theme }" is not one of the programme's themes
import-not-a-member = { $user } is not a member of the server
import-already-enrolled = { $user } is already enrolled in the programme
import-twice = { $user } is already on line { $first }

pair-created = Pair created: { $members } in { $channel }.
pair-created-no-charter = Pair created: { $members } in { $channel }. ⚠️ Discord refused the welcome message: the charter could not be posted.
pair-list-empty = No pair yet.
pair-list-header = **Pairs** ({ $count })
pair-line = #{ $id } — { $status } — { $members } — last meeting: { $last }
pair-member-signed = { $user } ✅ charter signed
pair-member-unsigned = { $user } ⏳ charter not signed

pair-welcome =
    Welcome to your pair channel, { $members }!
    This channel is private: only the pair's members see it. Coordinators have no access and binome does not read your messages.
    To start, read the charter below and sign it.
charter-title = Mentoring programme charter
charter-button = I sign the charter
charter-signed = Thank you! Your signature of the charter is recorded ({ $at }).
charter-already-signed = You already signed the charter on { $at }: it is recorded.
charter-signed-public = { $user } signed the charter.

privacy-intro = Here is **exactly** what coordinators see about you. They never see the content of your pair channel, nor your progression objective.
privacy-not-enrolled = You are not enrolled in a running programme on this server: coordinators see nothing about you.
privacy-role = Role: { $role }
privacy-company = Company: { $company }
privacy-themes = Themes: { $themes }
privacy-enrolled = Enrolled on: { $date }
privacy-pair = Pair: #{ $id } ({ $status }) with { $partners }
privacy-no-pair = Pair: none yet
privacy-charter = Charter signed: { $signed }
privacy-meetings = Meetings held per month: { $grid } — last: { $last }
privacy-sessions = Collective sessions you attended: { $sessions }
privacy-followup = Last follow-up with the coordinators: { $date }
privacy-tripartite = Tripartite meeting of { $when }: { $status ->
        [proposed] proposed
        [scheduled] scheduled
        [declined] declined
        [held] took place
        [not_held] did not take place
       *[cancelled] cancelled
    }
privacy-never = Never visible to coordinators: your messages, your files, your progression objective.
never = never
none = none

err-bad-time = I don't understand the time "{ $input }". Accepted examples: 14h, 14h30, 14:30.
err-bad-duration = I don't understand the duration "{ $input }". Accepted examples: 1h, 45min, 1h30 (between 5 minutes and 8 hours).
err-in-the-past = That moment has passed: choose a date and time to come.
err-outside-programme = That date is outside the programme, which runs from { $start_iso } to { $end_iso }: choose a day between those two dates.
err-in-the-future = That date is in the future: for an upcoming meeting use /meeting schedule.
err-nonexistent-time = That time does not exist that day (clocks jump forward for summer time). The nearest valid time is { $nearest }.
err-not-pair-channel = Use this command in your pair's channel.
err-no-upcoming-meeting = No upcoming meeting is scheduled. Schedule one with /meeting schedule.
err-unknown-meeting = This meeting no longer exists.

meeting-scheduled = 📅 Meeting scheduled on { $when }, { $minutes } min, { $mode }. I will remind you the day before and one hour before.
meeting-list-empty = No meeting yet.
meeting-list-header = **The pair's meetings**
meeting-line = { $when } — { $status }
meeting-cancelled = The meeting of { $when } is cancelled, and so are its reminders.
meeting-done = ✅ Meeting of { $date } recorded as held.
mode-in_person = in person
mode-video = by video
mode-unspecified = format open
meeting-status-scheduled = scheduled
meeting-status-held = held
meeting-status-postponed = postponed
meeting-status-cancelled = cancelled
meeting-status-unconfirmed = unconfirmed

reminder-message = ⏰ Reminder { $members }: your meeting is on { $when }.
posture-dm = 🧭 Posture prompt before your meeting: { $prompt }
posture-fallback = 🧭 { $user }, your posture prompt before the meeting (your DMs are closed, so it is here): { $prompt }
posture-reply = 🧭 **Posture prompt ({ $role })** — { $prompt }
checkin-message = { $members } Did your meeting of { $when } take place?
checkin-again = { $members } A gentle follow-up: did your meeting of { $when } take place?
checkin-held = We met
checkin-postponed = Postponed
checkin-cancelled = Cancelled
checkin-recorded = ✅ Recorded by { $user }: { $status }.
checkin-already = Already recorded: { $status }.
nudge-message = { $members } 🌱 A word from the programme: no meeting is recorded this month. Once you agree on a date, schedule it with /meeting schedule.

## Permissions of the bot on the server, as Discord's client names them.
perm-view-channels = View Channels
perm-send-messages = Send Messages
perm-embed-links = Embed Links
perm-attach-files = Attach Files
perm-read-message-history = Read Message History
perm-manage-channels = Manage Channels
perm-manage-roles = Manage Roles
perm-create-events = Create Events
perm-manage-events = Manage Events
perm-pin-messages = Pin Messages

# Who may run a command (the README's table of commands).
access-anyone = anyone
access-participant = a participant enrolled in the programme
access-pair-member = a pair member, in their pair channel
access-coordinator = coordinators
access-server-manager = someone who manages the server ("Manage Server")
