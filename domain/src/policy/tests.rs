use super::*;
use crate::access::roles::{ADMIN, MANAGER, REVIEWER, USER, built_in_role};
use crate::access::{CaseFacts, DefendantScope, IndividualGrant, Subject, evaluate};
use crate::directory::OrganisationKind;
use crate::testing::access_holding;
use crate::{OfficeId, Timestamp};
use proptest::prelude::*;

const OWNER: UserId = UserId(1);
const NOW: Timestamp = Timestamp(1_800_000_000_000);

fn subject(id: UserId) -> Subject {
    Subject {
        user: id,
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

fn invited(user: UserId, role: &str) -> IndividualGrant {
    IndividualGrant {
        user,
        role: built_in_role(role),
        scope: DefendantScope::All,
        expires_at: None,
        retained: false,
        granted_by: None,
    }
}

fn name(id: UserId) -> String {
    format!("User {id}")
}

fn holding_manage_permissions() -> Access {
    access_holding(BTreeSet::from([Capability::View, Capability::ManagePermissions]), DefendantScope::All)
}

fn input(administrators: &[i64], overrides: Vec<OverrideInput>) -> CasePolicyInput {
    CasePolicyInput {
        version: 1,
        defaults: Defaults { edit_settings: CaseDefault::NotAllowed, ..Defaults::default() },
        overrides,
        administrators: administrators.iter().map(|i| UserId(*i)).collect(),
    }
}

fn allow_edit(user: i64) -> OverrideInput {
    OverrideInput { edit_settings: Some(OverrideSetting::Allow), ..OverrideInput::empty(UserId(user)) }
}

#[test]
fn a_case_administrator_changes_the_whole_policy() {
    let admins = BTreeSet::from([OWNER]);
    let case = CasePolicyFacts { owner: OWNER, administrators: &admins, policy: &Policy::default() };
    let plan = decide_policy_change(
        OWNER,
        &holding_manage_permissions(),
        &case,
        &input(&[1, 2], vec![allow_edit(3)]),
        |_| true,
        name,
    )
    .unwrap();
    assert_eq!(plan.administrators, BTreeSet::from([UserId(1), UserId(2)]));
    assert_eq!(plan.policy.edit_settings, CaseDefault::NotAllowed);
    assert_eq!(plan.policy.override_for(UserId(3), PolicyCategory::EditSettings), Some(OverrideSetting::Allow));
}

#[test]
fn refusals_say_why() {
    let admins = BTreeSet::from([OWNER, UserId(2)]);
    let case = CasePolicyFacts { owner: OWNER, administrators: &admins, policy: &Policy::default() };
    let everyone = |_| true;
    let reviewer = access_holding(BTreeSet::from([Capability::View]), DefendantScope::All);
    // Without manage_permissions: forbidden.
    assert!(matches!(
        decide_policy_change(UserId(5), &reviewer, &case, &input(&[1, 2], vec![]), everyone, name),
        Err(Refusal::Forbidden(_))
    ));
    let mp = holding_manage_permissions();
    // No administrators at all, or without the owner: invalid.
    assert!(matches!(
        decide_policy_change(OWNER, &mp, &case, &input(&[], vec![]), everyone, name),
        Err(Refusal::Invalid(_))
    ));
    assert!(matches!(
        decide_policy_change(OWNER, &mp, &case, &input(&[2], vec![]), everyone, name),
        Err(Refusal::Invalid(_))
    ));
    // Someone who holds manage_permissions by the policy but is no administrator may not change the list...
    assert!(matches!(
        decide_policy_change(UserId(5), &mp, &case, &input(&[1], vec![]), everyone, name),
        Err(Refusal::Forbidden(_))
    ));
    // ...but may change the rest.
    assert!(decide_policy_change(UserId(5), &mp, &case, &input(&[1, 2], vec![allow_edit(3)]), everyone, name).is_ok());
    // A line for an administrator, a person listed twice, an empty line, a stranger: invalid.
    for overrides in [vec![allow_edit(2)], vec![allow_edit(3), allow_edit(3)], vec![OverrideInput::empty(UserId(3))]] {
        let refused = decide_policy_change(OWNER, &mp, &case, &input(&[1, 2], overrides.clone()), everyone, name);
        assert!(matches!(refused, Err(Refusal::Invalid(_))), "{overrides:?}");
    }
    let only_admins = |u: UserId| u.0 <= 2;
    assert!(matches!(
        decide_policy_change(OWNER, &mp, &case, &input(&[1, 2], vec![allow_edit(3)]), only_admins, name),
        Err(Refusal::Invalid(_))
    ));
    assert!(matches!(
        decide_policy_change(OWNER, &mp, &case, &input(&[1, 2, 3], vec![]), only_admins, name),
        Err(Refusal::Invalid(_))
    ));
}

#[test]
fn global_defaults_refuse_uploaders_as_administrators_and_unknown_people() {
    let people = vec![
        Candidate { id: UserId(2), name: "Paul".into(), account_type: AccountType::Standard },
        Candidate { id: UserId(3), name: "Uma".into(), account_type: AccountType::Uploader },
    ];
    let global = |admins: &[i64]| GlobalDefaultsInput {
        version: 1,
        defaults: Defaults::default(),
        overrides: vec![],
        administrators: admins.iter().map(|i| UserId(*i)).collect(),
    };
    assert!(decide_global_defaults(&global(&[2]), &people).is_ok());
    assert!(matches!(decide_global_defaults(&global(&[3]), &people), Err(Refusal::Invalid(_))));
    assert!(matches!(decide_global_defaults(&global(&[9]), &people), Err(Refusal::NotFound(_))));
}

fn any_default() -> impl Strategy<Value = CaseDefault> {
    prop::sample::select(vec![CaseDefault::Enabled, CaseDefault::NotAllowed, CaseDefault::ByRole])
}

fn any_setting() -> impl Strategy<Value = Option<OverrideSetting>> {
    prop::option::of(prop::sample::select(vec![OverrideSetting::Allow, OverrideSetting::Deny]))
}

fn any_defaults() -> impl Strategy<Value = Defaults> {
    (any_default(), any_default(), any_default()).prop_map(|(manage_permissions, edit_settings, batch_update)| {
        Defaults { manage_permissions, edit_settings, batch_update }
    })
}

fn any_line(user: UserId) -> impl Strategy<Value = OverrideInput> {
    (any_setting(), any_setting(), any_setting()).prop_map(move |(manage_permissions, edit_settings, batch_update)| {
        OverrideInput { user, manage_permissions, edit_settings, batch_update }
    })
}

proptest! {
    /// The precedence (§6): an override if set, else the case default unless By role, else the
    /// roles; the owner and administrators hold every category whatever the policy says.
    #[test]
    fn override_beats_case_default_beats_role(
        defaults in any_defaults(),
        line in any_line(UserId(2)),
        role in prop::sample::select(vec![ADMIN, MANAGER, USER, REVIEWER]),
        administrator in any::<bool>(),
        who_is_owner in any::<bool>(),
    ) {
        let who = if who_is_owner { OWNER } else { UserId(2) };
        let mut case = CaseFacts::owned_by(OWNER);
        case.grants.push(invited(UserId(2), role));
        if administrator {
            case.administrators.insert(UserId(2));
        }
        case.policy = defaults.with(line.lines().collect());
        let access = evaluate(&subject(who), &case, NOW);
        for category in PolicyCategory::ALL {
            let capability = category.capability();
            let expected = if who == OWNER || administrator {
                true
            } else {
                match (line.get(category), defaults.get(category)) {
                    (Some(setting), _) => setting == OverrideSetting::Allow,
                    (None, CaseDefault::Enabled) => true,
                    (None, CaseDefault::NotAllowed) => false,
                    (None, CaseDefault::ByRole) => built_in_role(role).capabilities.contains(&capability),
                }
            };
            prop_assert_eq!(access.can(capability), expected, "{:?}", category);
        }
    }

    /// The policy a save writes never restricts an administrator, and always keeps the owner one.
    #[test]
    fn a_saved_policy_never_names_an_administrator_and_keeps_the_owner(
        admins in prop::collection::btree_set(1i64..6, 0..4),
        lines in prop::collection::btree_set(1i64..8, 0..5),
        defaults in any_defaults(),
    ) {
        let current = BTreeSet::from([OWNER]);
        let case = CasePolicyFacts { owner: OWNER, administrators: &current, policy: &Policy::default() };
        let overrides: Vec<OverrideInput> = lines.iter().map(|u| allow_edit(*u)).collect();
        let change = CasePolicyInput { version: 1, defaults, overrides, administrators: admins.iter().map(|i| UserId(*i)).collect() };
        if let Ok(plan) = decide_policy_change(OWNER, &holding_manage_permissions(), &case, &change, |_| true, name) {
            prop_assert!(plan.administrators.contains(&OWNER));
            prop_assert!(plan.policy.overrides.iter().all(|o| !plan.administrators.contains(&o.user)));
            prop_assert_eq!(Defaults::of(&plan.policy), defaults);
        } else {
            prop_assert!(!admins.contains(&1) || lines.iter().any(|l| admins.contains(l)));
        }
    }

    /// A new case takes the template's policy when it is copied, else the global one; its
    /// administrators are the creator and the default ones; and no line names an administrator.
    #[test]
    fn a_new_case_takes_the_template_or_the_global_policy(
        global in any_defaults(),
        template in any_defaults(),
        copy in any::<bool>(),
        defaults_admins in prop::collection::btree_set(1i64..6, 0..3),
        lines in prop::collection::btree_set(1i64..8, 0..5),
    ) {
        let overrides: Vec<_> = lines.iter().flat_map(|u| allow_edit(*u).lines().collect::<Vec<_>>()).collect();
        let global = global.with(overrides.clone());
        let template = template.with(overrides);
        // Odd ids are uploaders, whom R6 keeps out.
        let candidates: Vec<Candidate> = defaults_admins
            .iter()
            .map(|i| Candidate {
                id: UserId(*i),
                name: format!("User {i}"),
                account_type: if i % 2 == 1 { AccountType::Uploader } else { AccountType::Standard },
            })
            .collect();
        let defaults_admins: BTreeSet<UserId> = defaults_admins.into_iter().filter(|i| i % 2 == 0).map(UserId).collect();
        let plan = initial_policy(&global, copy.then_some(&template), UserId(7), &candidates);
        let source = if copy { &template } else { &global };
        prop_assert_eq!(Defaults::of(&plan.policy), Defaults::of(source));
        prop_assert!(plan.administrators.contains(&UserId(7)));
        prop_assert!(defaults_admins.is_subset(&plan.administrators));
        prop_assert!(plan.administrators.iter().all(|a| *a == UserId(7) || defaults_admins.contains(a)), "no uploader");
        prop_assert!(plan.policy.overrides.iter().all(|o| !plan.administrators.contains(&o.user)));
        prop_assert_eq!(plan.policy.overrides.len(), source.overrides.iter().filter(|o| !plan.administrators.contains(&o.user)).count());
    }

    /// Lines grouped per person and stored per category come back as they were sent.
    #[test]
    fn lines_round_trip(rows in prop::collection::vec(any_line(UserId(0)), 0..6)) {
        let rows: Vec<OverrideInput> = rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| OverrideInput { user: UserId(i as i64 + 1), ..r })
            .filter(|r| r.lines().next().is_some())
            .collect();
        let stored = parse_overrides(&rows, name).unwrap();
        prop_assert_eq!(by_person(&stored), rows);
    }
}
