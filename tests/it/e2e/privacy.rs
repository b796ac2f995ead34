use super::TestBot;
use crate::fake_discord::{Slash, BOB, CAROL, ERIN};

#[tokio::test]
async fn privacy_answers_in_french_for_fr_and_in_english_for_en_us() {
    let bot = TestBot::start().await;
    bot.programme_with(&[(BOB, 0, "Crossject"), (CAROL, 1, "Canovia")])
        .await;

    let fr = bot.run(Slash::new("privacy").by(BOB).locale("fr")).await;
    assert!(fr.ephemeral);
    assert!(
        fr.text().contains("ce que la coordination voit de vous"),
        "{}",
        fr.text()
    );
    assert!(
        fr.text().contains("Entreprise : Crossject"),
        "{}",
        fr.text()
    );

    let en = bot.run(Slash::new("privacy").by(BOB).locale("en-US")).await;
    assert!(
        en.text().contains("what coordinators see about you"),
        "{}",
        en.text()
    );
    assert!(en.text().contains("Company: Crossject"), "{}", en.text());
    assert!(!en.text().contains("Entreprise"));

    let nobody = bot.run(Slash::new("privacy").by(ERIN).locale("fr")).await;
    assert!(nobody.text().contains("ne voit rien"), "{}", nobody.text());
    bot.stop().await;
}
