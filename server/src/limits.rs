//! Limits the server enforces on every request, apart from the handlers that report them.

/// Request bodies larger than this are refused with 413 before they are read.
pub const MAX_BODY_BYTES: usize = 256 * 1024;
