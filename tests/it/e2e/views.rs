//! Coordinator views at the size of a full server: a 500-pair programme (1000 participants)
//! still answers `/attendance`, `/pair list`, `/participant list` and `/followup due` with one
//! message within Discord's 2000 characters, with ◀ ▶ (and the pair filters); a click is
//! acknowledged as a deferred update and edits that same message in place.

use super::TestBot;
use crate::fake_discord::{Click, Interaction, Reply, Slash, ALICE, BOB};
use crate::support::t0;
use binome::app::Store;
use binome::domain::pair::NewPair;
use binome::domain::participant::{CompanyName, NewParticipant, ParticipantRole};
use binome::domain::programme::ThemeSet;
use binome::domain::{ChannelId, Locale, UserId};
use chrono::Duration;
use serde_json::Value;

const PAIRS: u64 = 500;
const FIRST_USER: u64 = 170_000_000_000_000_000;
/// Every fifth pair was created 60 days ago and never met: at risk (45 days by default).
const AT_RISK: usize = 100;

/// A programme with 500 pairs of a mentor and a mentee each, seeded straight into the store;
/// pairs with an even number signed the charter.
async fn full_programme() -> TestBot {
    let bot = TestBot::start().await;
    bot.programme_with(&[]).await;
    let programme = bot.running_programme().await;
    for i in 0..PAIRS {
        let mut members = Vec::new();
        for (n, role) in [(0, ParticipantRole::Mentor), (1, ParticipantRole::Mentee)] {
            let p = bot
                .store
                .add_participant(&NewParticipant {
                    programme_id: programme.id,
                    user_id: UserId(FIRST_USER + 2 * i + n),
                    role,
                    company: CompanyName::parse(&format!("Entreprise {}", 2 * (i % 50) + n))
                        .unwrap(),
                    themes: ThemeSet::default(),
                    capacity: 1,
                    locale: Locale::default(),
                    enrolled_at: t0(),
                })
                .await
                .unwrap();
            members.push(p.id);
        }
        let created_at = if i % 5 == 0 {
            t0() - Duration::days(60)
        } else {
            t0()
        };
        let pair = bot
            .store
            .create_pair(&NewPair {
                programme_id: programme.id,
                channel_id: ChannelId(900_000_000_000_000_000 + i),
                members: members.clone(),
                created_at,
            })
            .await
            .unwrap();
        if i % 2 == 0 {
            for m in members {
                bot.store.sign_charter(pair.id, m, t0()).await.unwrap();
            }
        }
    }
    bot
}

