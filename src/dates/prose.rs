//! Dates written in running English prose, resolved against a reference date.

use std::ops::Range;

use super::Date;

/// A date expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Byte span in the text that was searched.
    pub span: Range<usize>,
    /// The normalized interval; `None` when it cannot be resolved (no year and no reference date).
    pub date: Option<Date>,
    /// A relation word that qualifies it: "since", "until", "before", "after".
    pub relation: Option<String>,
}

/// Finds every date expression in `text`, resolving partial and relative dates against
/// `reference` (the article's publication date).
pub fn find_dates(text: &str, reference: Option<&Date>) -> Vec<DateMention> {
    let _ = (text, reference);
    todo!("prose date extraction")
}
