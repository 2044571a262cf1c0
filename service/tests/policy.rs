//! The case permission policy (SPEC §6) through the service, on both backends: who may change it,
//! the version, administrators, what it does to access, global defaults and templates.
mod support;

use domain::access::Capability;
use domain::access::policy::{CaseDefault, OverrideSetting};
use domain::cases::{CaseSettingsInput, NewCaseInput};
use domain::policy::{CasePolicyInput, Defaults, GlobalDefaultsInput, OverrideInput};
use domain::templates::{TemplateGroupInput, TemplateInput};
use domain::{CaseId, UserId};
use service::testing::{demo, each_backend, user};
use service::{ServiceError, cases, policy, templates};
use support::{count, invite};

async fn case_0002(db: &service::Db) -> CaseId {
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM cases WHERE reference = 'CASE-0002'").fetch_one(db.pool()).await.unwrap();
    CaseId(id)
}

fn change(
    version: i64,
    defaults: Defaults,
    overrides: Vec<OverrideInput>,
    administrators: Vec<UserId>,
) -> CasePolicyInput {
    CasePolicyInput { version, defaults, overrides, administrators }
}

fn not_allowed_edit() -> Defaults {
    Defaults { edit_settings: CaseDefault::NotAllowed, ..Defaults::default() }
}

fn line(user: UserId, category_edit: OverrideSetting) -> OverrideInput {
    OverrideInput { edit_settings: Some(category_edit), ..OverrideInput::empty(user) }
}

fn new_case(reference: &str, template_id: Option<i64>, copy: Option<bool>) -> NewCaseInput {
    NewCaseInput {
        reference: reference.into(),
        title: format!("R v {reference}"),
        defendants: vec!["Ann".into()],
        template_id,
        copy_permissions: copy,
        ..Default::default()
    }
}

#[tokio::test]
async fn a_deny_default_and_an_allow_override_decide_who_edits_the_details() {
    each_backend(|db| async move {
        demo(&db).await;
        let now = service::now();
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let case = case_0002(&db).await;
        let paul = invite(&db, &alice, case, "paul@cps.example.cjsm.net", "admin", vec![]).await;
        let mark = invite(&db, &alice, case, "mark@cps.example.cjsm.net", "admin", vec![]).await;
        let before = policy::get(&db, &alice, case, now).await.unwrap();
        assert!(before.can_change && before.can_name_administrators);
        assert_eq!(before.administrators.iter().map(|p| p.id).collect::<Vec<_>>(), [alice.id]);

        let saved = policy::save(
            &db,
            &alice,
            case,
            change(before.version, not_allowed_edit(), vec![line(paul.id, OverrideSetting::Allow)], vec![alice.id]),
            now,
        )
        .await
        .unwrap();
        assert_eq!(saved.version, before.version + 1);
        assert_eq!(saved.defaults.edit_settings, CaseDefault::NotAllowed);
        assert_eq!(saved.overrides[0].user.id, paul.id);

        // Paul (Admin, with the override) edits; Mark (Admin, by the default) cannot, and is told.
        let details = cases::get(&db, &paul, case, now).await.unwrap();
        assert!(details.access.can(Capability::EditSettings));
        let edit =
            |version| CaseSettingsInput { title: Some("R v Brown (edited)".into()), version, ..Default::default() };
        cases::update_settings(&db, &paul, case, edit(details.version), now).await.unwrap();
        let for_mark = cases::get(&db, &mark, case, now).await.unwrap();
        assert!(!for_mark.access.can(Capability::EditSettings));
        assert_eq!(for_mark.access.policy[0].reason, "Adjust case settings: not allowed on this case by its default");
        assert_eq!(for_mark.access.policy[0].yours(), "Adjust case settings: not allowed on this case by its default");
        let paul_lines = cases::get(&db, &paul, case, now).await.unwrap().access.policy;
        let yours: Vec<String> = paul_lines.iter().map(|l| l.yours()).collect();
        assert_eq!(yours, ["Adjust case settings: allowed for you by an override"], "the line that decides is named");
        let refused = cases::update_settings(&db, &mark, case, edit(for_mark.version), now).await;
        assert!(matches!(refused, Err(ServiceError::Forbidden(_))), "{refused:?}");
        // A Deny override stops even an Admin whom the default would let through.
        let v = policy::get(&db, &alice, case, now).await.unwrap().version;
        policy::save(
            &db,
            &alice,
            case,
            change(v, Defaults::default(), vec![line(mark.id, OverrideSetting::Deny)], vec![alice.id]),
            now,
        )
        .await
        .unwrap();
        let for_mark = cases::get(&db, &mark, case, now).await.unwrap();
        assert!(!for_mark.access.can(Capability::EditSettings));
        assert_eq!(for_mark.access.policy[0].yours(), "Adjust case settings: denied to you by an override");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'policy.changed'").await, 2);
    })
    .await;
}

