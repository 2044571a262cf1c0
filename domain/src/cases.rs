//! Cases (SPEC.md §2): the input checks for creating and changing one, and the shapes a case
//! is shown in.
use crate::access::Access;
use crate::directory::PersonRef;
use crate::{CaseId, DefendantId, OfficeId, Timestamp, ValidationError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod list;

pub const MAX_REFERENCE_CHARS: usize = 40;
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 5000;
pub const MAX_DEFENDANT_CHARS: usize = 120;
pub const MAX_DEFENDANTS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Open,
    Closed,
}

impl CaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "open" => Some(CaseStatus::Open),
            "closed" => Some(CaseStatus::Closed),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::Open => "Open",
            CaseStatus::Closed => "Closed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Defendant {
    pub id: DefendantId,
    pub name: String,
}

/// One row of the case list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub id: CaseId,
    pub reference: String,
    pub title: String,
    pub status: CaseStatus,
    pub office: Option<String>,
    pub owner: PersonRef,
    /// How the user holds access, e.g. "Owner".
    pub my_role: String,
    pub target_date: Option<String>,
    pub defendant_count: i64,
    pub created_at: Timestamp,
}

/// A case as someone who may view it sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseDetail {
    pub id: CaseId,
    pub reference: String,
    pub title: String,
    pub description: String,
    pub status: CaseStatus,
    pub office: Option<String>,
    pub organisation: String,
    pub owner: PersonRef,
    /// `YYYY-MM-DD`.
    pub target_date: Option<String>,
    pub created_at: Timestamp,
    /// Only the defendants within the viewer's defendant scope.
    pub defendants: Vec<Defendant>,
    /// The viewer's own access, with its explanation.
    pub access: Access,
    /// Send it back with a settings change, so that a concurrent change is detected.
    pub version: i64,
}

/// What a person fills in to create a case, as sent by the browser or an API client.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCaseInput {
    /// The case reference, unique across Caseward (letters, digits, `-`, `/`, `.`, `_`, spaces).
    pub reference: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// One of the offices of the creator's organisation; none when it has no offices.
    #[serde(default)]
    pub office_id: Option<OfficeId>,
    /// `YYYY-MM-DD`, today or later.
    #[serde(default)]
    pub target_date: Option<String>,
    /// The defendants' names; at least one. Blank entries are ignored.
    #[serde(default)]
    pub defendants: Vec<String>,
    /// A case template to start from: its group grants are given to the case.
    #[serde(default)]
    pub template_id: Option<i64>,
    /// With a template: copy its permission policy (true unless sent false); otherwise the case
    /// takes the global defaults.
    #[serde(default)]
    pub copy_permissions: Option<bool>,
}

/// A change to a case's settings (needs `edit_settings`). Fields left out stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSettingsInput {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// `YYYY-MM-DD`, today or later; an empty string removes the target date.
    #[serde(default)]
    pub target_date: Option<String>,
    /// The case version the change was made against (from the case details).
    pub version: i64,
}

/// The settings a case has now: what a change starts from and what it produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSettings {
    pub title: String,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub target_date: Option<String>,
}

impl CaseSettings {
    /// The settings after `input`: fields left out stay; an empty target date removes it; a
    /// new target date must not lie in the past, but an unchanged one may (time has moved on).
    pub fn change(&self, input: &CaseSettingsInput, today: NaiveDate) -> Result<CaseSettings, ValidationError> {
        let title = match &input.title {
            Some(t) => parse_title(t)?,
            None => self.title.clone(),
        };
        let description = match &input.description {
            Some(d) => parse_description(d)?,
            None => self.description.clone(),
        };
        let target_date = match input.target_date.as_deref().map(str::trim) {
            None => self.target_date.clone(),
            Some("") => None,
            Some(unchanged) if Some(unchanged) == self.target_date.as_deref() => self.target_date.clone(),
            Some(new) => parse_target_date(Some(new), today)?.map(|d| d.format("%Y-%m-%d").to_string()),
        };
        Ok(CaseSettings { title, description, target_date })
    }
}

