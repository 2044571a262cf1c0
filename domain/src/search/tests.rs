use super::*;
use crate::access::DefendantScope;
use crate::testing::access_holding;
use proptest::prelude::*;

fn term(words: &[&str], prefix: bool) -> Term {
    Term { words: words.iter().map(|w| w.to_string()).collect(), prefix }
}

fn searcher(scope: DefendantScope) -> Access {
    access_holding([Capability::View, Capability::Search].into(), scope)
}

fn defendants() -> Vec<Defendant> {
    vec![
        Defendant { id: DefendantId(1), name: "John Smith".into() },
        Defendant { id: DefendantId(2), name: "Peter Jones".into() },
    ]
}

#[test]
fn words_phrases_and_prefixes() {
    assert_eq!(
        parse_terms(r#"Smith "the Knife" witn* O'Brien"#).unwrap(),
        vec![
            term(&["smith"], false),
            term(&["the", "knife"], false),
            term(&["witn"], true),
            term(&["o", "brien"], false)
        ]
    );
    assert_eq!(parse_terms(r#""unclosed phrase"#).unwrap(), vec![term(&["unclosed", "phrase"], false)]);
    assert_eq!(parse_terms("  ... ").unwrap(), vec![]);
    assert!(parse_terms("s*").is_err());
    assert!(parse_terms(&"a ".repeat(MAX_TERMS + 1)).is_err());
    assert!(parse_terms(&"a".repeat(MAX_QUERY_CHARS + 1)).is_err());
}

#[test]
fn searching_needs_search() {
    let viewer = access_holding([Capability::View].into(), DefendantScope::All);
    assert!(matches!(decide_search(&viewer, &SearchQuery::default(), &defendants()), Err(Refusal::Forbidden(_))));
    assert!(decide_search(&searcher(DefendantScope::All), &SearchQuery::default(), &defendants()).is_ok());
}

#[test]
fn a_scoped_searcher_filters_only_by_their_own_defendants() {
    let scoped = searcher(DefendantScope::Only([DefendantId(1)].into()));
    let by = |d: i64| SearchQuery { defendant: Some(DefendantId(d)), ..Default::default() };
    assert!(decide_search(&scoped, &by(1), &defendants()).is_ok());
    assert!(
        matches!(decide_search(&scoped, &by(2), &defendants()), Err(Refusal::Invalid(ref v)) if v.field == "defendant")
    );
    assert!(decide_search(&searcher(DefendantScope::All), &by(9), &defendants()).is_err());
}

#[test]
fn dates_are_whole_days_in_order() {
    let dated =
        |from: &str, to: &str| SearchQuery { from: Some(from.into()), to: Some(to.into()), ..Default::default() };
    let parsed = decide_search(&searcher(DefendantScope::All), &dated("2026-12-01", "2026-12-01"), &[]).unwrap();
    assert_eq!(parsed.until.unwrap().0 - parsed.from.unwrap().0, 24 * 3600 * 1000);
    assert!(decide_search(&searcher(DefendantScope::All), &dated("2026-12-02", "2026-12-01"), &[]).is_err());
    let bad = decide_search(&searcher(DefendantScope::All), &dated("1 Dec", ""), &[]);
    assert!(matches!(bad, Err(Refusal::Invalid(ref v)) if v.field == "from"));
}

#[test]
fn a_marked_snippet_comes_apart_into_hits_and_text() {
    let marked = format!("…the {HIT_START}Smith{HIT_END} statement, {HIT_START}John{HIT_END}");
    assert_eq!(
        fragments(&marked),
        vec![
            Fragment { text: "…the ".into(), hit: false },
            Fragment { text: "Smith".into(), hit: true },
            Fragment { text: " statement, ".into(), hit: false },
            Fragment { text: "John".into(), hit: true },
        ]
    );
}

proptest! {
    /// Whatever is typed, every word that reaches SQL is letters and digits only.
    #[test]
    fn terms_hold_only_letters_and_digits(text in ".{0,200}") {
        if let Ok(terms) = parse_terms(&text) {
            for term in terms {
                prop_assert!(!term.words.is_empty());
                prop_assert!(term.words.iter().all(|w| !w.is_empty() && w.chars().all(char::is_alphanumeric)));
            }
        }
    }

    #[test]
    fn fragments_keep_every_character_but_the_marks(text in "[a-z \u{E000}\u{E001}]{0,60}") {
        let joined: String = fragments(&text).into_iter().map(|f| f.text).collect();
        prop_assert_eq!(joined, text.replace([HIT_START, HIT_END], ""));
    }
}
