//! Productions (SPEC §3 `produce`, `share_productions`): a named, frozen set of documents handed
//! to another party, numbered with Bates numbers (a prefix and a running number, one per page),
//! built in the background into a ZIP that holds each document as it may leave the case (its
//! redactions applied, or withheld behind a slip) and a CSV load file. A Reviewer creates one; a
//! holder of `manage_tags` deletes one; a holder of `share_productions` sends a named person a
//! download link that expires, can be revoked, and never opens the case itself.
mod slip;

pub use slip::slip_pdf;

use crate::access::rules::{parse_expiry, require};
use crate::access::{Access, Capability, DefendantScope};
use crate::annotations::Anchor;
use crate::documents::Presentation;
use crate::documents::batch::DocumentSet;
use crate::names::one_line_name;
use crate::{ProductionId, Refusal, ShareId, Timestamp, UserId, ValidationError};
use serde::{Deserialize, Serialize};

/// The most documents one production holds.
pub const MAX_PRODUCTION: usize = 10_000;
pub const MAX_PREFIX_CHARS: usize = 20;
/// Bates numbers stop here; a production that would pass it is refused when it is built.
pub const MAX_BATES: i64 = 999_999_999;
/// Digits a Bates number is written with at least (`ABC000042`), so that names sort in order.
pub const BATES_DIGITS: usize = 6;
/// The longest a shared link lives.
pub const MAX_SHARE_DAYS: i64 = 90;
pub const PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductionInput {
    pub name: String,
    /// Written before every Bates number: letters, digits, `-` and `_`, like `SMITH-`.
    pub bates_prefix: String,
    /// The first document's first Bates number.
    pub bates_start: i64,
    /// The documents: a selection, or every result of a search (a saved one, a tag).
    pub documents: DocumentSet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProductionStatus {
    /// Waiting for the builder.
    Queued,
    Building,
    /// The ZIP is ready to download.
    Ready,
    /// The build stopped; `error` says why. Nothing of it is offered.
    Failed,
}

impl ProductionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProductionStatus::Queued => "queued",
            ProductionStatus::Building => "building",
            ProductionStatus::Ready => "ready",
            ProductionStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> ProductionStatus {
        match s {
            "building" => ProductionStatus::Building,
            "ready" => ProductionStatus::Ready,
            "failed" => ProductionStatus::Failed,
            _ => ProductionStatus::Queued,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductionView {
    pub id: ProductionId,
    pub name: String,
    pub bates_prefix: String,
    pub bates_start: i64,
    /// The last Bates number used, once built.
    pub bates_end: Option<i64>,
    pub status: ProductionStatus,
    /// Documents in the production, and how many the builder has written so far.
    pub documents: i64,
    pub done: i64,
    /// Documents produced with their redactions applied, and documents withheld behind a slip.
    pub redacted: i64,
    pub withheld: i64,
    /// The ZIP's size in bytes, once built.
    pub size: Option<i64>,
    pub error: Option<String>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub finished_at: Option<Timestamp>,
}

impl ProductionView {
    /// `ABC000001–ABC000042`, once built.
    pub fn bates_range(&self) -> Option<String> {
        self.bates_end
            .map(|end| format!("{}–{}", bates(&self.bates_prefix, self.bates_start), bates(&self.bates_prefix, end)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductionPage {
    pub productions: Vec<ProductionView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// A production's name, prefix and first number, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduction {
    pub name: String,
    pub bates_prefix: String,
    pub bates_start: i64,
}

/// Creating a production: `produce` (and `search`, which the service checks, for a search's
/// results), a name of one line, a prefix of letters, digits, `-` and `_`, and a start number.
pub fn decide_create(actor: &Access, input: &ProductionInput) -> Result<NewProduction, Refusal> {
    require(actor, Capability::Produce)?;
    let name = one_line_name(&input.name, "the production")?;
    let prefix = input.bates_prefix.trim();
    if prefix.is_empty()
        || prefix.chars().count() > MAX_PREFIX_CHARS
        || !prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(ValidationError::new(
            "bates_prefix",
            format!("A Bates prefix is 1 to {MAX_PREFIX_CHARS} letters, digits, - or _, like SMITH-."),
        )
        .into());
    }
    if !(1..=MAX_BATES).contains(&input.bates_start) {
        return Err(ValidationError::new("bates_start", format!("Start numbering at 1 to {MAX_BATES}.")).into());
    }
    Ok(NewProduction { name, bates_prefix: prefix.to_string(), bates_start: input.bates_start })
}

/// The documents found for a production: at least one, at most `MAX_PRODUCTION`.
pub fn decide_count(found: usize) -> Result<(), Refusal> {
    if found == 0 {
        return Err(ValidationError::new("documents", "No documents match: there is nothing to produce.").into());
    }
    if found > MAX_PRODUCTION {
        return Err(ValidationError::new(
            "documents",
            format!("A production holds at most {MAX_PRODUCTION} documents. Narrow the search or the selection."),
        )
        .into());
    }
    Ok(())
}

/// Whether someone with `reader`'s scope sees a production made under `made_under`: only if every
/// defendant whose material it may hold is one of theirs, since it holds what its maker saw.
pub fn visible_to(reader: &DefendantScope, made_under: &DefendantScope) -> bool {
    match (reader, made_under) {
        (DefendantScope::All, _) => true,
        (DefendantScope::Only(_), DefendantScope::All) => false,
        (DefendantScope::Only(mine), DefendantScope::Only(theirs)) => theirs.is_subset(mine),
    }
}

/// Deleting a production: `manage_tags`, as the e-discovery product has it.
pub fn decide_delete(actor: &Access) -> Result<(), Refusal> {
    require(actor, Capability::ManageTags)
}

/// Downloading needs a built production.
pub fn decide_download(status: ProductionStatus) -> Result<(), Refusal> {
    match status {
        ProductionStatus::Ready => Ok(()),
        ProductionStatus::Failed => Err(Refusal::conflict(None, "This production failed to build; create it again.")),
        _ => Err(Refusal::conflict(None, "This production is still being built. Try again when it is ready.")),
    }
}

/// The number written on a page: the prefix, then at least six digits.
pub fn bates(prefix: &str, number: i64) -> String {
    format!("{prefix}{number:0width$}", width = BATES_DIGITS)
}

/// How a document leaves the case in a production.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Treatment {
    /// As stored: it carries no redaction.
    Native,
    /// A text document with its redacted characters replaced by █.
    RedactedText,
    /// A PNG or JPEG with its redacted areas painted black.
    BurnedIn,
    /// Not produced: a one-page slip stands in its place and says why.
    Withheld(String),
}

impl Treatment {
    pub fn label(&self) -> &'static str {
        match self {
            Treatment::Native => "native",
            Treatment::RedactedText | Treatment::BurnedIn => "redacted",
            Treatment::Withheld(_) => "withheld",
        }
    }
}

/// The treatment of a document of `presentation` and `extension` with these redactions: text
/// ranges can be applied to text, areas burned into a PNG or JPEG; any other redaction cannot be
/// applied faithfully here (a PDF's text lives in its drawing instructions), so the document is
/// withheld rather than produced with what was meant to be hidden.
pub fn treatment(presentation: Presentation, extension: &str, redactions: &[Anchor]) -> Treatment {
    if redactions.is_empty() {
        return Treatment::Native;
    }
    let all_text = redactions.iter().all(|r| matches!(r, Anchor::Text { .. }));
    let all_areas = redactions.iter().all(|r| matches!(r, Anchor::Area { page: 1, .. }));
    let extension = extension.to_ascii_lowercase();
    match presentation {
        Presentation::Text if all_text => Treatment::RedactedText,
        Presentation::Image if all_areas && matches!(extension.as_str(), "png" | "jpg" | "jpeg") => Treatment::BurnedIn,
        Presentation::Pdf => Treatment::Withheld(format!(
            "It carries {}, which cannot be burned into a PDF faithfully here.",
            crate::wording::count(redactions.len(), "redaction", "redactions")
        )),
        _ => Treatment::Withheld(format!(
            "It carries {} that cannot be applied to a file of this kind.",
            crate::wording::count(redactions.len(), "redaction", "redactions")
        )),
    }
}

/// The columns of a production's load file.
pub const LOAD_FILE_COLUMNS: [&str; 8] =
    ["BegBates", "EndBates", "Name", "Defendants", "Tags", "File", "Treatment", "Reason"];

/// The area of a `width` × `height` image that a redaction's rectangle (in hundredths of a per
/// cent) covers, in pixels, rounded outwards so that no edge pixel of it escapes.
pub fn pixel_area(anchor: &Anchor, width: u32, height: u32) -> Option<(u32, u32, u32, u32)> {
    let Anchor::Area { x, y, width: w, height: h, .. } = *anchor else { return None };
    let scale = |v: i64, size: u32, up: bool| -> u32 {
        let v = v.clamp(0, 10_000) as u64 * size as u64;
        let px = if up { v.div_ceil(10_000) } else { v / 10_000 };
        px.min(size as u64) as u32
    };
    let (left, top) = (scale(x, width, false), scale(y, height, false));
    let (right, bottom) = (scale(x + w, width, true), scale(y + h, height, true));
    (right > left && bottom > top).then_some((left, top, right - left, bottom - top))
}

/// Sharing a production: `share_productions`, a built production, a named person and an expiry
/// within `MAX_SHARE_DAYS`. Answers the expiry instant.
pub fn decide_share(
    actor: &Access,
    status: ProductionStatus,
    input: &ShareInput,
    now: Timestamp,
) -> Result<Timestamp, Refusal> {
    require(actor, Capability::ShareProductions)?;
    if status != ProductionStatus::Ready {
        return Err(Refusal::conflict(None, "Only a production that has been built can be shared."));
    }
    let expires_at = parse_expiry(Some(&input.expires_at), now)?
        .ok_or_else(|| ValidationError::new("expires_at", "Choose when the link expires."))?;
    if expires_at.0 > now.0 + MAX_SHARE_DAYS * 24 * 60 * 60 * 1000 {
        return Err(ValidationError::new("expires_at", format!("A link lives at most {MAX_SHARE_DAYS} days.")).into());
    }
    Ok(expires_at)
}

/// Listing and revoking a production's links: `share_productions`.
pub fn decide_manage_shares(actor: &Access) -> Result<(), Refusal> {
    require(actor, Capability::ShareProductions)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareInput {
    /// The person the link is for: it works for them alone, signed in.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub recipient: UserId,
    /// The last day the link works, `YYYY-MM-DD` (it stops at the end of it, UTC).
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareView {
    pub id: ShareId,
    pub recipient_name: String,
    pub recipient_email: String,
    pub expires_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub shared_by: String,
    pub shared_at: Timestamp,
    pub downloads: i64,
    pub last_downloaded_at: Option<Timestamp>,
}

impl ShareView {
    pub fn is_live(&self, now: Timestamp) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

/// What the named person sees behind a shared link: the production, not the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedProduction {
    pub name: String,
    pub bates_range: Option<String>,
    pub documents: i64,
    pub size: Option<i64>,
    pub shared_by: String,
    pub expires_at: Timestamp,
}

/// A shared link opens for its named person only, before its expiry and unless revoked; to anyone
/// else it does not exist, whatever the reason, so that a link tells nothing about itself.
pub fn decide_open_shared(
    recipient: UserId,
    opener: UserId,
    expires_at: Timestamp,
    revoked: bool,
    now: Timestamp,
) -> Result<(), Refusal> {
    if recipient == opener && !revoked && now < expires_at { Ok(()) } else { Err(no_shared_link()) }
}

pub fn no_shared_link() -> Refusal {
    Refusal::NotFound(
        "This link does not open for you: it may have expired or been revoked, or it was sent to someone else.".into(),
    )
}

pub fn no_production(id: ProductionId) -> Refusal {
    Refusal::NotFound(format!("This case has no production with id {id}. Someone may have deleted it."))
}

pub fn no_share(id: ShareId) -> Refusal {
    Refusal::NotFound(format!("This production has no shared link with id {id}."))
}

#[cfg(test)]
mod tests;
