use super::*;
use crate::access::Capability;
use crate::access::roles::{
    ADMIN, DEFENCE_ADVOCATE, MANAGER, OWNER, PROSECUTOR, REVIEWER, built_in_role, built_in_roles,
};
use crate::directory::{AccountType, Community};
use crate::testing::access_holding as access;
use proptest::prelude::*;

const NOW: Timestamp = Timestamp(1_800_000_000_000);
const OWNER_ID: UserId = UserId(1);
const ACTOR_ID: UserId = UserId(2);

fn person(id: i64, community: Option<Community>) -> Actor {
    Actor {
        id: UserId(id),
        email: format!("p{id}@example.org"),
        name: format!("Person {id}"),
        organisation: None,
        office_id: None,
        office: None,
        usual_role: None,
        community,
        account_type: AccountType::Standard,
        is_system_admin: false,
        is_licence_manager: false,
        office_cases: false,
        allows_sharing: false,
    }
}

fn role_access(key: &str) -> Access {
    access(built_in_role(key).capabilities, DefendantScope::All)
}

fn defendants() -> BTreeSet<DefendantId> {
    BTreeSet::from([DefendantId(7), DefendantId(8)])
}

fn invite(role: &str, chosen: &[i64]) -> Invite {
    Invite {
        email: Email::parse("p3@example.org").unwrap(),
        role: role.into(),
        defendants: chosen.iter().copied().map(DefendantId).collect(),
        expires_at: None,
        message: Message::default(),
    }
}

fn grant(user: i64, role: &str, retained: bool) -> IndividualGrant {
    IndividualGrant {
        user: UserId(user),
        role: built_in_role(role),
        scope: DefendantScope::All,
        expires_at: None,
        retained,
        granted_by: None,
    }
}

#[test]
fn an_invitation_is_refused_with_the_reason_a_person_can_act_on() {
    let case = CaseFacts::owned_by(OWNER_ID);
    let roles = built_in_roles();
    let admin = role_access(ADMIN);
    let invitee = person(3, Some(Community::Defence));
    let decide = |actor: &Access, case: &CaseFacts, who: &Actor, inv: &Invite| {
        decide_invite(actor, case, &defendants(), &roles, who, inv, NOW)
    };

    let plan = decide(&admin, &case, &invitee, &invite(DEFENCE_ADVOCATE, &[7])).unwrap();
    assert_eq!(plan.scope, DefendantScope::Only(BTreeSet::from([DefendantId(7)])));
    assert!(
        matches!(decide(&role_access(REVIEWER), &case, &invitee, &invite(REVIEWER, &[])), Err(Refusal::Forbidden(_))),
        "no manage_access"
    );
    assert!(
        matches!(decide(&role_access(MANAGER), &case, &invitee, &invite(ADMIN, &[])), Err(Refusal::Forbidden(m)) if m.contains("manage_permissions"))
    );
    assert!(
        matches!(decide(&admin, &case, &invitee, &invite("nonsense", &[])), Err(Refusal::Invalid(v)) if v.field == "role")
    );
    assert!(
        matches!(decide(&admin, &case, &person(1, None), &invite(REVIEWER, &[])), Err(Refusal::Conflict { field: Some(f), .. }) if f == "email")
    );
    assert!(
        matches!(decide(&admin, &case, &invitee, &invite(PROSECUTOR, &[])), Err(Refusal::Invalid(v)) if v.field == "role"),
        "community"
    );
    assert!(
        matches!(decide(&admin, &case, &invitee, &invite(DEFENCE_ADVOCATE, &[])), Err(Refusal::Invalid(v)) if v.field == "defendants")
    );
    let uploader = Actor { account_type: AccountType::Uploader, ..invitee.clone() };
    assert!(
        matches!(decide(&admin, &case, &uploader, &invite(REVIEWER, &[])), Err(Refusal::Forbidden(m)) if m.contains("uploader")),
        "R6"
    );

    let mut invited = case.clone();
    invited.grants.push(grant(3, REVIEWER, false));
    assert!(
        matches!(decide(&admin, &invited, &invitee, &invite(REVIEWER, &[])), Err(Refusal::Conflict { .. })),
        "already has access"
    );
    let mut retained = case.clone();
    retained.grants.push(grant(3, ADMIN, true));
    assert!(decide(&admin, &retained, &invitee, &invite(REVIEWER, &[])).is_ok(), "a retained grant gives way");
    assert!(
        matches!(
            decide(&role_access(MANAGER), &retained, &invitee, &invite(REVIEWER, &[])),
            Err(Refusal::Forbidden(_))
        ),
        "but only within R2"
    );
}

