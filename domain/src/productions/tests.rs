use super::*;
use crate::DefendantId;
use crate::testing::access_holding;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn holding(capabilities: &[Capability]) -> Access {
    access_holding(capabilities.iter().copied().collect(), DefendantScope::All)
}

fn reviewer() -> Access {
    holding(&[Capability::View, Capability::Search, Capability::Annotate, Capability::Produce])
}

fn input(name: &str, prefix: &str, start: i64) -> ProductionInput {
    ProductionInput {
        name: name.into(),
        bates_prefix: prefix.into(),
        bates_start: start,
        documents: DocumentSet::Documents { documents: vec![crate::DocumentId(1)] },
    }
}

#[test]
fn a_reviewer_produces_but_neither_deletes_nor_shares() {
    let made = decide_create(&reviewer(), &input(" First ", "SMITH-", 1)).unwrap();
    assert_eq!(made, NewProduction { name: "First".into(), bates_prefix: "SMITH-".into(), bates_start: 1 });
    assert!(matches!(decide_delete(&reviewer()), Err(Refusal::Forbidden(_))));
    let share = ShareInput { recipient: UserId(2), expires_at: "2027-01-01".into() };
    assert!(matches!(
        decide_share(&reviewer(), ProductionStatus::Ready, &share, Timestamp(0)),
        Err(Refusal::Forbidden(_))
    ));
    assert!(matches!(decide_create(&holding(&[Capability::View]), &input("x", "A", 1)), Err(Refusal::Forbidden(_))));
    assert_eq!(decide_delete(&holding(&[Capability::View, Capability::ManageTags])), Ok(()));
}

#[test]
fn names_prefixes_and_start_numbers_are_checked() {
    let field = |r: Result<NewProduction, Refusal>| match r {
        Err(Refusal::Invalid(v)) => v.field,
        other => panic!("expected a validation error, got {other:?}"),
    };
    assert_eq!(field(decide_create(&reviewer(), &input(" ", "A", 1))), "name");
    assert_eq!(field(decide_create(&reviewer(), &input("x", "", 1))), "bates_prefix");
    assert_eq!(field(decide_create(&reviewer(), &input("x", "A B", 1))), "bates_prefix");
    assert_eq!(field(decide_create(&reviewer(), &input("x", &"A".repeat(21), 1))), "bates_prefix");
    assert_eq!(field(decide_create(&reviewer(), &input("x", "A", 0))), "bates_start");
    assert_eq!(field(decide_create(&reviewer(), &input("x", "A", MAX_BATES + 1))), "bates_start");
    assert!(decide_count(0).is_err() && decide_count(MAX_PRODUCTION + 1).is_err() && decide_count(3).is_ok());
}

#[test]
fn redactions_decide_how_a_document_leaves() {
    let text = Anchor::Text { start: 0, end: 4 };
    let area = Anchor::Area { page: 1, x: 0, y: 0, width: 100, height: 100 };
    assert_eq!(treatment(Presentation::Pdf, "pdf", &[]), Treatment::Native);
    assert_eq!(treatment(Presentation::Text, "txt", &[text]), Treatment::RedactedText);
    assert_eq!(treatment(Presentation::Image, "PNG", &[area]), Treatment::BurnedIn);
    assert!(matches!(treatment(Presentation::Image, "gif", &[area]), Treatment::Withheld(_)));
    assert!(matches!(treatment(Presentation::Pdf, "pdf", &[area]), Treatment::Withheld(_)));
    assert!(matches!(treatment(Presentation::Text, "txt", &[text, area]), Treatment::Withheld(_)));
}

