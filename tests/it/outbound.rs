//! The outbound path against the fake Discord: pacing under the global limit,
//! order per channel, retries on 429 / 5xx / timeouts without duplicates,
//! refusals, DMs. Every assertion reads what the fake recorded.

use std::future::Future;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use binome::discord::outbound::{DeliveryError, Outbound, OutboundConfig};
use serde_json::{json, Value};
use serenity::all::{ChannelId, CreateMessage, Http, HttpBuilder, HttpError, UserId};
use serenity::futures::future::join_all;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::fake_discord::{
    FakeDiscord, GuildSpec, Recorded, BOB, BOT_USER_ID, GENERAL, GLOBAL_LIMIT, HEIDI,
};
use crate::support::discord::contents;

/// Bound of each test body: nothing here should get near it.
const BOUND: Duration = Duration::from_secs(60);

fn http(fake: &FakeDiscord) -> Arc<Http> {
    Arc::new(
        HttpBuilder::new("MTIw.ZmFrZQ.dG9rZW4")
            .proxy(fake.base_url())
            .ratelimiter_disabled(true)
            .build(),
    )
}

/// Default pacing, short backoffs so failure tests stay quick.
fn quick() -> OutboundConfig {
    OutboundConfig {
        base_backoff: Duration::from_millis(50),
        rate_limit_wait: Duration::from_millis(300),
        ..OutboundConfig::default()
    }
}

fn text(s: impl Into<String>) -> CreateMessage {
    CreateMessage::new().content(s)
}

fn posts_to(fake: &FakeDiscord, channel: u64) -> Vec<Recorded> {
    let path = format!("/channels/{channel}/messages");
    fake.requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == path)
        .collect()
}

async fn bounded<T>(what: &str, f: impl Future<Output = T>) -> T {
    tokio::time::timeout(BOUND, f)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within {BOUND:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_reminders_from_twenty_tasks_stay_under_forty_per_second() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let channels = fake.add_pair_channels(20);
    let out = Outbound::new(http(&fake), OutboundConfig::default());
    let tasks: Vec<_> = (0..20)
        .map(|t| {
            let out = out.clone();
            let channels = channels.clone();
            tokio::spawn(async move {
                for k in 0..10 {
                    let channel = ChannelId::new(channels[(t + k) % channels.len()]);
                    out.post(
                        channel,
                        text(format!("rappel {t}-{k}")),
                        &format!("t{t}k{k}"),
                    )
                    .await
                    .unwrap_or_else(|e| panic!("reminder {t}-{k}: {e}"));
                }
            })
        })
        .collect();
    bounded("200 posts", async {
        for t in tasks {
            t.await.expect("task");
        }
    })
    .await;

    let report = fake.rate_report();
    assert_eq!(report.total, 200, "{report:?}");
    assert!(
        report.max_in_any_1s_window <= 40,
        "paced at 40/s, the fake saw {report:?}"
    );
    assert_eq!(report.count_429_sent, 0, "{report:?}");
    let stats = out.stats();
    assert_eq!((stats.sent, stats.requests), (200, 200), "{stats:?}");
    assert_eq!((stats.rate_limited, stats.retries), (0, 0), "{stats:?}");
    let delivered: usize = channels.iter().map(|c| fake.messages(*c).len()).sum();
    assert_eq!(delivered, 200);
    fake.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn posts_to_one_channel_arrive_in_call_order_from_concurrent_tasks() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let channels = fake.add_pair_channels(3);
    // The first post to the first channel fails once and backs off: later
    // posts to that channel must wait for it rather than overtake it.
    fake.fail_next(&format!("POST /channels/{}/messages", channels[0]), 503, 1);
    let out = Outbound::new(
        http(&fake),
        OutboundConfig {
            base_backoff: Duration::from_millis(200),
            ..quick()
        },
    );
    let mut tasks = Vec::new();
    for i in 0..15usize {
        let out = out.clone();
        let channel = ChannelId::new(channels[i % 3]);
        let (called, was_called) = tokio::sync::oneshot::channel();
        tasks.push(tokio::spawn(async move {
            let nonce = format!("order-{i}");
            let post = out.post(channel, text(format!("{i}")), &nonce);
            tokio::pin!(post);
            // The first poll is the call: it takes the channel's turn.
            let first = std::future::poll_fn(|cx| Poll::Ready(post.as_mut().poll(cx))).await;
            let _ = called.send(());
            match first {
                Poll::Ready(r) => r,
                Poll::Pending => post.await,
            }
        }));
        // The next task calls only once this one has.
        was_called.await.expect("the task called post");
    }
    bounded("15 posts", async {
        for t in tasks {
            t.await.expect("task").expect("delivered");
        }
    })
    .await;
    for (k, channel) in channels.iter().enumerate() {
        let expected: Vec<String> = (0..15)
            .filter(|i| i % 3 == k)
            .map(|i| i.to_string())
            .collect();
        assert_eq!(contents(&fake.messages(*channel)), expected, "channel #{k}");
    }
    let first = posts_to(&fake, channels[0]);
    assert_eq!(first[0].status, 503);
    assert_eq!(
        first[1].body["content"], "0",
        "the failed post is retried first"
    );
    fake.shutdown().await;
}

#[tokio::test]
async fn a_429_is_waited_out_and_the_message_delivered_once() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let route = format!("POST /channels/{GENERAL}/messages");
    fake.rate_limit_next(&route, Duration::from_millis(200), 1);
    let out = Outbound::new(http(&fake), quick());
    let msg = bounded(
        "post",
        out.post(ChannelId::new(GENERAL), text("rappel"), "r-429"),
    )
    .await
    .expect("delivered after the 429");
    assert_eq!(fake.messages(GENERAL).len(), 1);
    assert_eq!(FakeDiscord::id_of(&fake.messages(GENERAL)[0]), msg.id.get());
    let posts = posts_to(&fake, GENERAL);
    assert_eq!(
        posts.iter().map(|r| r.status).collect::<Vec<_>>(),
        [429, 200]
    );
    let waited = posts[1].at.duration_since(posts[0].at);
    assert!(
        waited >= Duration::from_millis(200),
        "retried after {waited:?}"
    );
    let stats = out.stats();
    assert_eq!(stats.rate_limited, 1, "{stats:?}");
    assert_eq!((stats.sent, stats.retries, stats.requests), (1, 1, 2));
    fake.shutdown().await;
}

