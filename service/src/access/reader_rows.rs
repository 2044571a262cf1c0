//! What a session's reader holds on a case, kept in memory between their reads of it. Gathering
//! those rows costs most of what opening a case costs on PostgreSQL (nine tables); the case's
//! `access_version`, which triggers bump on any change to them (migration 0012), is read with the
//! session and the case on every request anyway, so the rows are used again only while it is
//! unchanged, and a change made on any server instance is seen on the next read (R8). The session
//! itself, the reader's user row, the case's row and the role table's version are read fresh
//! every time; only the rows are kept, and `evaluate` decides on them at each read's own instant.
use super::person::Row;
use domain::CaseId;
use domain::accounts::Actor;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// At most this many (session, case) pairs are kept; past it the store starts again empty. A
/// kept pair is a few hundred bytes, so this bounds the memory at a few megabytes.
const MOST_KEPT: usize = 4096;

/// The rows, by session token hash and case.
#[derive(Debug, Default)]
pub(crate) struct ReaderRows {
    kept: Mutex<HashMap<(String, CaseId), Arc<Kept>>>,
}

/// A reader's rows on a case and what they were read against.
#[derive(Debug)]
pub(crate) struct Kept {
    /// Who the session belonged to, and the parts of them the rows were selected by: their usual
    /// role (groups) and their email domain (domain grants).
    reader: domain::UserId,
    usual_role: Option<String>,
    email_domain: String,
    /// The case's access version and the role table's version, read in the rows' own statement.
    access_version: i64,
    roles_version: i64,
    pub rows: Vec<Row>,
}

impl Kept {
    pub fn new(reader: &Actor, access_version: i64, roles_version: i64, rows: Vec<Row>) -> Kept {
        Kept {
            reader: reader.id,
            usual_role: reader.usual_role.clone(),
            email_domain: reader.subject().email_domain,
            access_version,
            roles_version,
            rows,
        }
    }

    /// Whether these rows are what reading them again would give: the same person, still selected
    /// by the same usual role and email domain, on a case and a role table changed by nothing since.
    pub fn holds_for(&self, reader: &Actor, access_version: i64, roles_version: i64) -> bool {
        self.reader == reader.id
            && self.access_version == access_version
            && self.roles_version == roles_version
            && self.usual_role == reader.usual_role
            && self.email_domain == reader.subject().email_domain
    }
}

impl ReaderRows {
    pub fn get(&self, token_hash: &str, case: CaseId) -> Option<Arc<Kept>> {
        self.lock().get(&(token_hash.to_string(), case)).cloned()
    }

    pub fn put(&self, token_hash: &str, case: CaseId, kept: Kept) {
        let mut map = self.lock();
        if map.len() >= MOST_KEPT {
            map.clear();
        }
        map.insert((token_hash.to_string(), case), Arc::new(kept));
    }

    /// Drops what is kept for a session that no longer reads the case (ended, or the case gone).
    pub fn forget(&self, token_hash: &str, case: CaseId) {
        self.lock().remove(&(token_hash.to_string(), case));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, CaseId), Arc<Kept>>> {
        self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
