use super::*;
use crate::access::Capability;
use crate::access::roles::{ADMIN, REVIEWER};
use crate::testing::access_holding as access;
use proptest::prelude::*;

fn ids(list: &[i64]) -> BTreeSet<DefendantId> {
    list.iter().copied().map(DefendantId).collect()
}

fn firm() -> DomainOwner {
    DomainOwner { name: "Swatham & Co Solicitors".into(), kind: OrganisationKind::DefenceFirm }
}

#[test]
fn a_firms_domain_for_some_of_the_cases_defendants_is_added_and_chambers_are_refused() {
    let admin = access(built_in_role(ADMIN).capabilities, DefendantScope::All);
    let domain = DomainName::parse("swatham.cjsm.net").unwrap();
    let added = decide_add_domain(&admin, &domain, Some(&firm()), false, ids(&[1]), &ids(&[1, 2])).unwrap();
    assert_eq!(added.defendants, ids(&[1]));
    let chambers = DomainOwner { name: "Temple Row Chambers".into(), kind: OrganisationKind::Chambers };
    assert!(matches!(
        decide_add_domain(&admin, &domain, Some(&chambers), true, ids(&[1]), &ids(&[1])),
        Err(Refusal::Forbidden(_))
    ));
    assert!(matches!(
        decide_add_domain(&admin, &domain, None, false, ids(&[1]), &ids(&[1])),
        Err(Refusal::NeedsConfirmation(_))
    ));
    assert!(
        matches!(decide_add_domain(&admin, &domain, Some(&firm()), false, ids(&[]), &ids(&[1])), Err(Refusal::Invalid(v)) if v.field == "defendants")
    );
    assert!(
        matches!(decide_add_domain(&admin, &domain, Some(&firm()), false, ids(&[3]), &ids(&[1])), Err(Refusal::Invalid(v)) if v.field == "defendants")
    );
    let reviewer = access(built_in_role(REVIEWER).capabilities, DefendantScope::All);
    assert!(matches!(decide_remove_domain(&reviewer, &added), Err(Refusal::Forbidden(_))));
    assert!(
        visible_to(&added, &DefendantScope::Only(ids(&[1]))) && !visible_to(&added, &DefendantScope::Only(ids(&[2])))
    );
}

proptest! {
    #[test]
    fn a_domain_grant_stays_within_the_case_and_the_actors_own_scope(
        caps in prop::collection::btree_set(prop::sample::select(Capability::ALL.to_vec()), 0..15),
        mine in prop::option::of(prop::collection::btree_set(1i64..5, 0..4)),
        chosen in prop::collection::btree_set(1i64..6, 0..4),
        kind in prop::sample::select(OrganisationKind::ALL.to_vec()),
        confirmed in any::<bool>(),
    ) {
        let scope = mine.map(|m| DefendantScope::Only(ids(&m.into_iter().collect::<Vec<_>>()))).unwrap_or(DefendantScope::All);
        let actor = access(caps, scope.clone());
        let owner = DomainOwner { name: "Org".into(), kind };
        let domain = DomainName::parse("firm.example").unwrap();
        let case_defendants = ids(&[1, 2, 3, 4]);
        if let Ok(grant) = decide_add_domain(&actor, &domain, Some(&owner), confirmed, chosen.iter().copied().map(DefendantId).collect(), &case_defendants) {
            prop_assert_eq!(kind, OrganisationKind::DefenceFirm);
            prop_assert!(actor.can(Capability::ManageAccess));
            prop_assert!(!grant.defendants.is_empty() && grant.defendants.is_subset(&case_defendants));
            prop_assert!(grant.defendants.iter().all(|d| scope.includes(*d)));
        }
    }
}
