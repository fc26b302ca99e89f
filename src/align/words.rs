//! Words of event titles: stopwords, light stemming, and which endings a stem accepts in
//! the text ("visits" -> `visit`, which finds "visit", "visited", "visiting").

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// English function words and words too common in event titles to say which event a
/// sentence is about.
const STOPWORDS: &[&str] = &[
    "a", "about", "above", "across", "after", "again", "against", "all", "also", "am", "among", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "between", "both", "but", "by", "can", "could",
    "did", "do", "does", "during", "each", "few", "for", "from", "further", "had", "has", "have", "he", "her", "here",
    "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "more", "most", "new", "no", "nor", "not", "of",
    "off", "on", "once", "one", "only", "or", "other", "our", "out", "over", "own", "same", "she", "should", "so",
    "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "to", "too", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "under", "until",
    "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "would", "you", "your", "first", "second", "last", "next", "says", "said", "say", "year", "years", "day", "days",
    "week", "month", "time", "via", "per", "vs", "de", "la", "le", "el", "del", "der", "und",
];

pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(&word)
}

/// Content words so common in news that, in a title, they say little about which event a
/// sentence is about: people and bodies in general, quantities, generic places and actions.
/// They still count, for half.
const GENERIC_NEWS_WORDS: &[&str] = &[
    "people",
    "person",
    "soldiers",
    "troops",
    "forces",
    "military",
    "army",
    "police",
    "officials",
    "official",
    "government",
    "governments",
    "state",
    "country",
    "countries",
    "national",
    "international",
    "president",
    "minister",
    "leader",
    "leaders",
    "court",
    "tribunal",
    "judge",
    "judges",
    "case",
    "security",
    "group",
    "groups",
    "report",
    "reports",
    "statement",
    "public",
    "foreign",
    "world",
    "former",
    "major",
    "support",
    "issue",
    "plan",
    "policy",
    "political",
    "percent",
    "million",
    "billion",
    "city",
    "region",
    "area",
    "local",
    "office",
    "administration",
    "activities",
    "individuals",
    "entities",
    "action",
    "actions",
    "measures",
    "efforts",
    "economic",
    "rate",
    "rates",
    "base",
    "killed",
    "dead",
    "men",
    "women",
    "members",
    "members",
    "militants",
    "rebels",
    "officers",
    "authorities",
    "agency",
    "council",
    "committee",
    "house",
    "united",
    "federal",
    "general",
    "chief",
    "head",
    "high",
    "top",
    "senior",
    "key",
    "big",
    "large",
    "small",
    "part",
    "order",
    "law",
    "rules",
    "system",
    "program",
    "programme",
    "service",
    "services",
    "company",
    "companies",
    "firm",
    "firms",
    "bank",
    "market",
    "markets",
    "share",
    "shares",
    "deal",
    "news",
    "media",
    "life",
    "home",
    "family",
    "children",
];

/// The roots of the generic words, stemmed once.
static GENERIC_ROOTS: LazyLock<HashSet<String>> =
    LazyLock::new(|| GENERIC_NEWS_WORDS.iter().map(|word| stem(word).root).collect());

/// Whether a title word (lowercase) is one of the generic words of news.
pub fn is_generic(word: &str) -> bool {
    GENERIC_ROOTS.contains(&stem(word).root)
}

/// Words news uses for the same kind of event. An analyst titles an event "three convicted"
/// and the story says "found guilty": a title word also finds the other words of its family,
/// for less (see `phrases::SYNONYM_SHARE`). Each word is matched through its stem, so one
/// inflection stands for all ("convicted" for "convict", "convicts").
const EVENT_WORD_FAMILIES: &[&[&str]] = &[
    &["convicted", "guilty", "verdict", "conviction"],
    &["sentenced", "jail", "prison", "imprisonment"],
    &["acquitted", "acquittal", "cleared"],
    &["arrested", "detained", "custody", "detention"],
    &["indicted", "indictment", "charged", "warrant"],
    &["attack", "assault", "raid", "massacre", "bombing", "ambush", "siege"],
    &["killed", "killing", "dead", "death", "deaths"],
    &["seized", "captured", "overran", "overrun"],
    &["withdrawal", "withdrew", "withdraw", "exit", "pullout"],
    &["visit", "trip", "travel", "tour"],
    &["agreement", "deal", "accord", "pact", "treaty"],
    &["ceasefire", "truce", "armistice"],
    &["sanctions", "sanctioned", "penalties"],
    &["expels", "expelled", "expulsion"],
    &["tariffs", "duties", "levies"],
    &["election", "vote", "ballot", "poll"],
    &["resignation", "resigned", "resigns"],
    &["invasion", "invaded", "incursion", "offensive"],
    &["surrender", "surrendered"],
    &["protest", "demonstration", "rally", "marched"],
    &["apology", "apologized", "apologised", "apologizes"],
    &["ban", "banned", "barred", "prohibition"],
    &["founded", "established", "created"],
];

/// Each family member's root, stemmed once, with its family's index.
static FAMILY_ROOTS: LazyLock<HashMap<String, usize>> = LazyLock::new(|| {
    EVENT_WORD_FAMILIES
        .iter()
        .enumerate()
        .flat_map(|(family, members)| members.iter().map(move |member| (stem(member).root, family)))
        .collect()
});

/// The other words of the family `word` (lowercase) belongs to, when it belongs to one.
pub fn event_synonyms(word: &str) -> Vec<&'static str> {
    let root = stem(word).root;
    let Some(&family) = FAMILY_ROOTS.get(&root) else { return Vec::new() };
    EVENT_WORD_FAMILIES[family].iter().copied().filter(|member| stem(member).root != root).collect()
}