#[test]
fn changes_and_revocations_keep_to_r2_and_never_touch_the_owner() {
    let mut case = CaseFacts::owned_by(OWNER_ID);
    case.grants.push(grant(3, ADMIN, false));
    case.grants.push(grant(4, REVIEWER, false));
    let roles = built_in_roles();
    let manager = role_access(MANAGER);
    let change = MemberChange { role: Some(REVIEWER.into()), version: 1, ..Default::default() };
    let decide = |who: i64, version: Option<i64>, change: &MemberChange| {
        let member = person(who, None);
        decide_change(
            ACTOR_ID,
            &manager,
            &case,
            &defendants(),
            &roles,
            UserId(who),
            Some(&member),
            version,
            change,
            NOW,
        )
    };
    assert!(
        matches!(decide(3, Some(1), &change), Err(Refusal::Forbidden(m)) if m.contains("Admin")),
        "a Manager cannot demote an Admin"
    );
    assert_eq!(
        decide(4, Some(1), &MemberChange { role: Some(MANAGER.into()), ..change.clone() }).unwrap().role.key,
        MANAGER
    );
    assert!(matches!(decide(4, Some(2), &change), Err(Refusal::Conflict { .. })), "a stale version");
    assert!(matches!(decide(1, Some(1), &change), Err(Refusal::Forbidden(_))), "the owner");
    assert!(matches!(decide(2, Some(1), &change), Err(Refusal::Forbidden(m)) if m.contains("your own")));
    assert!(matches!(decide(5, None, &change), Err(Refusal::NotFound(_))), "no grant of their own");

    assert!(decide_revoke(ACTOR_ID, &manager, &case, UserId(4), Some(&person(4, None))).is_ok());
    assert!(matches!(
        decide_revoke(ACTOR_ID, &manager, &case, UserId(3), Some(&person(3, None))),
        Err(Refusal::Forbidden(_))
    ));
    assert!(matches!(
        decide_revoke(ACTOR_ID, &manager, &case, OWNER_ID, Some(&person(1, None))),
        Err(Refusal::Forbidden(_))
    ));
    let reviewer = role_access(REVIEWER);
    assert!(decide_revoke(UserId(4), &reviewer, &case, UserId(4), Some(&person(4, None))).is_ok(), "anyone may leave");
    assert!(matches!(
        decide_revoke(UserId(4), &reviewer, &case, UserId(3), Some(&person(3, None))),
        Err(Refusal::Forbidden(_))
    ));
    assert!(!may_edit(&manager, &case, UserId(3), case.grants.first()), "the row of a stronger grant has no controls");
    assert!(may_edit(&manager, &case, UserId(4), case.grants.get(1)));
}

fn any_capabilities() -> impl Strategy<Value = BTreeSet<Capability>> {
    prop::collection::btree_set(prop::sample::select(Capability::ALL.to_vec()), 0..15)
}

fn any_scope() -> impl Strategy<Value = DefendantScope> {
    prop_oneof![
        Just(DefendantScope::All),
        prop::collection::btree_set(7i64..10, 0..3)
            .prop_map(|s| DefendantScope::Only(s.into_iter().map(DefendantId).collect()))
    ]
}

fn any_role_key() -> impl Strategy<Value = String> {
    prop::sample::select(
        built_in_roles().into_iter().map(|r| r.key).chain(["nonsense".to_string()]).collect::<Vec<_>>(),
    )
}

fn any_community() -> impl Strategy<Value = Option<Community>> {
    prop::option::of(prop::sample::select(Community::ALL.to_vec()))
}

proptest! {
    #[test]
    fn whatever_an_invitation_grants_lies_within_what_the_actor_holds_and_sees(
        caps in any_capabilities(),
        scope in any_scope(),
        key in any_role_key(),
        chosen in prop::collection::btree_set(7i64..10, 0..3),
        invitee_id in 1i64..5,
        community in any_community(),
        uploader in any::<bool>(),
        allows in any::<bool>(),
        existing in prop::option::of((any_role_key(), any::<bool>())),
    ) {
        let mut case = CaseFacts::owned_by(OWNER_ID);
        if let Some((role, retained)) = existing.filter(|(k, _)| k != "nonsense") {
            case.grants.push(IndividualGrant { retained, ..grant(invitee_id, &role, retained) });
        }
        let actor = access(caps, scope);
        let invitee = Actor { account_type: if uploader { AccountType::Uploader } else { AccountType::Standard }, allows_sharing: allows, ..person(invitee_id, community) };
        let inv = Invite { role: key, defendants: chosen.into_iter().map(DefendantId).collect(), ..invite(REVIEWER, &[]) };
        if let Ok(plan) = decide_invite(&actor, &case, &defendants(), &built_in_roles(), &invitee, &inv, NOW) {
            prop_assert!(actor.can(Capability::ManageAccess));
            prop_assert!(plan.role.key != OWNER);
            prop_assert!(plan.role.capabilities.is_subset(&actor.capabilities), "R2");
            prop_assert!(check_scope_within(&actor, &plan.scope).is_ok());
            prop_assert!(invitee.id != case.owner);
            prop_assert!(plan.role.community.is_none() || plan.role.community == invitee.community);
            prop_assert!(!uploader || allows, "R6");
            prop_assert!(active_grant(&case, invitee.id, NOW).is_none_or(|g| g.retained));
            if plan.role.defendant_scoped {
                prop_assert!(matches!(&plan.scope, DefendantScope::Only(ids) if !ids.is_empty() && ids.is_subset(&defendants())));
            } else {
                prop_assert_eq!(plan.scope, DefendantScope::All);
            }
        }
    }

    #[test]
    fn a_change_never_leaves_r2_nor_reaches_the_owner_or_oneself(
        caps in any_capabilities(),
        scope in any_scope(),
        current in any_role_key(),
        wanted in prop::option::of(any_role_key()),
        target in 1i64..5,
        version in 0i64..3,
    ) {
        let mut case = CaseFacts::owned_by(OWNER_ID);
        if current != "nonsense" && current != OWNER {
            case.grants.push(grant(target, &current, false));
        }
        let actor = access(caps, scope);
        let change = MemberChange { role: wanted, version, ..Default::default() };
        let member = person(target, Some(Community::Prosecution));
        let decided = decide_change(ACTOR_ID, &actor, &case, &defendants(), &built_in_roles(), UserId(target), Some(&member), Some(1), &change, NOW);
        if let Ok(plan) = decided {
            let old = &case.grants[0].role;
            prop_assert!(UserId(target) != OWNER_ID && UserId(target) != ACTOR_ID);
            prop_assert!(old.capabilities.is_subset(&actor.capabilities) && plan.role.capabilities.is_subset(&actor.capabilities));
            prop_assert_eq!(version, 1);
            prop_assert!(check_scope_within(&actor, &plan.scope).is_ok());
        }
    }
}
