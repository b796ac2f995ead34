## /join and the coordinators' decisions

cmd-join = join
    .description = Ask to join the mentoring programme while it recruits
    .role = role
    .role-description = Mentor or mentee
    .theme = theme
    .theme-description = Mentors: a theme you are experienced in; mentees: the theme to progress on
    .theme2 = theme2
    .theme2-description = A second theme of the programme (optional)
    .theme3 = theme3
    .theme3-description = A third theme of the programme (optional)
    .capacity = capacity
    .capacity-description = Mentors: how many mentees you can take (1 to 3, 1 by default)
cmd-participant-approve = approve
    .description = Approve a request to join (the person is enrolled)
    .user = user
    .user-description = The person whose request is approved
cmd-participant-refuse = refuse
    .description = Refuse a request to join, with the reason's category
    .user = user
    .user-description = The person whose request is refused
    .reason = reason
    .reason-description = The reason's category (no free text is stored)

choice-refusal_full = Programme full
choice-refusal_profile = Profile does not fit the programme
choice-refusal_duplicate = Duplicate request
choice-refusal_other = Other reason

join-notice = **Before you join: your data**
    • **What is stored**: your Discord id, your role (mentor or mentee), your company, your themes, how many mentees you can take and the date you agreed. Never the content of your progression objective.
    • **Who sees what**: the coordination sees your enrolment, then your attendance and your pair's status, never what you say. Your pair channel is private to the pair.
    • **How long**: the programme's duration; then the data is deleted on your request or by the coordination.
    • **Your rights**: /privacy shows what is held about you; ask the coordination to correct or erase it.
    Nothing is stored until you accept and give your company.
join-accept = I accept and continue
join-decline = No thanks
join-declined = Nothing was stored.
join-form-title = Your enrolment
join-form-company = Your company or organisation
join-requested = Thank you! Your enrolment awaits the coordination's approval.
join-approved = Request approved: { $user } is enrolled as { $role } ({ $company }).
join-refused = { $user }'s request refused ({ $reason }).
participant-list-pending = **Awaiting approval** ({ $count }): { $users }{ $more ->
        [0] {""}
       *[other] {" "}and { $more } more
    }
programme-recruiting-until = Self-enrolment (/join) open until { $date } included.

err-join-not-open = Self-enrolment is not open for this programme. Ask the coordination to enrol you.
err-join-closed = Self-enrolment for this programme is closed. Ask the coordination to enrol you.
err-join-enrolled = You are already enrolled in this programme.
err-join-pending = Your request to join already awaits the coordination's approval.
err-join-refused = Your request to join was refused; please talk to the coordination.
err-join-notice-outdated = The privacy notice has changed since: run /join again to read the new one.
err-join-theme-gone = The programme's themes have changed: run /join again.
err-no-join-request = { $user } has no pending request to join.
err-recruiting-after-end = Self-enrolment must end before the programme does.

privacy-request = Your request to join ({ $status }) holds exactly this, which the coordination sees:
privacy-request-pending = awaiting approval
privacy-request-refused = refused: { $reason }
privacy-request-capacity = Mentees you can take: { $capacity }
privacy-request-consent = Consent to the privacy notice (version { $version }) on: { $date }
join-dm-approved = Your request to join the mentoring programme is approved: welcome! The coordination will introduce your pair soon.
join-dm-refused = Your request to join the mentoring programme was not accepted ({ $reason }). Please talk to the coordination about it.
join-dm-failed = This person does not accept direct messages: let them know another way.
err-join-decided = Someone else in the coordination has just decided on this request.
