//! Seeds a database shaped like the hosted service (`world`): the project's own migrations
//! (`SqliteStore::connect`), the servers, programmes and sessions through the store, then the
//! year's rows in bulk (multi-row INSERTs of literals in one transaction on a second connection
//! to the same file), and last the measured server's jobs still to come through the store again,
//! so that the jobs its commands cancel or run are written as the store writes them. The bulk
//! rows fill the columns the migrations define today: a column the store comes to fill must be
//! filled here too.

use std::path::Path;
use std::time::Instant;

use anyhow::Context as _;
use binome::app::ports::{SessionStore, Store};
use binome::app::reports::digest_job_key;
use binome::domain::job::{meeting_job_prefix, Job, JobPayload, JobState, NewJob, NonceTag};
use binome::domain::participant::ParticipantRole;
use binome::domain::posture::PostureDeck;
use binome::domain::programme::{NewProgramme, ProgrammeDates, ProgrammeName, ThemeSet};
use binome::domain::session::{
    check_in_closes_after, check_in_opens_before, NewSession, SessionId, SessionKind,
    REMINDER_OFFSETS_MINUTES,
};
use binome::domain::setup::GuildSettings;
use binome::domain::{ChannelId, GuildId, JobId, Locale, MeetingId, ProgrammeId, RoleId};
use binome::store::SqliteStore;
use chrono::{DateTime, Datelike as _, Duration, SecondsFormat, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{ConnectOptions as _, Connection as _, SqliteConnection};

use super::world::{self, day, utc, Fate, Shape};

/// Rows per INSERT statement.
const ROWS_PER_INSERT: usize = 2_000;
/// Default `rhythm` settings, as the jobs were planned.
const REMINDERS: [i64; 2] = [24 * 60, 60];
const CHECK_IN_AFTER_END: Duration = Duration::minutes(60);
const CHECK_IN_RETRY: Duration = Duration::hours(72);
const MEETING_MINUTES: i64 = 60;
const SESSION_LENGTH: Duration = Duration::hours(2);

/// What the seeding made.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SeedStats {
    pub seconds: f64,
    pub bytes: u64,
    /// Rows per table.
    pub rows: Vec<(String, u64)>,
}

pub fn url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// Seeds `shape` into a new database file at `path`.
pub async fn seed(path: &Path, shape: Shape) -> anyhow::Result<SeedStats> {
    let start = Instant::now();
    let store = SqliteStore::connect(&url(path), 1).await?;
    let servers = servers(&store, shape).await?;
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Off)
        // Tables are written in chunks as they fill; the references are checked at the end.
        .foreign_keys(false)
        .connect()
        .await
        .context("bulk connection")?;
    // Room for the indexes being filled (the nonces' key is random): 256 MB.
    sqlx::query("PRAGMA cache_size = -262144")
        .execute(&mut conn)
        .await?;
    let mut bulk = Bulk::new(shape)?;
    let mut tx = conn.begin().await?;
    for (g, server) in servers.iter().enumerate() {
        bulk.server(&mut tx, g, server).await?;
    }
    bulk.flush(&mut tx, true).await?;
    tx.commit().await?;
    let broken: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&mut conn)
        .await?;
    anyhow::ensure!(
        broken.is_empty(),
        "seeded rows without their parent: {broken:?}"
    );
    conn.close().await?;
    eprintln!("  bulk rows in {:.1} s", start.elapsed().as_secs_f64());
    for job in &bulk.pending {
        store
            .enqueue_job(job, world::now() - Duration::days(1))
            .await?;
    }
    // The last connection to close folds the write-ahead log into the file: the measuring
    // process starts from the database alone, as after a restart.
    store.close().await;
    let rows = counts(path).await?;
    Ok(SeedStats {
        seconds: start.elapsed().as_secs_f64(),
        bytes: std::fs::metadata(path)?.len(),
        rows,
    })
}

/// One server's programme and its three collective sessions (kickoff, mid-term, closing).
struct Server {
    programme: ProgrammeId,
    sessions: [(SessionId, DateTime<Utc>); 3],
}

