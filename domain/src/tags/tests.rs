use super::*;
use crate::access::DefendantScope;
use crate::testing::access_holding;
use proptest::prelude::*;

fn holding(capabilities: &[Capability]) -> Access {
    access_holding(capabilities.iter().copied().collect(), DefendantScope::All)
}

#[test]
fn only_manage_tags_keeps_the_tag_list() {
    let reviewer = holding(&[Capability::View, Capability::Search, Capability::Annotate, Capability::Produce]);
    assert!(matches!(decide_manage_tags(&reviewer), Err(Refusal::Forbidden(_))));
    assert_eq!(decide_manage_tags(&holding(&[Capability::View, Capability::ManageTags])), Ok(()));
}

#[test]
fn tagging_needs_annotate_and_a_selection() {
    let viewer = holding(&[Capability::View, Capability::Search]);
    assert!(matches!(decide_tagging(&viewer, &[DocumentId(1)]), Err(Refusal::Forbidden(_))));
    let annotator = holding(&[Capability::View, Capability::Annotate]);
    assert!(matches!(decide_tagging(&annotator, &[]), Err(Refusal::Invalid(ref v)) if v.field == "documents"));
    let too_many: Vec<DocumentId> = (0..=MAX_SELECTION as i64).map(DocumentId).collect();
    assert!(matches!(decide_tagging(&annotator, &too_many), Err(Refusal::Invalid(_))));
    assert_eq!(
        decide_tagging(&annotator, &[DocumentId(3), DocumentId(1), DocumentId(3)]),
        Ok(vec![DocumentId(1), DocumentId(3)])
    );
}

#[test]
fn a_tag_name_is_one_short_line() {
    let named = |name: &str| TagInput { name: name.into(), colour: TagColour::Red, version: None };
    assert_eq!(parse_tag(&named("  Hot  ")), Ok(("Hot".into(), TagColour::Red)));
    assert!(parse_tag(&named("   ")).is_err());
    assert!(parse_tag(&named("Two\nlines")).is_err());
    assert!(parse_tag(&named(&"x".repeat(MAX_TAG_CHARS + 1))).is_err());
    assert!(parse_tag(&named(&"é".repeat(MAX_TAG_CHARS))).is_ok());
}

proptest! {
    #[test]
    fn every_colour_reads_back_as_itself(index in 0usize..TagColour::ALL.len()) {
        let colour = TagColour::ALL[index];
        prop_assert_eq!(TagColour::parse(colour.as_str()), colour);
        let json = serde_json::to_string(&colour).unwrap();
        prop_assert_eq!(json, format!("\"{}\"", colour.as_str()));
    }

    #[test]
    fn a_selection_is_each_document_once_in_order(ids in proptest::collection::vec(0i64..50, 1..80)) {
        let annotator = holding(&[Capability::View, Capability::Annotate]);
        let chosen = decide_tagging(&annotator, &ids.iter().copied().map(DocumentId).collect::<Vec<_>>()).unwrap();
        prop_assert!(chosen.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(ids.iter().all(|i| chosen.contains(&DocumentId(*i))));
    }
}
