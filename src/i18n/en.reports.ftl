# binome — reports (en)

## Commands

cmd-attendance = attendance
    .description = Pairs' attendance: meetings per month, status, charter (coordinators)
cmd-report = report
    .description = Export the programme's attendance (coordinators)
cmd-report-csv = csv
    .description = Attendance as a CSV file, ready for a spreadsheet
cmd-report-chart = chart
    .description = Heat map of meetings held (pairs × months)

## Months

month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec

## /attendance

attendance-header = **Attendance — { $name }** ({ $pairs } pairs)
attendance-empty = No pair yet: create some with /pair create.
attendance-months = `{ $initials }` months from { $from } to { $to }
attendance-pair = `{ $grid }` **#{ $id }** { $members } — { $status } — charter { $charter } — objective { $objective } — last meeting: { $last }
attendance-legend = Grid: meetings held each month (· = month to come). Charter ✓: signed by every member. Objective: — while binome does not track it.
attendance-met-share = **Pairs that met**: { $shares }
attendance-share = { $month } { $met }/{ $pairs } ({ $percent } %)
attendance-sessions-header = **Collective sessions** (present out of enrolled):
attendance-session = • { $kind } on { $date }: { $present }/{ $invited } ({ $percent } %)
attendance-participants-header = **Participants** — sessions attended · last follow-up:
attendance-participant = • { $user } ({ $role }, pair { $pair }) — sessions: { $sessions } — last follow-up: { $followup }

## /report

report-file-stem = attendance
report-col-pair = Pair
report-col-status = Status
report-col-mentor = Mentor
report-col-mentees = Mentees
report-col-charter = Charter signed
report-col-objective = Objective set
report-col-last = Last meeting
report-csv-ready = Attendance of the programme “{ $name }” ({ $pairs } pairs), ready to open in a spreadsheet.
report-chart-ready = Meetings held per pair and per month — programme “{ $name }”.
report-chart-title = Meetings held — { $name }
report-chart-title-part = Meetings held — { $name } ({ $part }/{ $parts })
report-chart-order = Pairs at risk first, then those whose last meeting is the oldest; ended pairs last.
report-chart-images = { $pairs } pairs in { $images } images of at most { $per }.
report-chart-left-out = { $count ->
    [one] One pair is not drawn
   *[other] { $count } pairs are not drawn
} (Discord takes at most { $max } images per message): the file from /report csv has every pair.
report-legend-none = none
report-legend-one = 1
report-legend-two = 2
report-legend-more = 3 or more
report-legend-future = to come

## Weekly digest

digest-header = **This week's summary — { $name }**
digest-counts = { $open } running pairs, { $at_risk } of them at risk; { $new } became “at risk” this week; { $due } follow-up(s) due.
digest-no-new-risk = No pair has become “at risk” since the last summary.
digest-newly-at-risk = Became “at risk” since the last summary ({ $count }):
digest-at-risk-more = … and { $count } more (see /attendance, filter “At risk”).
digest-at-risk-line = • #{ $id } { $members } — last meeting: { $last }
digest-sessions = Collective sessions in the next two weeks:
digest-session-line = • { $kind } — { $when }
digest-sessions-more = … and { $count } more (see /session list).
digest-followups = Follow-ups due ({ $count }):
digest-followup-line = • { $user } — last follow-up: { $last }
digest-more = … and { $count } more (see /followup due).