/// A case that passed every check that does not need the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub reference: String,
    pub title: String,
    pub description: String,
    pub office_id: Option<OfficeId>,
    pub target_date: Option<NaiveDate>,
    pub defendants: Vec<String>,
}

impl NewCase {
    /// Checks every field; the first problem found is returned, naming its field.
    pub fn parse(input: NewCaseInput, today: NaiveDate) -> Result<Self, ValidationError> {
        let reference = parse_reference(&input.reference)?;
        let title = parse_title(&input.title)?;
        let description = parse_description(&input.description)?;
        let target_date = parse_target_date(input.target_date.as_deref(), today)?;
        let defendants = parse_defendants(&input.defendants)?;
        Ok(NewCase { reference, title, description, office_id: input.office_id, target_date, defendants })
    }
}

/// Every problem of a new case's fields at once, for a form to show them all together. The
/// server still decides with `NewCase::parse`.
pub fn new_case_problems(input: &NewCaseInput, today: NaiveDate) -> Vec<ValidationError> {
    [
        parse_reference(&input.reference).err(),
        parse_title(&input.title).err(),
        parse_description(&input.description).err(),
        parse_target_date(input.target_date.as_deref(), today).err(),
        parse_defendants(&input.defendants).err(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub fn parse_reference(input: &str) -> Result<String, ValidationError> {
    let text = input.trim();
    let field = "reference";
    if text.is_empty() {
        return Err(ValidationError::new(field, "Enter a case reference, like CASE-0042."));
    }
    if text.chars().count() > MAX_REFERENCE_CHARS {
        return Err(ValidationError::new(
            field,
            format!("A case reference is at most {MAX_REFERENCE_CHARS} characters long."),
        ));
    }
    if !text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | '_' | ' ')) {
        return Err(ValidationError::new(
            field,
            "A case reference holds only letters, digits, spaces and the characters - / . _",
        ));
    }
    Ok(text.to_string())
}

pub fn parse_title(input: &str) -> Result<String, ValidationError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(ValidationError::new("title", "Enter a title for the case, like R v Smith."));
    }
    if text.chars().count() > MAX_TITLE_CHARS {
        return Err(ValidationError::new("title", format!("A title is at most {MAX_TITLE_CHARS} characters long.")));
    }
    Ok(text.to_string())
}

pub fn parse_description(input: &str) -> Result<String, ValidationError> {
    let text = input.trim();
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(ValidationError::new(
            "description",
            format!("A description is at most {MAX_DESCRIPTION_CHARS} characters long."),
        ));
    }
    Ok(text.to_string())
}

pub fn parse_target_date(input: Option<&str>, today: NaiveDate) -> Result<Option<NaiveDate>, ValidationError> {
    let Some(text) = input.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| ValidationError::new("target_date", "Enter the target date as YYYY-MM-DD, like 2027-03-31."))?;
    if date < today {
        return Err(ValidationError::new("target_date", "The target date must be today or later."));
    }
    Ok(Some(date))
}