#[test]
fn a_link_expires_within_ninety_days_of_a_built_production() {
    let sharer = holding(&[Capability::View, Capability::ShareProductions]);
    let now = Timestamp(1_800_000_000_000);
    let day = |d: &str| ShareInput { recipient: UserId(2), expires_at: d.into() };
    // 2027-01-15 is in January 2027; `now` is 2027-01-15T08:00Z.
    assert!(decide_share(&sharer, ProductionStatus::Ready, &day("2027-01-20"), now).is_ok());
    assert!(matches!(
        decide_share(&sharer, ProductionStatus::Ready, &day("2027-01-01"), now),
        Err(Refusal::Invalid(_))
    ));
    assert!(matches!(
        decide_share(&sharer, ProductionStatus::Ready, &day("2027-12-01"), now),
        Err(Refusal::Invalid(_))
    ));
    assert!(matches!(decide_share(&sharer, ProductionStatus::Ready, &day("soon"), now), Err(Refusal::Invalid(_))));
    assert!(matches!(
        decide_share(&sharer, ProductionStatus::Building, &day("2027-01-20"), now),
        Err(Refusal::Conflict { .. })
    ));
}

#[test]
fn a_shared_link_opens_for_its_person_until_expiry_or_revocation() {
    let (bob, eve, at, later) = (UserId(2), UserId(3), Timestamp(100), Timestamp(200));
    assert_eq!(decide_open_shared(bob, bob, later, false, at), Ok(()));
    assert_eq!(decide_open_shared(bob, eve, later, false, at), Err(no_shared_link()));
    assert_eq!(decide_open_shared(bob, bob, later, true, at), Err(no_shared_link()));
    assert_eq!(decide_open_shared(bob, bob, at, false, at), Err(no_shared_link()));
}

#[test]
fn bates_numbers_have_six_digits_at_least() {
    assert_eq!(bates("ABC", 1), "ABC000001");
    assert_eq!(bates("X-", 1_234_567), "X-1234567");
}

fn scope() -> impl Strategy<Value = DefendantScope> {
    prop_oneof![
        Just(DefendantScope::All),
        proptest::collection::btree_set(1i64..6, 0..4)
            .prop_map(|ids| DefendantScope::Only(ids.into_iter().map(DefendantId).collect::<BTreeSet<_>>())),
    ]
}

proptest! {
    /// A production is visible exactly when the reader's scope holds every defendant its maker's did.
    #[test]
    fn visible_when_the_readers_scope_covers_the_makers(reader in scope(), maker in scope()) {
        let covers = (1..6).map(DefendantId).all(|d| !maker.includes(d) || reader.includes(d))
            && (reader == DefendantScope::All || maker != DefendantScope::All);
        prop_assert_eq!(visible_to(&reader, &maker), covers);
    }

    /// Bates numbers of one prefix sort as their numbers do, below a million.
    #[test]
    fn bates_numbers_sort_in_order(a in 1i64..999_999, b in 1i64..999_999) {
        prop_assert_eq!(bates("P", a).cmp(&bates("P", b)), a.cmp(&b));
    }

    /// A redacted area in pixels holds every pixel the rectangle touches and stays in the image.
    #[test]
    fn a_pixel_area_covers_the_rectangle(
        x in 0i64..10_000, y in 0i64..10_000, w in 1i64..10_000, h in 1i64..10_000,
        width in 1u32..5_000, height in 1u32..5_000,
    ) {
        let anchor = Anchor::Area { page: 1, x, y, width: w, height: h };
        if let Some((left, top, pw, ph)) = pixel_area(&anchor, width, height) {
            prop_assert!(left + pw <= width && top + ph <= height);
            // Compared in whole numbers, scaled by 10,000: in floating point 2,900 / 10,000 × 100
            // is 28.999…, below the exact 29 the function rightly answers.
            let (width, height) = (i64::from(width), i64::from(height));
            let (left, top, right, bottom) =
                (i64::from(left), i64::from(top), i64::from(left + pw), i64::from(top + ph));
            prop_assert!(left * 10_000 <= x * width && top * 10_000 <= y * height);
            prop_assert!(right * 10_000 >= (x + w).min(10_000) * width);
            prop_assert!(bottom * 10_000 >= (y + h).min(10_000) * height);
        }
    }
}
