use super::*;
use crate::DefendantId;
use crate::testing::access_holding;
use proptest::prelude::*;

#[test]
fn names_are_refused_with_a_reason() {
    assert_eq!(parse_name("name", "  Exhibits  "), Ok("Exhibits".into()));
    for bad in ["", "   ", "a/b", "a\\b", "line\nbreak", "tab\there", ".", ".."] {
        let refused = parse_name("name", bad).unwrap_err();
        assert_eq!(refused.field, "name");
        assert!(!refused.message.is_empty());
    }
    assert!(parse_name("name", &"x".repeat(MAX_NAME_CHARS + 1)).is_err());
    assert!(parse_name("name", &"x".repeat(MAX_NAME_CHARS)).is_ok());
}

fn tree() -> HashMap<FolderId, Option<FolderId>> {
    // 1 ─ 2 ─ 3, and 4 beside 1.
    [(FolderId(1), None), (FolderId(2), Some(FolderId(1))), (FolderId(3), Some(FolderId(2))), (FolderId(4), None)]
        .into()
}

#[test]
fn a_folder_never_moves_into_itself_or_below_itself() {
    assert!(decide_move_folder(FolderId(1), Some(FolderId(3)), &tree()).is_err());
    assert!(decide_move_folder(FolderId(1), Some(FolderId(1)), &tree()).is_err());
    assert!(decide_move_folder(FolderId(3), Some(FolderId(4)), &tree()).is_ok());
    assert!(decide_move_folder(FolderId(2), None, &tree()).is_ok());
}

#[test]
fn the_subtree_holds_the_folder_and_everything_below() {
    assert_eq!(subtree(FolderId(1), &tree()), vec![FolderId(1), FolderId(2), FolderId(3)]);
    assert_eq!(subtree(FolderId(4), &tree()), vec![FolderId(4)]);
}

#[test]
fn a_scoped_filer_deletes_only_folders_whose_documents_they_all_see() {
    let scoped = access_holding(
        [crate::access::Capability::View, crate::access::Capability::ManageFiles].into(),
        DefendantScope::Only([DefendantId(1)].into()),
    );
    assert!(decide_delete_folder(&scoped, 2, 2).is_ok());
    assert!(matches!(decide_delete_folder(&scoped, 1, 2), Err(Refusal::Forbidden(_))));
    let reviewer = access_holding([crate::access::Capability::View].into(), DefendantScope::All);
    assert!(matches!(decide_delete_folder(&reviewer, 0, 0), Err(Refusal::Forbidden(_))));
}

#[test]
fn a_change_tells_null_from_absent() {
    let moved: FolderChange = serde_json::from_str(r#"{"parent": null}"#).unwrap();
    assert_eq!(moved.parent, Some(None));
    let renamed: FolderChange = serde_json::from_str(r#"{"name": "x"}"#).unwrap();
    assert_eq!(renamed.parent, None);
}

proptest! {
    /// Any move the decision allows keeps the tree a tree: every folder still reaches the top.
    #[test]
    fn allowed_moves_keep_every_folder_reachable(parents in proptest::collection::vec(0usize..8, 1..8), pick in 0usize..8, to in 0usize..9) {
        // Folder i's parent is a folder before it (or none), so the start is a tree.
        let mut tree: HashMap<FolderId, Option<FolderId>> = HashMap::new();
        for (i, p) in parents.iter().enumerate() {
            let parent = if i == 0 || *p >= i { None } else { Some(FolderId(*p as i64)) };
            tree.insert(FolderId(i as i64), parent);
        }
        let folder = FolderId((pick % parents.len()) as i64);
        let destination = (to < parents.len()).then_some(FolderId(to as i64));
        if decide_move_folder(folder, destination, &tree).is_ok() {
            tree.insert(folder, destination);
            for start in tree.keys() {
                let mut at = Some(*start);
                let mut steps = 0;
                while let Some(id) = at { at = tree[&id]; steps += 1; prop_assert!(steps <= tree.len()); }
            }
        }
    }
}
