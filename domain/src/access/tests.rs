use super::roles::*;
use super::rules::*;
use super::*;
use crate::directory::{AccountType, OrganisationKind};
use crate::{OfficeId, Refusal};
use policy::{CaseDefault, OverrideSetting, Policy, UserOverride};
use proptest::prelude::*;

const OWNER_ID: UserId = UserId(1);
const NOW: Timestamp = Timestamp(1_800_000_000_000);

fn subject(id: i64) -> Subject {
    Subject {
        user: UserId(id),
        email_domain: "cps.example.cjsm.net".into(),
        usual_role: None,
        office: Some(OfficeId(10)),
        location: Some("Southwark".into()),
        account_type: AccountType::Standard,
        organisation_kind: Some(OrganisationKind::Prosecution),
        office_cases_permission: false,
        allows_sharing: false,
    }
}

fn grant(user: i64, role: &str, expires_at: Option<Timestamp>) -> IndividualGrant {
    IndividualGrant {
        user: UserId(user),
        role: built_in_role(role),
        scope: DefendantScope::All,
        expires_at,
        retained: false,
        granted_by: Some("Alice Archer".into()),
    }
}

fn ids(list: &[i64]) -> BTreeSet<DefendantId> {
    list.iter().map(|i| DefendantId(*i)).collect()
}

fn caps(access: &Access) -> BTreeSet<Capability> {
    access.capabilities.clone()
}

#[test]
fn each_path_gives_its_role_and_says_why() {
    let mut case = CaseFacts::owned_by(OWNER_ID);
    case.office = Some(OfficeId(10));
    case.grants.push(grant(2, REVIEWER, None));
    case.groups.push(GroupGrant {
        usual_role: "NOMS".into(),
        location: Some("Southwark".into()),
        role: built_in_role(USER),
    });
    case.domains.push(DomainGrant { domain: "swatham.cjsm.net".into(), defendants: ids(&[7]), location: None });
    case.type_groups.push(GroupGrant { usual_role: "Police".into(), location: None, role: built_in_role(MONITOR) });
    case.open_task_assignees.insert(UserId(6));

    let invited = evaluate(&subject(2), &case, NOW);
    assert_eq!(caps(&invited), built_in_role(REVIEWER).capabilities);
    assert_eq!(invited.explanation[0].path, AccessPath::Individual);
    assert_eq!(invited.explanation[0].reason, "Invited as Reviewer by Alice Archer");

    let nora = Subject { usual_role: Some("NOMS".into()), ..subject(3) };
    assert_eq!(evaluate(&nora, &case, NOW).explanation[0].path, AccessPath::Group);
    let lee = Subject { office: Some(OfficeId(11)), location: Some("Leeds".into()), ..nora.clone() };
    // Another organisation's Southwark office is still Southwark.
    let nora_elsewhere = Subject { office: Some(OfficeId(99)), location: Some("southwark".into()), ..nora.clone() };
    assert_eq!(evaluate(&nora_elsewhere, &case, NOW).explanation[0].path, AccessPath::Group);
    assert!(!evaluate(&lee, &case, NOW).has_any(), "a group restricted to Southwark does not reach Leeds");

    // R6: an uploader who does not allow sharing is not reached by a group (nor a domain).
    let uploader = Subject { account_type: AccountType::Uploader, ..nora.clone() };
    assert!(!evaluate(&uploader, &case, NOW).has_any());
    assert!(evaluate(&Subject { allows_sharing: true, ..uploader }, &case, NOW).has_any());
    let dan = Subject { email_domain: "swatham.cjsm.net".into(), ..subject(4) };
    let dan_access = evaluate(&dan, &case, NOW);
    assert_eq!(dan_access.explanation[0].path, AccessPath::Domain);
    assert_eq!(dan_access.scope, DefendantScope::Only(ids(&[7])));

    let manager = Subject { account_type: AccountType::Manager, office_cases_permission: true, ..subject(5) };
    assert_eq!(evaluate(&manager, &case, NOW).explanation[0].path, AccessPath::Office);
    let elsewhere = Subject { office: Some(OfficeId(11)), ..manager.clone() };
    assert!(!evaluate(&elsewhere, &case, NOW).has_any());
    let not_prosecution = Subject { organisation_kind: Some(OrganisationKind::DefenceFirm), ..manager };
    assert!(!evaluate(&not_prosecution, &case, NOW).has_any(), "office access is for prosecution managers only");

    let task = evaluate(&subject(6), &case, NOW);
    assert_eq!(caps(&task), BTreeSet::from([Capability::ViewSummary]));
    assert_eq!(task.scope, DefendantScope::Only(BTreeSet::new()), "summary-only access shows no material");

    let police = Subject { usual_role: Some("Police".into()), ..subject(8) };
    assert_eq!(evaluate(&police, &case, NOW).explanation[0].path, AccessPath::CaseType);

    case.grants.push(IndividualGrant { retained: true, ..grant(9, USER, None) });
    assert_eq!(evaluate(&subject(9), &case, NOW).explanation[0].path, AccessPath::Retained);
}

