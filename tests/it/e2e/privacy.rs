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

#[tokio::test]
async fn privacy_shows_the_attendance_rows_the_coordinator_has_about_me() {
    use crate::fake_discord::ALICE;
    let bot = TestBot::start().await;
    bot.programme_with(&[(BOB, 0, "Crossject"), (CAROL, 1, "Canovia")])
        .await;
    bot.run(
        Slash::new("pair")
            .sub("create")
            .user_opt("mentor", BOB)
            .user_opt("mentee", CAROL)
            .by(ALICE),
    )
    .await;
    let before = bot.run(Slash::new("privacy").by(CAROL)).await.text();
    assert!(before.contains("Rendez-vous tenus par mois"), "{before}");
    assert!(
        before.contains("Dernier point de suivi avec la coordination : jamais"),
        "{before}"
    );
    let logged = bot
        .run(
            Slash::new("followup")
                .sub("log")
                .user_opt("participant", CAROL)
                .int_opt("kind", 0)
                .string_opt("date", "20/11/2026")
                .by(ALICE),
        )
        .await;
    assert!(!logged.text().contains("Désolé"), "{}", logged.text());
    let after = bot.run(Slash::new("privacy").by(CAROL)).await.text();
    assert!(
        after.contains("Dernier point de suivi avec la coordination : 20/11/2026"),
        "{after}"
    );
    bot.stop().await;
}
