//! `find_dates` end to end: each pattern, resolution against the reference and the tense,
//! and properties that hold for any text.

use super::{DateForm, Unresolved, find_dates};
use crate::dates::{Date, DatePoint};

fn reference(text: &str) -> Date {
    Date::parse(text).expect("a valid reference")
}

/// Each mention as `text => date` (`?` when unresolved), for compact assertions.
fn found(text: &str, reference_date: Option<&str>) -> Vec<String> {
    let reference_date = reference_date.map(reference);
    find_dates(text, reference_date.as_ref())
        .into_iter()
        .map(|mention| {
            let date = mention.date.as_ref().map_or("?".to_string(), ToString::to_string);
            format!("{} => {date}", &text[mention.span])
        })
        .collect()
}

fn one(text: &str, reference_date: Option<&str>) -> String {
    let all = found(text, reference_date);
    assert_eq!(all.len(), 1, "{text:?}: {all:?}");
    all.into_iter().next().unwrap_or_default()
}

#[test]
fn years_and_decades() {
    assert_eq!(one("It happened in 2013.", None), "2013 => 2013");
    assert_eq!(one("1992 was a hard year", None), "1992 => 1992");
    assert_eq!(one("Prices rose in the 1990s, they said", None), "1990s => 1990/1999");
    assert_eq!(one("a boom in the mid-1990s", None), "mid-1990s => 1993/1996~");
    assert_eq!(one("by early 2018 it was over", None), "early 2018 => 2018-01/2018-04~");
    assert_eq!(one("The 2018 World Cup", None), "2018 => 2018");
}

