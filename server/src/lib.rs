#![recursion_limit = "256"]
//! The `caseward` server: settings, the axum Router (REST API, Leptos pages, server functions),
//! and start-up.
pub mod api;
pub mod caching;
pub mod limits;
pub mod mail;
pub mod ranges;
pub mod settings;
pub mod startup;
pub mod workers;

/// mimalloc instead of the C library's allocator, for the server and everything that runs it
/// (its tests and benchmarks too). sqlx copies every value of every row on SQLite's connection
/// thread and frees it on the runtime's, which glibc's allocator handles badly: in a profile of
/// opening a case under load (`perf record` on `cargo bench --bench scale`) malloc and free
/// took about 15 % of the CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub use startup::build_app;
