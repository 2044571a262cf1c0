//! Background jobs started with the server.
use service::Db;
use std::time::Duration;

/// Every `every`, removes expired grants and records it (access already stops at the expiry
/// instant without it). Failures are logged and retried on the next tick.
pub async fn expiry_sweep(db: Db, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match service::members::sweep_expired(&db, service::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "expired grants removed"),
            Err(e) => tracing::error!(error = %e, "expiry sweep failed; retrying on the next tick"),
        }
    }
}
