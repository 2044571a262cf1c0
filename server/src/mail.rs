//! Delivers the outbox over SMTP with lettre (SPEC §9). Each email is claimed before it is sent,
//! marked sent only after the server accepted it, and on failure kept with the reason: a
//! transient failure is retried with a growing delay, a permanent refusal is marked failed.
use domain::Timestamp;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use service::outbox::{self, Claimed, Failure};
use service::{Db, ServiceError};
use std::time::Duration;

/// A claim outlives any single attempt (the SMTP timeout is 30 s), so a slow send is not taken
/// over by a second worker; a worker that dies frees its emails when the lease runs out.
const LEASE_MS: i64 = 5 * 60 * 1000;
/// Emails claimed per round.
const BATCH: i64 = 20;
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// `url` as lettre reads it: `smtp://host:port` (plain), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:pass@host` (TLS). The error never repeats the URL: it may hold a password.
    pub fn from_url(url: &str, from: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP_URL is not a valid SMTP address ({e})"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from = from.parse::<Mailbox>().map_err(|e| format!("CASEWARD_MAIL_FROM is not a valid address ({e})"))?;
        Ok(Mailer { transport, from })
    }

    async fn send(&self, email: &Claimed) -> Result<(), (Failure, String)> {
        let to = email
            .to
            .parse::<Mailbox>()
            .map_err(|e| (Failure::Permanent, format!("The recipient address is not valid: {e}")))?;
        // A stable Message-ID per outbox row lets mail systems drop a duplicate if a send is ever
        // repeated after a crash between the server's acceptance and our record of it.
        let domain = self.from.email.domain().to_string();
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .message_id(Some(format!("<outbox-{}@{domain}>", email.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.clone())
            .map_err(|e| (Failure::Permanent, format!("The email could not be written: {e}")))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err((Failure::Permanent, format!("The mail server refused it: {e}"))),
            Err(e) => Err((Failure::Transient, format!("Not delivered yet, will retry: {e}"))),
        }
    }
}

/// What one round of delivery did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

/// Claims the emails due at `now` and tries each once.
pub async fn deliver_due(db: &Db, mailer: &Mailer, now: Timestamp) -> Result<Round, ServiceError> {
    let mut round = Round::default();
    for email in outbox::claim_due(db, now, LEASE_MS, BATCH).await? {
        match mailer.send(&email).await {
            Ok(()) => {
                outbox::mark_sent(db, &email, now).await?;
                round.sent += 1;
            }
            Err((failure, reason)) => {
                tracing::warn!(email_id = email.id, permanent = (failure == Failure::Permanent), %reason, "email not delivered");
                outbox::mark_failed(db, &email, failure, &reason, now).await?;
                match failure {
                    Failure::Transient => round.retrying += 1,
                    Failure::Permanent => round.failed += 1,
                }
            }
        }
    }
    Ok(round)
}

/// Every `every`, delivers what is due, round after round until a round finds less than a batch.
pub async fn delivery_worker(db: Db, mailer: Mailer, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        loop {
            match deliver_due(&db, &mailer, service::now()).await {
                Ok(round) => {
                    if round.sent > 0 {
                        tracing::info!(sent = round.sent, "emails delivered");
                    }
                    if round.sent + round.retrying + round.failed < BATCH as usize {
                        break;
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "email delivery failed; retrying on the next tick");
                    break;
                }
            }
        }
    }
}
