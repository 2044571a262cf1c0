//! Email delivery against a real SMTP server on loopback (aiosmtpd, installed into .venv by
//! scripts/setup.sh), on SQLite and PostgreSQL.
use domain::Timestamp;
use domain::members::InviteInput;
use serde_json::Value;
use server::mail::{Mailer, Round, deliver_due};
use service::outbox::{self, Email};
use service::testing::{demo, each_backend, user};
use service::{Db, members};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// The SMTP server process; it stops when dropped.
struct Sink {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Option<Value>>,
    port: u16,
}

impl Sink {
    fn start(args: &[&str]) -> Sink {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let python = root.join(".venv/bin/python");
        assert!(
            python.exists(),
            "{} is missing: run scripts/setup.sh --with-browser to install aiosmtpd",
            python.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut child = Command::new(python)
            .arg(root.join("server/tests/support/smtp_sink.py"))
            .arg(port.to_string())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the SMTP sink starts");
        let stdout = BufReader::new(child.stdout.take().unwrap());
        // Each line as it comes: a message as JSON, or None for READY and PONG.
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            for line in stdout.lines() {
                let Ok(line) = line else { break };
                let item = (line != "READY" && line != "PONG").then(|| serde_json::from_str::<Value>(&line).unwrap());
                if tx.send(item).is_err() {
                    break;
                }
            }
        });
        let ready = messages.recv_timeout(Duration::from_secs(30)).expect("the SMTP sink says READY");
        assert!(ready.is_none());
        Sink { stdin: child.stdin.take(), child, messages, port }
    }

    fn mailer(&self) -> Mailer {
        Mailer::from_url(&format!("smtp://127.0.0.1:{}", self.port), "Caseward <no-reply@caseward.test>").unwrap()
    }

    /// Every message the server accepted since the last call: it prints each before answering
    /// 250, and answers PING after those, so reading up to PONG reads them all.
    fn received(&mut self) -> Vec<Value> {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(b"PING\n").unwrap();
        stdin.flush().unwrap();
        let mut out = Vec::new();
        while let Some(message) =
            self.messages.recv_timeout(Duration::from_secs(30)).expect("the SMTP sink answers PING")
        {
            out.push(message);
        }
        out
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

async fn enqueue(db: &Db, to: &str, subject: &str, now: Timestamp) {
    let mut conn = db.pool().acquire().await.unwrap();
    outbox::enqueue(
        &mut conn,
        Email { to: to.into(), subject: subject.into(), body: format!("Body of {subject}") },
        now,
    )
    .await
    .unwrap();
}

async fn state(db: &Db) -> Vec<(String, i64, Option<i64>, Option<i64>, Option<String>)> {
    sqlx::query_as("SELECT subject, attempts, sent_at, failed_at, last_error FROM outbox ORDER BY id")
        .fetch_all(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_invitation_reaches_the_invitee_and_the_inviter_over_smtp() {
    each_backend(|db| async move {
        demo(&db).await;
        let mut sink = Sink::start(&[]);
        let (case,): (i64,) =
            sqlx::query_as("SELECT id FROM cases WHERE reference = 'CASE-0001'").fetch_one(db.pool()).await.unwrap();
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let now = service::now();
        let input =
            InviteInput { email: "paul@cps.example.cjsm.net".into(), role: "reviewer".into(), ..Default::default() };
        members::invite(&db, &alice, domain::CaseId(case), input, now, "http://caseward.test").await.unwrap();

        let round = deliver_due(&db, &sink.mailer(), now).await.unwrap();
        assert_eq!(round, Round { sent: 2, retrying: 0, failed: 0 });
        let mut received = sink.received();
        received.sort_by_key(|m| m["to"][0].as_str().unwrap().to_string());
        assert_eq!(received.len(), 2);
        assert_eq!(received[0]["to"][0], "alice@cps.example.cjsm.net");
        assert_eq!(received[1]["to"][0], "paul@cps.example.cjsm.net");
        let invitation = received[1]["data"].as_str().unwrap();
        assert!(invitation.contains(&format!("http://caseward.test/cases/{case}")), "{invitation}");
        assert!(invitation.contains("From: Caseward <no-reply@caseward.test>"), "{invitation}");
        assert_eq!(received[0]["from"], "no-reply@caseward.test");

        assert!(state(&db).await.iter().all(|(_, attempts, sent, failed, error)| *attempts == 1
            && sent.is_some()
            && failed.is_none()
            && error.is_none()));
        // Sent is sent: the next round finds nothing to do.
        assert_eq!(deliver_due(&db, &sink.mailer(), now).await.unwrap(), Round::default());
        assert!(sink.received().is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_deferred_email_is_kept_and_retried_with_a_growing_delay() {
    each_backend(|db| async move {
        let mut sink = Sink::start(&["--defer", "2"]);
        let t0 = Timestamp(1_800_000_000_000);
        enqueue(&db, "sara@swatham.cjsm.net", "Deferred", t0).await;

        assert_eq!(deliver_due(&db, &sink.mailer(), t0).await.unwrap(), Round { sent: 0, retrying: 1, failed: 0 });
        let (_, attempts, sent, failed, error) = state(&db).await.remove(0);
        assert_eq!((attempts, sent, failed), (1, None, None));
        assert!(error.unwrap().contains("451"));

        // Not due before the first delay has passed; due after it.
        let first = domain::mail::retry_delay_ms(1);
        assert_eq!(deliver_due(&db, &sink.mailer(), Timestamp(t0.0 + first - 1)).await.unwrap(), Round::default());
        assert_eq!(deliver_due(&db, &sink.mailer(), Timestamp(t0.0 + first)).await.unwrap().retrying, 1);
        // The second delay is longer than the first.
        let t2 = t0.0 + first;
        let second = domain::mail::retry_delay_ms(2);
        assert!(second > first);
        assert_eq!(deliver_due(&db, &sink.mailer(), Timestamp(t2 + second - 1)).await.unwrap(), Round::default());
        assert_eq!(deliver_due(&db, &sink.mailer(), Timestamp(t2 + second)).await.unwrap().sent, 1);

        let (_, attempts, sent, _, error) = state(&db).await.remove(0);
        assert_eq!((attempts, sent, error), (3, Some(t2 + second), None));
        let received = sink.received();
        assert_eq!(received.len(), 1);
        assert!(received[0]["data"].as_str().unwrap().contains("Body of Deferred"));
    })
    .await;
}

#[tokio::test]
async fn an_unreachable_server_loses_nothing_and_a_refused_address_is_marked_failed() {
    each_backend(|db| async move {
        let t0 = Timestamp(1_800_000_000_000);
        enqueue(&db, "jo@defence.example", "While the server is down", t0).await;
        enqueue(&db, "bounce-me@example.test", "To a mailbox that does not exist", t0).await;

        // Nothing listens on this port: every email stays, with the reason.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let down = Mailer::from_url(&format!("smtp://127.0.0.1:{closed}"), "no-reply@caseward.test").unwrap();
        assert_eq!(deliver_due(&db, &down, t0).await.unwrap(), Round { sent: 0, retrying: 2, failed: 0 });
        assert!(state(&db).await.iter().all(|(_, attempts, sent, failed, error)| *attempts == 1
            && sent.is_none()
            && failed.is_none()
            && error.is_some()));

        // The server is back; it refuses one address for good and accepts the other.
        let mut sink = Sink::start(&["--refuse", "bounce"]);
        let later = Timestamp(t0.0 + domain::mail::MAX_RETRY_MS);
        assert_eq!(deliver_due(&db, &sink.mailer(), later).await.unwrap(), Round { sent: 1, retrying: 0, failed: 1 });
        let rows = state(&db).await;
        assert!(rows[0].2.is_some());
        let (_, attempts, sent, failed, error) = &rows[1];
        assert_eq!((*attempts, *sent, *failed), (2, None, Some(later.0)));
        assert!(error.as_deref().unwrap().contains("550"), "{error:?}");
        // A failed email is kept, and not tried again.
        assert_eq!(
            deliver_due(&db, &sink.mailer(), Timestamp(later.0 + domain::mail::MAX_RETRY_MS)).await.unwrap(),
            Round::default()
        );
        assert_eq!(sink.received().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn two_workers_at_once_send_each_email_exactly_once() {
    each_backend(|db| async move {
        let mut sink = Sink::start(&[]);
        let now = service::now();
        for i in 0..30 {
            enqueue(&db, &format!("user{i}@example.test"), &format!("Message {i}"), now).await;
        }
        let (a, b) = (sink.mailer(), sink.mailer());
        let mut total = 0;
        // Batches of 20: a few rounds each, run side by side.
        for _ in 0..3 {
            let (ra, rb) = tokio::join!(deliver_due(&db, &a, now), deliver_due(&db, &b, now));
            total += ra.unwrap().sent + rb.unwrap().sent;
        }
        assert_eq!(total, 30);
        let received = sink.received();
        assert_eq!(received.len(), 30);
        let mut subjects: Vec<String> = received
            .iter()
            .map(|m| m["data"].as_str().unwrap().lines().find(|l| l.starts_with("Subject: ")).unwrap().to_string())
            .collect();
        subjects.sort();
        subjects.dedup();
        assert_eq!(subjects.len(), 30, "every message once, none twice");
        assert!(state(&db).await.iter().all(|(_, attempts, sent, _, _)| *attempts == 1 && sent.is_some()));
    })
    .await;
}