#[tokio::test]
async fn two_503_then_success_delivers_once_with_growing_backoff() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    fake.fail_next(&format!("POST /channels/{GENERAL}/messages"), 503, 2);
    let out = Outbound::new(http(&fake), quick());
    bounded(
        "post",
        out.post(ChannelId::new(GENERAL), text("rappel"), "r-503"),
    )
    .await
    .expect("delivered on the third attempt");
    assert_eq!(contents(&fake.messages(GENERAL)), ["rappel"]);
    let posts = posts_to(&fake, GENERAL);
    assert_eq!(
        posts.iter().map(|r| r.status).collect::<Vec<_>>(),
        [503, 503, 200]
    );
    let first_wait = posts[1].at.duration_since(posts[0].at);
    let second_wait = posts[2].at.duration_since(posts[1].at);
    assert!(first_wait >= Duration::from_millis(50), "{first_wait:?}");
    assert!(second_wait >= Duration::from_millis(100), "{second_wait:?}");
    let stats = out.stats();
    assert_eq!(
        (
            stats.sent,
            stats.server_errors,
            stats.retries,
            stats.rate_limited
        ),
        (1, 2, 2, 0)
    );
    fake.shutdown().await;
}

#[tokio::test]
async fn a_lost_response_is_retried_with_the_same_nonce_and_posts_once() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    fake.fail_next_after_apply(&format!("POST /channels/{GENERAL}/messages"), 500, 1);
    let out = Outbound::new(http(&fake), quick());
    let msg = bounded(
        "post",
        out.post(ChannelId::new(GENERAL), text("rappel"), "j42p0"),
    )
    .await
    .expect("the retry gets the stored message back");
    let stored = fake.messages(GENERAL);
    assert_eq!(stored.len(), 1, "no duplicate: {stored:?}");
    assert_eq!(FakeDiscord::id_of(&stored[0]), msg.id.get());
    let posts = posts_to(&fake, GENERAL);
    assert_eq!(
        posts.iter().map(|r| r.status).collect::<Vec<_>>(),
        [500, 200]
    );
    for p in &posts {
        assert_eq!(
            (&p.body["nonce"], &p.body["enforce_nonce"]),
            (&json!("j42p0"), &json!(true))
        );
    }
    assert_eq!(out.stats().server_errors, 1);
    fake.shutdown().await;
}

#[tokio::test]
async fn a_timed_out_post_is_retried_and_posts_once() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    fake.delay_next(
        &format!("POST /channels/{GENERAL}/messages"),
        Duration::from_secs(3),
        1,
    );
    let out = Outbound::new(
        http(&fake),
        OutboundConfig {
            request_timeout: Duration::from_millis(300),
            ..quick()
        },
    );
    bounded(
        "post",
        out.post(ChannelId::new(GENERAL), text("rappel"), "j43p0"),
    )
    .await
    .expect("delivered by the retry");
    assert_eq!(fake.messages(GENERAL).len(), 1);
    assert_eq!(posts_to(&fake, GENERAL).len(), 2);
    let stats = out.stats();
    assert_eq!((stats.server_errors, stats.retries, stats.sent), (1, 1, 1));
    fake.shutdown().await;
}