#[test]
fn scope_is_the_union_and_unscoped_wins() {
    let mut case = CaseFacts::owned_by(OWNER_ID);
    case.grants.push(IndividualGrant { scope: DefendantScope::Only(ids(&[1])), ..grant(2, DEFENCE_ADVOCATE, None) });
    case.domains.push(DomainGrant { domain: "swatham.cjsm.net".into(), defendants: ids(&[2]), location: None });
    let sara = Subject { email_domain: "swatham.cjsm.net".into(), ..subject(2) };
    assert_eq!(evaluate(&sara, &case, NOW).scope, DefendantScope::Only(ids(&[1, 2])));
    case.grants.push(grant(2, FEE_PAID_JUDGE, None));
    assert_eq!(evaluate(&sara, &case, NOW).scope, DefendantScope::All);
}

#[test]
fn policy_overrides_beat_case_defaults_which_beat_roles() {
    let mut case = CaseFacts::owned_by(OWNER_ID);
    case.grants.push(grant(2, REVIEWER, None));
    case.grants.push(grant(3, ADMIN, None));
    case.policy.edit_settings = CaseDefault::Enabled;
    case.policy.manage_permissions = CaseDefault::NotAllowed;
    case.policy.overrides.push(UserOverride {
        user: UserId(2),
        category: PolicyCategory::EditSettings,
        setting: OverrideSetting::Deny,
    });

    let reviewer = evaluate(&subject(2), &case, NOW);
    assert!(!reviewer.can(Capability::EditSettings), "the override wins over the default");
    let line = reviewer.policy.iter().find(|l| l.category == PolicyCategory::EditSettings).unwrap();
    assert_eq!((line.source, line.granted), (PolicySource::UserOverride, false), "the override decides, and says so");
    let admin = evaluate(&subject(3), &case, NOW);
    assert!(!admin.can(Capability::ManagePermissions), "the default takes away what the role gave");
    assert_eq!(admin.policy[0].source, PolicySource::CaseDefault);
    assert!(!admin.policy[0].granted);

    let owner = evaluate(&subject(1), &case, NOW);
    assert!(Capability::ALL.iter().all(|c| owner.can(*c)), "the owner is never restricted");

    case.administrators.insert(UserId(2));
    let named_admin = evaluate(&subject(2), &case, NOW);
    assert!(named_admin.can(Capability::ManagePermissions) && named_admin.can(Capability::EditSettings));
    assert!(
        !evaluate(&subject(99), &case, NOW).can(Capability::EditSettings),
        "the policy gives nothing to people without access"
    );
}