async fn servers(store: &SqliteStore, shape: Shape) -> anyhow::Result<Vec<Server>> {
    let created = utc(2025, 12, 15, 9, 0);
    let mut out = Vec::new();
    for g in 0..shape.servers {
        let guild = GuildId(shape.guild(g));
        store
            .save_guild_settings(&GuildSettings {
                guild_id: guild,
                coordinator_role: RoleId(shape.coordinator_role(g)),
                coordinator_channel: Some(ChannelId(shape.coordinator_channel(g))),
                locale: Locale::Fr,
                updated_at: created,
            })
            .await?;
        let (s, e) = (world::START, world::END);
        let programme = store
            .create_programme(&NewProgramme {
                guild_id: guild,
                name: ProgrammeName::parse(&format!("Mentorat 2026 n°{}", g + 1))?,
                dates: ProgrammeDates::new(day(s.0, s.1, s.2), day(e.0, e.1, e.2))?,
                time_zone: chrono_tz::Europe::Paris,
                themes: ThemeSet::default(),
                recruiting_until: None,
                created_at: created,
            })
            .await?;
        let mut sessions = Vec::new();
        for (kind, at) in [
            (SessionKind::Kickoff, utc(2026, 1, 15, 13, 0)),
            (SessionKind::MidTerm, utc(2026, 6, 18, 12, 0)),
            (SessionKind::Closing, utc(2027, 1, 21, 13, 0)),
        ] {
            let s = store
                .create_session(&NewSession {
                    programme_id: programme.id,
                    kind,
                    starts_at: at,
                    ends_at: at + SESSION_LENGTH,
                    place: None,
                    discord_event_id: None,
                    created_at: created,
                })
                .await?;
            sessions.push((s.id, at));
        }
        let sessions = sessions
            .try_into()
            .map_err(|_| anyhow::anyhow!("3 sessions"))?;
        out.push(Server {
            programme: programme.id,
            sessions,
        });
    }
    Ok(out)
}

async fn counts(path: &Path) -> anyhow::Result<Vec<(String, u64)>> {
    let mut conn = SqliteConnectOptions::new().filename(path).connect().await?;
    let mut out = Vec::new();
    for table in [
        "participants",
        "pairs",
        "meetings",
        "jobs",
        "delivered_nonces",
        "followups",
        "session_rsvps",
        "session_attendance",
        "posture_history",
    ] {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut conn)
            .await?;
        out.push((table.to_owned(), n as u64));
    }
    conn.close().await?;
    Ok(out)
}

/// A value of a bulk INSERT, written as an SQL literal (binding a million rows' values one by
/// one costs several times more than SQLite parsing them).
enum Val {
    Int(i64),
    Text(String),
    Time(DateTime<Utc>),
    Null,
}

impl Val {
    fn write_sql(&self, sql: &mut String) {
        use std::fmt::Write as _;
        let quoted = |sql: &mut String, s: &str| {
            sql.push('\'');
            sql.push_str(&s.replace('\'', "''"));
            sql.push('\'');
        };
        match self {
            Val::Int(i) => {
                let _ = write!(sql, "{i}");
            }
            Val::Text(s) => quoted(sql, s),
            // Exactly as sqlx encodes a `DateTime<Utc>` for SQLite, so that the store's
            // comparisons and reads see the same text.
            Val::Time(t) => quoted(sql, &t.to_rfc3339_opts(SecondsFormat::AutoSi, false)),
            Val::Null => sql.push_str("NULL"),
        }
    }
}

impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::Int(v)
    }
}
impl From<u64> for Val {
    // Discord ids keep their bits as i64, as the store writes them.
    fn from(v: u64) -> Self {
        Val::Int(v as i64)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Val::Text(v.to_owned())
    }
}
impl From<String> for Val {
    fn from(v: String) -> Self {
        Val::Text(v)
    }
}
impl From<DateTime<Utc>> for Val {
    fn from(v: DateTime<Utc>) -> Self {
        Val::Time(v)
    }
}
impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Self {
        v.map_or(Val::Null, Into::into)
    }
}

macro_rules! row {
    ($($v:expr),* $(,)?) => { vec![$(Val::from($v)),*] };
}

/// Rows waiting to be written to one table.
struct Table {
    head: &'static str,
    cols: usize,
    rows: Vec<Vec<Val>>,
}

impl Table {
    /// `head`: `INSERT INTO t (a, b, c)`.
    fn new(head: &'static str) -> Self {
        Table {
            head,
            cols: head.matches(',').count() + 1,
            rows: Vec::new(),
        }
    }