/// The `custom_id` of the button labelled `label` in `reply`.
fn button_labelled(reply: &Reply, label: &str) -> String {
    reply
        .components
        .iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .find(|b| b["label"] == label)
        .and_then(|b| b["custom_id"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no button {label:?} in {:?}", reply.components))
}

fn labels(reply: &Reply) -> Vec<String> {
    reply
        .components
        .iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .map(|b: Value| b["label"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// « page 2/17 »: (2, 17).
fn page_of(text: &str) -> (usize, usize) {
    let after = text.rsplit("page ").next().unwrap_or_default();
    let (page, rest) = after.split_once('/').unwrap_or_else(|| panic!("{text}"));
    let pages: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (page.parse().unwrap(), pages.parse().unwrap())
}

/// One private message, within Discord's limit, with the summary, a page and the arrows.
fn one_page(r: &Reply, what: &str) -> usize {
    assert!(r.ephemeral, "{what}: only the coordinator sees it");
    assert_eq!(r.kind, 5, "{what}: acknowledged first");
    let n = r.content.chars().count();
    assert!(n <= 2000, "{what}: {n} characters");
    let (page, pages) = page_of(&r.content);
    assert_eq!(page, 1, "{what}");
    assert!(pages > 1, "{what}: several pages");
    let labels = labels(r);
    for arrow in ["◀ Précédente", "Suivante ▶"] {
        assert!(labels.iter().any(|l| l == arrow), "{what}: {labels:?}");
    }
    pages
}

/// `by` clicks the button labelled `label` on the message `on`; the click and its answer.
async fn click(bot: &TestBot, on: &Reply, label: &str, by: u64) -> (Interaction, Reply) {
    let id = button_labelled(on, label);
    let mut c = Click::button(&id).on_reply(on).by(by);
    if by != ALICE {
        c = c.unchecked();
    }
    let click = bot.fake.click(c).await;
    let reply = click.reply().await;
    (click, reply)
}

/// The click was acknowledged as a deferred update, then edited the clicked message.
fn edited_in_place(click: &Interaction, reply: &Reply, message: &Reply) {
    assert_eq!(click.callback_type(), Some(6), "a deferred update first");
    assert_eq!(reply.via, "edit_original");
    assert_eq!(reply.message_id, message.message_id, "the same message");
    assert!(reply.content.chars().count() <= 2000);
}

/// Pair rows (they start with « #n » or with the grid's backquote) of a page.
fn pair_rows(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.starts_with('#') || (l.starts_with('`') && l.contains("**#")))
        .collect()
}

#[tokio::test]
async fn a_500_pair_programme_answers_each_view_with_one_message_that_its_buttons_edit_in_place() {
    let bot = full_programme().await;
    let mut commands = Vec::new();
    let first = format!("<@{FIRST_USER}>");
    for (cmd, first_row) in [
        (Slash::new("attendance"), "**#1**".to_owned()),
        (Slash::new("pair").sub("list"), "#1 — ".to_owned()),
        (
            Slash::new("participant").sub("list"),
            format!("{first} — mentor"),
        ),
        (
            Slash::new("followup").sub("due"),
            format!("• {first} (mentor)"),
        ),
    ] {
        let what = cmd.label();
        let interaction = bot.fake.slash(cmd.by(ALICE)).await;
        let r = interaction.reply().await;
        let pages = one_page(&r, &what);
        assert!(
            r.content.contains(&first_row),
            "{what}: the first rows are on page 1: {}",
            r.content
        );

        // ▶ shows page 2 in the same message.
        let (next, page2) = click(&bot, &r, "Suivante ▶", ALICE).await;
        edited_in_place(&next, &page2, &r);
        assert_eq!(
            page_of(&page2.content),
            (2, pages),
            "{what}: {}",
            page2.content
        );
        assert_ne!(page2.content, r.content, "{what}");
        commands.push((what, interaction, page2, pages));
    }

    // The pair views filter: « À risque » shows the 100 pairs at risk only, from page 1.
    for (what, _, page2, pages) in &commands[..2] {
        assert!(
            page2.content.contains(&format!("{AT_RISK} à risque"))
                && page2.content.contains("250 avec une charte manquante"),
            "{what}: the summary counts the whole programme: {}",
            page2.content
        );
        let (filter, at_risk) = click(&bot, page2, "À risque", ALICE).await;
        edited_in_place(&filter, &at_risk, page2);
        let (page, filtered_pages) = page_of(&at_risk.content);
        assert_eq!(page, 1, "{what}");
        assert!(filtered_pages < *pages, "{what}: fewer pages once filtered");
        let rows = pair_rows(&at_risk.content);
        assert!(!rows.is_empty(), "{what}: {}", at_risk.content);
        assert!(
            rows.iter()
                .all(|l| l.contains("à risque") && !l.contains("actif")),
            "{what}: {rows:?}"
        );
        // On page 1, ◀ cannot be pressed, nor the filter in use; the other filters can.
        let disabled: Vec<String> = at_risk
            .components
            .iter()
            .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
            .filter(|b| b["disabled"] == true)
            .map(|b| b["label"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(disabled, ["◀ Précédente", "À risque"], "{what}");

        // « Charte manquante »: only pairs with an unsigned member.
        let (_, missing) = click(&bot, &at_risk, "Charte manquante", ALICE).await;
        let rows = pair_rows(&missing.content);
        assert!(!rows.is_empty(), "{what}: {}", missing.content);
        if *what == "/pair list" {
            assert!(rows.iter().all(|l| l.contains("⏳")), "{what}: {rows:?}");
        } else {
            assert!(
                rows.iter().all(|l| l.contains("charte ✗")),
                "{what}: {rows:?}"
            );
        }
    }

    // Each command answered with exactly one message, still the one the clicks edited.
    for (what, interaction, _, _) in &commands {
        let replies = interaction.replies();
        assert_eq!(replies.len(), 1, "{what}: {replies:?}");
    }
    bot.stop().await;
}

#[tokio::test]
async fn someone_who_is_not_a_coordinator_clicking_a_page_gets_the_refusal_and_the_message_stays() {
    let bot = full_programme().await;
    let r = bot.run(Slash::new("pair").sub("list").by(ALICE)).await;
    let (click, refused) = click(&bot, &r, "Suivante ▶", BOB).await;
    assert_eq!(click.callback_type(), Some(6));
    assert!(refused.ephemeral);
    assert_eq!(refused.via, "followup", "a private note, not an edit");
    assert!(
        refused.content.contains("réservée à la coordination"),
        "{}",
        refused.content
    );
    let edits = bot
        .fake
        .requests()
        .into_iter()
        .filter(|q| q.method == "PATCH" && q.path.contains(&click.token))
        .count();
    assert_eq!(edits, 0, "the coordinator's message is left as it was");
    bot.stop().await;
}
