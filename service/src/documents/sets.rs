//! The documents a set names (`DocumentSet`): a selection, or every result of a search, always
//! within what the actor sees. A batch changes them; a production and a report are made of them.
use super::search::matching_ids;
use crate::access;
use crate::db::Db;
use crate::error::Result;
use domain::CaseId;
use domain::access::Access;
use domain::cases::Defendant;
use domain::documents::batch::DocumentSet;
use domain::search::decide_search;

/// The ids of the set's documents that the actor sees, in id order, at most `limit + 1` of them
/// (so that the caller can tell "more than `limit`"). A named document they do not see is "not
/// found"; a search needs `search`.
pub(crate) async fn ids_of(
    conn: &mut sqlx::AnyConnection,
    db: &Db,
    case: CaseId,
    access: &Access,
    defendants: &[Defendant],
    set: &DocumentSet,
    limit: usize,
) -> Result<Vec<i64>> {
    match set {
        DocumentSet::Search { query } => {
            let parsed = decide_search(access, query, defendants)?;
            matching_ids(conn, db.backend(), case, &access.scope, &parsed, limit).await
        }
        DocumentSet::Documents { documents } => {
            let mut wanted: Vec<i64> = documents.iter().map(|d| d.0).collect();
            wanted.sort();
            wanted.dedup();
            if wanted.len() > limit {
                // The caller refuses so many; no need to look them up.
                return Ok(wanted);
            }
            access::require_visible_documents(conn, case, &access.scope, &wanted).await?;
            Ok(wanted)
        }
    }
}
