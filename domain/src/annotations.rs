//! Notes and redactions on a document (SPEC §3 `annotate`). A note sits on a page of a PDF or an
//! image, or on a range of a text document's characters; a redaction marks a range of text or an
//! area of a page, with the reason for it. Both are kept beside the document: the stored original
//! never changes, and a production applies the redactions to its copy. The author, or a holder of
//! `manage_tags`, deletes one.
use crate::access::rules::require;
use crate::access::{Access, Capability};
use crate::documents::Presentation;
use crate::{AnnotationId, Refusal, Timestamp, UserId, ValidationError};
use serde::{Deserialize, Serialize};

pub const MAX_NOTE_CHARS: usize = 5000;
pub const MAX_REASON_CHARS: usize = 500;
/// An area's position and size are in hundredths of a per cent of the page (0 to 10,000), so that
/// they are exact integers whatever the page's size.
pub const FULL: i64 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AnnotationKind {
    Note,
    Redaction,
}

impl AnnotationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AnnotationKind::Note => "note",
            AnnotationKind::Redaction => "redaction",
        }
    }

    pub fn parse(s: &str) -> AnnotationKind {
        if s == "redaction" { AnnotationKind::Redaction } else { AnnotationKind::Note }
    }
}

/// Where on the document an annotation sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Anchor {
    /// A page of a PDF (an image has one page), counted from 1.
    Page { page: i64 },
    /// Characters `start..end` of a text document's text, counted in Unicode characters from 0.
    Text { start: i64, end: i64 },
    /// A rectangle on a page: its left and top edge and its size, in hundredths of a per cent.
    Area { page: i64, x: i64, y: i64, width: i64, height: i64 },
}

impl Anchor {
    /// Where it is, as a person reads it: `Page 3`, `Characters 120–180`, `An area of page 2`.
    pub fn describe(&self) -> String {
        match self {
            Anchor::Page { page } => format!("Page {page}"),
            Anchor::Text { start, end } => format!("Characters {}–{}", start + 1, end),
            Anchor::Area { page, .. } => format!("An area of page {page}"),
        }
    }
}

/// A new note or redaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnotationInput {
    pub kind: AnnotationKind,
    /// The note's text, or the redaction's reason.
    pub text: String,
    pub anchor: Anchor,
}

/// A note or redaction as the viewer lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnotationView {
    pub id: AnnotationId,
    pub kind: AnnotationKind,
    pub text: String,
    pub anchor: Anchor,
    pub author: String,
    pub created_at: Timestamp,
    /// Whether the viewer may delete it (its author, or a holder of manage_tags).
    pub can_delete: bool,
}

/// Adding a note or redaction: `annotate`; text within its bounds; an anchor that fits the kind
/// of document (text ranges on text, pages and areas on PDFs and images) and lies within it.
/// `length` is the document's length in characters (text) or bytes (others), an upper bound.
pub fn decide_annotate(
    actor: &Access,
    input: &AnnotationInput,
    shown_as: Presentation,
    length: i64,
) -> Result<(String, Anchor), Refusal> {
    require(actor, Capability::Annotate)?;
    let text = input.text.trim();
    let (what, max) = match input.kind {
        AnnotationKind::Note => ("the note", MAX_NOTE_CHARS),
        AnnotationKind::Redaction => ("the reason for the redaction", MAX_REASON_CHARS),
    };
    if text.is_empty() {
        return Err(ValidationError::new("text", format!("Write {what}.")).into());
    }
    if text.chars().count() > max {
        return Err(ValidationError::new("text", format!("Keep {what} to {max} characters.")).into());
    }
    let invalid = |message: &str| -> Refusal { ValidationError::new("anchor", message).into() };
    match (input.anchor, shown_as) {
        (Anchor::Text { start, end }, Presentation::Text) => {
            if start < 0 || end <= start {
                return Err(invalid("Select at least one character of the text."));
            }
            if end > length {
                return Err(invalid("The selection runs past the end of the document."));
            }
        }
        (Anchor::Text { .. }, _) => return Err(invalid("Only a text document has ranges of characters.")),
        (Anchor::Page { page }, Presentation::Pdf | Presentation::Image) => check_page(page, shown_as)?,
        (Anchor::Area { page, x, y, width, height }, Presentation::Pdf | Presentation::Image) => {
            check_page(page, shown_as)?;
            let inside = (0..FULL).contains(&x) && (0..FULL).contains(&y) && width > 0 && height > 0;
            // Compared by subtraction: a huge width must not overflow the sum.
            if !inside || width > FULL - x || height > FULL - y {
                return Err(invalid("The area must lie on the page: between 0 % and 100 % across and down."));
            }
        }
        (Anchor::Page { .. } | Anchor::Area { .. }, _) => {
            return Err(invalid("Only a PDF or an image has pages; mark a range of the text instead."));
        }
    }
    if input.kind == AnnotationKind::Note && matches!(input.anchor, Anchor::Area { .. }) {
        return Err(invalid("A note goes on a page or on a range of text."));
    }
    if input.kind == AnnotationKind::Redaction && matches!(input.anchor, Anchor::Page { .. }) {
        return Err(invalid("A redaction marks a range of text or an area of a page."));
    }
    Ok((text.to_string(), input.anchor))
}

