use super::*;
use crate::testing::access_holding;
use proptest::prelude::*;

fn defendants() -> Vec<Defendant> {
    vec![
        Defendant { id: DefendantId(1), name: "John Smith".into() },
        Defendant { id: DefendantId(2), name: "Peter Jones".into() },
    ]
}

fn filer(scope: DefendantScope) -> Access {
    access_holding([Capability::View, Capability::ManageFiles].into(), scope)
}

fn only(ids: &[i64]) -> DefendantScope {
    DefendantScope::Only(ids.iter().map(|i| DefendantId(*i)).collect())
}

#[test]
fn uploading_needs_manage_files() {
    let reviewer = access_holding([Capability::View, Capability::Search].into(), DefendantScope::All);
    assert!(matches!(decide_upload(&reviewer, &[], &defendants()), Err(Refusal::Forbidden(_))));
    assert_eq!(
        decide_upload(&filer(DefendantScope::All), &[DefendantId(2)], &defendants()),
        Ok([DefendantId(2)].into())
    );
}

#[test]
fn an_upload_names_only_the_case_s_defendants_within_the_actor_s_scope() {
    let unknown = decide_upload(&filer(DefendantScope::All), &[DefendantId(9)], &defendants());
    assert!(matches!(unknown, Err(Refusal::Invalid(ref v)) if v.field == "defendants"), "{unknown:?}");
    let outside = decide_upload(&filer(only(&[1])), &[DefendantId(2)], &defendants());
    assert!(matches!(outside, Err(Refusal::Invalid(_))), "{outside:?}");
    assert!(decide_upload(&filer(only(&[1])), &[DefendantId(1)], &defendants()).is_ok());
}

#[test]
fn a_scoped_actor_keeps_the_defendants_they_cannot_see() {
    let current: BTreeSet<DefendantId> = [DefendantId(1), DefendantId(2)].into();
    let chosen = decide_defendants(&filer(only(&[1])), &current, &[], &defendants()).unwrap();
    assert_eq!(chosen, [DefendantId(2)].into());
}

#[test]
fn files_that_could_run_are_never_served_as_what_they_are() {
    assert_eq!(inline_content_type("page.html"), "text/plain; charset=utf-8");
    assert_eq!(inline_content_type("drawing.svg"), "application/octet-stream");
    assert_eq!(kind_of("Statement.PDF"), ("application/pdf", Presentation::Pdf));
    assert_eq!(kind_of("photo.jpeg").1, Presentation::Image);
    assert_eq!(kind_of("README").1, Presentation::Download);
    assert_eq!(type_label("a.docx"), "DOCX");
    assert_eq!(type_label("README"), "File");
}

#[test]
fn content_disposition_quotes_nothing_it_should_not() {
    assert_eq!(content_disposition("a b.pdf", false), "attachment; filename=\"a b.pdf\"; filename*=UTF-8''a%20b.pdf");
    let tricky = content_disposition("r\u{e9}sum\u{e9} \"x\"\\.txt", true);
    assert!(tricky.starts_with("inline; filename=\"r_sum_ _x__.txt\""), "{tricky}");
    assert!(tricky.ends_with("filename*=UTF-8''r%C3%A9sum%C3%A9%20%22x%22%5C.txt"), "{tricky}");
}

#[test]
fn sizes_read_as_people_read_them() {
    assert_eq!(human_size(12), "12 bytes");
    assert_eq!(human_size(1536), "1.5 KiB");
    assert_eq!(human_size(DEFAULT_MAX_UPLOAD_BYTES), "512 MiB");
    assert!(too_large(DEFAULT_MAX_UPLOAD_BYTES).contains("512 MiB"));
}

#[test]
fn a_taken_name_gets_the_next_number() {
    let taken: BTreeSet<String> = ["report.pdf".into(), "report (2).pdf".into(), "notes".into()].into();
    assert_eq!(free_name("Report.pdf", &taken), "Report (3).pdf");
    assert_eq!(free_name("notes", &taken), "notes (2)");
    assert_eq!(free_name("other.pdf", &taken), "other.pdf");
    assert_eq!(free_name(".env", &[".env".to_string()].into()), ".env (2)");
}

proptest! {
    #[test]
    fn a_free_name_is_free_and_keeps_the_extension(stem in "[a-z]{1,6}", extension in "[a-z]{0,3}", copies in 0usize..5) {
        let wanted = if extension.is_empty() { stem.clone() } else { format!("{stem}.{extension}") };
        let mut taken = BTreeSet::new();
        for _ in 0..copies {
            let next = free_name(&wanted, &taken);
            taken.insert(crate::folders::name_key(&next));
        }
        let name = free_name(&wanted, &taken);
        prop_assert!(!taken.contains(&crate::folders::name_key(&name)));
        prop_assert!(name.ends_with(&extension));
        prop_assert_eq!(copies == 0, name == wanted);
    }

    #[test]
    fn a_document_is_visible_exactly_when_unassociated_or_sharing_a_defendant(
        associated in proptest::collection::btree_set(1i64..6, 0..4),
        seen in proptest::collection::btree_set(1i64..6, 0..4),
    ) {
        let associated: BTreeSet<DefendantId> = associated.into_iter().map(DefendantId).collect();
        let scope = DefendantScope::Only(seen.iter().map(|i| DefendantId(*i)).collect());
        let expected = associated.is_empty() || associated.iter().any(|d| seen.contains(&d.0));
        prop_assert_eq!(visible_to(&scope, &associated), expected);
        prop_assert!(visible_to(&DefendantScope::All, &associated));
    }

    #[test]
    fn a_scoped_change_never_touches_what_the_actor_cannot_see(
        current in proptest::collection::btree_set(1i64..5, 0..4),
        requested in proptest::collection::btree_set(1i64..5, 0..4),
        seen in proptest::collection::btree_set(1i64..5, 1..4),
    ) {
        let case: Vec<Defendant> = (1..5).map(|i| Defendant { id: DefendantId(i), name: format!("D{i}") }).collect();
        let actor = filer(DefendantScope::Only(seen.iter().map(|i| DefendantId(*i)).collect()));
        let current: BTreeSet<DefendantId> = current.into_iter().map(DefendantId).collect();
        let requested: Vec<DefendantId> = requested.into_iter().map(DefendantId).collect();
        match decide_defendants(&actor, &current, &requested, &case) {
            Ok(chosen) => {
                for d in current.iter().filter(|d| !seen.contains(&d.0)) {
                    prop_assert!(chosen.contains(d));
                }
                prop_assert!(chosen.iter().filter(|d| seen.contains(&d.0)).all(|d| requested.contains(d)));
            }
            Err(_) => prop_assert!(requested.iter().any(|d| !seen.contains(&d.0))),
        }
    }
}
