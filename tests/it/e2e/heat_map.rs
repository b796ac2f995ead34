//! `/report chart` for a programme larger than one image: at most 100 pairs an image and 10
//! images on one message (Discord's attachments per message; the fake refuses more, and any
//! file over Discord's size limit), the message telling what is left to the CSV.

use super::TestBot;
use crate::fake_discord::{GuildSpec, Slash, ALICE};
use crate::support::t;
use binome::app::Store;
use binome::domain::pair::NewPair;
use binome::domain::participant::{CompanyName, NewParticipant, ParticipantRole};
use binome::domain::programme::ThemeSet;
use binome::domain::{ChannelId, Locale, ProgrammeId, UserId};
use binome::report::chart::chart_size;

const PAIRS: u64 = 1_005;
const FIRST_USER: u64 = 170_000_000_000_000_000;
const FIRST_CHANNEL: u64 = 171_000_000_000_000_000;

/// Enrols two people and pairs them, straight into the store (pairing itself is not what
/// this file is about).
async fn seed_pair(store: &dyn Store, programme: ProgrammeId, i: u64) {
    let mut members = Vec::new();
    for (n, role) in [(0, ParticipantRole::Mentor), (1, ParticipantRole::Mentee)] {
        let participant = store
            .add_participant(&NewParticipant {
                programme_id: programme,
                user_id: UserId(FIRST_USER + 2 * i + n),
                role,
                company: CompanyName::parse(&format!("Entreprise {}", (i + n) % 7)).unwrap(),
                themes: ThemeSet::default(),
                capacity: 1,
                locale: Locale::default(),
                enrolled_at: t(2026, 12, 1, 9, 0),
            })
            .await
            .unwrap();
        members.push(participant.id);
    }
    store
        .create_pair(&NewPair {
            programme_id: programme,
            channel_id: ChannelId(FIRST_CHANNEL + i),
            members,
            created_at: t(2026, 12, 1, 10, 0),
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn past_1000_pairs_the_chart_is_ten_images_of_100_and_says_the_rest_is_in_the_csv() {
    let bot = TestBot::start_unpaced(GuildSpec::standard()).await;
    // One month: one column, so that drawing a thousand rows stays quick in a debug build.
    bot.programme_between("01/12/2026", "31/12/2026", &[]).await;
    let programme = bot.running_programme().await.id;
    for i in 0..PAIRS {
        seed_pair(bot.store.as_ref(), programme, i).await;
    }
    bot.clock.set(t(2026, 12, 10, 10, 0));
    let interaction = bot
        .fake
        .slash(Slash::new("report").sub("chart").by(ALICE))
        .await;
    // Drawing ten images takes seconds in a debug build (tens of milliseconds in release).
    let within = std::time::Duration::from_secs(120);
    let r = interaction
        .replies_after_within(1, within)
        .await
        .swap_remove(0);
    assert!(r.ephemeral);
    let text = r.text();
    assert!(text.contains("1000 binômes en 10 images"), "{text}");
    assert!(text.contains("5 binômes ne sont pas dessinés"), "{text}");
    assert!(text.contains("/rapport csv"), "{text}");
    let files = bot.fake.files(&r);
    let names: Vec<&str> = files.iter().map(|f| f.filename.as_str()).collect();
    let expected: Vec<String> = (1..=10)
        .map(|i| format!("presence-2026-12-10-{i}.png"))
        .collect();
    assert_eq!(names, expected);
    for file in &files {
        let reader = png::Decoder::new(std::io::Cursor::new(&file.bytes))
            .read_info()
            .expect("a PNG");
        let info = reader.info();
        assert_eq!(
            (info.width, info.height),
            chart_size(100, 1),
            "{}",
            file.filename
        );
    }
    let total: usize = files.iter().map(|f| f.bytes.len()).sum();
    assert!(total < 10 * 1024 * 1024, "{total} bytes in all");
    bot.stop().await;
}
