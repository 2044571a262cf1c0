//! Saved searches of a case (SPEC §3): a name and a query that anyone who may search can save and
//! load; deleting one needs `manage_tags` (a Reviewer saves and loads but does not delete).
use crate::access::rules::require;
use crate::access::{Access, Capability};
use crate::cases::Defendant;
use crate::names::one_line_name;
use crate::search::{SearchQuery, decide_search};
use crate::{Refusal, SavedSearchId, Timestamp};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedSearchView {
    pub id: SavedSearchId,
    pub name: String,
    /// The query and filters, without a page.
    pub query: SearchQuery,
    pub saved_by: String,
    pub saved_at: Timestamp,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedSearchInput {
    pub name: String,
    pub query: SearchQuery,
}

/// Saving a search: `search`, a name of one line, and a query the saver could run (its words,
/// dates and defendant checked as a search checks them); kept without a page.
pub fn decide_save(
    actor: &Access,
    input: &SavedSearchInput,
    case_defendants: &[Defendant],
) -> Result<(String, SearchQuery), Refusal> {
    require(actor, Capability::Search)?;
    let name = one_line_name(&input.name, "the search")?;
    decide_search(actor, &input.query, case_defendants)?;
    let query = SearchQuery { page: None, per_page: None, ..input.query.clone() };
    Ok((name, query))
}

/// Loading saved searches: `search`.
pub fn decide_list(actor: &Access) -> Result<(), Refusal> {
    require(actor, Capability::Search)
}

/// Deleting a saved search: `manage_tags`, as the e-discovery product has it.
pub fn decide_delete(actor: &Access) -> Result<(), Refusal> {
    require(actor, Capability::ManageTags)
}

pub fn no_saved_search(id: SavedSearchId) -> Refusal {
    Refusal::NotFound(format!("This case has no saved search with id {id}. Someone may have deleted it."))
}

pub fn name_taken(name: &str) -> Refusal {
    Refusal::conflict(Some("name"), format!("A search named {name} is already saved. Choose another name."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::DefendantScope;
    use crate::testing::access_holding;

    fn holding(capabilities: &[Capability]) -> Access {
        access_holding(capabilities.iter().copied().collect(), DefendantScope::All)
    }

    #[test]
    fn a_reviewer_saves_and_loads_but_does_not_delete() {
        let reviewer = holding(&[Capability::View, Capability::Search, Capability::Annotate, Capability::Produce]);
        let input = SavedSearchInput {
            name: " Knife ".into(),
            query: SearchQuery { text: "knife".into(), page: Some(3), ..Default::default() },
        };
        let (name, query) = decide_save(&reviewer, &input, &[]).unwrap();
        assert_eq!((name.as_str(), query.page), ("Knife", None));
        assert_eq!(decide_list(&reviewer), Ok(()));
        assert!(matches!(decide_delete(&reviewer), Err(Refusal::Forbidden(_))));
        assert_eq!(decide_delete(&holding(&[Capability::View, Capability::ManageTags])), Ok(()));
        assert!(matches!(decide_save(&holding(&[Capability::View]), &input, &[]), Err(Refusal::Forbidden(_))));
    }

    #[test]
    fn a_saved_search_has_a_name_and_a_query_that_parses() {
        let searcher = holding(&[Capability::View, Capability::Search]);
        let unnamed = SavedSearchInput { name: "  ".into(), query: SearchQuery::default() };
        assert!(matches!(decide_save(&searcher, &unnamed, &[]), Err(Refusal::Invalid(ref v)) if v.field == "name"));
        let bad = SavedSearchInput { name: "x".into(), query: SearchQuery { text: "a*".into(), ..Default::default() } };
        assert!(matches!(decide_save(&searcher, &bad, &[]), Err(Refusal::Invalid(ref v)) if v.field == "text"));
        let dated =
            SearchQuery { from: Some("2026-12-02".into()), to: Some("2026-12-01".into()), ..Default::default() };
        let backwards = SavedSearchInput { name: "x".into(), query: dated };
        assert!(matches!(decide_save(&searcher, &backwards, &[]), Err(Refusal::Invalid(ref v)) if v.field == "to"));
        let elsewhere = SavedSearchInput {
            name: "x".into(),
            query: SearchQuery { defendant: Some(crate::DefendantId(9)), ..Default::default() },
        };
        assert!(
            matches!(decide_save(&searcher, &elsewhere, &[]), Err(Refusal::Invalid(ref v)) if v.field == "defendant")
        );
    }
}
