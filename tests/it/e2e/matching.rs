//! `/match suggest | move | confirm` through the real client: the proposal as one message and
//! a CSV, adjustments under the rules, and every pair created once, even when Discord refuses
//! a channel halfway and the coordinator runs `/match confirm` again.

use super::TestBot;
use crate::fake_discord::{Slash, ALICE, GUILD_ID};
use crate::support::discord::{MENTEE, MENTOR};
use binome::app::ports::Store as _;

const GOUVERNANCE: &str = "Gouvernance";
const RECRUTEMENT: &str = "Recrutement et intégration";
const MANAGEMENT: &str = "Management et conduite du changement";

/// Mentors are 1…, mentees 2…: `(id, role, company, themes)`.
fn people(pairs: u64) -> Vec<(u64, i64, String, &'static str)> {
    let themes = [GOUVERNANCE, RECRUTEMENT, MANAGEMENT];
    (0..pairs)
        .flat_map(|i| {
            let theme = themes[(i % 3) as usize];
            [
                (
                    140_000_000_000_000_000 + i,
                    MENTOR,
                    format!("Mentors {i}"),
                    theme,
                ),
                (
                    150_000_000_000_000_000 + i,
                    MENTEE,
                    format!("Mentorés {i}"),
                    theme,
                ),
            ]
        })
        .collect()
}

async fn bot_with(people: &[(u64, i64, String, &str)]) -> TestBot {
    let users: Vec<u64> = people.iter().map(|p| p.0).collect();
    let bot = TestBot::start_with(super::guild_with(&users)).await;
    bot.programme_with(&[]).await;
    for (user, role, company, themes) in people {
        bot.enrol(*user, *role, company, Some(themes)).await;
    }
    bot
}

fn suggest() -> Slash {
    Slash::new("match").sub("suggest").by(ALICE)
}

fn confirm() -> Slash {
    Slash::new("match").sub("confirm").by(ALICE)
}

const CHANNELS: &str = "POST /guilds/110000000000000001/channels";

fn pair_channel_creations(bot: &TestBot) -> usize {
    bot.fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == format!("/guilds/{GUILD_ID}/channels"))
        .filter(|r| r.body["type"].as_u64() == Some(0))
        .count()
}

#[tokio::test]
async fn confirming_before_any_proposal_says_to_suggest_first() {
    let bot = bot_with(&people(1)).await;
    let r = bot.run(confirm()).await;
    assert!(r.text().contains("/appariement proposer"), "{}", r.text());
    assert!(bot.pair_channels().is_empty());
}

#[tokio::test]
async fn a_proposal_is_one_message_with_every_pair_in_its_csv_and_confirm_creates_them() {
    let people = people(6);
    let bot = bot_with(&people).await;
    let r = bot.run(suggest()).await;
    assert!(r.ephemeral);
    assert!(r.text().contains("6 binômes proposés"), "{}", r.text());
    assert!(
        r.text().contains("tout le monde a un binôme"),
        "{}",
        r.text()
    );
    let files = bot.fake.files(&r);
    assert_eq!(files.len(), 1, "the proposal's CSV");
    let csv = String::from_utf8(files[0].bytes.clone()).unwrap();
    for i in 0..6u64 {
        let line = format!(
            "{};{};10;",
            140_000_000_000_000_000 + i,
            150_000_000_000_000_000 + i
        );
        assert!(csv.contains(&line), "{line} in {csv}");
    }

    let call = bot.fake.slash(confirm()).await;
    let done = call.reply_containing("C'est fait").await;
    assert!(done.text().contains("6 binômes"), "{}", done.text());
    assert_eq!(pair_channel_creations(&bot), 6);
    assert_eq!(bot.pair_channels().len(), 6);
    let again = bot.run(confirm()).await;
    assert!(
        again.text().contains("existaient déjà"),
        "a second confirm creates nothing: {}",
        again.text()
    );
    assert_eq!(pair_channel_creations(&bot), 6);
}

