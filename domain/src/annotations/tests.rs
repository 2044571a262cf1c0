use super::*;
use crate::access::DefendantScope;
use crate::testing::access_holding;
use proptest::prelude::*;

fn holding(capabilities: &[Capability]) -> Access {
    access_holding(capabilities.iter().copied().collect(), DefendantScope::All)
}

fn annotator() -> Access {
    holding(&[Capability::View, Capability::Annotate])
}

fn note(anchor: Anchor) -> AnnotationInput {
    AnnotationInput { kind: AnnotationKind::Note, text: "Check this".into(), anchor }
}

fn redaction(anchor: Anchor) -> AnnotationInput {
    AnnotationInput { kind: AnnotationKind::Redaction, text: "Personal data".into(), anchor }
}

#[test]
fn annotating_needs_annotate() {
    let viewer = holding(&[Capability::View, Capability::Search]);
    let input = note(Anchor::Text { start: 0, end: 4 });
    assert!(matches!(decide_annotate(&viewer, &input, Presentation::Text, 10), Err(Refusal::Forbidden(_))));
    assert!(decide_annotate(&annotator(), &input, Presentation::Text, 10).is_ok());
}

#[test]
fn anchors_fit_the_kind_of_document() {
    let a = annotator();
    assert!(decide_annotate(&a, &note(Anchor::Page { page: 2 }), Presentation::Pdf, 1000).is_ok());
    assert!(decide_annotate(&a, &note(Anchor::Page { page: 2 }), Presentation::Text, 1000).is_err());
    assert!(decide_annotate(&a, &note(Anchor::Page { page: 2 }), Presentation::Image, 1000).is_err());
    assert!(decide_annotate(&a, &note(Anchor::Text { start: 0, end: 3 }), Presentation::Pdf, 1000).is_err());
    let area = Anchor::Area { page: 1, x: 1000, y: 2000, width: 3000, height: 500 };
    assert!(decide_annotate(&a, &redaction(area), Presentation::Image, 1000).is_ok());
    assert!(decide_annotate(&a, &note(area), Presentation::Pdf, 1000).is_err());
    assert!(decide_annotate(&a, &redaction(Anchor::Page { page: 1 }), Presentation::Pdf, 1000).is_err());
    assert!(decide_annotate(&a, &note(Anchor::Page { page: 1 }), Presentation::Download, 1000).is_err());
}

#[test]
fn ranges_and_areas_lie_within_the_document() {
    let a = annotator();
    let text = |start, end| redaction(Anchor::Text { start, end });
    assert!(decide_annotate(&a, &text(5, 5), Presentation::Text, 10).is_err());
    assert!(decide_annotate(&a, &text(-1, 5), Presentation::Text, 10).is_err());
    assert!(decide_annotate(&a, &text(5, 11), Presentation::Text, 10).is_err());
    assert!(decide_annotate(&a, &text(0, 10), Presentation::Text, 10).is_ok());
    let area = |x, width| redaction(Anchor::Area { page: 1, x, y: 0, width, height: 10 });
    assert!(decide_annotate(&a, &area(9000, 1001), Presentation::Pdf, 10).is_err());
    assert!(decide_annotate(&a, &area(9000, 1000), Presentation::Pdf, 10).is_ok());
    assert!(decide_annotate(&a, &area(0, 0), Presentation::Pdf, 10).is_err());
    assert!(decide_annotate(&a, &area(1, i64::MAX), Presentation::Pdf, 10).is_err());
}

#[test]
fn text_is_required_and_bounded() {
    let a = annotator();
    let blank = AnnotationInput { text: "  ".into(), ..note(Anchor::Page { page: 1 }) };
    assert!(
        matches!(decide_annotate(&a, &blank, Presentation::Pdf, 1), Err(Refusal::Invalid(ref v)) if v.field == "text")
    );
    let long =
        AnnotationInput { text: "x".repeat(MAX_REASON_CHARS + 1), ..redaction(Anchor::Text { start: 0, end: 1 }) };
    assert!(decide_annotate(&a, &long, Presentation::Text, 1).is_err());
}

