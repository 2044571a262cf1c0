//! Tags of a case's documents (SPEC §3): a name and a colour, kept by holders of `manage_tags`,
//! put on documents and taken off them by holders of `annotate`. A tag is the case's, so everyone
//! who may view the case sees every tag; which documents carry it is seen within their scope.
use crate::access::rules::require;
use crate::access::{Access, Capability};
use crate::{DocumentId, Refusal, TagId, ValidationError};
use serde::{Deserialize, Serialize};

/// The longest tag name accepted, in characters.
pub const MAX_TAG_CHARS: usize = 60;
/// The most documents one tagging request may name; more is a batch update.
pub const MAX_SELECTION: usize = 1000;

/// The colours a tag can have: a fixed palette, each readable as a chip with dark text on its
/// tint, so that no choice of colour makes a tag unreadable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TagColour {
    #[default]
    Grey,
    Red,
    Orange,
    Yellow,
    Green,
    Teal,
    Blue,
    Purple,
    Pink,
}

impl TagColour {
    pub const ALL: [TagColour; 9] = [
        TagColour::Grey,
        TagColour::Red,
        TagColour::Orange,
        TagColour::Yellow,
        TagColour::Green,
        TagColour::Teal,
        TagColour::Blue,
        TagColour::Purple,
        TagColour::Pink,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TagColour::Grey => "grey",
            TagColour::Red => "red",
            TagColour::Orange => "orange",
            TagColour::Yellow => "yellow",
            TagColour::Green => "green",
            TagColour::Teal => "teal",
            TagColour::Blue => "blue",
            TagColour::Purple => "purple",
            TagColour::Pink => "pink",
        }
    }

    /// A stored colour; one this version does not know shows as grey rather than failing a read.
    pub fn parse(s: &str) -> TagColour {
        TagColour::ALL.into_iter().find(|c| c.as_str() == s).unwrap_or_default()
    }

    /// The word a person reads, e.g. `Red`.
    pub fn label(self) -> &'static str {
        match self {
            TagColour::Grey => "Grey",
            TagColour::Red => "Red",
            TagColour::Orange => "Orange",
            TagColour::Yellow => "Yellow",
            TagColour::Green => "Green",
            TagColour::Teal => "Teal",
            TagColour::Blue => "Blue",
            TagColour::Purple => "Purple",
            TagColour::Pink => "Pink",
        }
    }
}

/// A tag as the Documents tab and the search page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagView {
    pub id: TagId,
    pub name: String,
    pub colour: TagColour,
    /// Documents carrying it that the viewer may see.
    pub documents: i64,
    /// Bumped by every change, so that two people's edits are not merged.
    pub version: i64,
}

/// A new tag, or a tag's new name and colour (with the `version` the editor saw).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagInput {
    pub name: String,
    #[serde(default)]
    pub colour: TagColour,
    /// For an edit: the version last seen. Left out when creating.
    #[serde(default)]
    pub version: Option<i64>,
}

/// Putting a tag on documents or taking it off them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tagging {
    Apply,
    Remove,
}

/// A tag put on, or taken off, a selection of documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaggingInput {
    pub action: Tagging,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub documents: Vec<DocumentId>,
}

/// What a tagging changed: how many documents gained or lost the tag (those that already had it,
/// or never had it, are not counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaggingResult {
    pub changed: i64,
}

/// What deleting a tag takes off: the documents carrying it that the actor sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagRemoval {
    pub documents: i64,
}

/// A tag name and colour, checked: trimmed, not empty, one line, at most `MAX_TAG_CHARS`.
pub fn parse_tag(input: &TagInput) -> Result<(String, TagColour), ValidationError> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(ValidationError::new("name", "Enter a name for the tag."));
    }
    if name.chars().any(char::is_control) {
        return Err(ValidationError::new("name", "A tag name is one line, without tabs or line breaks."));
    }
    if name.chars().count() > MAX_TAG_CHARS {
        return Err(ValidationError::new(
            "name",
            format!("A tag name can be at most {MAX_TAG_CHARS} characters long."),
        ));
    }
    Ok((name.to_string(), input.colour))
}

/// Creating, editing or deleting a tag: `manage_tags`.
pub fn decide_manage_tags(actor: &Access) -> Result<(), Refusal> {
    require(actor, Capability::ManageTags)
}

/// Putting tags on documents or taking them off: `annotate`, on a selection that is not empty
/// and not over `MAX_SELECTION`; each document named once.
pub fn decide_tagging(actor: &Access, documents: &[DocumentId]) -> Result<Vec<DocumentId>, Refusal> {
    require(actor, Capability::Annotate)?;
    let mut chosen = documents.to_vec();
    chosen.sort();
    chosen.dedup();
    if chosen.is_empty() {
        return Err(ValidationError::new("documents", "Choose at least one document.").into());
    }
    if chosen.len() > MAX_SELECTION {
        return Err(ValidationError::new(
            "documents",
            format!("Tag at most {MAX_SELECTION} documents at once, or use a batch update for more."),
        )
        .into());
    }
    Ok(chosen)
}

pub fn no_tag(id: TagId) -> Refusal {
    Refusal::NotFound(format!("This case has no tag with id {id}. Someone may have deleted it a moment ago."))
}

pub fn name_taken(name: &str) -> Refusal {
    Refusal::conflict(Some("name"), format!("This case already has a tag named {name}. Choose another name."))
}

pub fn changed_meanwhile(name: &str) -> Refusal {
    Refusal::conflict(
        None,
        format!("Someone else changed the tag {name} a moment ago. Reload to see their change, then try again."),
    )
}

#[cfg(test)]
mod tests;
