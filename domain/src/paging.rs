//! Paging of long lists (cases, people): which page, how many on it, and how many pages there
//! are. A request for page 0 or for too many at once is brought within bounds instead of refused,
//! as people expect of any list they page through.
use serde::{Deserialize, Serialize};

/// One page of a list: its number (1 for the first) and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl Paging {
    /// The page asked for, `default` items unless a size is asked, at most `max`.
    pub fn new(page: Option<u32>, per_page: Option<u32>, default: u32, max: u32) -> Paging {
        Paging { page: page.unwrap_or(1).max(1), per_page: per_page.unwrap_or(default).clamp(1, max) }
    }

    /// The index of the page's first item in the whole list.
    pub fn offset(&self) -> usize {
        (self.page as usize - 1) * self.per_page as usize
    }

    /// This page's part of the whole list.
    pub fn window<T>(&self, items: impl IntoIterator<Item = T>) -> Vec<T> {
        items.into_iter().skip(self.offset()).take(self.per_page as usize).collect()
    }
}

/// How many pages `total` items fill (one, when there are none).
pub fn page_count(total: i64, per_page: u32) -> u32 {
    (total.max(0) as u64).div_ceil(per_page.max(1) as u64).max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_page_is_its_slice_of_the_list() {
        let paging = Paging::new(Some(2), Some(3), 50, 200);
        assert_eq!(paging.window(1..=8), vec![4, 5, 6]);
        assert_eq!(Paging::new(Some(3), Some(3), 50, 200).window(1..=8), vec![7, 8]);
        assert_eq!(Paging::new(None, None, 50, 200), Paging { page: 1, per_page: 50 });
        assert_eq!((page_count(0, 50), page_count(50, 50), page_count(51, 50)), (1, 1, 2));
    }

    proptest! {
        #[test]
        fn every_item_is_on_exactly_one_page(total in 0usize..500, per_page in 1u32..60) {
            let pages = page_count(total as i64, per_page);
            let mut seen = Vec::new();
            for page in 1..=pages {
                seen.extend(Paging::new(Some(page), Some(per_page), 50, 200).window(0..total));
            }
            prop_assert_eq!(seen, (0..total).collect::<Vec<_>>());
        }

        #[test]
        fn any_request_gives_a_page_within_bounds(page in proptest::option::of(0u32..10_000), per_page in proptest::option::of(0u32..100_000)) {
            let paging = Paging::new(page, per_page, 100, 500);
            prop_assert!(paging.page >= 1);
            prop_assert!((1..=500).contains(&paging.per_page));
        }
    }
}