#[tokio::test]
async fn refusals_change_nothing() {
    each_backend(|db| async move {
        demo(&db).await;
        let now = service::now();
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let case = case_0002(&db).await;
        let paul = invite(&db, &alice, case, "paul@cps.example.cjsm.net", "reviewer", vec![]).await;
        let mark = invite(&db, &alice, case, "mark@cps.example.cjsm.net", "admin", vec![]).await;
        let sara = user(&db, "sara@swatham.cjsm.net").await;
        let v = policy::get(&db, &alice, case, now).await.unwrap().version;
        let ok = change(v, not_allowed_edit(), vec![], vec![alice.id]);

        // A reviewer holds no manage_permissions: 403.
        assert!(matches!(policy::save(&db, &paul, case, ok.clone(), now).await, Err(ServiceError::Forbidden(_))));
        // An Admin who is no case administrator may change the policy but not the administrators.
        let naming = change(v, not_allowed_edit(), vec![], vec![alice.id, mark.id]);
        assert!(matches!(policy::save(&db, &mark, case, naming, now).await, Err(ServiceError::Forbidden(_))));
        // No administrators, or the owner left out: 422.
        for admins in [vec![], vec![paul.id]] {
            let refused = policy::save(&db, &alice, case, change(v, Defaults::default(), vec![], admins), now).await;
            assert!(matches!(refused, Err(ServiceError::Validation(_))), "{refused:?}");
        }
        // Someone without access, as an administrator or in a line; an unknown id: 422.
        let stranger = change(v, Defaults::default(), vec![line(sara.id, OverrideSetting::Allow)], vec![alice.id]);
        assert!(matches!(policy::save(&db, &alice, case, stranger, now).await, Err(ServiceError::Validation(_))));
        let unknown = change(v, Defaults::default(), vec![], vec![alice.id, UserId(999_999)]);
        assert!(matches!(policy::save(&db, &alice, case, unknown, now).await, Err(ServiceError::Validation(_))));
        // A stale version: 409, after a save that did go through.
        policy::save(&db, &alice, case, ok.clone(), now).await.unwrap();
        let stale = policy::save(&db, &alice, case, ok, now).await;
        assert!(matches!(stale, Err(ServiceError::Conflict { .. })), "{stale:?}");
        // Only the one save is on record, and the policy is what it wrote.
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log WHERE action = 'policy.changed'").await, 1);
        let now_policy = policy::get(&db, &alice, case, now).await.unwrap();
        assert_eq!(now_policy.version, v + 1);
        assert_eq!(now_policy.administrators.len(), 1);
        assert!(now_policy.overrides.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_named_administrator_is_never_restricted_and_may_name_others() {
    each_backend(|db| async move {
        demo(&db).await;
        let now = service::now();
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let case = case_0002(&db).await;
        let paul = invite(&db, &alice, case, "paul@cps.example.cjsm.net", "reviewer", vec![]).await;
        let mark = invite(&db, &alice, case, "mark@cps.example.cjsm.net", "reviewer", vec![]).await;
        let v = policy::get(&db, &alice, case, now).await.unwrap().version;
        let everything_off = Defaults {
            manage_permissions: CaseDefault::NotAllowed,
            edit_settings: CaseDefault::NotAllowed,
            batch_update: CaseDefault::NotAllowed,
        };
        policy::save(&db, &alice, case, change(v, everything_off, vec![], vec![alice.id, paul.id]), now).await.unwrap();
        let paul_access = cases::get(&db, &paul, case, now).await.unwrap().access;
        for category in [Capability::ManagePermissions, Capability::EditSettings, Capability::BatchUpdate] {
            assert!(paul_access.can(category), "a reviewer made administrator holds {category:?}");
        }
        // Paul names Mark; then removes himself; the owner stays whatever he sends.
        let v = policy::get(&db, &paul, case, now).await.unwrap().version;
        policy::save(&db, &paul, case, change(v, everything_off, vec![], vec![alice.id, paul.id, mark.id]), now)
            .await
            .unwrap();
        let v = policy::get(&db, &paul, case, now).await.unwrap().version;
        let saved = policy::save(&db, &paul, case, change(v, everything_off, vec![], vec![alice.id, mark.id]), now)
            .await
            .unwrap();
        assert_eq!(saved.administrators.iter().map(|p| p.id).collect::<Vec<_>>(), [alice.id, mark.id]);
        assert!(!saved.can_name_administrators && !saved.can_change, "as seen by Paul, no longer one");
    })
    .await;
}

#[tokio::test]
async fn new_cases_take_the_global_defaults_or_their_template_and_keep_them() {
    each_backend(|db| async move {
        demo(&db).await;
        let now = service::now();
        let admin = user(&db, "admin@caseward.example").await;
        let alice = user(&db, "alice@cps.example.cjsm.net").await;
        let paul = user(&db, "paul@cps.example.cjsm.net").await;
        let uma = user(&db, "uma@police.example.net").await;

        // Only system administrators see or set the global defaults.
        assert!(matches!(policy::global_defaults(&db, &alice).await, Err(ServiceError::Forbidden(_))));
        let global = policy::global_defaults(&db, &admin).await.unwrap();
        let batch_off = Defaults { batch_update: CaseDefault::NotAllowed, ..Defaults::default() };
        let set = GlobalDefaultsInput { version: global.version, defaults: batch_off, overrides: vec![], administrators: vec![paul.id] };
        assert!(matches!(policy::set_global_defaults(&db, &alice, set.clone(), now).await, Err(ServiceError::Forbidden(_))));
        let uploader = GlobalDefaultsInput { administrators: vec![uma.id], ..set.clone() };
        assert!(matches!(policy::set_global_defaults(&db, &admin, uploader, now).await, Err(ServiceError::Validation(_))));
        policy::set_global_defaults(&db, &admin, set.clone(), now).await.unwrap();
        assert!(matches!(policy::set_global_defaults(&db, &admin, set, now).await, Err(ServiceError::Conflict { .. })));

        // A template that lets everyone make batch updates and gives NOMS Reviewer.
        let input = TemplateInput {
            name: "Serious fraud".into(),
            description: "Large disclosure".into(),
            defaults: Defaults { batch_update: CaseDefault::Enabled, ..Defaults::default() },
            overrides: vec![],
            groups: vec![TemplateGroupInput { usual_role: "NOMS".into(), location: None, role: "reviewer".into() }],
            version: None,
        };
        assert!(matches!(templates::create(&db, &alice, input.clone(), now).await, Err(ServiceError::Forbidden(_))));
        let template = templates::create(&db, &admin, input.clone(), now).await.unwrap();
        assert!(matches!(templates::create(&db, &admin, input.clone(), now).await, Err(ServiceError::Conflict { .. })));

        let plain = cases::create(&db, &alice, new_case("POL-1", None, None), now).await.unwrap();
        let copied = cases::create(&db, &alice, new_case("POL-2", Some(template.id), None), now).await.unwrap();
        let not_copied = cases::create(&db, &alice, new_case("POL-3", Some(template.id), Some(false)), now).await.unwrap();
        let unknown = cases::create(&db, &alice, new_case("POL-4", Some(999_999), None), now).await;
        assert!(matches!(unknown, Err(ServiceError::Validation(_))), "{unknown:?}");
        let defaults_of = |case: CaseId| {
            let db = db.clone();
            let alice = alice.clone();
            async move { policy::get(&db, &alice, case, now).await.unwrap() }
        };
        assert_eq!(defaults_of(plain.id).await.defaults.batch_update, CaseDefault::NotAllowed);
        assert_eq!(defaults_of(copied.id).await.defaults.batch_update, CaseDefault::Enabled);
        assert_eq!(defaults_of(not_copied.id).await.defaults.batch_update, CaseDefault::NotAllowed);
        // Paul, a default administrator of the organisation, administers each and can open it.
        for case in [plain.id, copied.id, not_copied.id] {
            let admins: Vec<UserId> = defaults_of(case).await.administrators.iter().map(|p| p.id).collect();
            assert_eq!(admins, [alice.id, paul.id]);
            assert!(cases::get(&db, &paul, case, now).await.unwrap().access.can(Capability::ManagePermissions));
        }
        // The template's group is given whether or not its permissions are copied.
        let nora = user(&db, "nora@probation.example.net").await;
        assert!(cases::get(&db, &nora, copied.id, now).await.is_ok());
        assert!(cases::get(&db, &nora, not_copied.id, now).await.is_ok());
        assert!(cases::get(&db, &nora, plain.id, now).await.is_err());

        // Changing the template or the defaults, or one case, never changes another case.
        let changed = TemplateInput {
            defaults: Defaults { batch_update: CaseDefault::NotAllowed, ..Defaults::default() },
            version: Some(template.version),
            ..input
        };
        templates::update(&db, &admin, template.id, changed.clone(), now).await.unwrap();
        assert!(matches!(templates::update(&db, &admin, template.id, changed, now).await, Err(ServiceError::Conflict { .. })));
        let v = defaults_of(plain.id).await.version;
        policy::save(&db, &alice, plain.id, change(v, Defaults::default(), vec![], vec![alice.id, paul.id]), now).await.unwrap();
        assert_eq!(defaults_of(copied.id).await.defaults.batch_update, CaseDefault::Enabled);
        assert_eq!(defaults_of(not_copied.id).await.defaults.batch_update, CaseDefault::NotAllowed);
        templates::delete(&db, &admin, template.id, now).await.unwrap();
        assert_eq!(defaults_of(copied.id).await.defaults.batch_update, CaseDefault::Enabled);
        let audited = count(
            &db,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('defaults.changed', 'template.created', 'template.changed', 'template.deleted')",
        )
        .await;
        assert_eq!(audited, 4);
    })
    .await;
}
