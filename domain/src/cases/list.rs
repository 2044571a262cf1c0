//! The case list (SPEC §2, "my cases"): what it is asked for, and one page of it.
use super::{CaseStatus, CaseSummary};
use crate::OfficeId;
use crate::directory::Office;
use crate::paging::{Paging, page_count};
use serde::{Deserialize, Serialize};

/// How many cases a page holds unless asked otherwise, and at most.
pub const DEFAULT_PER_PAGE: u32 = 50;
pub const MAX_PER_PAGE: u32 = 200;

/// What the case list is asked for; every field may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CaseQuery {
    /// Text the reference or the title contains (any letter case).
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub status: Option<CaseStatus>,
    /// Only the cases of this office.
    #[serde(default)]
    pub office: Option<OfficeId>,
    /// 1 for the first page (the default).
    #[serde(default)]
    pub page: Option<u32>,
    /// Cases per page: 50 unless asked, at most 200.
    #[serde(default)]
    pub per_page: Option<u32>,
}

/// A case query with its defaults applied and its bounds kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFilter {
    /// Lower case, trimmed; none when empty.
    pub text: Option<String>,
    pub status: Option<CaseStatus>,
    pub office: Option<OfficeId>,
    pub paging: Paging,
}

impl CaseQuery {
    /// Page 0 is page 1, and a page size beyond the bounds is brought within them: a list asked
    /// for too much answers with what it can, like any listing people page through.
    pub fn filter(&self) -> CaseFilter {
        CaseFilter {
            text: self.q.as_deref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()),
            status: self.status,
            office: self.office,
            paging: Paging::new(self.page, self.per_page, DEFAULT_PER_PAGE, MAX_PER_PAGE),
        }
    }
}

/// One page of the cases a person can open, newest first, with how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasePage {
    pub cases: Vec<CaseSummary>,
    /// Every case that matches, across all pages.
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    /// The offices of the cases the person can open (whatever the filter), to filter by.
    pub offices: Vec<Office>,
}

impl CasePage {
    pub fn pages(&self) -> u32 {
        page_count(self.total, self.per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn defaults_are_the_first_page_of_fifty() {
        let filter = CaseQuery::default().filter();
        assert_eq!((filter.paging.page, filter.paging.per_page, filter.paging.offset()), (1, 50, 0));
        let filter =
            CaseQuery { q: Some("  Smith ".into()), page: Some(3), per_page: Some(20), ..Default::default() }.filter();
        assert_eq!((filter.text.as_deref(), filter.paging.offset()), (Some("smith"), 40));
        assert_eq!(CaseQuery { q: Some("   ".into()), ..Default::default() }.filter().text, None);
    }

    proptest! {
        #[test]
        fn any_query_gives_a_page_within_bounds(page in proptest::option::of(0u32..10_000), per_page in proptest::option::of(0u32..100_000)) {
            let filter = CaseQuery { page, per_page, ..Default::default() }.filter();
            prop_assert!(filter.paging.page >= 1);
            prop_assert!((1..=MAX_PER_PAGE).contains(&filter.paging.per_page));
            let listed = CasePage { cases: vec![], total: 0, page: filter.paging.page, per_page: filter.paging.per_page, offices: vec![] };
            prop_assert_eq!(listed.pages(), 1);
        }
    }
}
