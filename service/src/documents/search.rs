//! Full-text search of a case's documents: SQLite's FTS5 on SQLite, PostgreSQL's full-text search
//! (a tsvector with a GIN index) on PostgreSQL, behind this one use case. Both index each
//! document's name, tags and text (migration 0007 keeps the index in step by triggers), and the
//! defendant scope is part of the same statement as the match: a document outside it is never a
//! hit, a snippet or part of a count.
use super::rows::{Row, views};
use crate::access::{self, visible_documents};
use crate::db::{Backend, Db};
use crate::error::Result;
use domain::accounts::Actor;
use domain::paging::Paging;
use domain::search::{
    Fragment, HIT_END, HIT_START, MAX_PER_PAGE, PER_PAGE, ParsedSearch, SearchHit, SearchPage, SearchQuery, Term,
    decide_search, fragments,
};
use domain::{CaseId, Timestamp};

#[derive(sqlx::FromRow)]
struct Hit {
    #[sqlx(flatten)]
    row: Row,
    snippet: String,
}

/// The columns of `rows::Row`, for a statement that also reads the index.
const COLUMNS: &str = "d.id, d.folder_id, d.name, d.content_type, d.size, d.sha256, d.text_status, \
     u.name AS uploader, d.uploaded_at, d.version";

/// One page of the documents matching `query` that the actor may see (`search`), best first.
#[tracing::instrument(skip_all, fields(case = %case, actor = %actor.id))]
pub async fn search(db: &Db, actor: &Actor, case: CaseId, query: &SearchQuery, now: Timestamp) -> Result<SearchPage> {
    let mut conn = db.acquire().await?;
    let read = access::readable(&mut conn, db.roles(), actor, case, now).await?;
    let parsed = decide_search(&read.access, query, &read.defendants)?;
    let paging = Paging::new(query.page, query.per_page, PER_PAGE, MAX_PER_PAGE);
    let filters = scoped_filters(case, &read.access.scope, &parsed);
    let matched = matched(db.backend(), case, &parsed);
    let Matched { from, condition, .. } = &matched;
    let (snippet, order) = ranking(db.backend(), &parsed);
    let count_sql = format!("SELECT COUNT(*) FROM {from} WHERE {condition} AND {filters}");
    let page_sql = format!(
        "SELECT {COLUMNS}, {snippet} AS snippet FROM {from} LEFT JOIN users u ON u.id = d.uploaded_by \
         WHERE {condition} AND {filters} ORDER BY {order} LIMIT {} OFFSET {}",
        paging.per_page,
        paging.offset()
    );
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    let mut page = sqlx::query_as::<_, Hit>(&page_sql);
    if let Some(terms) = &matched.bind {
        count = count.bind(terms.clone());
        page = page.bind(terms.clone());
    }
    let total = count.fetch_one(&mut *conn).await?;
    let hits = page.fetch_all(&mut *conn).await?;
    let snippets: Vec<Vec<Fragment>> = hits.iter().map(|h| fragments(&h.snippet)).collect();
    let documents =
        views(&mut conn, hits.into_iter().map(|h| h.row).collect(), &read.defendants, &read.access.scope).await?;
    let hits = documents.into_iter().zip(snippets).map(|(document, snippet)| SearchHit { document, snippet }).collect();
    Ok(SearchPage { hits, total, page: paging.page, per_page: paging.per_page })
}

