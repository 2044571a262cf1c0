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

pub use startup::build_app;
