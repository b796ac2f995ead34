//! `/participant import`: a CSV file attached to the command, all or nothing.

use super::TestBot;
use crate::fake_discord::{Slash, ALICE, BOB};
use binome::app::ports::Store;
use binome::domain::participant::ParticipantRole;
use std::time::Duration;

/// The example the README points to: it must stay a file binome accepts.
const EXAMPLE: &str = include_str!("../../../examples/participants.csv");

/// The Discord ids in the first column of a file (header skipped).
fn ids_of(file: &str) -> Vec<u64> {
    file.lines()
        .skip(1)
        .filter_map(|l| l.split([';', ',']).next()?.trim().parse().ok())
        .collect()
}

/// A bot whose application may list the server's members, with a programme running.
async fn bot_with_members(users: &[u64]) -> TestBot {
    let bot = TestBot::start_with(super::guild_with(users)).await;
    bot.fake.enable_members_intent();
    bot.programme_with(&[]).await;
    bot
}

fn import(name: &str, bytes: &[u8]) -> Slash {
    Slash::new("participant")
        .sub("import")
        .attachment_opt("file", name, bytes)
        .by(ALICE)
}

async fn enrolled(bot: &TestBot) -> Vec<binome::domain::participant::Participant> {
    match bot
        .store
        .active_programme(binome::domain::GuildId(crate::fake_discord::GUILD_ID))
        .await
        .unwrap()
    {
        Some(programme) => bot.store.participants(programme.id).await.unwrap(),
        None => Vec::new(),
    }
}

#[tokio::test]
async fn the_example_file_enrols_forty_people_in_one_answer_and_the_list_shows_them() {
    let ids = ids_of(EXAMPLE);
    assert_eq!(ids.len(), 40);
    let bot = bot_with_members(&ids).await;
    let interaction = bot
        .fake
        .slash(import("participants.csv", EXAMPLE.as_bytes()))
        .await;
    let reply = interaction.reply().await;
    assert!(
        reply
            .text()
            .contains("40 personnes inscrites : 20 mentors, 20 mentoré·es"),
        "{}",
        reply.text()
    );
    assert!(reply.ephemeral);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(interaction.replies().len(), 1, "one message");

    let people = enrolled(&bot).await;
    assert_eq!(people.len(), 40);
    let mentors: Vec<_> = people
        .iter()
        .filter(|p| p.role == ParticipantRole::Mentor)
        .collect();
    assert_eq!(mentors.len(), 20);
    assert!(mentors.iter().any(|p| p.capacity == 3));
    assert!(people
        .iter()
        .filter(|p| p.role == ParticipantRole::Mentee)
        .all(|p| p.capacity == 1));

    let list = bot
        .run(Slash::new("participant").sub("list").by(ALICE))
        .await;
    assert!(list.text().contains("(40)"), "{}", list.text());
    assert!(list.text().contains(&ids[0].to_string()), "{}", list.text());
    bot.stop().await;
}

