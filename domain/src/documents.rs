//! A case's documents (SPEC §2): what the Documents tab lists, how a file is shown, and the
//! decisions to upload, change and delete one. A document associated with defendants is seen only
//! by those whose defendant scope includes one of them; one with none, by everyone who may view
//! the case. The service puts that filter into its SQL; `visible_to` states it once here.
use crate::access::rules::require;
use crate::access::{Access, Capability, DefendantScope};
use crate::cases::Defendant;
use crate::folders::{FolderView, present};
use crate::tags::TagColour;
use crate::{DefendantId, DocumentId, FolderId, Refusal, TagId, Timestamp, ValidationError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The per-file upload limit unless the server is told otherwise: 512 MiB.
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 512 * 1024 * 1024;

/// A document as the Documents tab lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentView {
    pub id: DocumentId,
    /// None: at the top of the case.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub folder: Option<FolderId>,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by: String,
    pub uploaded_at: Timestamp,
    /// The defendants it is associated with that the viewer sees (none: everyone's material).
    pub defendants: Vec<Defendant>,
    pub text: TextStatus,
    /// The case's tags it carries.
    #[serde(default)]
    pub tags: Vec<DocumentTag>,
    /// Bumped by every change, so that two people's edits are not merged.
    pub version: i64,
}

/// A tag on a document: enough to show it as a chip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentTag {
    pub id: TagId,
    pub name: String,
    pub colour: TagColour,
}

/// Whether the document's text was extracted at upload (for search).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TextStatus {
    Extracted,
    /// A kind that has text (PDF, HTML, text), but it could not be read.
    Failed,
    /// A kind with no text to extract (an image, an archive).
    None,
}

impl TextStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TextStatus::Extracted => "extracted",
            TextStatus::Failed => "failed",
            TextStatus::None => "none",
        }
    }

    pub fn parse(s: &str) -> TextStatus {
        match s {
            "extracted" => TextStatus::Extracted,
            "failed" => TextStatus::Failed,
            _ => TextStatus::None,
        }
    }
}

/// The columns the documents list sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentSort {
    #[default]
    Name,
    Type,
    Size,
    UploadedBy,
    UploadedAt,
}

/// Which documents, in which order, which page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentQuery {
    /// None: the top of the case.
    pub folder: Option<FolderId>,
    #[serde(default)]
    pub sort: DocumentSort,
    #[serde(default)]
    pub descending: bool,
    /// Only documents carrying this tag, in every folder (the folder is then not a filter).
    #[serde(default)]
    pub tag: Option<TagId>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// Documents per page unless asked, and the most one page holds.
pub const PER_PAGE: u32 = 100;
pub const MAX_PER_PAGE: u32 = 500;

/// One page of a folder's documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentPage {
    pub documents: Vec<DocumentView>,
    /// How many documents of the folder the viewer may see, across all pages.
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// What the Documents tab needs besides a page of documents: the folders, whether the viewer
/// may change files, the defendants they may associate a file with, and the upload limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Workspace {
    pub folders: Vec<FolderView>,
    pub can_manage: bool,
    /// May put tags on documents and take them off (`annotate`).
    pub can_annotate: bool,
    /// May create, edit and delete tags (`manage_tags`).
    pub can_manage_tags: bool,
    pub can_search: bool,
    /// May change many documents in one operation (`batch_update`).
    pub can_batch_update: bool,
    /// May create productions and reports (`produce`).
    pub can_produce: bool,
    pub defendants: Vec<Defendant>,
    pub max_upload_bytes: u64,
}

/// A rename, a move, a change of defendants, or several at once, made on `version`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentChange {
    #[serde(default)]
    pub name: Option<String>,
    /// `null` moves it to the top of the case; left out, it stays.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub folder: Option<Option<FolderId>>,
    /// The defendants it is associated with (empty: everyone's material).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<i64>>))]
    pub defendants: Option<Vec<DefendantId>>,
    pub version: i64,
}

/// The start of a text document, for the viewer: shown as text, never as markup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextPreview {
    pub text: String,
    /// The document is longer than what is shown.
    pub truncated: bool,
}

/// How much of a text document the viewer shows.
pub const PREVIEW_BYTES: usize = 1024 * 1024;

/// Where an upload goes and whom it concerns: the same for every file of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadTarget {
    pub folder: Option<FolderId>,
    pub defendants: Vec<DefendantId>,
}

/// How the viewer shows a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presentation {
    /// In the browser's PDF viewer.
    Pdf,
    Image,
    /// As plain text; HTML too, as its source, so that nothing in it runs.
    Text,
    /// Offered for download only.
    Download,
}

/// The content type Caseward serves a file as, and how it is shown, from its name. The name's
/// extension decides, not what the uploader's browser claimed: a file is never served as
/// something that runs (SVG and HTML go out as download and as text).
pub fn kind_of(name: &str) -> (&'static str, Presentation) {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "pdf" => ("application/pdf", Presentation::Pdf),
        "png" => ("image/png", Presentation::Image),
        "jpg" | "jpeg" => ("image/jpeg", Presentation::Image),
        "gif" => ("image/gif", Presentation::Image),
        "webp" => ("image/webp", Presentation::Image),
        "txt" | "log" | "md" | "csv" | "json" | "xml" | "eml" => ("text/plain; charset=utf-8", Presentation::Text),
        "html" | "htm" => ("text/html", Presentation::Text),
        "doc" => ("application/msword", Presentation::Download),
        "docx" => ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", Presentation::Download),
        "xlsx" => ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Presentation::Download),
        "zip" => ("application/zip", Presentation::Download),
        "mp3" => ("audio/mpeg", Presentation::Download),
        "mp4" => ("video/mp4", Presentation::Download),
        _ => ("application/octet-stream", Presentation::Download),
    }
}

