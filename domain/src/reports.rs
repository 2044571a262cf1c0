//! Reports (SPEC §3 `produce`): a CSV of the documents a search or a tag finds, with their tags,
//! defendants, number of notes and redactions, and uploader, written when it is created and kept
//! until a holder of `manage_tags` deletes it. Like a production, it is seen only by readers whose
//! defendant scope covers its maker's (`productions::visible_to`).
use crate::access::rules::require;
use crate::access::{Access, Capability};
use crate::names::one_line_name;
use crate::search::SearchQuery;
use crate::{Refusal, ReportId, Timestamp, ValidationError};
use serde::{Deserialize, Serialize};

/// The most documents one report lists.
pub const MAX_REPORT: usize = 50_000;
pub const PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportInput {
    pub name: String,
    /// The documents: a search's results (a tag's documents are a search with only a tag filter).
    pub query: SearchQuery,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    pub id: ReportId,
    pub name: String,
    pub query: SearchQuery,
    /// Documents listed.
    pub documents: i64,
    /// The CSV's size in bytes.
    pub size: i64,
    pub created_by: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportPage {
    pub reports: Vec<ReportView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// Creating a report: `produce` and a name of one line (the query is checked as a search is).
pub fn decide_create(actor: &Access, input: &ReportInput) -> Result<String, Refusal> {
    require(actor, Capability::Produce)?;
    let name = one_line_name(&input.name, "the report")?;
    Ok(name)
}

/// The documents found for a report: at most `MAX_REPORT` (none gives a report of headers).
pub fn decide_count(found: usize) -> Result<(), Refusal> {
    if found > MAX_REPORT {
        return Err(ValidationError::new(
            "query",
            format!("A report lists at most {MAX_REPORT} documents. Narrow the search."),
        )
        .into());
    }
    Ok(())
}

/// Deleting a report: `manage_tags`, as the e-discovery product has it.
pub fn decide_delete(actor: &Access) -> Result<(), Refusal> {
    require(actor, Capability::ManageTags)
}

/// The columns of a report.
pub const COLUMNS: [&str; 9] =
    ["Document", "Name", "Folder", "Uploaded by", "Uploaded at", "Size", "Defendants", "Tags", "Annotations"];

pub fn no_report(id: ReportId) -> Refusal {
    Refusal::NotFound(format!("This case has no report with id {id}. Someone may have deleted it."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::DefendantScope;
    use crate::testing::access_holding;

    #[test]
    fn a_reviewer_creates_reports_and_a_user_deletes_them() {
        let reviewer = access_holding(
            [Capability::View, Capability::Search, Capability::Produce].into_iter().collect(),
            DefendantScope::All,
        );
        let input = ReportInput { name: " Knives ".into(), query: SearchQuery::default() };
        assert_eq!(decide_create(&reviewer, &input), Ok("Knives".into()));
        assert!(matches!(decide_delete(&reviewer), Err(Refusal::Forbidden(_))));
        let user =
            access_holding([Capability::View, Capability::ManageTags].into_iter().collect(), DefendantScope::All);
        assert_eq!(decide_delete(&user), Ok(()));
        assert!(matches!(decide_create(&user, &input), Err(Refusal::Forbidden(_))));
        let unnamed = ReportInput { name: "\u{7}".into(), query: SearchQuery::default() };
        assert!(matches!(decide_create(&reviewer, &unnamed), Err(Refusal::Invalid(_))));
        assert!(decide_count(MAX_REPORT + 1).is_err() && decide_count(0).is_ok());
    }
}