    fn push(&mut self, row: Vec<Val>) {
        debug_assert_eq!(row.len(), self.cols, "{}", self.head);
        self.rows.push(row);
    }

    /// Writes full statements' worth of rows (every row when `all`).
    async fn flush(&mut self, conn: &mut SqliteConnection, all: bool) -> anyhow::Result<()> {
        while self.rows.len() >= ROWS_PER_INSERT || (all && !self.rows.is_empty()) {
            let n = ROWS_PER_INSERT.min(self.rows.len());
            let mut sql = format!("{} VALUES ", self.head);
            for (i, row) in self.rows.drain(..n).enumerate() {
                sql.push_str(if i == 0 { "(" } else { ", (" });
                for (j, v) in row.iter().enumerate() {
                    if j > 0 {
                        sql.push_str(", ");
                    }
                    v.write_sql(&mut sql);
                }
                sql.push(')');
            }
            sqlx::raw_sql(&sql)
                .execute(&mut *conn)
                .await
                .with_context(|| self.head)?;
        }
        Ok(())
    }
}

struct Tables {
    participants: Table,
    pairs: Table,
    members: Table,
    charter: Table,
    meetings: Table,
    jobs: Table,
    nonces: Table,
    posture: Table,
    followups: Table,
    rsvps: Table,
    attendance: Table,
    tripartites: Table,
    tripartite_answers: Table,
}

impl Tables {
    fn new() -> Self {
        Tables {
            participants: Table::new("INSERT INTO participants (id, programme_id, user_id, role, company, themes, locale, enrolled_at)"),
            pairs: Table::new("INSERT INTO pairs (id, programme_id, channel_id, status, created_at, objective_set_at)"),
            members: Table::new("INSERT INTO pair_members (pair_id, participant_id, position)"),
            charter: Table::new("INSERT INTO charter_signatures (pair_id, participant_id, signed_at)"),
            meetings: Table::new("INSERT INTO meetings (id, pair_id, starts_at, duration_minutes, mode, status, created_at, outcome_at)"),
            jobs: Table::new("INSERT INTO jobs (id, guild_id, kind, payload, idempotency_key, due_at, expires_at, state, attempts, last_error, updated_at)"),
            nonces: Table::new("INSERT INTO delivered_nonces (nonce, delivered_at)"),
            posture: Table::new("INSERT INTO posture_history (participant_id, prompt_id, shown_at)"),
            followups: Table::new("INSERT INTO followups (id, participant_id, met_on, kind, logged_by, created_at)"),
            rsvps: Table::new("INSERT INTO session_rsvps (session_id, participant_id, answer, answered_at)"),
            attendance: Table::new("INSERT INTO session_attendance (session_id, participant_id, recorded_at, source)"),
            tripartites: Table::new("INSERT INTO tripartites (id, pair_id, proposer_id, starts_at, duration_minutes, status, created_at, decided_at, outcome_at)"),
            tripartite_answers: Table::new("INSERT INTO tripartite_answers (tripartite_id, participant_id, answer, answered_at)"),
        }
    }

    fn all(&mut self) -> [&mut Table; 13] {
        [
            &mut self.participants,
            &mut self.pairs,
            &mut self.members,
            &mut self.charter,
            &mut self.meetings,
            &mut self.jobs,
            &mut self.nonces,
            &mut self.posture,
            &mut self.followups,
            &mut self.rsvps,
            &mut self.attendance,
            &mut self.tripartites,
            &mut self.tripartite_answers,
        ]
    }
}

/// Ids handed out so far.
#[derive(Default)]
struct Ids {
    meeting: i64,
    job: i64,
    followup: i64,
    tripartite: i64,
}

/// The server and pair a row belongs to.
#[derive(Clone, Copy)]
struct At {
    g: usize,
    guild: u64,
    programme: ProgrammeId,
}

/// Generates the year's rows, server by server and pair by pair.
struct Bulk {
    shape: Shape,
    t: Tables,
    ids: Ids,
    prompts: Vec<String>,
    /// The measured server's jobs still to come, enqueued through the store once the bulk rows
    /// are in.
    pending: Vec<NewJob>,
}

