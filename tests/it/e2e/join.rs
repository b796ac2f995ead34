//! `/join` end to end: the privacy notice, its two buttons, the company form; nothing is
//! stored before the form is submitted; the coordinator sees who waits and approves or
//! refuses; the recruiting window closes `/join`.

use super::TestBot;
use crate::fake_discord::{Click, ModalSubmit, Reply, Slash, ALICE, CAROL, DAVE, ERIN, HEIDI};
use crate::support::discord::{MENTEE, MENTOR};
use crate::support::t;
use binome::app::ports::{JoinStore, Store};
use binome::domain::join::{JoinStatus, RefusalReason, PRIVACY_NOTICE_VERSION};
use binome::domain::{ProgrammeId, UserId};

/// Set up, and a programme from 12/01/2027 recruiting until 10/01/2027 (`None`: no window).
async fn programme(bot: &TestBot, recruiting_until: Option<&str>) {
    let r = bot.set_up().await;
    assert!(r.text().contains("configuré"), "{}", r.text());
    let mut create = Slash::new("programme")
        .sub("create")
        .string_opt("name", "Mentorat 2027")
        .string_opt("start", "12/01/2027")
        .string_opt("end", "15/12/2027")
        .by(ALICE);
    if let Some(until) = recruiting_until {
        create = create.string_opt("recruiting_until", until);
    }
    let r = bot.run(create).await;
    assert!(r.text().contains("Mentorat 2027"), "{}", r.text());
    if recruiting_until.is_some() {
        assert!(r.text().contains("10/01/2027"), "{}", r.text());
    }
}

async fn programme_id(bot: &TestBot) -> ProgrammeId {
    bot.running_programme().await.id
}

/// Neither a request nor a participant for `user`.
async fn nothing_stored(bot: &TestBot, user: u64, when: &str) {
    let id = programme_id(bot).await;
    assert!(
        bot.store
            .join_request(id, UserId(user))
            .await
            .unwrap()
            .is_none(),
        "a request was stored {when}"
    );
    assert!(
        bot.store
            .participant_by_user(id, UserId(user))
            .await
            .unwrap()
            .is_none(),
        "a participant was stored {when}"
    );
}

fn join_by(user: u64, role: i64, theme: &str) -> Slash {
    Slash::new("join")
        .int_opt("role", role)
        .string_opt("theme", theme)
        .by(user)
}