#[test]
fn the_author_or_a_tag_manager_deletes() {
    let me = UserId(1);
    assert_eq!(decide_delete(&annotator(), me, Some(me)), Ok(()));
    assert!(matches!(decide_delete(&annotator(), me, Some(UserId(2))), Err(Refusal::Forbidden(_))));
    assert_eq!(decide_delete(&holding(&[Capability::View, Capability::ManageTags]), me, Some(UserId(2))), Ok(()));
    assert!(decide_delete(&holding(&[Capability::View]), me, Some(me)).is_err());
}

#[test]
fn redacting_blocks_out_the_ranges_and_keeps_the_layout() {
    assert_eq!(redact("John Smith, 12 Oak Road", &[(0, 10), (15, 23)]), "████ █████, 12 ███ ████");
    assert_eq!(redact("short", &[(3, 99)]), "sho██");
}

proptest! {
    #[test]
    fn redaction_keeps_the_length_and_every_character_outside_the_ranges(
        text in "[a-zé ]{0,40}", start in 0i64..45, len in 0i64..20
    ) {
        let redacted = redact(&text, &[(start, start + len)]);
        prop_assert_eq!(redacted.chars().count(), text.chars().count());
        for (i, (a, b)) in text.chars().zip(redacted.chars()).enumerate() {
            let i = i as i64;
            if i < start || i >= start + len || a == ' ' { prop_assert_eq!(a, b); } else { prop_assert_eq!(b, '█'); }
        }
    }
}

#[test]
fn a_typed_percentage_is_read_in_hundredths() {
    for (typed, hundredths) in [
        ("0", Some(0)),
        ("12", Some(1200)),
        ("12.5", Some(1250)),
        (" 7.25 ", Some(725)),
        (".5", Some(50)),
        ("5.", Some(500)),
        ("100", Some(10_000)),
        ("0.005", Some(1)),
        ("0.0049", Some(0)),
        ("99.995", Some(10_000)),
        ("", None),
        (".", None),
        ("abc", None),
        ("1e2", None),
        ("-3", None),
        ("+3", None),
        ("1.2.3", None),
        ("NaN", None),
        ("99999999999999999999", None),
    ] {
        assert_eq!(percent_in_hundredths(typed), hundredths, "{typed:?}");
    }
}

#[test]
fn hundredths_of_a_per_cent_read_as_typed() {
    for (hundredths, text) in
        [(0, "0 %"), (1200, "12 %"), (1250, "12.5 %"), (725, "7.25 %"), (5, "0.05 %"), (10_000, "100 %")]
    {
        // A no-break space: the % never sits alone on a line.
        assert_eq!(percent_text(hundredths), text.replace(' ', "\u{a0}"));
    }
}

proptest! {
    /// What is shown reads back as the same number.
    #[test]
    fn a_shown_percentage_reads_back(hundredths in 0..=FULL) {
        prop_assert_eq!(percent_in_hundredths(percent_text(hundredths).trim_end_matches("\u{a0}%")), Some(hundredths));
    }

    /// The same as the float parser it replaces, `(typed as f64 * 100).round()`, wherever a float
    /// can tell which way a third decimal rounds (not within a millionth of a half).
    #[test]
    fn a_typed_percentage_reads_as_the_float_parser_rounds(whole in 0u32..1_000_000, fraction in "[0-9]{0,6}") {
        let typed = if fraction.is_empty() { whole.to_string() } else { format!("{whole}.{fraction}") };
        let float: f64 = typed.parse::<f64>().unwrap() * 100.0;
        prop_assume!(((float - float.floor()) - 0.5).abs() > 1e-6);
        prop_assert_eq!(percent_in_hundredths(&typed), Some(float.round() as i64));
    }
}
