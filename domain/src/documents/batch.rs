//! Batch updates (Primafact's, SPEC §3 `batch_update`): one change (a tag on or off, a move to a
//! folder, a new set of defendants) made to every document of a selection or of a search's
//! results, in one transaction, after the person has seen how many documents it changes.
use super::check_defendants;
use crate::access::rules::require;
use crate::access::{Access, Capability};
use crate::cases::Defendant;
use crate::search::SearchQuery;
use crate::{DefendantId, DocumentId, FolderId, Refusal, TagId, ValidationError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The most documents one batch changes.
pub const MAX_BATCH: usize = 10_000;

/// What a batch does to each document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BatchChange {
    ApplyTag {
        #[cfg_attr(feature = "openapi", schema(value_type = i64))]
        tag: TagId,
    },
    RemoveTag {
        #[cfg_attr(feature = "openapi", schema(value_type = i64))]
        tag: TagId,
    },
    /// To a folder; `null`, to the top of the case.
    Move {
        #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
        folder: Option<FolderId>,
    },
    /// The defendants each document is associated with (empty: everyone's material).
    SetDefendants {
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
        defendants: Vec<DefendantId>,
    },
}

/// A set of documents, named one by one or as a search's results: what a batch changes, a
/// production holds and a report lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DocumentSet {
    Documents {
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
        documents: Vec<DocumentId>,
    },
    /// Every document the search finds (every page of it) that you may see.
    Search { query: SearchQuery },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchInput {
    pub target: DocumentSet,
    pub change: BatchChange,
    /// The count the person was shown and confirmed: if the target now holds another number of
    /// documents, nothing changes and the answer says so (409).
    #[serde(default)]
    pub expected: Option<i64>,
}

/// How many documents a batch would change, to show before confirming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchPreview {
    pub documents: i64,
}

/// What a batch did: the documents in its target, and how many of them it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchResult {
    pub documents: i64,
    pub changed: i64,
}

/// A batch needs `batch_update` and what the change needs for one document: `annotate` for tags,
/// `manage_files` for moves and defendants (those within the actor's scope, of this case). Answers
/// the defendants to set, if that is the change.
pub fn decide_batch(
    actor: &Access,
    change: &BatchChange,
    case_defendants: &[Defendant],
) -> Result<Option<BTreeSet<DefendantId>>, Refusal> {
    require(actor, Capability::BatchUpdate)?;
    match change {
        BatchChange::ApplyTag { .. } | BatchChange::RemoveTag { .. } => {
            require(actor, Capability::Annotate)?;
            Ok(None)
        }
        BatchChange::Move { .. } => {
            require(actor, Capability::ManageFiles)?;
            Ok(None)
        }
        BatchChange::SetDefendants { defendants } => {
            require(actor, Capability::ManageFiles)?;
            check_defendants(actor, defendants, case_defendants).map(Some)
        }
    }
}

/// The documents found for the target: at least one, at most `MAX_BATCH`, and as many as the
/// person confirmed, if they said.
pub fn decide_count(found: usize, expected: Option<i64>) -> Result<(), Refusal> {
    if found == 0 {
        return Err(ValidationError::new("target", "No documents match: there is nothing to change.").into());
    }
    if found > MAX_BATCH {
        return Err(ValidationError::new(
            "target",
            format!("A batch changes at most {MAX_BATCH} documents. Narrow the search or the selection."),
        )
        .into());
    }
    match expected {
        Some(expected) if expected != found as i64 => Err(Refusal::conflict(
            None,
            format!(
                "The documents changed meanwhile: this would now change {found}, not {expected}. Check the count and confirm again."
            ),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::DefendantScope;
    use crate::testing::access_holding;

    fn holding(capabilities: &[Capability], scope: DefendantScope) -> Access {
        access_holding(capabilities.iter().copied().collect(), scope)
    }

    fn defendants() -> Vec<Defendant> {
        vec![
            Defendant { id: DefendantId(1), name: "John Smith".into() },
            Defendant { id: DefendantId(2), name: "Peter Jones".into() },
        ]
    }

    #[test]
    fn a_batch_needs_batch_update_and_what_the_change_needs() {
        let tag = BatchChange::ApplyTag { tag: TagId(1) };
        let user = holding(&[Capability::View, Capability::Annotate, Capability::ManageFiles], DefendantScope::All);
        assert!(matches!(decide_batch(&user, &tag, &defendants()), Err(Refusal::Forbidden(_))));
        let tagger = holding(&[Capability::View, Capability::BatchUpdate, Capability::Annotate], DefendantScope::All);
        assert_eq!(decide_batch(&tagger, &tag, &defendants()), Ok(None));
        let moving = BatchChange::Move { folder: None };
        assert!(matches!(decide_batch(&tagger, &moving, &defendants()), Err(Refusal::Forbidden(_))));
    }

    #[test]
    fn new_defendants_are_the_case_s_and_within_the_actor_s_scope() {
        let scoped = holding(
            &[Capability::View, Capability::BatchUpdate, Capability::ManageFiles],
            DefendantScope::Only([DefendantId(1)].into()),
        );
        let set =
            |ids: &[i64]| BatchChange::SetDefendants { defendants: ids.iter().copied().map(DefendantId).collect() };
        assert_eq!(decide_batch(&scoped, &set(&[1]), &defendants()), Ok(Some([DefendantId(1)].into())));
        assert!(decide_batch(&scoped, &set(&[2]), &defendants()).is_err());
        assert!(decide_batch(&scoped, &set(&[9]), &defendants()).is_err());
    }

    #[test]
    fn the_count_is_bounded_and_as_confirmed() {
        assert!(matches!(decide_count(0, None), Err(Refusal::Invalid(_))));
        assert!(matches!(decide_count(MAX_BATCH + 1, None), Err(Refusal::Invalid(_))));
        assert!(matches!(decide_count(5, Some(4)), Err(Refusal::Conflict { .. })));
        assert_eq!(decide_count(5, Some(5)), Ok(()));
        assert_eq!(decide_count(5, None), Ok(()));
    }
}
