//! Who is acting: the signed-in person as every use case receives them (`Actor`), the same
//! person as the browser and API clients are told about themselves (`Me`), and the little of
//! them every page's top bar shows (`Viewer`).
use crate::access::Subject;
use crate::directory::{AccountType, Community, OrganisationRef, PersonRef};
use crate::{OfficeId, UserId};
use serde::{Deserialize, Serialize};

/// The person a use case acts for, read from the database on every request (R8). Holds no
/// secret; it is not a wire type (`Me` is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub organisation: Option<OrganisationRef>,
    pub office_id: Option<OfficeId>,
    pub office: Option<String>,
    pub usual_role: Option<String>,
    pub community: Option<Community>,
    pub account_type: AccountType,
    pub is_system_admin: bool,
    pub is_licence_manager: bool,
    /// The account permission "access all office cases" (§7).
    pub office_cases: bool,
    /// The account permission "allow others to share cases with me" (§7).
    pub allows_sharing: bool,
}

impl Actor {
    /// The person as the access engine sees them.
    pub fn subject(&self) -> Subject {
        Subject {
            user: self.id,
            email_domain: self.email.rsplit_once('@').map(|(_, d)| d.to_lowercase()).unwrap_or_default(),
            usual_role: self.usual_role.clone(),
            office: self.office_id,
            location: self.office.clone(),
            account_type: self.account_type,
            organisation_kind: self.organisation.as_ref().map(|o| o.kind),
            office_cases_permission: self.office_cases,
            allows_sharing: self.allows_sharing,
        }
    }

    pub fn person(&self) -> PersonRef {
        PersonRef { id: self.id, name: self.name.clone(), email: self.email.clone() }
    }
}

/// The signed-in user as the browser and API clients see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub organisation: Option<OrganisationRef>,
    pub office_id: Option<OfficeId>,
    pub office: Option<String>,
    pub usual_role: Option<String>,
    pub community: Option<Community>,
    pub account_type: AccountType,
    pub is_system_admin: bool,
    pub is_licence_manager: bool,
    /// The account permission "access all office cases" (§7).
    pub office_cases: bool,
    /// The account permission "allow others to share cases with me" (§7).
    #[serde(default)]
    pub allows_sharing: bool,
}

impl From<&Actor> for Me {
    fn from(actor: &Actor) -> Me {
        let a = actor.clone();
        Me {
            id: a.id,
            email: a.email,
            name: a.name,
            organisation: a.organisation,
            office_id: a.office_id,
            office: a.office,
            usual_role: a.usual_role,
            community: a.community,
            account_type: a.account_type,
            is_system_admin: a.is_system_admin,
            is_licence_manager: a.is_licence_manager,
            office_cases: a.office_cases,
            allows_sharing: a.allows_sharing,
        }
    }
}

/// The signed-in person as every page's top bar shows them, and no more: the browser reads this on
/// every page load, and the code that reads it is in the first WASM chunk, so the fields a page
/// does not show (and `Me`'s enums) stay out of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub name: String,
    /// The person's organisation's name, if they belong to one.
    pub organisation: Option<String>,
    /// Whether the top bar offers the system administrator's pages.
    pub is_system_admin: bool,
}

impl From<&Actor> for Viewer {
    fn from(actor: &Actor) -> Viewer {
        Viewer {
            name: actor.name.clone(),
            organisation: actor.organisation.as_ref().map(|o| o.name.clone()),
            is_system_admin: actor.is_system_admin,
        }
    }
}

/// Failed sign-ins allowed for one email address within the window before it is throttled.
pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_SECONDS: i64 = 15 * 60;

/// The sign-in throttle: with `failures` failed attempts for one email address in the last
/// `FAILURE_WINDOW_SECONDS`, the oldest at `oldest`, how many seconds to wait before trying again
/// (at least 1), or none when the attempt may go ahead.
pub fn sign_in_wait(failures: i64, oldest: Option<crate::Timestamp>, now: crate::Timestamp) -> Option<i64> {
    if failures < MAX_FAILURES {
        return None;
    }
    let retry_after_ms = oldest.unwrap_or(now).0 + FAILURE_WINDOW_SECONDS * 1000 - now.0;
    Some((retry_after_ms / 1000).max(1))
}

/// Refuses anyone but a system administrator; `what` completes "Only system administrators can …".
pub fn require_system_admin(actor: &Actor, what: &str) -> Result<(), crate::Refusal> {
    if actor.is_system_admin {
        Ok(())
    } else {
        Err(crate::Refusal::Forbidden(format!("Only system administrators can {what}.")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Timestamp;
    use proptest::prelude::*;

    #[test]
    fn the_fifth_failure_throttles_until_the_oldest_leaves_the_window() {
        let now = Timestamp(1_000_000_000);
        assert_eq!(sign_in_wait(MAX_FAILURES - 1, Some(now), now), None);
        assert_eq!(sign_in_wait(MAX_FAILURES, Some(now), now), Some(FAILURE_WINDOW_SECONDS));
        assert_eq!(sign_in_wait(MAX_FAILURES, Some(now.plus_seconds(-FAILURE_WINDOW_SECONDS + 60)), now), Some(60));
    }

    #[test]
    fn the_top_bar_is_told_the_name_the_organisation_and_whether_to_offer_the_admin_pages() {
        let actor = Actor {
            id: UserId(7),
            email: "alice@cps.example.cjsm.net".into(),
            name: "Alice Archer".into(),
            organisation: Some(OrganisationRef {
                id: crate::OrganisationId(3),
                name: "Crown Prosecution Service".into(),
                kind: crate::directory::OrganisationKind::Prosecution,
            }),
            office_id: Some(OfficeId(2)),
            office: Some("Southwark".into()),
            usual_role: Some("Prosecutor".into()),
            community: None,
            account_type: AccountType::Standard,
            is_system_admin: true,
            is_licence_manager: false,
            office_cases: false,
            allows_sharing: true,
        };
        let viewer = Viewer::from(&actor);
        assert_eq!(
            viewer,
            Viewer {
                name: "Alice Archer".into(),
                organisation: Some("Crown Prosecution Service".into()),
                is_system_admin: true
            }
        );
        assert_eq!(Viewer::from(&Actor { organisation: None, is_system_admin: false, ..actor }).organisation, None);
    }

    proptest! {
        #[test]
        fn a_throttled_attempt_always_waits_at_least_a_second_and_at_most_the_window(
            failures in 0i64..20,
            age in 0i64..FAILURE_WINDOW_SECONDS * 1000,
        ) {
            let now = Timestamp(2_000_000_000_000);
            match sign_in_wait(failures, Some(Timestamp(now.0 - age)), now) {
                None => prop_assert!(failures < MAX_FAILURES),
                Some(wait) => prop_assert!(failures >= MAX_FAILURES && (1..=FAILURE_WINDOW_SECONDS).contains(&wait)),
            }
        }
    }
}