fn button_labelled(reply: &Reply, label: &str) -> String {
    reply
        .components
        .iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .find(|b| b["label"] == label)
        .and_then(|b| b["custom_id"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no button {label:?} in {:?}", reply.components))
}

async fn click(bot: &TestBot, on: &Reply, label: &str, by: u64) -> Reply {
    let id = button_labelled(on, label);
    bot.fake
        .click(Click::button(&id).on_reply(on).by(by))
        .await
        .reply()
        .await
}

/// `/join` by `user`, accepted, the form submitted with `company`; the last answer.
async fn join(bot: &TestBot, cmd: Slash, user: u64, company: &str) -> Reply {
    let notice = bot.run(cmd).await;
    let form = click(bot, &notice, "J'accepte et je continue", user).await;
    assert_eq!(form.kind, 9, "a form opens: {}", form.text());
    let form_id = form.raw["custom_id"].as_str().expect("the form's id");
    bot.fake
        .submit_modal(ModalSubmit::new(form_id).by(user).field("company", company))
        .await
        .reply()
        .await
}

#[tokio::test]
async fn join_stores_nothing_before_consent_then_waits_for_the_coordinator() {
    let bot = TestBot::start().await;
    programme(&bot, Some("10/01/2027")).await;

    // The notice, with its two buttons; nothing stored.
    let notice = bot
        .run(
            join_by(DAVE, MENTOR, "gouvernance")
                .string_opt("theme2", "Recrutement et intégration")
                .int_opt("capacity", 2),
        )
        .await;
    assert!(notice.ephemeral, "only the person reads the notice");
    let text = notice.text();
    for part in [
        "Ce qui est enregistré",
        "Qui voit quoi",
        "Combien de temps",
        "Vos droits",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    let accept = button_labelled(&notice, "J'accepte et je continue");
    button_labelled(&notice, "Non merci");
    assert!(accept.len() <= 100, "{accept}");
    nothing_stored(&bot, DAVE, "after /join").await;

    // Accepting opens the form; still nothing stored.
    let form = click(&bot, &notice, "J'accepte et je continue", DAVE).await;
    assert_eq!(form.kind, 9, "a form opens: {}", form.text());
    let form_id = form.raw["custom_id"].as_str().expect("the form's id");
    assert_eq!(
        bot.fake.modal_inputs(DAVE, form_id),
        vec![("company".to_owned(), true, Some(100))]
    );
    nothing_stored(&bot, DAVE, "after accepting the notice").await;

    // Submitting records the pending request with the consent.
    bot.clock.set(t(2026, 11, 24, 9, 30));
    let done = bot
        .fake
        .submit_modal(
            ModalSubmit::new(form_id)
                .by(DAVE)
                .field("company", "Canovia"),
        )
        .await
        .reply()
        .await;
    assert!(done.ephemeral);
    assert!(
        done.text()
            .contains("Merci ! Votre inscription attend la validation de la coordination."),
        "{}",
        done.text()
    );
    let id = programme_id(&bot).await;
    let request = bot
        .store
        .join_request(id, UserId(DAVE))
        .await
        .unwrap()
        .expect("a pending request");
    assert_eq!(request.status, JoinStatus::Pending);
    assert_eq!(request.notice_version, PRIVACY_NOTICE_VERSION);
    assert_eq!(request.consented_at, t(2026, 11, 24, 9, 30));
    assert_eq!(request.capacity, 2);
    assert_eq!(
        request.themes.names(),
        vec!["Gouvernance", "Recrutement et intégration"]
    );
    assert!(bot
        .store
        .participant_by_user(id, UserId(DAVE))
        .await
        .unwrap()
        .is_none());

    // `/privacy` shows the person everything the request holds.
    let privacy = bot.run(Slash::new("privacy").by(DAVE)).await;
    for part in [
        "en attente de validation",
        "Canovia",
        "Gouvernance, Recrutement et intégration",
        "Capacité d'accompagnement : 2",
        "version 1",
    ] {
        assert!(privacy.text().contains(part), "{part}: {}", privacy.text());
    }

    // Asking twice is refused before any notice.
    let again = bot.run(join_by(DAVE, MENTOR, "Gouvernance")).await;
    assert!(again.text().contains("attend déjà"), "{}", again.text());
    assert!(again.components.is_empty());

    // The coordinator sees who waits.
    let list = bot
        .run(Slash::new("participant").sub("list").by(ALICE))
        .await;
    assert!(
        list.text().contains("En attente de validation")
            && list.text().contains(&format!("<@{DAVE}>")),
        "{}",
        list.text()
    );

    // Approved: enrolled, the request gone.
    let approved = bot
        .run(
            Slash::new("participant")
                .sub("approve")
                .user_opt("user", DAVE)
                .by(ALICE),
        )
        .await;
    assert!(
        approved.text().contains("Demande validée"),
        "{}",
        approved.text()
    );
    let p = bot
        .store
        .participant_by_user(id, UserId(DAVE))
        .await
        .unwrap()
        .expect("enrolled");
    assert_eq!(p.company.as_str(), "Canovia");
    assert!(told(&bot, DAVE, "validée"), "{:?}", bot.fake.dms(DAVE));
    assert!(bot
        .store
        .join_request(id, UserId(DAVE))
        .await
        .unwrap()
        .is_none());

    // Another person, refused with a reason's category.
    let r = join(&bot, join_by(ERIN, MENTEE, "Gouvernance"), ERIN, "EQIOM").await;
    assert!(r.text().contains("Merci"), "{}", r.text());
    let refused = bot
        .run(
            Slash::new("participant")
                .sub("refuse")
                .user_opt("user", ERIN)
                .int_opt("reason", 0)
                .by(ALICE),
        )
        .await;
    assert!(refused.text().contains("refusée"), "{}", refused.text());
    let request = bot
        .store
        .join_request(id, UserId(ERIN))
        .await
        .unwrap()
        .expect("kept, refused");
    assert_eq!(
        request.status,
        JoinStatus::Refused(RefusalReason::ProgrammeFull)
    );
    assert!(
        told(&bot, ERIN, "n'a pas été retenue (Programme complet)"),
        "{:?}",
        bot.fake.dms(ERIN)
    );
    assert!(bot
        .store
        .participant_by_user(id, UserId(ERIN))
        .await
        .unwrap()
        .is_none());
    bot.stop().await;
}

#[tokio::test]
async fn no_thanks_stores_nothing_and_the_window_closes_join() {
    let bot = TestBot::start().await;
    programme(&bot, Some("10/01/2027")).await;
    let notice = bot.run(join_by(CAROL, MENTEE, "Gouvernance")).await;
    let declined = click(&bot, &notice, "Non merci", CAROL).await;
    assert_eq!(declined.kind, 7, "the notice is replaced");
    assert_eq!(declined.content, "Rien n'a été enregistré.");
    assert!(declined.components.is_empty());
    nothing_stored(&bot, CAROL, "after « Non merci »").await;

    // Approved though their DMs are closed: the coordinator is told to let them know.
    let r = join(&bot, join_by(HEIDI, MENTEE, "Gouvernance"), HEIDI, "Keolis").await;
    assert!(r.text().contains("Merci"), "{}", r.text());
    let approved = bot
        .run(
            Slash::new("participant")
                .sub("approve")
                .user_opt("user", HEIDI)
                .by(ALICE),
        )
        .await;
    assert!(
        approved.text().contains("Demande validée")
            && approved
                .text()
                .contains("n'accepte pas les messages privés"),
        "{}",
        approved.text()
    );

    // An unknown theme: the error lists the programme's themes.
    let wrong = bot.run(join_by(CAROL, MENTEE, "Cuisine")).await;
    assert!(wrong.text().contains("Gouvernance"), "{}", wrong.text());
    assert!(wrong.components.is_empty());

    // After the last day (Paris time), closed.
    bot.clock.set(t(2027, 1, 10, 23, 0));
    let closed = bot.run(join_by(CAROL, MENTEE, "Gouvernance")).await;
    assert!(
        closed
            .text()
            .contains("Les inscriptions à ce programme sont closes"),
        "{}",
        closed.text()
    );
    assert!(closed.components.is_empty());
    nothing_stored(&bot, CAROL, "after the window").await;
    bot.stop().await;
}

/// The suggestions Discord shows while `user` types `typed` in `/join`'s `option`.
async fn suggestions(bot: &TestBot, user: u64, option: &str, typed: &str) -> Vec<String> {
    let mut cmd = Slash::new("join").int_opt("role", MENTOR).by(user);
    if option != "theme" {
        cmd = cmd.string_opt("theme", "Gouvernance");
    }
    let r = bot.run(cmd.string_opt(option, typed).typing(option)).await;
    assert_eq!(r.kind, 8, "an autocomplete result");
    r.raw["choices"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            assert_eq!(c["name"], c["value"]);
            c["name"].as_str().unwrap_or_default().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn themes_are_suggested_from_the_programme_while_it_recruits() {
    let bot = TestBot::start().await;
    programme(&bot, Some("10/01/2027")).await;
    assert_eq!(
        suggestions(&bot, DAVE, "theme", "recr").await,
        vec!["Recrutement et intégration"]
    );
    assert_eq!(
        suggestions(&bot, DAVE, "theme2", "TRAVAIL").await,
        vec![
            "Aménagement du temps de travail",
            "Nouveaux espaces de travail"
        ]
    );
    assert_eq!(suggestions(&bot, DAVE, "theme3", "").await.len(), 6);
    nothing_stored(&bot, DAVE, "while typing").await;
    bot.clock.set(t(2027, 1, 11, 9, 0));
    assert!(suggestions(&bot, DAVE, "theme", "").await.is_empty());
    bot.stop().await;
}

#[tokio::test]
async fn without_a_window_join_is_not_open() {
    let bot = TestBot::start().await;
    programme(&bot, None).await;
    let r = bot.run(join_by(CAROL, MENTEE, "Gouvernance")).await;
    assert!(
        r.text()
            .contains("Les inscriptions à ce programme ne sont pas ouvertes"),
        "{}",
        r.text()
    );
    nothing_stored(&bot, CAROL, "when not open").await;
    bot.stop().await;
}

#[tokio::test]
async fn what_a_person_types_to_join_reaches_no_log_line() {
    const COMPANY: &str = "Canari-7f3e Conseil";
    let logs = super::reports::LogLines::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(binome::logging::env_filter("trace", false).expect("filter"))
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);
    let bot = TestBot::start().await;
    programme(&bot, Some("10/01/2027")).await;
    let theme = "Développement des compétences";
    let r = join(&bot, join_by(DAVE, MENTEE, theme), DAVE, COMPANY).await;
    assert!(r.text().contains("Merci"), "{}", r.text());
    let r = bot
        .run(
            Slash::new("participant")
                .sub("approve")
                .user_opt("user", DAVE)
                .by(ALICE),
        )
        .await;
    assert!(r.text().contains(COMPANY), "{}", r.text());
    bot.stop().await;
    let logged = logs.text();
    assert!(
        logged.contains("join requested") && logged.contains("join approved"),
        "the capture sees binome's own lines: {logged}"
    );
    for typed in [COMPANY, theme] {
        if let Some(line) = logged.lines().find(|l| l.contains(typed)) {
            panic!("a log line holds {typed:?}: {line}");
        }
    }
}

/// Whether `user` got a direct message containing `needle`.
fn told(bot: &TestBot, user: u64, needle: &str) -> bool {
    bot.fake
        .dms(user)
        .iter()
        .any(|m| m["content"].as_str().unwrap_or_default().contains(needle))
}
