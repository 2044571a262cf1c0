//! How a count reads wherever people see it (pages, messages, emails, the audit): "1 document",
//! "3 documents", never "document(s)".

/// The word that agrees with `n`: `one` for one, `many` for any other number ("that grant",
/// "those grants").
pub fn agreeing<'a, N>(n: N, one: &'a str, many: &'a str) -> &'a str
where
    N: PartialEq + From<u8>,
{
    if n == N::from(1) { one } else { many }
}

/// `n` followed by the noun that agrees with it.
pub fn count<N>(n: N, one: &str, many: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8> + Copy,
{
    format!("{n} {}", agreeing(n, one, many))
}

#[cfg(test)]
mod tests {
    use super::{agreeing, count};

    #[test]
    fn one_takes_the_singular_and_every_other_count_the_plural() {
        assert_eq!(count(1usize, "document", "documents"), "1 document");
        assert_eq!(count(0i64, "document", "documents"), "0 documents");
        assert_eq!(count(2u64, "person", "people"), "2 people");
        assert_eq!(count(11u32, "case", "cases"), "11 cases");
        assert_eq!(agreeing(1i64, "that grant", "those grants"), "that grant");
        assert_eq!(agreeing(3i64, "that grant", "those grants"), "those grants");
    }
}