impl Bulk {
    fn new(shape: Shape) -> anyhow::Result<Self> {
        let deck = PostureDeck::builtin().context("posture deck")?;
        let prompts = deck
            .prompts(Locale::Fr, ParticipantRole::Mentor)
            .iter()
            .map(|p| p.id.clone())
            .collect();
        Ok(Bulk {
            shape,
            t: Tables::new(),
            ids: Ids::default(),
            prompts,
            pending: Vec::new(),
        })
    }

    async fn flush(&mut self, conn: &mut SqliteConnection, all: bool) -> anyhow::Result<()> {
        for table in self.t.all() {
            table.flush(conn, all).await?;
        }
        Ok(())
    }

    fn participant_id(&self, g: usize, k: usize) -> i64 {
        (g * 2 * self.shape.pairs + k + 1) as i64
    }

    fn pair_id(&self, g: usize, p: usize) -> i64 {
        (g * self.shape.pairs + p + 1) as i64
    }

    async fn server(
        &mut self,
        conn: &mut SqliteConnection,
        g: usize,
        server: &Server,
    ) -> anyhow::Result<()> {
        let at = At {
            g,
            guild: self.shape.guild(g),
            programme: server.programme,
        };
        for k in 0..2 * self.shape.pairs {
            self.participant(at, k);
        }
        for p in 0..self.shape.pairs {
            self.pair(at, p);
            self.flush(conn, false).await?;
        }
        self.sessions(at, server);
        self.programme_jobs(at);
        self.flush(conn, false).await
    }

    fn participant(&mut self, at: At, k: usize) {
        let (role, company) = if k % 2 == 0 {
            ("mentor", format!("Entreprise {}", (k / 2) % 37))
        } else {
            ("mentee", format!("Société {}", (k / 2) % 41))
        };
        let locale = if k % 9 == 0 { "en" } else { "fr" };
        let id = self.participant_id(at.g, k);
        let user = self.shape.user(at.g, k);
        self.t.participants.push(row![
            id,
            at.programme.0,
            user,
            role,
            company,
            "[]",
            locale,
            utc(2025, 12, 20, 10, 0)
        ]);
        self.followups(at, k);
    }

    /// The coordinator's individual follow-ups with participant `k`: the latest in November,
    /// earlier ones in August and May; a quarter of the participants have none.
    fn followups(&mut self, at: At, k: usize) {
        const KINDS: [&str; 3] = ["call", "visit", "video"];
        for month in [11, 8, 5].into_iter().take(world::followups(k)) {
            self.ids.followup += 1;
            let met = day(2026, month, 10 + (k % 15) as u32);
            let kind = (k % 7 != 0).then_some(KINDS[k % 3]);
            self.t.followups.push(row![
                self.ids.followup,
                self.participant_id(at.g, k),
                met.format("%Y-%m-%d").to_string(),
                kind,
                self.shape.coordinator(at.g),
                utc(2026, month, 10 + (k % 15) as u32, 17, 0)
            ]);
        }
    }

    fn pair(&mut self, at: At, p: usize) {
        let id = self.pair_id(at.g, p);
        let status = match world::fate(p) {
            Fate::Paused => "paused",
            Fate::Ended => "ended",
            Fate::Steady | Fate::AtRisk => "active",
        };
        let objective = world::objective_set(p).then(|| utc(2026, 1, 20, 18, 0));
        self.t.pairs.push(row![
            id,
            at.programme.0,
            self.shape.channel(at.g, p),
            status,
            utc(2026, 1, 6, 10, 0),
            objective
        ]);
        for position in 0..2 {
            let member = self.participant_id(at.g, 2 * p + position);
            self.t.members.push(row![id, member, position as i64]);
            if world::charter_signed(p) {
                self.t
                    .charter
                    .push(row![id, member, utc(2026, 1, 7, 9 + position as u32, 0)]);
            }
        }
        for month in world::PAST_MONTHS {
            if let Some(status) = world::meeting_status(p, month) {
                self.past_meeting(at, p, world::meeting_start(p, month), status);
            }
        }
        self.upcoming_meetings(at, p);
        if world::had_tripartite(p) {
            self.tripartite(at, p);
        }
    }

