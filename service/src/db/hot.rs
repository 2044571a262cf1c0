//! Connections for the most frequent reads, kept outside sqlx's pool. sqlx checks every connection
//! that goes back to its pool (a `ping`: a round trip to PostgreSQL, on SQLite a hand-off to the
//! connection's thread and back), because a use case dropped halfway, by a client gone mid-read,
//! may leave one in the middle of a statement. A read whose statements all ran to their end leaves
//! its connection as it found it, so it gives it back here unchecked: opening a case costs the
//! round trip of its one statement and no second one.
//!
//! A connection dropped without being given back (the request dropped, a database error) is closed,
//! never used again. These connections are in addition to the pool's, with a bound of their own,
//! so that the pool's users never wait for one of them.
use super::{Backend, CHECKED_RECENTLY, WAIT_FOR_CONNECTION, prepare};
use crate::error::{Result, ServiceError};
use sqlx::{AnyConnection, Connection};
use std::ops::{Deref, DerefMut};
use std::sync::Mutex;
use std::time::Instant;
use tokio::sync::{Semaphore, SemaphorePermit};

pub(crate) struct HotConnections {
    url: String,
    backend: Backend,
    /// One permit per connection that may be open at once.
    permits: Semaphore,
    /// Connections given back, with when; the last given back goes out first.
    idle: Mutex<Vec<(Instant, AnyConnection)>>,
}

impl std::fmt::Debug for HotConnections {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HotConnections").field("backend", &self.backend).finish_non_exhaustive()
    }
}

/// A connection for one read. `finished` gives it back; dropped without that, it is closed.
pub struct HotConnection<'a> {
    conn: Option<AnyConnection>,
    home: &'a HotConnections,
    _permit: SemaphorePermit<'a>,
}

impl HotConnections {
    pub fn new(url: String, backend: Backend, most: usize) -> HotConnections {
        HotConnections { url, backend, permits: Semaphore::new(most), idle: Mutex::default() }
    }

    pub async fn acquire(&self) -> Result<HotConnection<'_>> {
        let permit = tokio::time::timeout(WAIT_FOR_CONNECTION, self.permits.acquire())
            .await
            .map_err(|_| ServiceError::Internal("timed out waiting for a database connection".into()))?
            .map_err(|_| ServiceError::Internal("the database is closed".into()))?;
        let last = self.idle().pop();
        let conn = match last {
            Some((since, conn)) if since.elapsed() <= CHECKED_RECENTLY => conn,
            // Idle a while: the server may have closed it meanwhile, so it is checked first. The
            // others were given back earlier still; each is checked when its turn comes.
            Some((_, mut conn)) => match conn.ping().await {
                Ok(()) => conn,
                Err(_) => self.open().await?,
            },
            None => self.open().await?,
        };
        Ok(HotConnection { conn: Some(conn), home: self, _permit: permit })
    }

    async fn open(&self) -> Result<AnyConnection> {
        let mut conn = AnyConnection::connect(&self.url).await?;
        prepare(&mut conn, self.backend).await?;
        Ok(conn)
    }

    /// Closes the idle connections; none is handed out afterwards.
    pub async fn close(&self) {
        self.permits.close();
        let idle = std::mem::take(&mut *self.idle());
        for (_, conn) in idle {
            let _ = conn.close().await;
        }
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<(Instant, AnyConnection)>> {
        self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl HotConnection<'_> {
    /// Gives the connection back for the next read when every statement on it ran to its end:
    /// any answer but an internal error (a database error among them) says so.
    pub fn finished<T>(mut self, outcome: &Result<T>) {
        if !matches!(outcome, Err(ServiceError::Internal(_)))
            && let Some(conn) = self.conn.take()
            && !self.home.permits.is_closed()
        {
            self.home.idle().push((Instant::now(), conn));
        }
    }
}

impl Deref for HotConnection<'_> {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        self.conn.as_ref().expect("a hot connection is there until it is given back")
    }
}

impl DerefMut for HotConnection<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.conn.as_mut().expect("a hot connection is there until it is given back")
    }
}
