//! The process's runtime: tokio's multi-threaded scheduler, with glibc's allocator held to two
//! arenas. `binome run` and the scale benchmark build it the same way.

/// The runtime `binome` runs on.
pub fn build() -> std::io::Result<tokio::runtime::Runtime> {
    limit_malloc_arenas();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
}

/// Arenas glibc may use when `MALLOC_ARENA_MAX` does not say otherwise.
pub const MALLOC_ARENAS: i32 = 2;

/// glibc gives each thread that allocates an arena of its own (up to eight per core) and
/// gives little of it back: with tokio's workers and one thread per SQLite connection, a
/// command's short-lived buffers stay resident in each. Two arenas keep the peak of a
/// full-server command about 15 MB lower (see BENCHMARKS.md). An explicit `MALLOC_ARENA_MAX`
/// in the environment wins. Returns whether the limit was set.
pub fn limit_malloc_arenas() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets one of the allocator's tunables, under its own lock.
        return unsafe { libc::mallopt(libc::M_ARENA_MAX, MALLOC_ARENAS) } == 1;
    }
    false
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn glibc_takes_the_arena_limit_unless_the_environment_sets_one() {
        let set = std::env::var_os("MALLOC_ARENA_MAX").is_none();
        assert_eq!(super::limit_malloc_arenas(), set);
    }
}
