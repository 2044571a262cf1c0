//! Folders of a case's documents (SPEC §2): names, the tree, and the decisions to create, rename,
//! move and delete one. Every change needs `manage_files`; the tree is the case's, so a
//! defendant-scoped person sees every folder but only the documents within their scope.
use crate::access::rules::require;
use crate::access::{Access, Capability, DefendantScope};
use crate::{FolderId, Refusal, ValidationError};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::HashMap;

/// The longest folder or document name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// A folder as the Documents tab shows it. The counts are of the documents the viewer may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FolderView {
    pub id: FolderId,
    /// None: at the top of the case.
    pub parent: Option<FolderId>,
    pub name: String,
    /// Documents directly in this folder that the viewer may see.
    pub documents: i64,
    /// Their size in bytes.
    pub bytes: i64,
}

/// A new folder, at the top of the case or inside `parent`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FolderInput {
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub parent: Option<FolderId>,
}

/// A rename, a move, or both. `parent: null` moves the folder to the top of the case; leaving
/// `parent` out keeps it where it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FolderChange {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub parent: Option<Option<FolderId>>,
}

/// Tells a field sent as `null` (Some(None)) from one left out (None).
pub(crate) fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// What deleting a folder removes, for the confirmation and the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FolderRemoval {
    /// Folders removed, the folder itself included.
    pub folders: i64,
    /// Documents removed with them.
    pub documents: i64,
}

/// A folder or document name: trimmed, not empty, no path separators or control characters,
/// not `.` or `..`, at most `MAX_NAME_CHARS` characters.
pub fn parse_name(field: &str, raw: &str) -> Result<String, ValidationError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(ValidationError::new(field, "Enter a name."));
    }
    if name.chars().any(|c| c == '/' || c == '\\') {
        return Err(ValidationError::new(field, "A name cannot contain / or \\. Use folders to group documents."));
    }
    if name.chars().any(char::is_control) {
        return Err(ValidationError::new(
            field,
            "A name cannot contain control characters such as line breaks or tabs.",
        ));
    }
    if name == "." || name == ".." {
        return Err(ValidationError::new(field, "Choose a name other than . or .."));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(ValidationError::new(field, format!("A name can be at most {MAX_NAME_CHARS} characters long.")));
    }
    Ok(name.to_string())
}

/// The key two names clash on: letter case does not make a different name.
pub fn name_key(name: &str) -> String {
    name.to_lowercase()
}

/// Every change of the tree: `manage_files`.
pub fn decide_change_folders(actor: &Access) -> Result<(), Refusal> {
    require(actor, Capability::ManageFiles)
}

/// Moving `folder` under `new_parent` (None: the top), given each folder's parent: refused when
/// the destination is the folder itself or one of its descendants, which would cut it off.
pub fn decide_move_folder(
    folder: FolderId,
    new_parent: Option<FolderId>,
    parents: &HashMap<FolderId, Option<FolderId>>,
) -> Result<(), Refusal> {
    let mut at = new_parent;
    // The walk up ends at the top; the step bound guards against a corrupt cycle.
    for _ in 0..=parents.len() {
        match at {
            None => return Ok(()),
            Some(id) if id == folder => {
                return Err(ValidationError::new(
                    "parent",
                    "A folder cannot be moved into itself or into one of its own folders.",
                )
                .into());
            }
            Some(id) => at = parents.get(&id).copied().flatten(),
        }
    }
    Err(Refusal::Invalid(ValidationError::new("parent", "The folders of this case form a loop; ask an administrator.")))
}

/// The folder and every folder under it, given each folder's parent.
pub fn subtree(root: FolderId, parents: &HashMap<FolderId, Option<FolderId>>) -> Vec<FolderId> {
    let mut found = vec![root];
    let mut next = 0;
    while next < found.len() {
        let current = found[next];
        let mut children: Vec<FolderId> =
            parents.iter().filter(|(_, parent)| **parent == Some(current)).map(|(id, _)| *id).collect();
        children.sort();
        found.extend(children);
        next += 1;
    }
    found
}

/// Deleting a folder takes its documents with it, so someone limited to some defendants may
/// delete only a folder whose documents they all see: they cannot remove what they cannot see.
pub fn decide_delete_folder(actor: &Access, visible_documents: i64, all_documents: i64) -> Result<(), Refusal> {
    decide_change_folders(actor)?;
    if matches!(actor.scope, DefendantScope::Only(_)) && all_documents > visible_documents {
        return Err(Refusal::Forbidden(
            "This folder holds material of defendants outside your access, so only someone who sees every defendant can delete it."
                .into(),
        ));
    }
    Ok(())
}

pub fn no_folder(id: FolderId) -> Refusal {
    Refusal::NotFound(format!("This case has no folder with id {id}. Someone may have removed it a moment ago."))
}

pub fn name_taken(name: &str) -> Refusal {
    Refusal::conflict(Some("name"), format!("There is already a folder named {name} here. Choose another name."))
}

#[cfg(test)]
mod tests;
