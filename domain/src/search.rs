//! Full-text search of a case's documents (SPEC §3 `search`, §12): the query people type, the
//! filters beside it, and the decision to run it. The words are matched against each document's
//! name, tags and extracted text; the defendant scope is part of the query the service runs, so
//! a document outside it never yields a hit, a snippet or a count.
//!
//! The query language: words (all must occur), `"a phrase"` (the words in that order), and
//! `prefix*` (any word starting so). Letter case and punctuation do not matter.
use crate::access::rules::require;
use crate::access::{Access, Capability};
use crate::cases::Defendant;
use crate::documents::DocumentView;
use crate::{DefendantId, FolderId, Refusal, TagId, Timestamp, ValidationError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest query accepted, in characters, and the most terms it may hold.
pub const MAX_QUERY_CHARS: usize = 500;
pub const MAX_TERMS: usize = 16;
/// A prefix needs this many letters before its `*`: a shorter one matches nearly everything.
pub const MIN_PREFIX_CHARS: usize = 2;
/// Hits per page unless asked, and the most one page holds.
pub const PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 100;

/// Where a highlighted word starts and ends in a snippet as the database writes it. Private-use
/// characters, so that nothing a document holds is taken for markup.
pub const HIT_START: char = '\u{E000}';
pub const HIT_END: char = '\u{E001}';

/// What to look for and where. Every filter is optional; with no words, the filters alone choose
/// (newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchQuery {
    #[serde(default)]
    pub text: String,
    /// Only documents directly in this folder.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub folder: Option<FolderId>,
    /// Only documents carrying this tag.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub tag: Option<TagId>,
    /// Only documents associated with this defendant (one within your scope).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub defendant: Option<DefendantId>,
    /// Uploaded on or after this day, `YYYY-MM-DD` (UTC).
    #[serde(default)]
    pub from: Option<String>,
    /// Uploaded on or before this day, `YYYY-MM-DD` (UTC).
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub page: Option<u32>,
    #[serde(default)]
    pub per_page: Option<u32>,
}

/// One term of a query: words that must occur in this order; the last may be a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Lower-case, each made only of letters and digits.
    pub words: Vec<String>,
    pub prefix: bool,
}

/// A query checked and taken apart, ready for the service to put into SQL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedSearch {
    pub terms: Vec<Term>,
    pub folder: Option<FolderId>,
    pub tag: Option<TagId>,
    pub defendant: Option<DefendantId>,
    /// Uploaded at or after this instant.
    pub from: Option<Timestamp>,
    /// Uploaded before this instant (the end of the `to` day).
    pub until: Option<Timestamp>,
}

/// A piece of a snippet: text, and whether it is a word the query matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fragment {
    pub text: String,
    pub hit: bool,
}

/// A document that matched, with the part of its text that shows why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub document: DocumentView,
    /// Empty when the query had no words.
    pub snippet: Vec<Fragment>,
}

/// One page of hits, best first, with how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// Splits text into the words the index holds: runs of letters and digits, lower-cased.
pub fn words(text: &str) -> Vec<String> {
    // Lower-casing can add marks (İ becomes i and a combining dot): only letters and digits stay.
    text.split(|c: char| !c.is_alphanumeric())
        .map(|w| w.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Takes the typed query apart into terms: quoted phrases, `prefix*` and plain words.
pub fn parse_terms(text: &str) -> Result<Vec<Term>, ValidationError> {
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(ValidationError::new(
            "text",
            format!("A search can be at most {MAX_QUERY_CHARS} characters long."),
        ));
    }
    let mut terms = Vec::new();
    // Outside quotes, whitespace ends a term; a quote opens or closes a phrase (an unclosed one
    // runs to the end, as people who forget the closing quote mean).
    for (index, part) in text.split('"').enumerate() {
        let quoted = index % 2 == 1;
        let pieces: Vec<&str> = if quoted { vec![part] } else { part.split_whitespace().collect() };
        for piece in pieces {
            let prefix = piece.trim_end().ends_with('*');
            let found = words(piece);
            let Some(last) = found.last() else { continue };
            if prefix && last.chars().count() < MIN_PREFIX_CHARS {
                return Err(ValidationError::new(
                    "text",
                    format!("Type at least {MIN_PREFIX_CHARS} letters before a *, e.g. smi*."),
                ));
            }
            terms.push(Term { words: found, prefix });
        }
    }
    if terms.len() > MAX_TERMS {
        return Err(ValidationError::new("text", format!("A search can hold at most {MAX_TERMS} words or phrases.")));
    }
    Ok(terms)
}

/// A day typed as `YYYY-MM-DD`, as the instant it starts (UTC).
fn day(field: &str, raw: &Option<String>) -> Result<Option<NaiveDate>, ValidationError> {
    match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ValidationError::new(field, format!("'{s}' is not a date: write it as YYYY-MM-DD."))),
    }
}

fn start_of(day: NaiveDate) -> Timestamp {
    Timestamp(day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc().timestamp_millis())
}

/// Running a search: `search`; a defendant filter names one of the case's defendants that the
/// actor sees (filtering by another would tell them which documents concern it); dates in order.
pub fn decide_search(
    actor: &Access,
    query: &SearchQuery,
    case_defendants: &[Defendant],
) -> Result<ParsedSearch, Refusal> {
    require(actor, Capability::Search)?;
    let terms = parse_terms(&query.text)?;
    if let Some(defendant) = query.defendant
        && (!case_defendants.iter().any(|d| d.id == defendant) || !actor.scope.includes(defendant))
    {
        return Err(ValidationError::new("defendant", "Choose one of the defendants whose material you see.").into());
    }
    let from = day("from", &query.from)?;
    let to = day("to", &query.to)?;
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        return Err(ValidationError::new("to", "The end date comes before the start date.").into());
    }
    Ok(ParsedSearch {
        terms,
        folder: query.folder,
        tag: query.tag,
        defendant: query.defendant,
        from: from.map(start_of),
        until: to.and_then(|d| d.succ_opt()).map(start_of),
    })
}

/// A snippet as the database marked it, in pieces: the matched words apart from the rest.
pub fn fragments(marked: &str) -> Vec<Fragment> {
    let mut pieces: Vec<Fragment> = Vec::new();
    let mut hit = false;
    let mut current = String::new();
    for c in marked.chars() {
        match c {
            HIT_START | HIT_END => {
                if !current.is_empty() {
                    pieces.push(Fragment { text: std::mem::take(&mut current), hit });
                }
                hit = c == HIT_START;
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        pieces.push(Fragment { text: current, hit });
    }
    pieces
}

#[cfg(test)]
mod tests;