    /// A meeting of the year with the jobs that ran for it (two reminders, the posture prompt,
    /// one or two check-ins) and the nonces of what they posted.
    fn past_meeting(&mut self, at: At, p: usize, starts: DateTime<Utc>, status: &str) {
        let meeting = self.meeting(p, at, starts, status);
        let mut jobs = meeting_jobs(GuildId(at.guild), meeting, starts);
        if status == "unconfirmed" {
            jobs.extend(unanswered_jobs(GuildId(at.guild), meeting, starts));
        }
        for job in jobs {
            self.ran(at, Some(p), job);
        }
    }

    fn meeting(&mut self, p: usize, at: At, starts: DateTime<Utc>, status: &str) -> MeetingId {
        const MODES: [Option<&str>; 3] = [Some("in_person"), Some("video"), None];
        self.ids.meeting += 1;
        let outcome = (status != "scheduled").then(|| starts + Duration::hours(3));
        let mode = MODES[(self.ids.meeting % 3) as usize];
        self.t.meetings.push(row![
            self.ids.meeting,
            self.pair_id(at.g, p),
            starts,
            MEETING_MINUTES,
            mode,
            status,
            starts - Duration::days(10),
            outcome
        ]);
        MeetingId(self.ids.meeting)
    }

    /// December: yesterday's meeting awaiting its check-in (the first pairs of the measured
    /// programme), and next week's meeting with its reminders and check-in to come.
    fn upcoming_meetings(&mut self, at: At, p: usize) {
        if at.g == self.shape.measured() && p < self.shape.check_in_pairs() {
            let starts = utc(2026, 12, 8, 13, 0);
            let meeting = self.meeting(p, at, starts, "scheduled");
            for job in meeting_jobs(GuildId(at.guild), meeting, starts) {
                match job.payload {
                    JobPayload::MeetingCheckIn { .. } => self.will_run(at, job),
                    _ => self.ran(at, Some(p), job),
                }
            }
        }
        if world::meets_in_december(p) {
            let starts = utc(2026, 12, 14 + (p % 10) as u32, 13, 0);
            let meeting = self.meeting(p, at, starts, "scheduled");
            for job in meeting_jobs(GuildId(at.guild), meeting, starts) {
                self.will_run(at, job);
            }
        }
    }

    /// A tripartite meeting in May, accepted by both members and held.
    fn tripartite(&mut self, at: At, p: usize) {
        self.ids.tripartite += 1;
        let id = self.ids.tripartite;
        self.t.tripartites.push(row![
            id,
            self.pair_id(at.g, p),
            self.shape.coordinator(at.g),
            utc(2026, 5, 20, 8, 0),
            MEETING_MINUTES,
            "held",
            utc(2026, 5, 1, 9, 0),
            utc(2026, 5, 3, 9, 0),
            utc(2026, 5, 21, 9, 0)
        ]);
        for position in 0..2 {
            let member = self.participant_id(at.g, 2 * p + position);
            self.t
                .tripartite_answers
                .push(row![id, member, "accepted", utc(2026, 5, 2, 9, 0)]);
        }
    }

    /// Answers and presences of the three sessions, the jobs that ran for the two past ones,
    /// and those still to come for the closing one.
    fn sessions(&mut self, at: At, server: &Server) {
        for (i, (session, starts)) in server.sessions.into_iter().enumerate() {
            let past = i < 2;
            for k in 0..2 * self.shape.pairs {
                self.answer_and_presence(at, k, i, session, starts);
            }
            for job in session_jobs(GuildId(at.guild), session, starts) {
                if past {
                    self.ran(at, None, job);
                } else {
                    self.will_run(at, job);
                }
            }
        }
    }

    /// Participant `k`'s answer to the `i`th session (most are coming) and, for a past one,
    /// their presence (seven in ten at the kickoff, six at mid-term).
    fn answer_and_presence(
        &mut self,
        at: At,
        k: usize,
        i: usize,
        session: SessionId,
        starts: DateTime<Utc>,
    ) {
        let participant = self.participant_id(at.g, k);
        let answer = match (k + i) % 10 {
            0 => Some("not_coming"),
            5 => None,
            _ if i == 2 && k % 2 == 1 => None,
            _ => Some("coming"),
        };
        if let Some(answer) = answer {
            let answered = starts - Duration::days(7);
            self.t
                .rsvps
                .push(row![session.0, participant, answer, answered]);
        }
        if i < 2 && (k + i) % 10 < 7 - i {
            let source = if k % 3 == 0 { "coordinator" } else { "self" };
            let seen = starts + Duration::minutes(10);
            self.t
                .attendance
                .push(row![session.0, participant, seen, source]);
        }
    }

