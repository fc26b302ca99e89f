//! Event ids for imported files: lowercase ASCII letters and digits in words joined by single
//! '-', unique within the timeline.

use std::collections::{HashMap, HashSet};

/// Ids made from headlines stay short enough to type.
const MAX_ID_LEN: usize = 48;

/// True for an id the timeline accepts as it is.
pub(crate) fn is_valid(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN * 2
        && id
            .split('-')
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// The words of `text` as an id: letters and digits kept (common Latin accents folded),
/// everything else a separator; cut at a word boundary. Empty when nothing is left.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        match fold_accent(c) {
            Some(c) if c.is_ascii_alphanumeric() => {
                let dash = pending_dash && !slug.is_empty();
                if slug.len() + usize::from(dash) + 1 > MAX_ID_LEN {
                    // Too long: drop the word that does not fit whole.
                    if !dash && let Some((words, _)) = slug.rsplit_once('-') {
                        slug.truncate(words.len());
                    }
                    break;
                }
                if dash {
                    slug.push('-');
                }
                slug.push(c);
                pending_dash = false;
            }
            _ => pending_dash = true,
        }
    }
    slug
}

fn fold_accent(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => return None,
    };
    Some(folded)
}

/// Hands out ids, each once.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    used: HashSet<String>,
    /// The next suffix to try for each base made so far: a search that restarted at `-2`
    /// for every repeat of a headline made importing n repeats quadratic.
    next_suffix: HashMap<String, usize>,
}

impl Ids {
    /// Reserves an id the file gave, when it is valid and not taken; false otherwise.
    pub(crate) fn claim(&mut self, id: &str) -> bool {
        is_valid(id) && self.used.insert(id.to_string())
    }

    /// A fresh id made from `text`, with `-2`, `-3`, ... added when it is taken.
    pub(crate) fn make(&mut self, text: &str) -> String {
        let base = Some(slugify(text)).filter(|slug| !slug.is_empty()).unwrap_or_else(|| "event".to_string());
        if self.used.insert(base.clone()) {
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_become_ids() {
        assert_eq!(slugify("Wang Yi visits Moscow (Xi's envoy)"), "wang-yi-visits-moscow-xi-s-envoy");
        assert_eq!(slugify("  Économie -- Zürich!  "), "economie-zurich");
        assert_eq!(slugify("中国"), "");
        let long = slugify(&"word ".repeat(40));
        assert!(long.len() <= MAX_ID_LEN && is_valid(&long), "{long}");
        assert_eq!(slugify(&format!("{} effectively", "a".repeat(40))), "a".repeat(40), "no cut words");
    }

    #[test]
    fn ids_are_unique_and_valid() {
        let mut ids = Ids::default();
        assert!(ids.claim("summit"));
        assert!(!ids.claim("summit"));
        assert!(!ids.claim("Bad Id"));
        assert_eq!(ids.make("Summit"), "summit-2");
        assert_eq!(ids.make("Summit"), "summit-3");
        assert_eq!(ids.make("中国"), "event");
        assert_eq!(ids.make("!!!"), "event-2");
        assert!(ids.claim("event-3"));
        assert_eq!(ids.make("!!!"), "event-4", "a suffix the file claimed is skipped");
        for id in ["summit-2", "event", "a1-b2"] {
            assert!(is_valid(id), "{id}");
        }
        for id in ["", "-a", "a-", "a--b", "A", "a_b", "é"] {
            assert!(!is_valid(id), "{id}");
        }
    }

    #[test]
    fn many_repeats_of_a_headline_take_linear_time() {
        let mut ids = Ids::default();
        let started = std::time::Instant::now();
        for _ in 0..40_000 {
            ids.make("Summit");
        }
        assert_eq!(ids.make("Summit"), "summit-40001");
        // Quadratic, this is 800 million tries: minutes even in a release build.
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }
}