pub fn parse_defendants(input: &[String]) -> Result<Vec<String>, ValidationError> {
    let field = "defendants";
    let names: Vec<String> = input.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).map(str::to_string).collect();
    if names.is_empty() {
        return Err(ValidationError::new(field, "Add at least one defendant."));
    }
    if names.len() > MAX_DEFENDANTS {
        return Err(ValidationError::new(field, format!("A case has at most {MAX_DEFENDANTS} defendants.")));
    }
    for (i, name) in names.iter().enumerate() {
        if name.chars().count() > MAX_DEFENDANT_CHARS {
            return Err(ValidationError::new(
                field,
                format!("A defendant's name is at most {MAX_DEFENDANT_CHARS} characters long."),
            ));
        }
        if names[..i].iter().any(|earlier| earlier.to_lowercase() == name.to_lowercase()) {
            return Err(ValidationError::new(field, format!("{name} is listed twice; list each defendant once.")));
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn input() -> NewCaseInput {
        NewCaseInput {
            reference: " CASE-0042 ".into(),
            title: "R v Smith".into(),
            description: "".into(),
            office_id: None,
            target_date: Some("2027-01-31".into()),
            defendants: vec!["John Smith".into(), "  ".into(), "Peter Jones".into()],
            ..Default::default()
        }
    }

    #[test]
    fn a_form_hears_of_every_problem_at_once() {
        let bad = NewCaseInput { reference: String::new(), title: " ".into(), defendants: vec![], ..input() };
        let fields: Vec<String> = new_case_problems(&bad, today()).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["reference", "title", "defendants"]);
        assert!(new_case_problems(&input(), today()).is_empty());
    }

    #[test]
    fn a_complete_case_parses_and_is_trimmed() {
        let case = NewCase::parse(input(), today()).unwrap();
        assert_eq!(case.reference, "CASE-0042");
        assert_eq!(case.defendants, vec!["John Smith", "Peter Jones"]);
        assert_eq!(case.target_date, NaiveDate::from_ymd_opt(2027, 1, 31));
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases = [
            (NewCaseInput { reference: "".into(), ..input() }, "reference"),
            (NewCaseInput { reference: "CASE<1>".into(), ..input() }, "reference"),
            (NewCaseInput { title: " ".into(), ..input() }, "title"),
            (NewCaseInput { target_date: Some("31/01/2027".into()), ..input() }, "target_date"),
            (NewCaseInput { target_date: Some("2026-11-21".into()), ..input() }, "target_date"),
            (NewCaseInput { defendants: vec![" ".into()], ..input() }, "defendants"),
            (NewCaseInput { defendants: vec!["Ann Lee".into(), "ann lee".into()], ..input() }, "defendants"),
            (NewCaseInput { description: "x".repeat(5001), ..input() }, "description"),
        ];
        for (bad, field) in cases {
            assert_eq!(NewCase::parse(bad, today()).unwrap_err().field, field);
        }
    }

    #[test]
    fn a_settings_change_keeps_what_it_leaves_out_and_only_a_new_date_must_be_ahead() {
        let now =
            CaseSettings { title: "R v Smith".into(), description: "d".into(), target_date: Some("2026-01-31".into()) };
        let change = |title: Option<&str>, target: Option<&str>| CaseSettingsInput {
            title: title.map(str::to_string),
            target_date: target.map(str::to_string),
            ..Default::default()
        };
        assert_eq!(now.change(&change(None, None), today()).unwrap(), now);
        assert_eq!(
            now.change(&change(None, Some("2026-01-31")), today()).unwrap(),
            now,
            "an unchanged past date stays"
        );
        assert_eq!(now.change(&change(None, Some("2026-02-01")), today()).unwrap_err().field, "target_date");
        assert_eq!(now.change(&change(None, Some(" ")), today()).unwrap().target_date, None);
        assert_eq!(now.change(&change(Some(" "), None), today()).unwrap_err().field, "title");
        assert_eq!(now.change(&change(Some(" R v Jones "), Some("2027-01-01")), today()).unwrap().title, "R v Jones");
    }

    #[test]
    fn today_is_a_valid_target_date() {
        let case = NewCase::parse(NewCaseInput { target_date: Some("2026-11-22".into()), ..input() }, today()).unwrap();
        assert_eq!(case.target_date, Some(today()));
    }

    proptest! {
        #[test]
        fn accepted_defendant_lists_are_non_empty_trimmed_and_distinct(names in proptest::collection::vec("[ a-zA-Z]{0,12}", 0..8)) {
            if let Ok(parsed) = parse_defendants(&names) {
                prop_assert!(!parsed.is_empty());
                for (i, n) in parsed.iter().enumerate() {
                    prop_assert_eq!(n.trim(), n.as_str());
                    prop_assert!(!n.is_empty());
                    prop_assert!(parsed[..i].iter().all(|m| m.to_lowercase() != n.to_lowercase()));
                }
            }
        }

        #[test]
        fn references_that_parse_are_stable(reference in "\\PC{0,50}") {
            if let Ok(r) = parse_reference(&reference) {
                prop_assert_eq!(parse_reference(&r).unwrap(), r);
            }
        }
    }
}
