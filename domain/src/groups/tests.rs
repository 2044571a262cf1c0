use super::*;
use crate::access::Capability;
use crate::access::roles::{ADMIN, DEFENCE_ADVOCATE, MANAGER, PROSECUTOR, REVIEWER, built_in_role, built_in_roles};
use crate::testing::access_holding as access;
use crate::{DefendantId, Refusal};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn noms() -> UsualRole {
    UsualRole { name: "NOMS".into(), community: Some(Community::Other) }
}

#[test]
fn groups_take_neither_owner_nor_scoped_roles_nor_another_communitys() {
    let admin = access(built_in_role(ADMIN).capabilities, DefendantScope::All);
    let group = decide_add_group(&admin, noms(), Some("Southwark".into()), &built_in_role(REVIEWER)).unwrap();
    assert_eq!(group.describe(), "NOMS at Southwark");
    assert!(
        matches!(decide_add_group(&admin, noms(), None, &built_in_role(DEFENCE_ADVOCATE)), Err(Refusal::Invalid(v)) if v.field == "role")
    );
    assert!(
        matches!(decide_add_group(&admin, noms(), None, &built_in_role(PROSECUTOR)), Err(Refusal::Invalid(v)) if v.message.contains("community"))
    );
    let scoped = access(built_in_role(ADMIN).capabilities, DefendantScope::Only(BTreeSet::from([DefendantId(1)])));
    assert!(
        matches!(decide_add_group(&scoped, noms(), None, &built_in_role(REVIEWER)), Err(Refusal::Forbidden(_))),
        "a group reaches every defendant"
    );
    let manager = access(built_in_role(MANAGER).capabilities, DefendantScope::All);
    let admins = GroupGrant { usual_role: "NOMS".into(), location: None, role: built_in_role(ADMIN) };
    assert!(matches!(decide_remove_group(&manager, &admins), Err(Refusal::Forbidden(_))));
    assert!(roles_for_groups(&built_in_roles(), &manager).iter().all(|r| r.key != ADMIN && r.key != DEFENCE_ADVOCATE));
}

proptest! {
    #[test]
    fn a_group_gets_only_what_the_actor_may_grant_to_everyone(
        caps in prop::collection::btree_set(prop::sample::select(Capability::ALL.to_vec()), 0..15),
        scoped in any::<bool>(),
        role in prop::sample::select(built_in_roles()),
        community in prop::option::of(prop::sample::select(Community::ALL.to_vec())),
    ) {
        let scope = if scoped { DefendantScope::Only(BTreeSet::from([DefendantId(1)])) } else { DefendantScope::All };
        let actor = access(caps, scope);
        let offered = roles_for_groups(&built_in_roles(), &actor).iter().any(|o| o.key == role.key);
        match decide_add_group(&actor, UsualRole { name: "Police".into(), community }, None, &role) {
            Ok(group) => {
                prop_assert!(actor.can(Capability::ManageAccess) && !scoped);
                prop_assert!(group_role_allowed(&group.role) && group.role.capabilities.is_subset(&actor.capabilities));
                prop_assert!(group.role.community.is_none() || group.role.community == community);
                prop_assert!(offered, "what is allowed is offered");
            }
            Err(_) => prop_assert!(!offered || scoped || role.community.is_some_and(|c| Some(c) != community) || !actor.can(Capability::ManageAccess)),
        }
    }
}
