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

/// Builds queued productions one after another: woken at once by a production created on this
/// instance, and every `every` for those created on another. A failure is logged and the loop goes on.
pub async fn production_builder(db: Db, blobs: service::blobs::BlobStore, every: Duration) {
    loop {
        match service::productions::build_next(&db, &blobs, service::now()).await {
            Ok(Some(id)) => {
                tracing::info!(production = %id, "production built");
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "building a production failed; retrying later"),
        }
        service::productions::wait_for_work(every).await;
    }
}
