//! The checks a change of access must pass (SPEC.md §5), each refusing with a reason a person
//! can act on.
use super::roles::{OWNER, Role};
use super::{Access, Capability, DefendantScope};
use super::{GroupGrant, IndividualGrant, Subject, is_active};
use crate::directory::{AccountType, DomainName, OrganisationKind};
use crate::{DefendantId, Refusal, Timestamp, ValidationError};
use chrono::{NaiveDate, NaiveTime};
use std::collections::BTreeSet;

/// R2: only holders of `manage_access` change access; nobody grants Owner, nor a role holding a
/// capability the granter lacks.
pub fn check_can_grant(actor: &Access, role: &Role) -> Result<(), Refusal> {
    check_can_manage(actor)?;
    if role.key == OWNER {
        return Err(Refusal::Forbidden("Nobody can grant Owner: ownership moves only by transfer.".into()));
    }
    let missing: Vec<&str> = role.capabilities.difference(&actor.capabilities).map(|c| c.as_str()).collect();
    if !missing.is_empty() {
        return Err(Refusal::Forbidden(format!(
            "You cannot grant {}: it holds capabilities you do not have ({}).",
            role.name,
            missing.join(", ")
        )));
    }
    Ok(())
}

/// R2 applied to someone's existing grant: changing or revoking it is granting in reverse, so the
/// actor must hold everything that grant's role holds (a Manager cannot demote an Admin).
pub fn check_can_change_grant_of(actor: &Access, current: &Role, name: &str) -> Result<(), Refusal> {
    check_can_manage(actor)?;
    let missing: Vec<&str> = current.capabilities.difference(&actor.capabilities).map(|c| c.as_str()).collect();
    if !missing.is_empty() {
        return Err(Refusal::Forbidden(format!(
            "You cannot change {name}'s access: their role, {}, holds capabilities you do not have ({}).",
            current.name,
            missing.join(", ")
        )));
    }
    Ok(())
}

/// Someone who sees only some defendants can share only those.
pub fn check_scope_within(actor: &Access, scope: &DefendantScope) -> Result<(), Refusal> {
    let within = match (&actor.scope, scope) {
        (DefendantScope::All, _) => true,
        (DefendantScope::Only(mine), DefendantScope::Only(theirs)) => theirs.is_subset(mine),
        (DefendantScope::Only(_), DefendantScope::All) => false,
    };
    if within {
        Ok(())
    } else {
        Err(Refusal::Forbidden("You can share only the defendants whose material you see yourself.".into()))
    }
}

pub fn check_can_manage(actor: &Access) -> Result<(), Refusal> {
    require(actor, Capability::ManageAccess)
}

/// Refuses an actor whose access lacks `capability`, saying what they cannot do.
pub fn require(actor: &Access, capability: Capability) -> Result<(), Refusal> {
    if actor.can(capability) {
        return Ok(());
    }
    let message = match capability {
        Capability::ManageAccess => "Only people who manage access to this case can change it.".to_string(),
        Capability::DeleteCase => "Only the owner can delete this case.".to_string(),
        Capability::EditSettings => "You cannot change this case's settings.".to_string(),
        other => format!("Your access to this case does not include {}.", other.as_str()),
    };
    Err(Refusal::Forbidden(message))
}

/// R3: an expiry lies in the future. A date means "until the end of that day" (UTC); a full
/// RFC 3339 instant is taken as it is.
pub fn parse_expiry(input: Option<&str>, now: Timestamp) -> Result<Option<Timestamp>, ValidationError> {
    let Some(text) = input.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let at = if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let next_day =
            date.succ_opt().ok_or_else(|| ValidationError::new("expires_at", "That date is too far in the future."))?;
        Timestamp(next_day.and_time(NaiveTime::MIN).and_utc().timestamp_millis())
    } else if let Ok(instant) = chrono::DateTime::parse_from_rfc3339(text) {
        Timestamp(instant.timestamp_millis())
    } else {
        return Err(ValidationError::new("expires_at", "Enter the expiry as a date, YYYY-MM-DD, like 2027-03-31."));
    };
    if at <= now {
        return Err(ValidationError::new("expires_at", "The expiry date must be in the future."));
    }
    Ok(Some(at))
}

