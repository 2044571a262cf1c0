//! HTTP range requests (RFC 9110 §14) for downloads: one range of bytes, so that a large file can
//! be resumed and a viewer can seek. Several ranges in one request are answered with the whole.
use std::ops::Range;

/// What a `Range` header asks of a body of `size` bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Ask {
    /// No range, or one this server answers with the whole body.
    Whole,
    Part(Range<u64>),
    /// A range that lies outside the body: 416.
    Unsatisfiable,
}

pub fn parse(header: Option<&str>, size: u64) -> Ask {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else { return Ask::Whole };
    if spec.contains(',') {
        return Ask::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else { return Ask::Whole };
    let (first, last) = (first.trim(), last.trim());
    let range = match (first.parse::<u64>(), last.parse::<u64>()) {
        (Ok(start), Ok(end)) if start <= end => start..(end + 1).min(size),
        (Ok(_), Ok(_)) => return Ask::Whole,
        (Ok(start), Err(_)) if last.is_empty() => start..size,
        (Err(_), Ok(suffix)) if first.is_empty() => size.saturating_sub(suffix)..size,
        _ => return Ask::Whole,
    };
    if range.start >= size || range.is_empty() { Ask::Unsatisfiable } else { Ask::Part(range) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_as_rfc_9110_reads_them() {
        assert_eq!(parse(None, 100), Ask::Whole);
        assert_eq!(parse(Some("bytes=0-9"), 100), Ask::Part(0..10));
        assert_eq!(parse(Some("bytes=90-"), 100), Ask::Part(90..100));
        assert_eq!(parse(Some("bytes=-5"), 100), Ask::Part(95..100));
        assert_eq!(parse(Some("bytes=50-500"), 100), Ask::Part(50..100));
        assert_eq!(parse(Some("bytes=100-"), 100), Ask::Unsatisfiable);
        assert_eq!(parse(Some("bytes=0-1,5-6"), 100), Ask::Whole);
        assert_eq!(parse(Some("items=0-1"), 100), Ask::Whole);
        assert_eq!(parse(Some("bytes=9-3"), 100), Ask::Whole);
        assert_eq!(parse(Some("bytes=-0"), 100), Ask::Unsatisfiable);
    }
}
