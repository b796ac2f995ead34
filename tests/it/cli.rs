//! The binary's command line: clear one-line failures with exit code 2, secrets masked.

use std::process::Command;

fn binome(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_binome"));
    cmd.current_dir(dir)
        .env_remove("DISCORD_TOKEN")
        .env_remove("BINOME_CONFIG")
        .env_remove("RUST_LOG");
    for (key, _) in std::env::vars() {
        if key.starts_with("BINOME_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

#[test]
fn run_without_a_token_says_so_in_one_line_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = binome(dir.path()).arg("run").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("DISCORD_TOKEN is not set"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}

#[test]
fn a_malformed_token_is_refused_without_echoing_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = binome(dir.path())
        .arg("run")
        .env("DISCORD_TOKEN", "not-a-token-SECRET")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("does not look like a Discord bot token"),
        "{err}"
    );
    assert!(!err.contains("SECRET"), "{err}");
}

#[test]
fn check_config_prints_the_layers_and_masks_the_token() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("binome.toml"),
        "[database]\nurl = \"sqlite://from-file.db\"\n",
    )
    .unwrap();
    let out = binome(dir.path())
        .arg("check-config")
        .env("DISCORD_TOKEN", "MTIz.c2VjcmV0.VE9LRU5TRUNSRVQ")
        .env("BINOME_PROGRAMME__DEFAULT_TIME_ZONE", "America/New_York")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("sqlite://from-file.db"), "file layer: {text}");
    assert!(text.contains("America/New_York"), "env layer: {text}");
    assert!(text.contains("Gouvernance"), "defaults: {text}");
    assert!(text.contains("masked"));
    assert!(!text.contains("VE9LRU5TRUNSRVQ"), "token leaked: {text}");
}

#[test]
fn a_malformed_config_file_is_one_clear_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("binome.toml"),
        "[database]\nmax_connections = \"many\"\n",
    )
    .unwrap();
    let out = binome(dir.path()).arg("check-config").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("max_connections"), "{err}");
}

#[test]
fn migrate_creates_the_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = binome(dir.path()).arg("migrate").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("binome.db").exists());
}

/// `binome migrate` in `dir` with this `binome.toml`: must succeed; stdout and stderr.
fn migrate_in(dir: &std::path::Path, binome_toml: &str) -> String {
    std::fs::write(dir.join("binome.toml"), binome_toml).unwrap();
    let out = binome(dir).arg("migrate").output().unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{all}");
    all
}

#[test]
fn payload_logging_turned_on_in_binome_toml_is_announced_by_one_warning_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let warning = "log.allow_payloads is on";
    let all = migrate_in(dir.path(), "");
    assert!(!all.contains(warning), "off by default: {all}");
    let all = migrate_in(dir.path(), "[log]\nallow_payloads = true\n");
    assert_eq!(
        all.lines().filter(|l| l.contains(warning)).count(),
        1,
        "{all}"
    );
}

#[test]
fn database_url_and_log_level_from_binome_toml_reach_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let all = migrate_in(
        dir.path(),
        "[database]\nurl = \"sqlite://elsewhere.db\"\n[log]\nlevel = \"debug\"\n",
    );
    assert!(dir.path().join("elsewhere.db").exists(), "{all}");
    assert!(!dir.path().join("binome.db").exists(), "{all}");
    // sqlx reports each migration statement at debug.
    assert!(all.contains("DEBUG"), "debug lines at level debug: {all}");

    let all = migrate_in(dir.path(), "[database]\nurl = \"sqlite://elsewhere.db\"\n");
    assert!(
        !all.contains("DEBUG"),
        "none at the default level, info: {all}"
    );
}

/// `binome match` reads a file of candidates like `/participant import` and prints what
/// `/match suggest` would propose, scored with `[matching]` from `binome.toml`.
#[test]
fn match_prints_the_proposal_of_a_candidates_file_scored_with_the_configured_weights() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("binome.toml"),
        "[matching]\nmain_theme = 7\nother_theme = 2\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("candidates.csv"),
        "discord_id;role;company;themes;capacity\n\
         1001;mentor;Alpha;Gouvernance|Recrutement et intégration;2\n\
         2001;mentee;Beta;Gouvernance|Recrutement et intégration;\n\
         2002;mentee;Gamma;Recrutement et intégration;\n\
         2003;mentee;alpha;Gouvernance;\n",
    )
    .unwrap();
    let out = binome(dir.path())
        .args(["match", "candidates.csv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines,
        [
            "mentor;mentoré·e;score;sans binôme",
            "1001;2001;9;",
            "1001;2002;7;",
            ";2003;;les personnes qui partagent ses thèmes sont de son entreprise",
        ]
    );
}

#[test]
fn match_refuses_a_bad_file_with_each_problem_and_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("candidates.csv"),
        "discord_id,role,company,themes\n1001,mentor,Alpha,Gouvernance\nabc,boss,Beta,Gouvernance\n",
    )
    .unwrap();
    let out = binome(dir.path())
        .args(["match", "candidates.csv", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no proposal from a bad file");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(err.lines().all(|l| l.contains('3')), "{err}");
}
