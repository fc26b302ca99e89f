//! The date an article's relative and yearless dates resolve against, and where it came from.
//!
//! A header line may carry more than a date: `Date: March 29, 2018 (updated March 30, 2018)`,
//! `Published: 10 April 2018, 09:30 GMT`. The first date of a `Published:` or `Date:` line is
//! the publication date; a date after "updated", "modified" or "revised" (on that line or an
//! `Updated:` line) is the modification date. A header that names no date it can read is
//! reported, never shown as if it had been used.

use crate::article::Article;
use crate::dates::Date;
use crate::dates::prose::find_dates;
use crate::timeline::ArticleRef;

/// Header keys that carry the publication date, in order of preference.
const PUBLISHED_KEYS: [&str; 2] = ["published", "date"];
/// Header keys and words that introduce a modification date.
const MODIFIED_WORDS: [&str; 4] = ["updated", "modified", "revised", "last updated"];

/// The dates an article's header gives.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HeaderDates {
    /// The first date of a `Date:`/`Published:` header line.
    pub published: Option<Date>,
    /// An `Updated:` header, or the "updated ..." part of the published line.
    pub modified: Option<Date>,
    /// A date header that could not be read: `file:line:column: message`.
    pub unreadable: Option<String>,
}

/// The reference date: the timeline's `article.published`, else the article's header.
pub fn reference_date(timeline_article: Option<&ArticleRef>, article: &Article) -> Option<Date> {
    timeline_article.and_then(|reference| reference.published.clone()).or_else(|| header_dates(article).published)
}

/// Reads the publication and modification dates from the article's header lines.
pub fn header_dates(article: &Article) -> HeaderDates {
    let mut dates = HeaderDates::default();
    for key in PUBLISHED_KEYS {
        let Some(field) = article.metadata.iter().find(|field| field.key.eq_ignore_ascii_case(key)) else {
            continue;
        };
        let (published, modified) = read_value(&field.value);
        match published {
            Some(published) => {
                dates.published = Some(published);
                dates.modified = dates.modified.take().or(modified);
                break;
            }
            None if dates.unreadable.is_none() => {
                let (line, column) = line_and_column(&article.source, field.span.start);
                dates.unreadable = Some(format!(
                    "{}:{line}:{column}: cannot read a date in `{}: {}`; dates written without a year are left \
                     unresolved (set article.published in the timeline or pass --published)",
                    article.path,
                    field.key,
                    excerpt(&field.value)
                ));
            }
            None => {}
        }
    }
    if dates.modified.is_none() {
        dates.modified = MODIFIED_WORDS.iter().find_map(|key| article.meta(key)).and_then(|value| {
            let (first, after_update) = read_value(value);
            first.or(after_update)
        });
    }
    if dates.published.is_some() {
        dates.unreadable = None;
    }
    dates
}

/// The first date of a header value, and a later one introduced by "updated" and the like.
fn read_value(value: &str) -> (Option<Date>, Option<Date>) {
    let value = value.trim();
    if let Ok(date) = Date::parse(value) {
        return (Some(date), None);
    }
    let mentions = find_dates(value, None);
    let introduced_by_update = |start: usize| {
        let before = value[..start].trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == '(');
        let before = before.to_ascii_lowercase();
        MODIFIED_WORDS.iter().any(|word| before.ends_with(word))
    };
    let mut published = None;
    let mut modified = None;
    for mention in &mentions {
        let (Some(date), None) = (&mention.date, &mention.relation) else { continue };
        if introduced_by_update(mention.span.start) {
            modified = modified.or_else(|| Some(date.clone()));
        } else if published.is_none() && modified.is_none() {
            published = Some(date.clone());
        }
    }
    (published, modified)
}

fn line_and_column(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |line| line.chars().count()) + 1;
    (line, column)
}

/// At most 60 characters of a value, for a message, cut after a whole word.
fn excerpt(value: &str) -> String {
    const LIMIT: usize = 60;
    let value = value.trim();
    if value.chars().count() <= LIMIT {
        return value.to_string();
    }
    let cut: String = value.chars().take(LIMIT).collect();
    let at_word = cut.rfind(char::is_whitespace).filter(|&at| at > LIMIT / 2).map_or(cut.as_str(), |at| &cut[..at]);
    format!("{}…", at_word.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates_of(text: &str) -> HeaderDates {
        header_dates(&Article::parse("story.txt", text.as_bytes()).expect("parses"))
    }

    fn shown(date: &Option<Date>) -> Option<String> {
        date.as_ref().map(ToString::to_string)
    }

    #[test]
    fn long_values_are_cut_after_a_whole_word() {
        let source = "Wednesday the fourth of April in the year two thousand and eighteen, at noon";
        let shown = excerpt(source);
        let cut = shown.strip_suffix('…').expect("an ellipsis");
        assert!(cut.chars().count() <= 60 && source.starts_with(cut), "{shown}");
        assert!(source[cut.len()..].starts_with(char::is_whitespace), "cut mid-word: {shown}");
    }

    #[test]
    fn the_first_date_is_published_and_an_update_is_modified() {
        let dates = dates_of("Title: T\nDate: March 29, 2018 (updated March 30, 2018)\n\nBody text.\n");
        assert_eq!(shown(&dates.published).as_deref(), Some("2018-03-29"));
        assert_eq!(shown(&dates.modified).as_deref(), Some("2018-03-30"));
        assert_eq!(dates.unreadable, None);
    }

    #[test]
    fn times_and_zones_after_the_date_are_ignored() {
        let dates = dates_of("Published: 10 April 2018, 09:30 GMT\nUpdated: 2018-04-11\n\nBody.\n");
        assert_eq!(shown(&dates.published).as_deref(), Some("2018-04-10"));
        assert_eq!(shown(&dates.modified).as_deref(), Some("2018-04-11"));
        assert_eq!(shown(&dates_of("Date: 2018-04-05\n\nBody.\n").published).as_deref(), Some("2018-04-05"));
    }

    #[test]
    fn an_unreadable_date_is_reported_with_its_place() {
        let dates = dates_of("Title: T\nDate: the other day\n\nBody.\n");
        assert_eq!(dates.published, None);
        let message = dates.unreadable.expect("a warning");
        assert!(message.starts_with("story.txt:2:1: cannot read a date in `Date: the other day`"), "{message}");
    }

    #[test]
    fn no_date_header_is_no_warning() {
        let dates = dates_of("Title: T\n\nBody.\n");
        assert_eq!(dates, HeaderDates::default());
    }
}