    /// The year's monthly nudges (the 5th, 09:00 in Paris) and weekly digests (Mondays), run,
    /// and the next of each to come.
    fn programme_jobs(&mut self, at: At) {
        let (guild, programme) = (GuildId(at.guild), at.programme);
        for month in 2..=12 {
            self.ran(
                at,
                None,
                monthly_job(guild, programme, utc(2026, month, 5, 8, 0)),
            );
        }
        self.will_run(at, monthly_job(guild, programme, utc(2027, 1, 5, 8, 0)));
        let mut since = utc(2025, 12, 15, 9, 0);
        let mut due = utc(2026, 1, 12, 8, 0);
        while due < world::now() {
            self.ran(at, None, digest_job(guild, programme, since, due));
            (since, due) = (due, due + Duration::weeks(1));
        }
        self.will_run(at, digest_job(guild, programme, since, due));
    }

    /// A job still to come: the measured server's through the store (what its commands cancel
    /// or run is written as the store writes it), the others' in bulk like the rest.
    fn will_run(&mut self, at: At, job: NewJob) {
        if at.g == self.shape.measured() {
            self.pending.push(job);
            return;
        }
        self.ids.job += 1;
        let json = serde_json::to_string(&job.payload).expect("a job payload serialises");
        self.t.jobs.push(row![
            self.ids.job,
            at.guild,
            job.payload.kind(),
            json,
            job.idempotency_key,
            job.due_at,
            job.expires_at,
            JobState::Pending.as_str(),
            0i64,
            None::<&str>,
            world::now() - Duration::days(1)
        ]);
    }

    /// A job that ran when due (one in a thousand died after five attempts), and what it
    /// delivered; `pair` is the pair a meeting's job is for.
    fn ran(&mut self, at: At, pair: Option<usize>, new: NewJob) {
        self.ids.job += 1;
        let id = self.ids.job;
        let (state, attempts, error) = if id % 1000 == 999 {
            (JobState::Dead, 5, Some("Discord answered 503 five times"))
        } else {
            (JobState::Done, 1, None)
        };
        let json = serde_json::to_string(&new.payload).expect("a job payload serialises");
        self.t.jobs.push(row![
            id,
            at.guild,
            new.payload.kind(),
            json,
            new.idempotency_key.as_str(),
            new.due_at,
            new.expires_at,
            state.as_str(),
            attempts as i64,
            error,
            new.due_at + Duration::seconds(2)
        ]);
        if state == JobState::Done {
            let job = Job {
                id: JobId(id),
                guild_id: new.guild_id,
                due_at: new.due_at,
                payload: new.payload,
                idempotency_key: new.idempotency_key,
                state,
                attempts,
                expires_at: new.expires_at,
            };
            self.delivered(at, pair, &job);
        }
    }

    /// The nonces of the messages `job` posted (and the posture prompt the last reminder of a
    /// meeting gives the mentor).
    fn delivered(&mut self, at: At, pair: Option<usize>, job: &Job) {
        let p = pair.unwrap_or(0);
        let mut sent = |tag, recipient| {
            let nonce = job.nonce(tag, recipient);
            self.t
                .nonces
                .push(row![nonce, job.due_at + Duration::seconds(1)]);
        };
        match &job.payload {
            JobPayload::MeetingReminder { offset_minutes, .. } => {
                sent(NonceTag::Reminder, self.shape.channel(at.g, p));
                if *offset_minutes == REMINDERS[1] {
                    sent(NonceTag::PostureDm, self.shape.user(at.g, 2 * p));
                    let prompt = self.prompts[job.id.0 as usize % self.prompts.len()].clone();
                    let mentor = self.participant_id(at.g, 2 * p);
                    self.t.posture.push(row![mentor, prompt, job.due_at]);
                }
            }
            JobPayload::MeetingCheckIn { .. } => {
                sent(NonceTag::CheckIn, self.shape.channel(at.g, p))
            }
            JobPayload::SessionReminder { .. } => {
                for k in 0..2 * self.shape.pairs {
                    sent(NonceTag::SessionDm, self.shape.user(at.g, k));
                }
            }
            JobPayload::SessionCheckIn { .. } => {
                sent(
                    NonceTag::SessionCheckIn,
                    self.shape.coordinator_channel(at.g),
                );
            }
            JobPayload::MonthlyRhythm { .. } => {
                let month = job.due_at.month();
                for p in
                    (0..self.shape.pairs).filter(|p| world::meeting_status(*p, month).is_none())
                {
                    sent(NonceTag::Nudge, self.shape.channel(at.g, p));
                }
            }
            JobPayload::WeeklyDigest { .. } => sent(NonceTag::Digest, 0),
            _ => {}
        }
    }
}