#[tokio::test]
async fn a_file_with_errors_is_refused_with_its_line_numbers_and_nobody_is_enrolled() {
    let members = [
        140_000_000_000_000_001,
        140_000_000_000_000_002,
        140_000_000_000_000_003,
    ];
    let bot = bot_with_members(&members).await;
    let file = "discord_id;rôle;entreprise;thèmes;capacité\n\
                140000000000000001;mentor;EQIOM;Gouvernance;2\n\
                140000000000000002;mentoré;Canovia;Cuisine;\n\
                140000000000000099;mentor;Keolis;Gouvernance;1\n\
                140000000000000003;mentoré;Sanofi;Gouvernance;\n";
    let interaction = bot.fake.slash(import("liste.csv", file.as_bytes())).await;
    let text = interaction.reply().await.text();
    assert!(text.contains("personne n'a été inscrit·e"), "{text}");
    assert!(
        text.contains("ligne 3 : « Cuisine » n'est pas un thème"),
        "{text}"
    );
    assert!(
        text.contains("ligne 4 : <@140000000000000099> n'est pas membre"),
        "{text}"
    );
    assert!(text.contains(": 2 erreur(s)"), "{text}");
    assert!(!text.contains("ligne 2"), "{text}");
    assert!(text.chars().count() <= 2000);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(interaction.replies().len(), 1, "one message");
    assert!(enrolled(&bot).await.is_empty(), "nobody enrolled");

    // Read errors are reported the same way, in the coordinator's language.
    let r = bot
        .run(import("list.csv", b"discord_id,role,company,themes\nabc,boss,,\n").locale("en-US"))
        .await;
    assert!(r.text().contains("nobody was enrolled"), "{}", r.text());
    assert!(
        r.text()
            .contains("line 2: \"abc\" is not a Discord user id"),
        "{}",
        r.text()
    );
    assert!(
        r.text().contains("line 2: unknown role \"boss\""),
        "{}",
        r.text()
    );
    let r = bot
        .run(import(
            "liste.csv",
            b"discord_id,role,company,themes,capacity\n140000000000000003,mentee,A,Gouvernance,3\n",
        ))
        .await;
    assert!(
        r.text()
            .contains("ligne 2 : la capacité d'un·e mentoré·e vaut 1"),
        "{}",
        r.text()
    );

    // Not a CSV file.
    let r = bot.run(import("photo.png", b"\x89PNG")).await;
    assert!(r.text().contains("Joignez un fichier CSV"), "{}", r.text());
    assert!(enrolled(&bot).await.is_empty());
    bot.stop().await;
}

#[tokio::test]
async fn a_thousand_row_file_is_acknowledged_first_then_answered_with_the_counts() {
    let ids: Vec<u64> = (0..1000).map(|i| 150_000_000_000_000_000 + i).collect();
    let bot = bot_with_members(&ids).await;
    let mut file = String::from("discord_id,role,company,themes,capacity\n");
    for (i, id) in ids.iter().enumerate() {
        if i % 2 == 0 {
            file.push_str(&format!(
                "{id},mentor,Entreprise {},Gouvernance,{}\n",
                i % 13,
                1 + i % 3
            ));
        } else {
            file.push_str(&format!("{id},mentee,Entreprise {},Gouvernance,\n", i % 11));
        }
    }
    let interaction = bot.fake.slash(import("promo.csv", file.as_bytes())).await;
    let replies = interaction
        .replies_after_within(1, Duration::from_secs(60))
        .await;
    let first = bot
        .fake
        .requests()
        .into_iter()
        .find(|q| q.path.contains(&interaction.token))
        .expect("a request for the interaction");
    assert!(first.path.ends_with("/callback"), "{}", first.line());
    assert_eq!(first.body["type"], 5, "deferred first");
    assert!(
        replies[0]
            .text()
            .contains("1000 personnes inscrites : 500 mentors, 500 mentoré·es"),
        "{}",
        replies[0].text()
    );
    // The members were listed in pages, not fetched one by one.
    let member_requests: Vec<_> = bot
        .fake
        .requests()
        .into_iter()
        .filter(|q| q.path.ends_with("/members"))
        .collect();
    assert!(member_requests.len() <= 2, "{member_requests:?}");
    assert_eq!(enrolled(&bot).await.len(), 1000);
    bot.stop().await;
}

#[tokio::test]
async fn without_the_members_intent_the_import_says_it_cannot_check_the_file() {
    let ids = ids_of(EXAMPLE);
    let bot = TestBot::start_with(super::guild_with(&ids)).await;
    bot.fake.expect_refusal(50001);
    bot.programme_with(&[]).await;
    let r = bot
        .run(import("participants.csv", EXAMPLE.as_bytes()))
        .await;
    assert!(r.text().contains("Server Members Intent"), "{}", r.text());
    assert!(enrolled(&bot).await.is_empty());
    // An outsider is refused before anything is downloaded.
    let r = bot
        .run(
            Slash::new("participant")
                .sub("import")
                .attachment_opt("file", "participants.csv", EXAMPLE.as_bytes())
                .by(BOB),
        )
        .await;
    assert!(r.text().contains("coordination"), "{}", r.text());
    bot.stop().await;
}
