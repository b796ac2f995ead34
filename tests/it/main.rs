#[test]
fn t() {}
mod fake_discord;
mod harness_smoke;
