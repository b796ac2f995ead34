//! A full programme's worth of people: what binome posts for them must stay within what
//! Discord accepts (2000 characters, 100 pinged users per message, 100 overwrites per
//! channel), whatever the size.

use super::TestBot;
use crate::fake_discord::{GuildSpec, MemberSpec, GENERAL, GUILD_ID};
use crate::support::discord::containing;
use crate::support::discord::{session_add, session_cancel, setup_command, KICKOFF};
use binome::app::ports::SessionStore;
use binome::app::Store;
use binome::domain::participant::{CompanyName, NewParticipant, ParticipantRole};
use binome::domain::programme::ThemeSet;
use binome::domain::session::{Rsvp, SessionId, SessionRsvp};
use binome::domain::{GuildId, Locale, UserId};
use chrono::{Duration, TimeZone, Utc};
use serde_json::Value;
use std::collections::BTreeSet;

const PEOPLE: u64 = 300;
const FIRST_USER: u64 = 160_000_000_000_000_000;

fn crowd() -> Vec<u64> {
    (0..PEOPLE).map(|i| FIRST_USER + i).collect()
}

/// The standard guild plus 300 members whose DMs are all closed.
fn crowded_guild() -> GuildSpec {
    let mut guild = GuildSpec::standard();
    for (i, user) in crowd().into_iter().enumerate() {
        guild.members.push(MemberSpec {
            dms_closed: true,
            ..MemberSpec::new(user, &format!("participant{i}"), &[])
        });
    }
    guild
}

/// Set up with #general for announcements, a programme, and the 300 enrolled (straight into
/// the store: enrolment itself is not what this file is about).
async fn crowded_programme() -> TestBot {
    let bot = TestBot::start_unpaced(crowded_guild()).await;
    bot.programme_announced_in_general(&[]).await;
    let programme = bot.running_programme().await;
    for (i, user) in crowd().into_iter().enumerate() {
        bot.store
            .add_participant(&NewParticipant {
                programme_id: programme.id,
                user_id: UserId(user),
                role: if i % 2 == 0 {
                    ParticipantRole::Mentor
                } else {
                    ParticipantRole::Mentee
                },
                company: CompanyName::parse(&format!("Entreprise {}", i % 7)).unwrap(),
                themes: ThemeSet::default(),
                capacity: 1,
                locale: Locale::default(),
                enrolled_at: Utc::now(),
            })
            .await
            .unwrap();
    }
    bot
}

fn pinged(message: &Value) -> Vec<u64> {
    message["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().parse().unwrap())
        .collect()
}

/// Messages of `channel` containing `needle`: each within Discord's limits, and together
/// pinging each of the 300 exactly once, in order.
fn assert_everyone_told_once(bot: &TestBot, needle: &str) -> usize {
    let posted = containing(&bot.fake, GENERAL, needle);
    assert!(
        posted.len() >= 4,
        "300 mentions need several messages: {}",
        posted.len()
    );
    let mut all = Vec::new();
    for m in &posted {
        let content = m["content"].as_str().unwrap();
        assert!(
            content.chars().count() <= 2000,
            "{} characters",
            content.chars().count()
        );
        let users = pinged(m);
        assert!(
            users.len() <= 100,
            "{} users pinged in one message",
            users.len()
        );
        for u in &users {
            assert!(
                content.contains(&format!("<@{u}>")),
                "every ping is visible"
            );
        }
        all.extend(users);
    }
    assert_eq!(all, crowd(), "each person once, in order");
    posted.len()
}

#[tokio::test]
async fn three_hundred_closed_dms_get_every_session_reminder_and_the_cancellation() {
    let bot = crowded_programme().await;
    let r = bot.run(session_add(KICKOFF)).await;
    assert!(r.text().contains("prévu le"), "{}", r.text());
    let kickoff = Utc.with_ymd_and_hms(2027, 1, 12, 13, 0, 0).unwrap();

    for (before, needle) in [
        (Duration::days(7), "dans une semaine"),
        (Duration::days(1), "demain"),
    ] {
        bot.clock.set(kickoff - before);
        bot.scheduler.run_once().await.unwrap();
        let parts = assert_everyone_told_once(&bot, needle);
        // A second round (a retry, a restart) posts nothing again.
        bot.scheduler.run_once().await.unwrap();
        assert_eq!(assert_everyone_told_once(&bot, needle), parts);
    }
    let dead = bot
        .store
        .count_jobs(GuildId(GUILD_ID), binome::domain::job::JobState::Dead)
        .await
        .unwrap();
    assert_eq!(dead, 0, "no reminder job died");

    // Everyone said they would come; the session is cancelled.
    let programme = bot.running_programme().await;
    for p in bot.store.participants(programme.id).await.unwrap() {
        bot.store
            .record_rsvp(&SessionRsvp {
                session_id: SessionId(1),
                participant_id: p.id,
                answer: Rsvp::Coming,
                answered_at: Utc::now(),
            })
            .await
            .unwrap();
    }
    let r = bot.run(session_cancel(1)).await;
    assert!(r.text().contains("est annulé"), "{}", r.text());
    bot.scheduler.run_once().await.unwrap();
    assert_everyone_told_once(&bot, "auquel vous aviez dit venir");
    let pinged_anyone: BTreeSet<u64> = bot.fake.messages(GENERAL).iter().flat_map(pinged).collect();
    assert!(pinged_anyone.len() <= PEOPLE as usize);
    bot.stop().await;
}

/// Circles open to 300 people through two roles: each circle keeps four overwrites
/// (Discord caps a channel at 100), and each person holds exactly their circle's role.
#[tokio::test]
async fn circles_open_to_three_hundred_people_through_one_role_each() {
    let bot = crowded_programme().await;
    let r = bot
        .run(setup_command().bool_opt("create_circles", true))
        .await;
    assert!(r.text().contains("Cercles créés"), "{}", r.text());
    let circles: Vec<Value> = bot
        .fake
        .channels()
        .into_iter()
        .filter(|c| c["name"].as_str().is_some_and(|n| n.starts_with("cercle")))
        .collect();
    assert_eq!(circles.len(), 2);
    for c in &circles {
        assert_eq!(
            c["permission_overwrites"].as_array().unwrap().len(),
            4,
            "{c}"
        );
    }
    let roles = bot.fake.roles();
    let role = |name: &str| roles.iter().find(|r| r.1 == name).expect(name).0;
    let (mentors, mentees) = (role("Cercle des mentors"), role("Cercle des mentoré·e·s"));
    for (i, user) in crowd().into_iter().enumerate() {
        let expected = if i % 2 == 0 { mentors } else { mentees };
        assert_eq!(bot.fake.member_roles(user), [expected], "participant {i}");
    }
    bot.stop().await;
}