#[test]
fn numbers_that_are_not_years() {
    for text in [
        "tariffs on 128 products",
        "about $50bn of goods",
        "Britain expelled 23 diplomats",
        "a 25% tariff",
        "2,000 people marched",
        "some 1500 troops",
        "it cost $2000 in total",
        "a 2000km border",
        "see page 1992 of the report",
        "Theresa May expelled them",
        "China may retaliate",
        "scores of 1.2018 and 10:30",
    ] {
        assert_eq!(found(text, Some("2018-04-10")), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn months_and_days_with_years() {
    assert_eq!(one("prices in March 2018 fell", None), "March 2018 => 2018-03");
    assert_eq!(one("on 26 December 1991 the flag", None), "26 December 1991 => 1991-12-26");
    assert_eq!(one("on December 26, 1991, the flag", None), "December 26, 1991 => 1991-12-26");
    assert_eq!(one("on the 26th of December 1991", None), "26th of December 1991 => 1991-12-26");
    assert_eq!(one("filed 2018-04-05 at noon", None), "2018-04-05 => 2018-04-05");
    assert_eq!(one("due on Sept. 11, 2001", None), "Sept. 11, 2001 => 2001-09-11");
    assert_eq!(one("in the 2018-04 issue", None), "2018-04 => 2018-04");
}

#[test]
fn ranges() {
    assert_eq!(one("On April 4-5, Wang Yi visited Moscow", Some("2018-04-10")), "April 4-5 => 2018-04-04/2018-04-05");
    assert_eq!(one("talks on 4\u{2013}5 April 2018", None), "4\u{2013}5 April 2018 => 2018-04-04/2018-04-05");
    assert_eq!(one("from March to May 2018 they met", None), "from March to May 2018 => 2018-03/2018-05");
    assert_eq!(one("March to May 2018 saw talks", None), "March to May 2018 => 2018-03/2018-05");
    assert_eq!(one("the talks ran from 2003 to 2009.", None), "from 2003 to 2009 => 2003/2009");
    assert_eq!(one("the talks (2003\u{2013}09) failed", None), "2003\u{2013}09 => 2003/2009");
    assert_eq!(one("between 2003 and 2009 the talks", None), "between 2003 and 2009 => 2003/2009");
    assert_eq!(one("from December to February 2018", None), "from December to February 2018 => 2017-12/2018-02");
}

#[test]
fn open_ranges_keep_the_named_date_as_anchor() {
    let text = "Since 1992 when the former Soviet Union was dissolved";
    let mentions = find_dates(text, None);
    assert_eq!(mentions.len(), 1);
    let mention = &mentions[0];
    assert_eq!(&text[mention.span.clone()], "Since 1992");
    assert_eq!(mention.relation.as_deref(), Some("since"));
    assert_eq!(mention.date.as_ref().map(ToString::to_string).as_deref(), Some("1992/.."));
    assert_eq!(mention.anchor.as_ref().map(ToString::to_string).as_deref(), Some("1992"));
    assert_eq!(one("in force until 2009.", None), "until 2009 => ../2009");
    assert_eq!(one("it began before 2009.", None), "before 2009 => ../2008");
    assert_eq!(one("after March 2018 it grew", None), "after March 2018 => 2018-04/..");
    assert_eq!(one("from 1992 on, it grew", None), "from 1992 => 1992/..");
}

#[test]
fn days_without_a_year_follow_the_reference_and_the_tense() {
    // Past tense after the date: the occurrence before the reference, never 2019.
    assert_eq!(one("On April 4-5, Wang Yi visited Moscow.", Some("2018-04-10")), "April 4-5 => 2018-04-04/2018-04-05");
    // A month later than the reference month in past-tense context is last year.
    assert_eq!(one("In December the talks collapsed.", Some("2018-04-10")), "December => 2017-12");
    // Future context looks ahead.
    assert_eq!(one("The summit will be held on April 27.", Some("2018-04-10")), "April 27 => 2018-04-27");
    assert_eq!(one("Talks will resume in February.", Some("2018-04-10")), "February => 2019-02");
    // No tense: the nearest occurrence.
    assert_eq!(one("Summit on December 28.", Some("2018-01-03")), "December 28 => 2017-12-28");
    // A month reference is enough.
    assert_eq!(one("On April 4-5, Wang Yi visited Moscow.", Some("2018-04")), "April 4-5 => 2018-04-04/2018-04-05");
}

#[test]
fn years_named_elsewhere_do_not_leak_into_partial_dates() {
    let text = "Since 1992 the ties grew. On April 4-5, Wang Yi visited Moscow.";
    assert_eq!(found(text, Some("2018-04-10")), ["Since 1992 => 1992/..", "April 4-5 => 2018-04-04/2018-04-05"]);
}

#[test]
fn without_a_reference_partial_dates_stay_unresolved_and_say_why() {
    let text = "On April 4-5, Wang Yi visited Moscow.";
    let mentions = find_dates(text, None);
    assert_eq!(mentions.len(), 1);
    assert_eq!(mentions[0].date, None);
    assert_eq!(mentions[0].unresolved, Some(Unresolved::NoReference));
    assert_eq!(&text[mentions[0].span.clone()], "April 4-5");
    assert_eq!(one("He resigned yesterday.", None), "yesterday => ?");
    let coarse = find_dates("He resigned yesterday.", Some(&reference("2018-04")));
    assert_eq!(coarse[0].unresolved, Some(Unresolved::CoarseReference));
}

#[test]
fn relative_dates() {
    let at = Some("2018-04-12"); // a Thursday
    assert_eq!(one("He resigned yesterday.", at), "yesterday => 2018-04-11");
    assert_eq!(one("Sales fell last month.", at), "last month => 2018-03");
    assert_eq!(one("Sales fell last year.", at), "last year => 2017");
    assert_eq!(one("It grows this year.", at), "this year => 2018");
    assert_eq!(one("It opens next month.", at), "next month => 2018-05");
    assert_eq!(one("They met last week.", at), "last week => 2018-04-02/2018-04-08");
    // The publication day itself, not the Thursday before (issue 12).
    assert_eq!(one("They met on Thursday.", at), "Thursday => 2018-04-12");
    assert_eq!(one("They met on Monday.", at), "Monday => 2018-04-09");
    assert_eq!(one("They will meet on Monday.", at), "Monday => 2018-04-16");
    assert_eq!(one("It closed last March.", at), "last March => 2018-03");
    assert_eq!(one("It closed last May.", at), "last May => 2017-05");
    assert_eq!(one("It closed two years ago.", at), "two years ago => 2016");
    assert_eq!(one("It closed 3 days ago.", at), "3 days ago => 2018-04-09");
}

#[test]
fn a_weekday_is_the_publication_day_when_it_is_that_day() {
    let thursday = Some("2018-04-12");
    assert_eq!(one("Ministers said on Thursday that talks failed.", thursday), "Thursday => 2018-04-12");
    assert_eq!(one("Thursday's announcement surprised markets.", thursday), "Thursday => 2018-04-12");
    let friday = Some("2018-04-13");
    assert_eq!(one("She will speak on Friday.", friday), "Friday => 2018-04-13");
    // Otherwise past narration takes the latest, the future the coming one.
    assert_eq!(one("The talks collapsed on Monday.", thursday), "Monday => 2018-04-09");
    assert_eq!(one("Talks will resume on Monday.", thursday), "Monday => 2018-04-16");
    assert_eq!(one("He said on Friday the talks were over.", thursday), "Friday => 2018-04-06");
    // "last" and "next" never mean the day itself.
    assert_eq!(one("They met last Thursday.", thursday), "last Thursday => 2018-04-05");
    assert_eq!(one("They meet next Thursday.", thursday), "next Thursday => 2018-04-19");
    assert_eq!(one("They meet next Friday.", thursday), "next Friday => 2018-04-13");
    assert_eq!(one("Talks are set to resume Monday.", thursday), "Monday => 2018-04-16");
    // A weekday naming a day picks its year: 25 April 2015 was a Saturday.
    assert_eq!(one("In an editorial on Saturday, April 25:", Some("2016-01-10")), "Saturday, April 25 => 2015-04-25");
}

#[test]
fn each_form_is_recorded() {
    let forms = |text: &str| -> Vec<DateForm> {
        find_dates(text, Some(&reference("2018-04-12"))).into_iter().map(|mention| mention.form).collect()
    };
    assert_eq!(forms("On 26 December 1991 and in the 1990s"), [DateForm::Absolute, DateForm::Absolute]);
    assert_eq!(forms("On April 4-5 and in March"), [DateForm::Partial, DateForm::Partial]);
    assert_eq!(forms("yesterday, last month, two years ago"), [DateForm::Relative; 3]);
    assert_eq!(forms("on Thursday, last Monday"), [DateForm::Weekday; 2]);
    assert_eq!(forms("now, currently, today"), [DateForm::Present; 3]);
}

#[test]
fn the_present_is_the_publication_day_marked_as_such() {
    let text = "Prices are now higher and currently rising; today's vote";
    let mentions = find_dates(text, Some(&reference("2018-04-12")));
    let summary: Vec<(String, String, Option<String>)> = mentions
        .iter()
        .map(|mention| {
            let date = mention.date.as_ref().map(ToString::to_string).unwrap_or_default();
            (text[mention.span.clone()].to_string(), date, mention.timex_value())
        })
        .collect();
    let expected = [
        ("now", "2018-04-12", "PRESENT_REF"),
        ("currently", "2018-04-12", "PRESENT_REF"),
        ("today", "2018-04-12", "2018-04-12"),
    ];
    let expected: Vec<(String, String, Option<String>)> = expected
        .iter()
        .map(|(span, date, value)| (span.to_string(), date.to_string(), Some(value.to_string())))
        .collect();
    assert_eq!(summary, expected);
}

#[test]
fn early_mid_and_late_narrow_the_interval_and_the_span_covers_them() {
    let at = Some("2018-04-12");
    assert_eq!(one("It began in early March.", at), "early March => 2018-03-01/2018-03-10~");
    assert_eq!(one("It began in mid-March.", at), "mid-March => 2018-03-11/2018-03-20~");
    assert_eq!(one("It began in early-March.", at), "early-March => 2018-03-01/2018-03-10~");
    assert_eq!(one("It ended late last July.", at), "late last July => 2017-07-21/2017-07-31~");
    assert_eq!(one("It ends in early next year.", at), "early next year => 2019-01/2019-04~");
    assert_eq!(one("by early 2018 it was over", None), "early 2018 => 2018-01/2018-04~");
    assert_eq!(one("a boom in the late 1970s", None), "late 1970s => 1976/1979~");
    assert_eq!(one("Sales rose earlier this year.", at), "earlier this year => 2018-01-01/2018-04-11");
    assert_eq!(one("Sales rose earlier this month.", Some("2018-04-01")), "earlier this month => 2018-04-01");
    assert_eq!(one("A vote comes later this month.", at), "later this month => 2018-04-12/2018-04-30");
    assert_eq!(one("It closes by the end of the year.", at), "the end of the year => 2018-09/2018-12~");
    assert_eq!(one("It closes at year-end.", at), "year-end => 2018-09/2018-12~");
    assert_eq!(one("It opens in early summer.", at), "early summer => 2018-06~");
    assert_eq!(one("at the beginning of March 2017", at), "the beginning of March 2017 => 2017-03-01/2017-03-10~");
}

#[test]
fn years_as_modifiers_and_possessives() {
    let at = Some("2018-04-12");
    assert_eq!(one("after a 2010 commando raid", at), "2010 => 2010");
    assert_eq!(one("during his 2007 campaign", at), "2007 => 2007");
    assert_eq!(one("Friday's announcement was delayed.", at), "Friday => 2018-04-06");
    assert_eq!(one("this year's budget", at), "this year => 2018");
    assert_eq!(one("last month's talks", at), "last month => 2018-03");
    assert_eq!(found("some 1500 troops and a 2000km border", at), Vec::<String>::new());
}

#[test]
fn centuries_seasons_quarters_and_fiscal_years() {
    let at = Some("2018-04-12");
    let value = |text: &str| -> Vec<String> {
        find_dates(text, Some(&reference("2018-04-12")))
            .iter()
            .map(|mention| format!("{} {}", &text[mention.span.clone()], mention.timex_value().unwrap_or_default()))
            .collect()
    };
    assert_eq!(one("the 20th century ended", at), "the 20th century => 1900/1999");
    assert_eq!(value("the 20th century ended"), ["the 20th century 19"]);
    assert_eq!(one("It rained last summer.", at), "last summer => 2017-06/2017-08");
    assert_eq!(one("It opens this summer.", at), "this summer => 2018-06/2018-08");
    assert_eq!(one("It snowed last winter.", at), "last winter => 2017-12/2018-02");
    assert_eq!(value("It snowed last winter."), ["last winter 2017-WI"]);
    assert_eq!(one("in the summer of 1998", at), "the summer of 1998 => 1998-06/1998-08");
    assert_eq!(value("It rained last summer."), ["last summer 2017-SU"]);
    assert_eq!(one("Profit fell in the first quarter.", at), "the first quarter => 2018-01/2018-03");
    assert_eq!(value("third-quarter profit fell"), ["third-quarter 2017-Q3"]);
    assert_eq!(value("in the fourth quarter of 2016"), ["the fourth quarter of 2016 2016-Q4"]);
    assert_eq!(value("than in the 2016 fourth quarter"), ["2016 fourth quarter 2016-Q4"]);
    assert_eq!(value("Profit fell in the quarter."), ["the quarter 2018-Q1"]);
    assert_eq!(value("She lost in the quarter-final."), Vec::<String>::new());
    assert_eq!(value("in the first half of 1998"), ["the first half of 1998 1998-H1"]);
    assert_eq!(one("Spending grows this fiscal year.", at), "this fiscal year => 2018");
    assert_eq!(one("Spending grew in fiscal 1989.", at), "fiscal 1989 => 1989~");
    assert_eq!(value("They met last weekend."), ["last weekend 2018-W14-WE"]);
}

#[test]
fn counted_from_the_date_just_mentioned() {
    let at = Some("2018-04-12");
    assert_eq!(
        found("On March 3 he resigned; the day before, he had met them.", at),
        ["March 3 => 2018-03-03", "the day before => 2018-03-02"]
    );
    assert_eq!(found("He arrived the day before.", at), ["the day before => 2018-04-11"]);
    assert_eq!(
        found("Profit rose in the third quarter from a year earlier.", at),
        ["the third quarter => 2017-07/2017-09", "a year earlier => 2016-07/2016-09"]
    );
    assert_eq!(
        found("In 2015 they met; the following year, they split.", at),
        ["2015 => 2015", "the following year => 2016"]
    );
    // "the day before the vote" is counted from the vote, which is not a date.
    assert_eq!(found("He arrived the day before the vote.", at), Vec::<String>::new());
    assert_eq!(found("He left two days after his arrest.", at), Vec::<String>::new());
    assert_eq!(found("He left two days later.", at), ["two days later => 2018-04-14"]);
    // Counting past the last representable year gives no date rather than a bad one.
    assert_eq!(found("999 years later it ended.", Some("99999-06-01")), Vec::<String>::new());
}

#[test]
fn year_ranges_and_through() {
    let at = Some("2018-04-12");
    assert_eq!(one("the 2009-2010 season", at), "2009-2010 => 2009/2010");
    assert_eq!(one("in the 1996-97 season", at), "1996-97 => 1996/1997");
    // A past verb does not move the end of "through June" a year back.
    assert_eq!(one("Sanctions were extended through June.", at), "through June => ../2018-06");
    assert_eq!(one("Sanctions will run through February.", at), "through February => ../2019-02");
}

#[test]
fn the_past_and_the_future() {
    let at = Some("2018-04-12");
    assert_eq!(one("He recently resigned.", at), "recently => ../2018-04-12~");
    assert_eq!(one("Talks may resume in the future.", at), "the future => 2018-04-12/..~");
    assert_eq!(found("over the past year", at), ["the past year => 2017"]);
}

#[test]
fn a_long_sentence_full_of_dates_is_scanned_in_linear_time() {
    let text = "Russia 1992 ".repeat(250_000 / 12);
    let started = std::time::Instant::now();
    let mentions = find_dates(&text, Some(&reference("2018-04-12")));
    assert_eq!(mentions.len(), 250_000 / 12);
    // About 0.1 s in release; the bound is generous for debug builds on a busy machine.
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
}

#[test]
fn abbreviations_and_initials_end_no_sentence() {
    // "will" stays in the sentence of "Feb. 1" despite "P." and "Mr.".
    let at = Some("1989-10-26");
    assert_eq!(one("Mr. Schwarz will succeed Daniel P. Davison Feb. 1.", at), "Feb. 1 => 1990-02-01");
    assert_eq!(one("The offer was extended to Nov. 20.", Some("1989-11-02")), "Nov. 20 => 1989-11-20");
}

#[test]
fn a_day_of_the_month_alone_and_a_month_of_a_year() {
    let at = Some("2004-11-30");
    assert_eq!(one("A demonstration on the 29th drew crowds.", at), "29th => 2004-11-29");
    assert_eq!(one("Talks resume on the 3rd.", Some("2004-11-30")), "3rd => 2004-11-03");
    assert_eq!(one("Talks will resume on the 3rd.", at), "3rd => 2004-12-03");
    assert!(found("He lives on the 5th floor.", at).is_empty());
    assert!(found("He was the 29th to arrive.", at).is_empty());
    assert_eq!(one("in custody since March of 2013.", at), "since March of 2013 => 2013-03/..");
}

#[test]
fn bare_months_need_a_date_word() {
    assert_eq!(one("Talks stalled in May.", Some("2018-04-10")), "May => 2017-05");
    assert_eq!(found("May I ask? March on.", Some("2018-04-10")), Vec::<String>::new());
}

#[test]
fn spans_are_char_boundaries_in_any_text() {
    let text = "Ünïcode “1992” — 4–5 April, ‘yesterday’ 🙂 2018-04-05";
    for mention in find_dates(text, Some(&reference("2018-04-10"))) {
        assert!(text.is_char_boundary(mention.span.start) && text.is_char_boundary(mention.span.end));
    }
}

proptest::proptest! {
    #[test]
    fn never_panics_and_spans_stay_in_order(text in "\\PC{0,200}", day in 1u32..=28) {
        let reference_date = Date::point(DatePoint { year: 2018, month: Some(4), day: Some(day) });
        let mentions = find_dates(&text, Some(&reference_date));
        let mut last_end = 0;
        for mention in mentions {
            proptest::prop_assert!(mention.span.start >= last_end && mention.span.start < mention.span.end);
            proptest::prop_assert!(text.is_char_boundary(mention.span.start) && text.is_char_boundary(mention.span.end));
            last_end = mention.span.end;
        }
    }

    #[test]
    fn date_like_text_never_panics(text in "([0-9]{1,4}|April|May|since|last|-|–|,| |Thursday|ago|two|years|s)*") {
        let _ = find_dates(&text, None);
        let reference_date = Date::point(DatePoint { year: 2018, month: Some(4), day: Some(30) });
        let _ = find_dates(&text, Some(&reference_date));
    }
}