#[test]
fn granting_needs_manage_access_and_never_more_than_the_granter_holds() {
    let mut case = CaseFacts::owned_by(OWNER_ID);
    case.grants.push(grant(2, MANAGER, None));
    case.grants.push(grant(3, REVIEWER, None));
    let owner = evaluate(&subject(1), &case, NOW);
    let manager = evaluate(&subject(2), &case, NOW);
    let reviewer = evaluate(&subject(3), &case, NOW);

    assert!(check_can_grant(&owner, &built_in_role(ADMIN)).is_ok());
    assert!(
        matches!(check_can_grant(&owner, &built_in_role(OWNER)), Err(Refusal::Forbidden(m)) if m.contains("Owner"))
    );
    let refused = check_can_grant(&manager, &built_in_role(ADMIN)).unwrap_err().to_string();
    assert_eq!(refused, "You cannot grant Admin: it holds capabilities you do not have (manage_permissions).");
    assert!(check_can_grant(&manager, &built_in_role(REVIEWER)).is_ok());
    assert!(check_can_grant(&reviewer, &built_in_role(REVIEWER)).is_err());
}

#[test]
fn expiry_must_lie_in_the_future_and_a_date_lasts_to_its_end() {
    let now = Timestamp(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis(),
    );
    let end_of_today = parse_expiry(Some("2026-11-22"), now).unwrap().unwrap();
    assert_eq!(end_of_today.0 - now.0, 12 * 3600 * 1000);
    assert!(parse_expiry(Some("2026-11-21"), now).unwrap_err().message.contains("must be in the future"));
    assert!(parse_expiry(Some("22/11/2027"), now).is_err());
    assert_eq!(parse_expiry(Some("  "), now).unwrap(), None);
    assert!(parse_expiry(Some("2026-11-22T12:00:00Z"), now).is_err(), "now is not the future");
}

#[test]
fn scoped_roles_need_defendants_of_this_case() {
    let case_defendants = ids(&[1, 2]);
    let advocate = built_in_role(DEFENCE_ADVOCATE);
    assert_eq!(
        scope_for(&advocate, &BTreeSet::new(), &case_defendants).unwrap_err().message,
        "Choose at least one defendant for a Defence Advocate."
    );
    assert!(scope_for(&advocate, &ids(&[3]), &case_defendants).is_err());
    assert_eq!(scope_for(&advocate, &ids(&[2]), &case_defendants).unwrap(), DefendantScope::Only(ids(&[2])));
    assert_eq!(scope_for(&built_in_role(REVIEWER), &ids(&[2]), &case_defendants).unwrap(), DefendantScope::All);
}

#[test]
fn uploaders_receive_access_only_when_they_allow_it() {
    assert!(check_may_receive(AccountType::Uploader, false, "Uma Usman").is_err());
    assert!(check_may_receive(AccountType::Uploader, true, "Uma Usman").is_ok());
    assert!(check_may_receive(AccountType::Standard, false, "Sara Singh").is_ok());
}

// Property tests: random cases, people and instants.

fn any_role() -> impl Strategy<Value = Role> {
    prop::sample::select(built_in_roles())
}

fn any_scope() -> impl Strategy<Value = DefendantScope> {
    prop_oneof![
        Just(DefendantScope::All),
        prop::collection::btree_set(1i64..5, 1..3)
            .prop_map(|s| DefendantScope::Only(s.into_iter().map(DefendantId).collect()))
    ]
}

fn any_grant() -> impl Strategy<Value = IndividualGrant> {
    (1i64..6, any_role(), any_scope(), prop::option::of(NOW.0 - 1000..NOW.0 + 1000), any::<bool>()).prop_map(
        |(user, role, scope, expires, retained)| IndividualGrant {
            user: UserId(user),
            role,
            scope,
            expires_at: expires.map(Timestamp),
            retained,
            granted_by: None,
        },
    )
}

fn any_default() -> impl Strategy<Value = CaseDefault> {
    prop_oneof![Just(CaseDefault::Enabled), Just(CaseDefault::NotAllowed), Just(CaseDefault::ByRole)]
}

fn any_override() -> impl Strategy<Value = UserOverride> {
    (1i64..6, prop::sample::select(PolicyCategory::ALL.to_vec()), any::<bool>()).prop_map(|(user, category, allow)| {
        UserOverride {
            user: UserId(user),
            category,
            setting: if allow { OverrideSetting::Allow } else { OverrideSetting::Deny },
        }
    })
}