/// What the browser is told a response holds when it is shown inline: text of every kind as
/// plain text, so that HTML shows as its source and never runs.
pub fn inline_content_type(name: &str) -> &'static str {
    match kind_of(name) {
        (_, Presentation::Text) => "text/plain; charset=utf-8",
        (content_type, Presentation::Pdf | Presentation::Image) => content_type,
        (_, Presentation::Download) => "application/octet-stream",
    }
}

/// What a download is labelled as: its own type, but HTML as plain text, so that even a browser
/// that ignored `attachment` would show its source rather than run it.
pub fn download_content_type(name: &str) -> &'static str {
    match kind_of(name) {
        ("text/html", _) => "text/plain; charset=utf-8",
        (content_type, _) => content_type,
    }
}

/// A short label for the type column, e.g. `PDF`, `PNG`, `File`.
pub fn type_label(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() && !extension.is_empty() && extension.len() <= 5 => {
            extension.to_ascii_uppercase()
        }
        _ => "File".into(),
    }
}

/// The `Content-Disposition` value for a download or an inline view: an ASCII fallback name (no
/// quotes, backslashes or control characters) and the exact name, percent-encoded (RFC 6266).
pub fn content_disposition(name: &str, inline: bool) -> String {
    let fallback: String = name
        .chars()
        .map(|c| if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' { c } else { '_' })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    let kind = if inline { "inline" } else { "attachment" };
    format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// Whether someone with `scope` may see a document associated with `associated`: always when it
/// is associated with nobody, else when they see one of its defendants. (The service's SQL says
/// the same; a property test holds the two together.)
pub fn visible_to(scope: &DefendantScope, associated: &BTreeSet<DefendantId>) -> bool {
    associated.is_empty() || associated.iter().any(|d| scope.includes(*d))
}

/// A name free in the folder: `wanted` itself, else `name (2).ext`, `name (3).ext`… as people
/// expect when they upload a file whose name is taken. `taken` holds `name_key`s.
pub fn free_name(wanted: &str, taken: &BTreeSet<String>) -> String {
    if !taken.contains(&crate::folders::name_key(wanted)) {
        return wanted.to_string();
    }
    let (stem, extension) = match wanted.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, format!(".{extension}")),
        _ => (wanted, String::new()),
    };
    (2..)
        .map(|n| format!("{stem} ({n}){extension}"))
        .find(|candidate| !taken.contains(&crate::folders::name_key(candidate)))
        .expect("a free name exists among unboundedly many")
}

/// The defendants an upload is associated with: `manage_files`; each a defendant of the case;
/// someone limited to some defendants associates only theirs.
pub fn decide_upload(
    actor: &Access,
    requested: &[DefendantId],
    case_defendants: &[Defendant],
) -> Result<BTreeSet<DefendantId>, Refusal> {
    require(actor, Capability::ManageFiles)?;
    check_defendants(actor, requested, case_defendants)
}

/// A new set of defendants for a document: the same checks as an upload. Defendants outside the
/// actor's scope stay as they were, since the actor cannot see them to remove them.
pub fn decide_defendants(
    actor: &Access,
    current: &BTreeSet<DefendantId>,
    requested: &[DefendantId],
    case_defendants: &[Defendant],
) -> Result<BTreeSet<DefendantId>, Refusal> {
    let mut chosen = check_defendants(actor, requested, case_defendants)?;
    chosen.extend(current.iter().filter(|d| !actor.scope.includes(**d)));
    Ok(chosen)
}

fn check_defendants(
    actor: &Access,
    requested: &[DefendantId],
    case_defendants: &[Defendant],
) -> Result<BTreeSet<DefendantId>, Refusal> {
    let chosen: BTreeSet<DefendantId> = requested.iter().copied().collect();
    if let Some(unknown) = chosen.iter().find(|d| !case_defendants.iter().any(|c| c.id == **d)) {
        return Err(ValidationError::new("defendants", format!("This case has no defendant with id {unknown}.")).into());
    }
    if chosen.iter().any(|d| !actor.scope.includes(*d)) {
        return Err(ValidationError::new("defendants", "Choose among the defendants you act for.").into());
    }
    Ok(chosen)
}

/// Renaming, moving or deleting a document: `manage_files`.
pub fn decide_change(actor: &Access) -> Result<(), Refusal> {
    require(actor, Capability::ManageFiles)
}

/// A file over the limit: refused with the limit in the message (413).
pub fn too_large(limit: u64) -> String {
    format!("A file can be at most {} large. Split it, or ask an administrator to raise the limit.", human_size(limit))
}

/// A size as people read it: `512 MiB`, `1.5 KiB`, `12 bytes`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() < 0.05 { format!("{value:.0} {}", UNITS[unit]) } else { format!("{value:.1} {}", UNITS[unit]) }
}

pub fn empty_file(name: &str) -> Refusal {
    ValidationError::new("file", format!("{name} is empty. Choose a file with content.")).into()
}

/// One answer for "no such document" and "not yours to see", so that a document's existence is
/// not revealed to someone outside its defendants (404, never 403).
pub fn no_document(id: DocumentId) -> Refusal {
    Refusal::NotFound(format!("This case has no document with id {id} that you can see."))
}

pub fn name_taken(name: &str) -> Refusal {
    Refusal::conflict(
        Some("name"),
        format!("There is already a document named {name} in that folder. Choose another name."),
    )
}

pub fn changed_meanwhile(name: &str) -> Refusal {
    Refusal::conflict(
        None,
        format!("Someone else changed {name} a moment ago. Reload to see their change, then try again."),
    )
}

pub mod batch;

#[cfg(test)]
mod tests;
