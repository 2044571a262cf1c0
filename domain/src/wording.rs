//! How a count reads wherever people see it (pages, messages, emails, the audit): "1 document",
//! "3 documents", never "document(s)".

/// `n` followed by the noun that agrees with it.
pub fn count<N>(n: N, one: &str, many: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    let noun = if n == N::from(1) { one } else { many };
    format!("{n} {noun}")
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_takes_the_singular_and_every_other_count_the_plural() {
        assert_eq!(count(1usize, "document", "documents"), "1 document");
        assert_eq!(count(0i64, "document", "documents"), "0 documents");
        assert_eq!(count(2u64, "person", "people"), "2 people");
        assert_eq!(count(11u32, "case", "cases"), "11 cases");
    }
}