/// `/match confirm` of `n` pairs cut short after `k` pair channels (the category comes first),
/// by Discord refusing the next channel or by its answer being lost after the channel was
/// made; then run again. Returns the bot once it is done.
async fn cut_then_resumed(n: u64, k: usize, lost_answer: bool) -> TestBot {
    let people = people(n);
    let bot = bot_with(&people).await;
    bot.run(suggest()).await;
    if lost_answer {
        bot.fake.fail_after_apply_after(CHANNELS, k + 1, 500, 1);
    } else {
        bot.fake.fail_after(CHANNELS, k + 1, 403, 1);
    }
    let call = bot.fake.slash(confirm()).await;
    let cut = call.reply_containing("relancez").await;
    if k > 0 {
        assert!(cut.text().contains(&format!("{k} / {n}")), "{}", cut.text());
    }
    let made_before = bot.pair_channels().len();
    assert_eq!(made_before, k + usize::from(lost_answer), "k = {k}");

    let call = bot.fake.slash(confirm()).await;
    let done = call.reply_containing("C'est fait").await;
    assert!(
        done.text().contains(&format!("{n} binômes")),
        "{}",
        done.text()
    );
    assert_eq!(
        bot.pair_channels().len(),
        n as usize,
        "exactly one channel per pair (k = {k}, lost answer: {lost_answer})"
    );
    bot
}

#[tokio::test]
async fn a_confirmation_refused_by_discord_after_k_channels_resumes_to_exactly_n() {
    for k in [0, 2, 3] {
        let bot = cut_then_resumed(4, k, false).await;
        assert_eq!(
            pair_channel_creations(&bot),
            4 + 1,
            "four made, one refused (k = {k})"
        );
    }
}

#[tokio::test]
async fn a_channel_whose_answer_was_lost_is_taken_over_on_resume_not_made_twice() {
    for k in [0, 2] {
        let bot = cut_then_resumed(4, k, true).await;
        assert_eq!(
            pair_channel_creations(&bot),
            4,
            "the lost answer's channel is the pair's (k = {k})"
        );
    }
}

#[tokio::test]
async fn moving_a_mentee_where_the_rules_forbid_is_refused_and_taking_them_out_is_not() {
    let mut people = people(2);
    // The second mentee works where the first mentor works, on the first mentor's theme.
    people[3].2 = people[0].2.clone();
    people[3].3 = people[0].3;
    let bot = bot_with(&people).await;
    let r = bot.run(suggest()).await;
    assert!(r.text().contains("1 binôme proposé"), "{}", r.text());
    assert!(r.text().contains("2 personnes sans binôme"), "{}", r.text());
    assert!(
        r.text().contains("sont de son entreprise"),
        "the second mentee's reason: {}",
        r.text()
    );
    let (mentor0, mentee0, mentee1) = (people[0].0, people[1].0, people[3].0);
    let r = bot
        .run(
            Slash::new("match")
                .sub("move")
                .user_opt("mentee", mentee1)
                .user_opt("mentor", mentor0)
                .by(ALICE),
        )
        .await;
    assert!(r.text().contains("même entreprise"), "{}", r.text());
    let r = bot
        .run(
            Slash::new("match")
                .sub("move")
                .user_opt("mentee", mentee0)
                .by(ALICE),
        )
        .await;
    assert!(r.text().contains("retiré"), "{}", r.text());
    assert!(r.text().contains("Aucun binôme proposé"), "{}", r.text());
}

