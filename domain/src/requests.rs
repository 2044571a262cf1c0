//! Access requests (R7): someone without access asks, with a message; holders of manage_access
//! approve (the grant is decided as an invitation is) or deny with a reason.
use crate::access::roles::{Role, RoleOption, roles_offered};
use crate::access::rules::check_can_grant;
use crate::access::{Access, Capability};
use crate::directory::{Community, Message, PersonRef};
use crate::{DefendantId, Refusal, Timestamp, ValidationError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Approved,
    Denied,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Denied => "denied",
        }
    }

    pub fn parse(text: &str) -> RequestStatus {
        match text {
            "approved" => RequestStatus::Approved,
            "denied" => RequestStatus::Denied,
            _ => RequestStatus::Pending,
        }
    }
}

/// A request for access to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRequest {
    pub id: i64,
    pub user: PersonRef,
    pub usual_role: Option<String>,
    pub organisation: Option<String>,
    pub message: String,
    pub status: RequestStatus,
    pub created_at: Timestamp,
    /// The roles the requester may be given, as in the add-user dialog.
    pub role_options: Vec<RoleOption>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestInput {
    #[serde(default)]
    pub message: String,
}

/// Approving a request: the grant to make, as when inviting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApproveInput {
    pub role: String,
    #[serde(default)]
    pub defendants: Vec<DefendantId>,
    #[serde(default)]
    pub expires_at: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DenyInput {
    pub reason: String,
}

impl DenyInput {
    /// The reason goes to the requester, so it must say something.
    pub fn parse(&self) -> Result<Message, ValidationError> {
        Message::parse_required("reason", &self.reason, "Say why the request is denied: the requester reads it.")
    }
}

/// Which requests of a case a person is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestsShown {
    /// Those who decide requests (holders of manage_access) see the pending ones.
    Pending,
    /// Anyone else sees only their own, whatever became of them.
    OwnOnly,
}

impl RequestsShown {
    pub fn to(viewer: &Access) -> RequestsShown {
        if viewer.can(Capability::ManageAccess) { RequestsShown::Pending } else { RequestsShown::OwnOnly }
    }
}

/// Asking for access: only someone who cannot open the case asks, and once at a time.
pub fn decide_request(actor: &Access, reference: &str, pending_since: Option<Timestamp>) -> Result<(), Refusal> {
    if actor.can(Capability::View) {
        return Err(Refusal::conflict(None, format!("You already have access to {reference}.")));
    }
    match pending_since {
        Some(sent) => Err(already_asked(reference, sent)),
        None => Ok(()),
    }
}

pub fn already_asked(reference: &str, sent: Timestamp) -> Refusal {
    Refusal::conflict(
        Some("message"),
        format!(
            "You already asked for access to {reference} on {}. You will get an email when someone answers.",
            sent.display()
        ),
    )
}

/// A decision on a request that is no longer pending: someone decided it first.
pub fn already_decided(status: RequestStatus) -> Refusal {
    let what = if status == RequestStatus::Pending { "decided" } else { status.as_str() };
    Refusal::conflict(None, format!("This request was already {what}. Reload to see it."))
}

/// The roles the approver may give the requester: those offered to their community that the
/// approver may grant (R2).
pub fn roles_to_offer(roles: &[Role], community: Option<Community>, approver: &Access) -> Vec<RoleOption> {
    roles_offered(roles, community)
        .iter()
        .filter(|r| check_can_grant(approver, r).is_ok())
        .map(RoleOption::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{CaseFacts, Subject, evaluate};
    use crate::directory::AccountType;
    use crate::{CaseId, UserId};
    use proptest::prelude::*;

    fn stranger() -> Subject {
        Subject {
            user: UserId(9),
            email_domain: "johnson.co.uk.cjsm.net".into(),
            usual_role: None,
            office: None,
            location: None,
            account_type: AccountType::Standard,
            organisation_kind: None,
            office_cases_permission: false,
            allows_sharing: false,
        }
    }

    #[test]
    fn members_do_not_ask_and_nobody_asks_twice() {
        let case = CaseFacts::owned_by(UserId(1));
        let none = evaluate(&stranger(), &case, Timestamp(0));
        assert!(decide_request(&none, "CASE-0001", None).is_ok());
        assert!(
            matches!(decide_request(&none, "CASE-0001", Some(Timestamp(5))), Err(Refusal::Conflict { field: Some(f), .. }) if f == "message")
        );
        let owner = evaluate(&Subject { user: UserId(1), ..stranger() }, &case, Timestamp(0));
        assert!(matches!(decide_request(&owner, "CASE-0001", None), Err(Refusal::Conflict { .. })));
        let _ = CaseId(1);
    }

    #[test]
    fn a_denial_says_why() {
        assert_eq!(DenyInput { reason: "  ".into() }.parse().unwrap_err().field, "reason");
        assert_eq!(DenyInput { reason: " Not on this case ".into() }.parse().unwrap().as_str(), "Not on this case");
        assert!(already_decided(RequestStatus::Denied).to_string().contains("already denied"));
    }

    proptest! {
        #[test]
        fn only_those_who_cannot_open_the_case_ask_and_only_once(is_owner in any::<bool>(), pending in proptest::option::of(0i64..1000)) {
            let case = CaseFacts::owned_by(UserId(1));
            let who = Subject { user: UserId(if is_owner { 1 } else { 9 }), ..stranger() };
            let access = evaluate(&who, &case, Timestamp(0));
            let decided = decide_request(&access, "CASE-0001", pending.map(Timestamp));
            prop_assert_eq!(decided.is_ok(), !is_owner && pending.is_none());
        }
    }
}