fn any_case() -> impl Strategy<Value = CaseFacts> {
    (
        prop::collection::vec(any_grant(), 0..6),
        prop::collection::vec(
            (
                prop::sample::select(vec!["NOMS", "Police"]),
                prop::option::of(prop::sample::select(vec!["Southwark", "Leeds"])),
                any_role(),
            ),
            0..3,
        ),
        prop::collection::vec(prop::collection::btree_set(1i64..5, 1..3), 0..2),
        (any_default(), any_default(), any_default()),
        prop::collection::vec(any_override(), 0..4),
        prop::collection::btree_set(2i64..6, 0..2),
    )
        .prop_map(|(grants, groups, domains, (mp, es, bu), overrides, admins)| {
            let mut case = CaseFacts::owned_by(OWNER_ID);
            case.office = Some(OfficeId(10));
            case.grants = grants;
            case.groups = groups
                .into_iter()
                .map(|(usual_role, location, role)| GroupGrant {
                    usual_role: usual_role.into(),
                    location: location.map(str::to_string),
                    role,
                })
                .collect();
            case.domains = domains
                .into_iter()
                .map(|d| DomainGrant {
                    domain: "swatham.cjsm.net".into(),
                    defendants: d.into_iter().map(DefendantId).collect(),
                    location: None,
                })
                .collect();
            case.policy = Policy { manage_permissions: mp, edit_settings: es, batch_update: bu, overrides };
            case.administrators.extend(admins.into_iter().map(UserId));
            case
        })
}

fn any_subject() -> impl Strategy<Value = Subject> {
    (1i64..6, prop::option::of(prop::sample::select(vec!["NOMS", "Police"])), 10i64..12, any::<bool>()).prop_map(
        |(user, usual_role, office, at_domain)| Subject {
            user: UserId(user),
            email_domain: if at_domain { "swatham.cjsm.net".into() } else { "cps.example.cjsm.net".into() },
            usual_role: usual_role.map(str::to_string),
            office: Some(OfficeId(office)),
            location: Some(if office == 10 { "Southwark" } else { "Leeds" }.into()),
            account_type: AccountType::Standard,
            organisation_kind: Some(OrganisationKind::Prosecution),
            office_cases_permission: false,
            allows_sharing: false,
        },
    )
}

fn policy_capabilities() -> BTreeSet<Capability> {
    PolicyCategory::ALL.iter().map(|c| c.capability()).collect()
}

#[test]
fn a_retained_grant_never_takes_away_what_a_persons_own_grant_gave() {
    let user_role = built_in_role(USER);
    assert_eq!(retention(&user_role, None, NOW), Retention::Add);
    let expired = IndividualGrant { expires_at: Some(NOW), ..grant(2, ADMIN, None) };
    assert_eq!(retention(&user_role, Some(&expired), NOW), Retention::Add);
    assert_eq!(retention(&user_role, Some(&grant(2, ADMIN, None)), NOW), Retention::Covered);
    let admin_until = IndividualGrant { expires_at: Some(Timestamp(NOW.0 + 1)), ..grant(2, ADMIN, None) };
    assert_eq!(
        retention(&built_in_role(ADMIN), Some(&admin_until), NOW),
        Retention::Replace,
        "same role, but retained is for good"
    );
    assert_eq!(retention(&built_in_role(ADMIN), Some(&grant(2, REVIEWER, None)), NOW), Retention::Replace);
    // Monitor reads communications, which User cannot; User edits, which Monitor cannot.
    assert_eq!(retention(&user_role, Some(&grant(2, MONITOR, None)), NOW), Retention::KeepOwn);
}

