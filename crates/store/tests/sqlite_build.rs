//! The bundled SQLite is built with the options `.cargo/config.toml` sets (issue #9): a build that
//! lost them still works but re-parses every `LIMIT ?` statement on each use and serialises every
//! allocation on a global mutex, so it fails here rather than only in a benchmark.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::sqlite::SqliteConnection;

#[derive(QueryableByName)]
struct CompileOption {
    #[diesel(sql_type = Text)]
    compile_options: String,
}

fn compile_options() -> Vec<String> {
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    diesel::sql_query("PRAGMA compile_options")
        .load::<CompileOption>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|o| o.compile_options)
        .collect()
}

#[test]
fn bundled_sqlite_keeps_plans_stable_so_cached_statements_are_not_reprepared() {
    let options = compile_options();
    assert!(
        options.iter().any(|o| o == "ENABLE_QPSG"),
        "SQLITE_ENABLE_QPSG missing (is LIBSQLITE3_FLAGS from .cargo/config.toml set?): {options:?}"
    );
}

#[test]
fn bundled_sqlite_keeps_no_memory_statistics_behind_a_global_mutex() {
    let options = compile_options();
    assert!(
        options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
        "SQLITE_DEFAULT_MEMSTATUS=0 missing: {options:?}"
    );
}