/// A title word as the matcher looks for it: the root to find in the text, and whether the
/// word ended in a consonant + `y` (its root then needs a `y`-ending: "party"/"parties").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stem {
    pub root: String,
    pub y_class: bool,
    /// A demonym cut back to its country ("korean" -> `korea`), which then also finds
    /// "Korea", "Koreas" and "Koreans".
    pub demonym: bool,
}

/// Light stemming for English (plural, possessive, -ed, -ing, final -e), enough to let
/// "Koreas" find "Korea" and "expelled" find "expels". `word` is lowercase.
pub fn stem(word: &str) -> Stem {
    let word = word.trim_end_matches("'s").trim_end_matches("\u{2019}s");
    let plain = |root: &str| Stem { root: root.to_string(), y_class: false, demonym: false };
    let long = word.chars().count() > 4;
    if word.chars().any(|c| !c.is_ascii_alphabetic()) {
        return plain(word);
    }
    if long && let Some(root) = word.strip_suffix("ies") {
        return Stem { root: root.to_string(), y_class: true, demonym: false };
    }
    if word.len() >= 6 && (word.ends_with("ian") || word.ends_with("ean")) {
        return Stem { root: word[..word.len() - 1].to_string(), y_class: false, demonym: true };
    }
    if word.len() >= 7 && (word.ends_with("ians") || word.ends_with("eans")) {
        return Stem { root: word[..word.len() - 2].to_string(), y_class: false, demonym: true };
    }
    if word.len() > 3
        && let Some(root) = word.strip_suffix('y')
        && root.ends_with(|c: char| !is_vowel(c))
    {
        return Stem { root: root.to_string(), y_class: true, demonym: false };
    }
    if let Some(root) = word.strip_suffix("es")
        && (root.ends_with("ss") || root.ends_with("ch") || root.ends_with("sh") || root.ends_with('x'))
    {
        return plain(root);
    }
    if let Some(root) = word.strip_suffix('s')
        && !(root.ends_with('s') || root.ends_with('u') || root.ends_with('i'))
        && root.len() >= 3
    {
        return plain(&strip_final_e(root));
    }
    for suffix in ["ing", "ed"] {
        if let Some(root) = word.strip_suffix(suffix)
            && root.len() >= 4
        {
            return plain(&undouble(root));
        }
    }
    plain(&strip_final_e(word))
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn strip_final_e(word: &str) -> String {
    match word.strip_suffix('e') {
        Some(root) if root.len() >= 3 => root.to_string(),
        _ => word.to_string(),
    }
}

/// "expell" -> "expel", "dropp" -> "drop"; "pass" stays.
fn undouble(root: &str) -> String {
    let bytes = root.as_bytes();
    match bytes {
        [.., a, b] if a == b && !is_vowel(*b as char) && !matches!(b, b's' | b'z') => {
            root[..root.len() - 1].to_string()
        }
        _ => root.to_string(),
    }
}

/// Whether `rest` (the letters following a root in the text, lowercase) completes the root
/// into an inflected form of the same word.
pub fn accepts_ending(stem: &Stem, rest: &str) -> bool {
    if stem.y_class {
        return matches!(rest, "y" | "ies" | "ied" | "ying" | "y's");
    }
    if stem.demonym {
        return matches!(rest, "" | "s" | "n" | "ns");
    }
    if matches!(rest, "" | "s" | "es" | "e" | "ed" | "d" | "ing" | "er" | "ers") {
        return true;
    }
    // A doubled final consonant: "expel" + "led", "drop" + "ping".
    let mut chars = rest.chars();
    match (stem.root.chars().last(), chars.next()) {
        (Some(last), Some(first)) if last == first && !is_vowel(last) => {
            matches!(chars.as_str(), "ed" | "ing" | "er")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(title_word: &str, text_word: &str) -> bool {
        let stem = stem(title_word);
        text_word.strip_prefix(stem.root.as_str()).is_some_and(|rest| accepts_ending(&stem, rest))
    }

    #[test]
    fn inflections_find_each_other() {
        for (title, text) in [
            ("visits", "visited"),
            ("visits", "visit"),
            ("visit", "visiting"),
            ("expels", "expelled"),
            ("expelled", "expels"),
            ("tariffs", "tariff"),
            ("poisoning", "poisoned"),
            ("party", "parties"),
            ("parties", "party"),
            ("initiative", "initiatives"),
            ("dissolve", "dissolved"),
            ("crisis", "crisis"),
            ("talks", "talk"),
            ("summit", "summits"),
            ("korea", "koreas"),
            ("marches", "march"),
            ("korean", "koreas"),
            ("korean", "korea"),
            ("russians", "russia"),
            ("russia", "russias"),
        ] {
            assert!(finds(title, text), "{title} should find {text}");
        }
    }

    #[test]
    fn different_words_stay_apart() {
        for (title, text) in [
            ("visit", "visitor"),
            ("diplomats", "diplomatic"),
            ("union", "unionist"),
            ("party", "part"),
            ("russia", "russian"),
            ("korea", "korean"),
            ("korean", "koreatown"),
            ("war", "warm"),
        ] {
            assert!(!finds(title, text), "{title} should not find {text}");
        }
    }

    #[test]
    fn event_words_find_their_family_by_any_inflection() {
        assert_eq!(event_synonyms("convicts"), ["guilty", "verdict", "conviction"]);
        assert!(event_synonyms("massacre").contains(&"attack"));
        assert!(event_synonyms("visits").contains(&"trip"));
        assert!(event_synonyms("Putin").is_empty() && event_synonyms("garissa").is_empty());
    }

    #[test]
    fn stopwords_cover_function_and_generic_words() {
        assert!(is_stopword("the") && is_stopword("of") && is_stopword("said"));
        assert!(!is_stopword("summit"));
    }
}