#[tokio::test]
async fn a_channel_the_bot_cannot_see_is_refused_at_once() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let hidden = fake.add_text_channel(
        "binome-hidden",
        None,
        json!([{"id": BOT_USER_ID.to_string(), "type": 1, "allow": "0", "deny": "1024"}]),
    );
    fake.expect_refusal(50001);
    let out = Outbound::new(http(&fake), quick());
    let r = bounded(
        "post",
        out.post(ChannelId::new(hidden), text("rappel"), "r-403"),
    )
    .await;
    match r {
        Err(DeliveryError::Refused { code: 50001, .. }) => {}
        other => panic!("expected Refused 50001, got {other:?}"),
    }
    assert_eq!(posts_to(&fake, hidden).len(), 1, "no retry of a 403");
    let stats = out.stats();
    assert_eq!((stats.requests, stats.retries, stats.refused), (1, 0, 1));
    fake.shutdown().await;
}

#[tokio::test]
async fn retries_run_out_as_gave_up_for_the_scheduler() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    fake.fail_next(&format!("POST /channels/{GENERAL}/messages"), 502, 3);
    let out = Outbound::new(
        http(&fake),
        OutboundConfig {
            max_attempts: 3,
            ..quick()
        },
    );
    let r = bounded(
        "post",
        out.post(ChannelId::new(GENERAL), text("rappel"), "r-502"),
    )
    .await;
    match r {
        Err(DeliveryError::GaveUp { attempts: 3, last }) => assert!(last.contains("502"), "{last}"),
        other => panic!("expected GaveUp after 3 attempts, got {other:?}"),
    }
    assert_eq!(posts_to(&fake, GENERAL).len(), 3);
    assert!(fake.messages(GENERAL).is_empty());
    assert_eq!(out.stats().gave_up, 1);
    fake.shutdown().await;
}

#[tokio::test]
async fn a_dm_to_someone_with_closed_dms_is_dm_closed() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let out = Outbound::new(http(&fake), quick());
    let r = bounded("dm", out.dm(UserId::new(HEIDI), text("posture"), "j44p0")).await;
    assert!(matches!(r, Err(DeliveryError::DmClosed)), "{r:?}");
    let lines: Vec<String> = fake.requests().iter().map(Recorded::line).collect();
    let dm = fake.dm_channel(HEIDI).expect("the DM channel was opened");
    assert_eq!(
        lines,
        [
            "POST /users/@me/channels -> 200".to_owned(),
            format!("POST /channels/{dm}/messages -> 403"),
        ],
        "opened once, posted once, no retry"
    );
    assert_eq!(out.stats().refused, 1);
    fake.shutdown().await;
}

#[tokio::test]
async fn dms_reuse_the_channel_and_every_request_is_counted() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let out = Outbound::new(http(&fake), quick());
    for n in 0..2 {
        bounded(
            "dm",
            out.dm(
                UserId::new(BOB),
                text(format!("posture {n}")),
                &format!("j45p{n}"),
            ),
        )
        .await
        .expect("dm delivered");
    }
    let dm = fake.dm_channel(BOB).expect("DM channel");
    assert_eq!(contents(&fake.messages(dm)), ["posture 0", "posture 1"]);
    let opened = fake
        .requests()
        .iter()
        .filter(|r| r.path == "/users/@me/channels")
        .count();
    assert_eq!(opened, 1, "the DM channel is opened once");
    let stats = out.stats();
    assert_eq!((stats.sent, stats.requests), (2, 3), "{stats:?}");
    fake.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn configured_above_discords_limit_it_recovers_from_global_429s_without_duplicates() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let channels = fake.add_pair_channels(30);
    let out = Outbound::new(
        http(&fake),
        OutboundConfig {
            max_per_second: 100,
            ..quick()
        },
    );
    let posts = (0..120usize).map(|i| {
        let out = out.clone();
        let channel = ChannelId::new(channels[i % channels.len()]);
        async move {
            out.post(channel, text(format!("{i}")), &format!("burst-{i}"))
                .await
        }
    });
    let results = bounded("120 posts", join_all(posts)).await;
    for (i, r) in results.iter().enumerate() {
        assert!(r.is_ok(), "post {i}: {r:?}");
    }
    let report = fake.rate_report();
    assert!(report.global_429_sent > 0, "the fake limited: {report:?}");
    let stats = out.stats();
    assert_eq!(stats.rate_limited as usize, report.global_429_sent);
    assert_eq!(stats.sent, 120);
    let mut all: Vec<String> = channels
        .iter()
        .flat_map(|c| contents(&fake.messages(*c)))
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 120, "each message exactly once");
    let total: usize = channels.iter().map(|c| fake.messages(*c).len()).sum();
    assert_eq!(total, 120);
    fake.shutdown().await;
}