#[test]
fn a_domain_grant_is_for_solicitor_firms_only() {
    let domain = crate::directory::DomainName::parse("templerow.cjsm.net").unwrap();
    let chambers =
        check_domain_grant(&domain, Some(("Temple Row Chambers", OrganisationKind::Chambers)), true).unwrap_err();
    assert!(
        matches!(&chambers, Refusal::Forbidden(m) if m.contains("barristers' chambers") && m.contains("co-defendant")),
        "{chambers:?}"
    );
    assert!(matches!(
        check_domain_grant(&domain, Some(("Crown Prosecution South", OrganisationKind::Prosecution)), true),
        Err(Refusal::Forbidden(_))
    ));
    assert_eq!(check_domain_grant(&domain, Some(("Swatham & Co", OrganisationKind::DefenceFirm)), false), Ok(()));
    assert!(matches!(check_domain_grant(&domain, None, false), Err(Refusal::NeedsConfirmation(_))));
    assert_eq!(check_domain_grant(&domain, None, true), Ok(()));
}

proptest! {
    #[test]
    fn the_owner_always_holds_everything_whatever_else_the_case_says(case in any_case(), now in NOW.0 - 2000..NOW.0 + 2000) {
        let access = evaluate(&subject(OWNER_ID.0), &case, Timestamp(now));
        prop_assert_eq!(access.capabilities.len(), Capability::ALL.len());
        prop_assert_eq!(access.scope, DefendantScope::All);
    }

    #[test]
    fn expiry_is_exact_to_the_instant(role in any_role(), end in NOW.0 - 10..NOW.0 + 10) {
        let mut case = CaseFacts::owned_by(OWNER_ID);
        case.grants.push(IndividualGrant { expires_at: Some(Timestamp(end)), ..grant(2, &role.key, None) });
        prop_assert!(evaluate(&subject(2), &case, Timestamp(end - 1)).has_any());
        prop_assert!(!evaluate(&subject(2), &case, Timestamp(end)).has_any());
        prop_assert!(!evaluate(&subject(2), &case, Timestamp(end + 1)).has_any());
    }

    #[test]
    fn outside_the_policy_categories_access_is_exactly_the_union_of_the_paths(case in any_case(), who in any_subject()) {
        let access = evaluate(&who, &case, NOW);
        let union: BTreeSet<Capability> = access.explanation.iter().flat_map(|p| p.capabilities.iter().copied()).collect();
        let outside = |set: &BTreeSet<Capability>| set.difference(&policy_capabilities()).copied().collect::<BTreeSet<_>>();
        prop_assert_eq!(outside(&access.capabilities), outside(&union));
    }

    #[test]
    fn no_path_gives_what_its_role_lacks(case in any_case(), who in any_subject()) {
        let access = evaluate(&who, &case, NOW);
        let known = built_in_roles();
        for path in &access.explanation {
            let role = known.iter().find(|r| r.name == path.role).expect("a known role");
            // Exactly the role's capabilities, but what only ownership gives (an Owner role on a
            // grant, which R2 never allows, still does not make its holder an owner).
            let mut expected = role.capabilities.clone();
            if path.path != AccessPath::Ownership {
                expected.retain(|c| !c.ownership_only());
            }
            prop_assert_eq!(&path.capabilities, &expected);
        }
    }

    #[test]
    fn a_user_override_decides_its_category_for_everyone_but_owner_and_administrators(case in any_case(), who in any_subject(), o in any_override()) {
        let mut case = case;
        case.policy.overrides.retain(|x| !(x.user == who.user && x.category == o.category));
        case.policy.overrides.push(UserOverride { user: who.user, ..o });
        let access = evaluate(&who, &case, NOW);
        let exempt = who.user == case.owner || case.administrators.contains(&who.user);
        if access.has_any() && !exempt {
            prop_assert_eq!(access.can(o.category.capability()), o.setting == OverrideSetting::Allow);
        }
    }

    #[test]
    fn nobody_can_grant_owner_or_more_than_they_hold(case in any_case(), who in any_subject(), role in any_role()) {
        let actor = evaluate(&who, &case, NOW);
        match check_can_grant(&actor, &role) {
            Ok(()) => {
                prop_assert!(role.key != OWNER);
                prop_assert!(actor.can(Capability::ManageAccess));
                prop_assert!(role.capabilities.is_subset(&actor.capabilities));
            }
            Err(_) => prop_assert!(role.key == OWNER || !actor.can(Capability::ManageAccess) || !role.capabilities.is_subset(&actor.capabilities)),
        }
    }

    #[test]
    fn a_scoped_viewer_learns_no_defendant_outside_their_scope(case in any_case(), who in any_subject(), seen in proptest::collection::btree_set(1i64..6, 0..4)) {
        let viewer = DefendantScope::Only(seen.iter().copied().map(DefendantId).collect());
        let shown = evaluate(&who, &case, NOW).seen_by(&viewer);
        let within = |scope: &DefendantScope| match scope {
            DefendantScope::All => true,
            DefendantScope::Only(ids) => ids.iter().all(|d| seen.contains(&d.0)),
        };
        prop_assert!(within(&shown.scope));
        prop_assert!(shown.explanation.iter().all(|p| within(&p.scope)));
    }

    #[test]
    fn only_group_members_who_opened_the_case_under_the_group_keep_it(
        who in any_subject(),
        location in prop::option::of(prop::sample::select(vec!["Southwark", "Leeds"])),
        added in 0i64..100,
        opened in prop::option::of(0i64..100),
    ) {
        let group = GroupGrant { usual_role: "NOMS".into(), location: location.map(str::to_string), role: built_in_role(REVIEWER) };
        let keeps = keeps_access_after_group_removal(&group, Timestamp(added), &who, opened.map(Timestamp));
        prop_assert_eq!(keeps, group.matches(&who) && opened.is_some_and(|o| o >= added));
        if keeps {
            // They held access through the group until now: the retained grant gives the same.
            let mut case = CaseFacts::owned_by(OWNER_ID);
            case.groups.push(group.clone());
            prop_assert!(evaluate(&who, &case, NOW).can(Capability::View));
        }
    }

    #[test]
    fn only_ownership_gives_what_only_an_owner_may_do(
        case in any_case(),
        who in any_subject(),
        custom in prop::collection::btree_set(prop::sample::select(Capability::ALL.to_vec()), 1..8),
        on_group in any::<bool>(),
    ) {
        // A custom role that claims every ownership-only capability, given by a grant and a group.
        let mut role = built_in_role(REVIEWER);
        role.capabilities = custom;
        role.capabilities.extend(Capability::OWNERSHIP_ONLY);
        role.built_in = false;
        let mut case = case;
        case.grants.retain(|g| g.user != who.user);
        case.grants.push(IndividualGrant { user: who.user, role: role.clone(), scope: DefendantScope::All, expires_at: None, retained: false, granted_by: None });
        if on_group {
            case.groups.push(GroupGrant { usual_role: "NOMS".into(), location: None, role });
        }
        let access = evaluate(&who, &case, NOW);
        for capability in Capability::OWNERSHIP_ONLY {
            prop_assert_eq!(access.can(capability), who.user == case.owner);
            for path in access.explanation.iter().filter(|p| p.path != AccessPath::Ownership) {
                prop_assert!(!path.capabilities.contains(&capability), "{:?} gave {:?}", path.path, capability);
            }
        }
    }

    #[test]
    fn recording_only_the_openings_r4_needs_decides_every_removal_as_recording_all_would(
        openings in prop::collection::btree_set(0i64..100, 0..8),
        added in prop::collection::vec(0i64..100, 0..4),
    ) {
        // Groups are added at `added`; the person opens the case at each time in `openings`.
        let (mut every, mut needed) = (None::<Timestamp>, None::<Timestamp>);
        for &at in &openings {
            let reaching: Vec<Timestamp> = added.iter().filter(|a| **a <= at).map(|a| Timestamp(*a)).collect();
            every = Some(Timestamp(at));
            if opening_to_record(needed, reaching) {
                needed = Some(Timestamp(at));
            }
        }
        for a in &added {
            let keeps = |last: Option<Timestamp>| last.is_some_and(|l| l.0 >= *a);
            prop_assert_eq!(keeps(needed), keeps(every), "group added at {}", a);
        }
        prop_assert_eq!(needed.is_some(), every.is_some(), "the first opening is always recorded");
    }
}