/// The defendant scope of a grant: defendant-scoped roles need at least one of the case's
/// defendants; other roles see every defendant.
pub fn scope_for(
    role: &Role,
    chosen: &BTreeSet<DefendantId>,
    case_defendants: &BTreeSet<DefendantId>,
) -> Result<DefendantScope, ValidationError> {
    if !role.defendant_scoped {
        return Ok(DefendantScope::All);
    }
    if chosen.is_empty() {
        return Err(ValidationError::new("defendants", format!("Choose at least one defendant for a {}.", role.name)));
    }
    if !chosen.is_subset(case_defendants) {
        return Err(ValidationError::new("defendants", "Choose among this case's defendants."));
    }
    Ok(DefendantScope::Only(chosen.clone()))
}

/// R6, stated once: an uploader account takes access only when it allows others to share cases
/// with it. Invitations refuse with a reason; groups and domains, which reach people unasked,
/// skip them (`Subject::may_receive_shares`).
pub fn receives_shares(account_type: AccountType, allows_sharing: bool) -> bool {
    account_type != AccountType::Uploader || allows_sharing
}

/// R6 for an invitation: refused with what to ask for.
pub fn check_may_receive(account_type: AccountType, allows_sharing: bool, name: &str) -> Result<(), Refusal> {
    if !receives_shares(account_type, allows_sharing) {
        return Err(Refusal::Forbidden(format!(
            "{name} has an uploader account that does not allow others to share cases with it. Ask their licence manager to turn on \"allow others to share cases with me\"."
        )));
    }
    Ok(())
}

/// R5: domain grants are for solicitor firms only. `owner` is the organisation that owns the
/// domain, if any (its name and kind); a domain no organisation owns needs `confirmed`.
pub fn check_domain_grant(
    domain: &DomainName,
    owner: Option<(&str, OrganisationKind)>,
    confirmed: bool,
) -> Result<(), Refusal> {
    match owner {
        Some((_, OrganisationKind::DefenceFirm)) => Ok(()),
        Some((name, OrganisationKind::Chambers)) => Err(Refusal::Forbidden(format!(
            "{domain} belongs to {name}, a barristers' chambers. Chambers cannot be added by domain: \
             prosecuting counsel or counsel for a co-defendant may work in the same chambers. Invite the barrister individually instead."
        ))),
        Some((name, kind)) => Err(Refusal::Forbidden(format!(
            "{domain} belongs to {name} ({}). Only defence solicitor firms can be added by email domain; invite people individually or add a group.",
            kind.label().to_lowercase()
        ))),
        None if confirmed => Ok(()),
        None => Err(Refusal::NeedsConfirmation(format!(
            "No organisation registered in Caseward owns {domain}. Check the spelling; if it is right, confirm to give everyone at {domain} access."
        ))),
    }
}

/// R4: whether `subject` keeps access as a retained grant when `group` is removed: they are in
/// the group and opened the case while the group was in place (`last_opened` at or after
/// `added_at`). Those who never opened it through the group lose it.
pub fn keeps_access_after_group_removal(
    group: &GroupGrant,
    added_at: Timestamp,
    subject: &Subject,
    last_opened: Option<Timestamp>,
) -> bool {
    subject.may_receive_shares() && group.matches(subject) && last_opened.is_some_and(|opened| opened >= added_at)
}

/// R4 decides on whether a person's last opening of a case came at or after a group's addition.
/// An opening needs recording only when it would change that: the first one, or the first since
/// a group that reaches the person was added (`reaching_since`: when each such group was added).
/// Every other read of the case writes nothing.
pub fn opening_to_record(last_opened: Option<Timestamp>, reaching_since: impl IntoIterator<Item = Timestamp>) -> bool {
    match last_opened {
        None => true,
        Some(last) => reaching_since.into_iter().any(|added| last < added),
    }
}

/// R4, for someone who keeps a removed group's access: how their retained grant relates to a grant
/// of their own (one grant per person and case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
    /// No grant in force: a retained grant with the group's role is added.
    Add,
    /// Their grant gives no more than the group did: it becomes the retained grant, losing nothing.
    Replace,
    /// Their own grant already gives everything the group did, for good: nothing to do.
    Covered,
    /// Each gives something the other lacks: their own grant stays, the group's extra is lost.
    KeepOwn,
}

pub fn retention(group_role: &Role, own: Option<&IndividualGrant>, now: Timestamp) -> Retention {
    let Some(own) = own.filter(|g| is_active(g.expires_at, now)) else {
        return Retention::Add;
    };
    let own_covers = own.expires_at.is_none()
        && own.scope == DefendantScope::All
        && group_role.capabilities.is_subset(&own.role.capabilities);
    if own_covers {
        Retention::Covered
    } else if own.role.capabilities.is_subset(&group_role.capabilities) {
        Retention::Replace
    } else {
        Retention::KeepOwn
    }
}