/// The ids of the documents matching `parsed` that `scope` may see, in id order, at most
/// `limit + 1` of them (so that the caller can tell "more than `limit`"): a batch update's target.
pub(crate) async fn matching_ids(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    case: CaseId,
    scope: &domain::access::DefendantScope,
    parsed: &ParsedSearch,
    limit: usize,
) -> Result<Vec<i64>> {
    let filters = scoped_filters(case, scope, parsed);
    let Matched { from, condition, bind } = matched(backend, case, parsed);
    let sql = format!("SELECT d.id FROM {from} WHERE {condition} AND {filters} ORDER BY d.id LIMIT {}", limit + 1);
    let mut query = sqlx::query_scalar::<_, i64>(&sql);
    if let Some(terms) = bind {
        query = query.bind(terms);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

/// The case, the defendant scope and the filters, as SQL over `documents d`.
fn scoped_filters(case: CaseId, scope: &domain::access::DefendantScope, parsed: &ParsedSearch) -> String {
    format!("d.case_id = {} AND {} AND {}", case.0, visible_documents(scope), filters(parsed))
}

/// The filters beside the words, as SQL over `documents d`. Every value is an integer id or
/// instant, written into the statement.
fn filters(parsed: &ParsedSearch) -> String {
    let mut parts = vec!["1 = 1".to_string()];
    if let Some(folder) = parsed.folder {
        parts.push(format!("d.folder_id = {}", folder.0));
    }
    if let Some(tag) = parsed.tag {
        parts.push(format!(
            "EXISTS (SELECT 1 FROM document_tags dt WHERE dt.document_id = d.id AND dt.tag_id = {})",
            tag.0
        ));
    }
    if let Some(defendant) = parsed.defendant {
        parts.push(format!(
            "EXISTS (SELECT 1 FROM document_defendants df WHERE df.document_id = d.id AND df.defendant_id = {})",
            defendant.0
        ));
    }
    if let Some(from) = parsed.from {
        parts.push(format!("d.uploaded_at >= {}", from.0));
    }
    if let Some(until) = parsed.until {
        parts.push(format!("d.uploaded_at < {}", until.0));
    }
    parts.join(" AND ")
}

/// Where a search's rows come from and the condition that matches them, with the words to bind
/// as `$1`. Without words, every document (the filters alone choose).
struct Matched {
    from: &'static str,
    condition: &'static str,
    bind: Option<String>,
}

fn matched(backend: Backend, case: CaseId, parsed: &ParsedSearch) -> Matched {
    if parsed.terms.is_empty() {
        return Matched { from: "documents d", condition: "1 = 1", bind: None };
    }
    match backend {
        // FTS5: the case's own rows (its `case_key`) and every term in the name, tags or text.
        // CROSS JOIN keeps the index as the outer loop: left to choose, SQLite starts from the
        // case's documents and runs the match once per document (measured: 122 ms against 1 ms,
        // 2,000 documents).
        Backend::Sqlite => Matched {
            from: "document_search s CROSS JOIN documents d ON d.id = s.rowid",
            condition: "document_search MATCH $1",
            bind: Some(fts5_match(case, &parsed.terms)),
        },
        // PostgreSQL: the terms as a tsquery over the weighted vector.
        Backend::Postgres => Matched {
            from: "document_search s JOIN documents d ON d.id = s.document_id",
            condition: "s.vector @@ to_tsquery('simple', $1)",
            bind: Some(tsquery(&parsed.terms)),
        },
    }
}

/// The snippet and the order of a page of hits. FTS5 ranks by BM25 with the name above the tags
/// above the text; PostgreSQL by `ts_rank` over the weighted vector, with a headline of the text
/// (or the name, for a document without text). Without words: no snippet, newest first.
fn ranking(backend: Backend, parsed: &ParsedSearch) -> (String, &'static str) {
    match (!parsed.terms.is_empty()).then_some(backend) {
        None => ("''".into(), "d.uploaded_at DESC, d.id DESC"),
        Some(Backend::Sqlite) => (
            format!(
                "CASE WHEN s.body = '' THEN highlight(document_search, 1, '{HIT_START}', '{HIT_END}') \
                 ELSE snippet(document_search, 3, '{HIT_START}', '{HIT_END}', '…', 24) END"
            ),
            "bm25(document_search, 0.0, 10.0, 5.0, 1.0), d.id",
        ),
        Some(Backend::Postgres) => (
            format!(
                "ts_headline('simple', COALESCE(NULLIF(left((SELECT x.body FROM document_texts x \
                 WHERE x.document_id = d.id), 200000), ''), d.name), to_tsquery('simple', $1), 'StartSel={HIT_START}, \
                 StopSel={HIT_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"')"
            ),
            "ts_rank(s.vector, to_tsquery('simple', $1)) DESC, d.id",
        ),
    }
}

/// The FTS5 expression: `case_key:"c12" AND {name tags body}:("w1 w2" AND "pre"*)`. Each word is
/// letters and digits only (`domain::search::words`), so quoting it is enough.
pub(crate) fn fts5_match(case: CaseId, terms: &[Term]) -> String {
    let terms: Vec<String> =
        terms.iter().map(|t| format!("\"{}\"{}", t.words.join(" "), if t.prefix { "*" } else { "" })).collect();
    format!("case_key:\"c{}\" AND {{name tags body}}:({})", case.0, terms.join(" AND "))
}

/// The tsquery text: words of a phrase joined by `<->` (followed by), the last marked `:*` for a
/// prefix, terms joined by `&`.
pub(crate) fn tsquery(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|t| {
            let last = t.words.len() - 1;
            let words: Vec<String> = t
                .words
                .iter()
                .enumerate()
                .map(|(i, w)| format!("'{w}'{}", if t.prefix && i == last { ":*" } else { "" }))
                .collect();
            format!("({})", words.join(" <-> "))
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::search::parse_terms;

    #[test]
    fn one_query_in_each_backend_s_syntax() {
        let terms = parse_terms(r#"Smith "the knife" o'bri*"#).unwrap();
        assert_eq!(
            fts5_match(CaseId(7), &terms),
            r#"case_key:"c7" AND {name tags body}:("smith" AND "the knife" AND "o bri"*)"#
        );
        assert_eq!(tsquery(&terms), "('smith') & ('the' <-> 'knife') & ('o' <-> 'bri':*)");
    }
}