/// The jobs `App` plans when a meeting is scheduled: its reminders and its first check-in.
fn meeting_jobs(guild_id: GuildId, meeting: MeetingId, starts: DateTime<Utc>) -> Vec<NewJob> {
    let prefix = meeting_job_prefix(meeting);
    let mut jobs: Vec<NewJob> = REMINDERS
        .into_iter()
        .map(|offset| NewJob {
            guild_id,
            due_at: starts - Duration::minutes(offset),
            payload: JobPayload::MeetingReminder {
                meeting,
                offset_minutes: offset,
            },
            idempotency_key: format!("{prefix}reminder:{offset}"),
            expires_at: Some(starts),
        })
        .collect();
    jobs.push(NewJob {
        guild_id,
        due_at: check_in_due(starts),
        payload: JobPayload::MeetingCheckIn { meeting, round: 1 },
        idempotency_key: format!("{prefix}checkin:1"),
        expires_at: None,
    });
    jobs
}

fn check_in_due(starts: DateTime<Utc>) -> DateTime<Utc> {
    starts + Duration::minutes(MEETING_MINUTES) + CHECK_IN_AFTER_END
}

/// What an unanswered check-in leads to: the second check-in, then « unconfirmed ».
fn unanswered_jobs(guild_id: GuildId, meeting: MeetingId, starts: DateTime<Utc>) -> [NewJob; 2] {
    let prefix = meeting_job_prefix(meeting);
    let again = check_in_due(starts) + CHECK_IN_RETRY;
    [
        NewJob {
            guild_id,
            due_at: again,
            payload: JobPayload::MeetingCheckIn { meeting, round: 2 },
            idempotency_key: format!("{prefix}checkin:2"),
            expires_at: None,
        },
        NewJob {
            guild_id,
            due_at: again + CHECK_IN_RETRY,
            payload: JobPayload::MeetingUnconfirmed { meeting },
            idempotency_key: format!("{prefix}unconfirmed"),
            expires_at: None,
        },
    ]
}

/// The jobs `App` plans when a collective session is added: its reminders and the presence
/// check-in.
fn session_jobs(guild_id: GuildId, session: SessionId, starts: DateTime<Utc>) -> Vec<NewJob> {
    let prefix = format!("session:{}:", session.0);
    let mut jobs: Vec<NewJob> = REMINDER_OFFSETS_MINUTES
        .into_iter()
        .map(|offset| NewJob {
            guild_id,
            due_at: starts - Duration::minutes(offset),
            payload: JobPayload::SessionReminder {
                session,
                offset_minutes: offset,
            },
            idempotency_key: format!("{prefix}reminder:{offset}"),
            expires_at: Some(starts),
        })
        .collect();
    jobs.push(NewJob {
        guild_id,
        due_at: starts - check_in_opens_before(),
        payload: JobPayload::SessionCheckIn { session },
        idempotency_key: format!("{prefix}checkin"),
        expires_at: Some(starts + SESSION_LENGTH + check_in_closes_after()),
    });
    jobs
}

fn monthly_job(guild_id: GuildId, programme: ProgrammeId, due: DateTime<Utc>) -> NewJob {
    NewJob {
        guild_id,
        due_at: due,
        payload: JobPayload::MonthlyRhythm { programme },
        idempotency_key: format!("monthly:{}:{}", programme.0, due.format("%Y-%m-%dT%H:%M")),
        expires_at: None,
    }
}

fn digest_job(
    guild_id: GuildId,
    programme: ProgrammeId,
    since: DateTime<Utc>,
    due: DateTime<Utc>,
) -> NewJob {
    NewJob {
        guild_id,
        due_at: due,
        payload: JobPayload::WeeklyDigest { programme, since },
        idempotency_key: digest_job_key(programme, due),
        expires_at: None,
    }
}