fn check_page(page: i64, shown_as: Presentation) -> Result<(), Refusal> {
    if page < 1 || (shown_as == Presentation::Image && page != 1) {
        return Err(ValidationError::new("anchor", "Choose a page of the document, counting from 1.").into());
    }
    Ok(())
}

/// Who may delete an annotation: its author, or a holder of `manage_tags`.
pub fn may_delete(actor: &Access, actor_id: UserId, author: Option<UserId>) -> bool {
    author == Some(actor_id) || actor.can(Capability::ManageTags)
}

pub fn decide_delete(actor: &Access, actor_id: UserId, author: Option<UserId>) -> Result<(), Refusal> {
    require(actor, Capability::Annotate)
        .or_else(|refusal| if actor.can(Capability::ManageTags) { Ok(()) } else { Err(refusal) })?;
    if may_delete(actor, actor_id, author) {
        Ok(())
    } else {
        Err(Refusal::Forbidden("Only its author, or someone who manages the case's tags, can delete it.".into()))
    }
}

/// A text document's text as the viewer shows it, and as its character ranges count: line endings
/// as a browser's HTML parser leaves them (CRLF and a lone CR become LF), so that a range chosen on
/// screen covers the same characters when a production applies it.
pub fn as_shown(text: String) -> String {
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text }
}

/// The text with every redacted range replaced by █, one per character, so that the length and
/// the layout of what remains are kept. Ranges are in characters and may overlap or run past the end.
pub fn redact(text: &str, ranges: &[(i64, i64)]) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            let i = i as i64;
            let hidden = ranges.iter().any(|(start, end)| (*start..*end).contains(&i));
            if hidden && !c.is_whitespace() { '█' } else { c }
        })
        .collect()
}

/// A percentage of the page as typed into an area's fields (`12`, `12.5`, `.25`, `7.125`), in
/// hundredths of a per cent, a third decimal rounding half up; `None` for anything that is not a
/// plain unsigned decimal. Read with integers alone: a call to the standard float parser puts its
/// 20 KB table of powers of five into the first WASM chunk, since chunks cannot carry data.
pub fn percent_in_hundredths(typed: &str) -> Option<i64> {
    let typed = typed.trim();
    let (whole, fraction) = typed.split_once('.').unwrap_or((typed, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    // Digits only by now, so the integer parser fails on overflow alone.
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let mut places = fraction.bytes().map(|b| i64::from(b - b'0'));
    let mut hundredths = whole.checked_mul(100)?;
    hundredths = hundredths.checked_add(places.next().unwrap_or(0) * 10 + places.next().unwrap_or(0))?;
    if places.next().is_some_and(|third| third >= 5) {
        hundredths = hundredths.checked_add(1)?;
    }
    Some(hundredths)
}

/// Hundredths of a per cent (0 to `FULL`) as a person reads them: `12 %`, `12.5 %`, `7.25 %`;
/// exactly what was typed, without a float's rounding. The space is a no-break space, so that a
/// narrow column never leaves the % alone on a line.
pub fn percent_text(hundredths: i64) -> String {
    let (whole, part) = (hundredths / 100, hundredths % 100);
    match part {
        0 => format!("{whole}\u{a0}%"),
        p if p % 10 == 0 => format!("{whole}.{}\u{a0}%", p / 10),
        p => format!("{whole}.{p:02}\u{a0}%"),
    }
}

pub fn no_annotation(id: AnnotationId) -> Refusal {
    Refusal::NotFound(format!("This document has no note or redaction with id {id}. Someone may have deleted it."))
}

#[cfg(test)]
mod tests;