/// One raw HTTP/1.1 request (serenity keeps neither headers nor a 429 body).
async fn raw_get(fake: &FakeDiscord, path: &str) -> String {
    let addr = fake.base_url().trim_start_matches("http://").to_owned();
    let mut s = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let req = format!(
        "GET /api/v10{path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bot MTIw.ZmFrZQ.dG9rZW4\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await.expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).await.expect("read");
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_fake_answers_a_global_429_past_fifty_requests_a_second() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let http = http(&fake);
    let burst = (0..60).map(|_| ChannelId::new(GENERAL).to_channel(http.as_ref()));
    let results = bounded("burst", join_all(burst)).await;
    let limited = results
        .iter()
        .filter(|r| {
            matches!(r, Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(e)))
                if e.status_code.as_u16() == 429)
        })
        .count();
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok + limited, 60, "{results:?}");
    let report = fake.rate_report();
    assert_eq!(report.global_429_sent, limited);
    assert!(ok <= GLOBAL_LIMIT as usize || report.span >= Duration::from_secs(1));
    if report.span < Duration::from_secs(1) {
        assert_eq!(ok, 50, "{report:?}");
    }

    // What serenity hides: Discord's headers and body.
    fake.set_global_limit(Some(1));
    let _ = raw_get(&fake, "/gateway").await;
    let answer = raw_get(&fake, "/gateway").await;
    let (head, body) = answer.split_once("\r\n\r\n").expect("http answer");
    let head = head.to_lowercase();
    assert!(head.starts_with("http/1.1 429"), "{head}");
    assert!(head.contains("\r\nretry-after: 1"), "{head}");
    assert!(head.contains("\r\nx-ratelimit-global: true"), "{head}");
    assert!(head.contains("\r\nx-ratelimit-scope: global"), "{head}");
    let body: Value = serde_json::from_str(body).expect("json body");
    assert_eq!(body["global"], json!(true));
    assert_eq!(body["message"], "You are being rate limited.");
    let retry_after = body["retry_after"].as_f64().expect("retry_after");
    assert!(retry_after > 0.0 && retry_after <= 1.0, "{retry_after}");

    fake.set_global_limit(None);
    let burst = (0..60).map(|_| ChannelId::new(GENERAL).to_channel(http.as_ref()));
    let results = bounded("unlimited burst", join_all(burst)).await;
    assert!(results.iter().all(Result::is_ok), "limit switched off");
    fake.shutdown().await;
}

#[tokio::test]
async fn interaction_callbacks_are_not_bound_by_the_global_limit() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    fake.set_global_limit(Some(1));
    let _ = raw_get(&fake, "/gateway").await;
    // An unknown interaction answers 404, but not 429.
    let answer = raw_get(&fake, "/interactions/1/x/callback").await;
    assert!(!answer.starts_with("HTTP/1.1 429"), "{answer}");
    fake.shutdown().await;
}

#[tokio::test]
async fn a_delivered_nonce_is_never_posted_again_even_after_discord_forgot_it() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let store = Arc::new(binome::store::SqliteStore::in_memory().await.unwrap());
    let out = Outbound::new(http(&fake), quick()).with_ledger(store.clone());
    bounded(
        "first post",
        out.post(ChannelId::new(GENERAL), text("rappel"), "jz1d7"),
    )
    .await
    .expect("delivered");
    // A retry long after (Discord keeps nonces only minutes, the fake dedups per channel):
    // the ledger alone must stop it, so not even a request goes out.
    let before = fake.requests().len();
    bounded(
        "retry",
        out.post(ChannelId::new(GENERAL), text("rappel"), "jz1d7"),
    )
    .await
    .expect("reported as delivered");
    bounded(
        "retry as DM",
        out.dm(UserId::new(BOB), text("rappel"), "jz1d7"),
    )
    .await
    .expect("reported as delivered");
    assert_eq!(fake.requests().len(), before, "nothing sent again");
    assert_eq!(contents(&fake.messages(GENERAL)), ["rappel"]);
    // Another nonce goes out as usual.
    bounded(
        "other",
        out.post(ChannelId::new(GENERAL), text("autre"), "jz1d8"),
    )
    .await
    .expect("delivered");
    assert_eq!(contents(&fake.messages(GENERAL)), ["rappel", "autre"]);
    fake.shutdown().await;
}