/// The four commands of a programme's start: `/programme create`, `/participant import`,
/// `/match suggest`, `/match confirm` take an empty server (set up) to 40 pairs, each with
/// its channel, as the proposal's file says.
#[tokio::test]
async fn four_commands_take_an_empty_programme_to_forty_pairs_with_their_channels() {
    let themes = [GOUVERNANCE, RECRUTEMENT, MANAGEMENT];
    let mut file = String::from("discord_id;role;company;themes;capacity\n");
    let mut users = Vec::new();
    for i in 0..40u64 {
        let (mentor, mentee) = (140_000_000_000_000_000 + i, 150_000_000_000_000_000 + i);
        let theme = themes[(i % 3) as usize];
        file.push_str(&format!("{mentor};mentor;Société {i};{theme};1\n"));
        file.push_str(&format!("{mentee};mentee;Entreprise {i};{theme};\n"));
        users.extend([mentor, mentee]);
    }
    let bot = TestBot::start_with(super::guild_with(&users)).await;
    bot.fake.enable_members_intent();
    assert!(bot.set_up().await.text().contains("configuré"));

    let created = bot
        .run(
            Slash::new("programme")
                .sub("create")
                .string_opt("name", "Mentorat 2027")
                .string_opt("start", "12/01/2027")
                .string_opt("end", "15/12/2027")
                .by(ALICE),
        )
        .await;
    assert!(
        created.text().contains("Mentorat 2027"),
        "{}",
        created.text()
    );
    let imported = bot
        .run(
            Slash::new("participant")
                .sub("import")
                .attachment_opt("file", "participants.csv", file.as_bytes())
                .by(ALICE),
        )
        .await;
    assert!(
        imported.text().contains("80 personnes inscrites"),
        "{}",
        imported.text()
    );
    let proposed = bot.run(suggest()).await;
    assert!(
        proposed.text().contains("40 binômes proposés"),
        "{}",
        proposed.text()
    );
    let csv = String::from_utf8(bot.fake.files(&proposed)[0].bytes.clone()).unwrap();
    let proposal: Vec<(u64, u64)> = csv
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(';');
            Some((f.next()?.parse().ok()?, f.next()?.parse().ok()?))
        })
        .collect();
    assert_eq!(proposal.len(), 40);

    let call = bot.fake.slash(confirm()).await;
    let within = std::time::Duration::from_secs(60);
    let done = call.reply_containing_within("C'est fait", within).await;
    assert!(done.text().contains("40 binômes"), "{}", done.text());
    let progress = call
        .replies()
        .iter()
        .filter(|r| r.text().contains("salons créés"))
        .count();
    assert!(progress >= 1, "the message showed the progress on the way");
    assert_eq!(bot.pair_channels().len(), 40);
    let programme = bot.running_programme().await;
    let pairs = bot.store.pairs(programme.id).await.unwrap();
    let mut made: Vec<(u64, u64)> = pairs
        .iter()
        .map(|p| (p.members[0].user_id.0, p.members[1].user_id.0))
        .collect();
    made.sort();
    let mut proposal = proposal;
    proposal.sort();
    assert_eq!(made, proposal, "the pairs made are the pairs proposed");
}

/// A mentor who can take two mentees gets both in one pair: one channel of three.
#[tokio::test]
async fn a_mentor_of_capacity_two_gets_one_pair_with_both_mentees() {
    let (mentor, first, second) = (
        140_000_000_000_000_001,
        150_000_000_000_000_001,
        150_000_000_000_000_002,
    );
    let bot = TestBot::start_with(super::guild_with(&[mentor, first, second])).await;
    bot.programme_with(&[]).await;
    let r = bot
        .run(
            Slash::new("participant")
                .sub("add")
                .user_opt("user", mentor)
                .int_opt("role", MENTOR)
                .string_opt("company", "EQIOM")
                .string_opt("themes", GOUVERNANCE)
                .int_opt("capacity", 2)
                .by(ALICE),
        )
        .await;
    assert!(r.text().contains("inscrit"), "{}", r.text());
    bot.enrol(first, MENTEE, "Canovia", Some(GOUVERNANCE)).await;
    bot.enrol(second, MENTEE, "Keolis", Some(GOUVERNANCE)).await;

    let r = bot.run(suggest()).await;
    assert!(r.text().contains("1 binôme proposé"), "{}", r.text());
    assert!(
        r.text().contains("tout le monde a un binôme"),
        "{}",
        r.text()
    );
    let call = bot.fake.slash(confirm()).await;
    let done = call.reply_containing("C'est fait").await;
    assert!(done.text().contains("1 binôme"), "{}", done.text());
    assert_eq!(bot.pair_channels().len(), 1);
    let programme = bot.running_programme().await;
    let pairs = bot.store.pairs(programme.id).await.unwrap();
    let members: Vec<u64> = pairs[0].members.iter().map(|m| m.user_id.0).collect();
    assert_eq!(members, [mentor, first, second]);
    let channel = bot
        .fake
        .channel(pairs[0].channel_id.0)
        .expect("the pair channel");
    assert_eq!(
        channel["name"], "binôme-personne0-personne1-personne2",
        "named after the members' server names, looked up by the bot"
    );
}
