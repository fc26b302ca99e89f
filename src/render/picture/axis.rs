//! The broken time axis of the timeline picture: which stretches of time are drawn, how wide
//! each is, and where their ticks and labels go.
//!
//! Events are grouped into segments, each drawn at its own linear scale; a gap between two
//! segments is cut out (and drawn as a break that says how much time it skips) only when it
//! is a large share of the time still drawn, so 1991 and 2018 share a picture while a month
//! of 2018 with seven events stays legible. Segments never share a day, so no month is drawn
//! twice. Each segment gets a width that grows with its number of events and its length.
//! Tick labels are placed from the same width estimate as every other label and never leave
//! their segment nor touch each other.

use chrono::{Datelike, NaiveDate};

use super::{MARGIN, text_width};

/// The font size of tick, caption and break labels.
pub(super) const AXIS_FONT: f64 = 11.0;
/// The narrowest break; wider when its label needs it.
const MIN_BREAK_WIDTH: f64 = 40.0;
const MIN_SEGMENT_WIDTH: f64 = 48.0;
/// A gap is cut out when it is at least this share of the time still drawn.
const CUT_SHARE: f64 = 0.15;
/// Room between two tick labels.
const TICK_GAP: f64 = 8.0;

/// A stretch of time drawn at its own linear scale.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Segment {
    /// The drawn domain, in days from the common era: the events' span with a margin.
    pub from: i64,
    pub to: i64,
    /// The first and last day of the events in it.
    pub events_from: i64,
    pub events_to: i64,
    pub x0: f64,
    pub x1: f64,
}

impl Segment {
    pub fn x(&self, day: i64) -> f64 {
        let span = (self.to - self.from).max(1) as f64;
        self.x0 + (day - self.from) as f64 / span * (self.x1 - self.x0)
    }
}

/// The time cut out between two segments, drawn from `x0` to `x1`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Break {
    pub x0: f64,
    pub x1: f64,
    /// How far apart the events on either side are: "5 months", drawn a word a line.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Tick {
    pub x: f64,
    pub label: String,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Axis {
    pub segments: Vec<Segment>,
    /// `breaks[i]` lies between `segments[i]` and `segments[i + 1]`.
    pub breaks: Vec<Break>,
}

pub(super) fn day_number(day: NaiveDate) -> i64 {
    i64::from(day.num_days_from_ce())
}

/// A cluster of events: its first and last day and how many events it holds.
#[derive(Debug, Clone, Copy)]
struct Cluster {
    from: i64,
    to: i64,
    events: usize,
}

impl Cluster {
    /// The drawn domain: margins so marks at its ends are not cut, 6% of its length and at
    /// least two weeks; a lone date gets six weeks either side.
    fn domain(self) -> (i64, i64) {
        let length = self.to - self.from;
        let pad = if length < 14 { 42 } else { ((length as f64 * 0.06) as i64).max(14) };
        (self.from - pad, self.to + pad)
    }

    fn merge(self, next: Cluster) -> Cluster {
        Cluster { from: self.from, to: self.to.max(next.to), events: self.events + next.events }
    }
}

/// The axis for events with these known intervals (first and last day), `width` px wide.
pub(super) fn axis(intervals: &[(i64, i64)], width: f64) -> Axis {
    let clusters = clusters(intervals);
    if clusters.is_empty() {
        return Axis::default();
    }
    let labels: Vec<String> = clusters.windows(2).map(|pair| gap_text(pair[1].from - pair[0].to)).collect();
    let break_widths: Vec<f64> = labels
        .iter()
        .map(|label| {
            let widest = label.split(' ').map(|word| text_width(word, AXIS_FONT)).fold(0.0, f64::max);
            (widest + 8.0).max(MIN_BREAK_WIDTH)
        })
        .collect();
    let widths = segment_widths(&clusters, width - 2.0 * MARGIN - break_widths.iter().sum::<f64>());
    let mut segments = Vec::with_capacity(clusters.len());
    let mut breaks = Vec::with_capacity(labels.len());
    let mut x = MARGIN;
    for (index, (cluster, segment_width)) in clusters.iter().zip(widths).enumerate() {
        let (from, to) = cluster.domain();
        segments.push(Segment {
            from,
            to,
            events_from: cluster.from,
            events_to: cluster.to,
            x0: x,
            x1: x + segment_width,
        });
        x += segment_width;
        if let (Some(label), Some(&break_width)) = (labels.get(index), break_widths.get(index)) {
            breaks.push(Break { x0: x, x1: x + break_width, label: label.clone() });
            x += break_width;
        }
    }
    Axis { segments, breaks }
}

/// Groups the intervals into clusters whose domains do not overlap, cutting out only the gaps
/// worth a break: the largest first, each while it is at least `CUT_SHARE` of the time still
/// drawn. Merging two clusters widens their margins, so this repeats until nothing changes.
fn clusters(intervals: &[(i64, i64)]) -> Vec<Cluster> {
    let mut sorted = intervals.to_vec();
    sorted.sort_unstable();
    let mut clusters: Vec<Cluster> = Vec::new();
    for (from, to) in sorted {
        match clusters.last_mut() {
            Some(cluster) if from <= cluster.to => *cluster = cluster.merge(Cluster { from, to, events: 1 }),
            _ => clusters.push(Cluster { from, to, events: 1 }),
        }
    }
    loop {
        let domains: Vec<(i64, i64)> = clusters.iter().map(|cluster| cluster.domain()).collect();
        let gaps: Vec<i64> = domains.windows(2).map(|pair| pair[1].0 - pair[0].1).collect();
        let mut keep = vec![false; gaps.len()];
        if let (Some(first), Some(last)) = (domains.first(), domains.last()) {
            let mut drawn = (last.1 - first.0) as f64;
            let mut by_size: Vec<usize> = (0..gaps.len()).collect();
            by_size.sort_by_key(|&index| std::cmp::Reverse(gaps[index]));
            for index in by_size {
                let gap = gaps[index] as f64;
                if gap <= 0.0 || gap < CUT_SHARE * drawn {
                    break;
                }
                keep[index] = true;
                drawn -= gap;
            }
        }
        if keep.iter().all(|&cut| cut) {
            return clusters;
        }
        let mut merged: Vec<Cluster> = Vec::with_capacity(clusters.len());
        for (index, cluster) in clusters.iter().enumerate() {
            match merged.last_mut() {
                Some(last) if index > 0 && !keep[index - 1] => *last = last.merge(*cluster),
                _ => merged.push(*cluster),
            }
        }
        clusters = merged;
    }
}

/// Each segment's share of `available` px: at least `MIN_SEGMENT_WIDTH` (or an equal share
/// when that is too much), the rest by number of events (more than in proportion) and, less,
/// by length: the marks of a crowded month need the room more than the years of a lone range.
fn segment_widths(clusters: &[Cluster], available: f64) -> Vec<f64> {
    let (Some(first), Some(last)) = (clusters.first(), clusters.iter().map(|cluster| cluster.to).max()) else {
        return Vec::new();
    };
    let span = (last - first.from).max(1) as f64;
    let total_events: usize = clusters.iter().map(|cluster| cluster.events).sum();
    let weights: Vec<f64> = clusters
        .iter()
        .map(|cluster| {
            (cluster.events as f64).powf(1.5) + 0.5 * total_events as f64 * (cluster.to - cluster.from) as f64 / span
        })
        .collect();
    let floor = MIN_SEGMENT_WIDTH.min(available / clusters.len() as f64);
    let spare = (available - floor * clusters.len() as f64).max(0.0);
    let weight_sum: f64 = weights.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    weights.iter().map(|weight| floor + spare * weight / weight_sum).collect()
}

fn gap_text(days: i64) -> String {
    if days >= 730 {
        format!("{} years", days / 365)
    } else if days >= 60 {
        format!("{} months", days / 30)
    } else {
        format!("{days} days")
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

pub(super) fn year_text(year: i32) -> String {
    if year > 0 { year.to_string() } else { format!("{} BCE", 1 - i64::from(year)) }
}

/// A spacing of ticks, finest first.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// These days of every month.
    Days(&'static [u32]),
    /// Every n months, from January.
    Months(u32),
    /// Every n years.
    Years(i64),
}

const STEPS: [Step; 19] = [
    Step::Days(&[1, 8, 15, 22]),
    Step::Days(&[1, 15]),
    Step::Months(1),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(20),
    Step::Years(50),
    Step::Years(100),
    Step::Years(200),
    Step::Years(500),
    Step::Years(1_000),
    Step::Years(10_000),
    Step::Years(100_000),
    Step::Years(1_000_000),
    Step::Years(10_000_000),
];

/// The ticks of a segment: the finest spacing whose labels fit inside the segment without
/// touching. The first label of a segment, and any on the 1st of January, says the year.
pub(super) fn ticks(segment: &Segment) -> Vec<Tick> {
    let (Some(from), Some(to)) = (
        i32::try_from(segment.from).ok().and_then(NaiveDate::from_num_days_from_ce_opt),
        i32::try_from(segment.to).ok().and_then(NaiveDate::from_num_days_from_ce_opt),
    ) else {
        return Vec::new();
    };
    let width = segment.x1 - segment.x0;
    for step in STEPS {
        let Some(days) = candidate_days(step, from, to, width) else { continue };
        let ticks = labelled(segment, step, &days);
        let apart = ticks.windows(2).all(|pair| {
            let (a, b) = (&pair[0], &pair[1]);
            a.x + text_width(&a.label, AXIS_FONT) / 2.0 + TICK_GAP <= b.x - text_width(&b.label, AXIS_FONT) / 2.0
        });
        if apart && !ticks.is_empty() {
            return ticks;
        }
    }
    Vec::new()
}

/// The days a step puts ticks on, or `None` when it would put more than one per 20 px (too
/// fine to fit, and too many to list for a long segment).
fn candidate_days(step: Step, from: NaiveDate, to: NaiveDate, width: f64) -> Option<Vec<NaiveDate>> {
    let most = (width / 20.0).max(1.0) as i64;
    let mut days = Vec::new();
    match step {
        Step::Days(days_of_month) => {
            if (to - from).num_days() / 7 * days_of_month.len() as i64 / 4 > most {
                return None;
            }
            let mut day = from;
            while day <= to {
                if days_of_month.contains(&day.day()) {
                    days.push(day);
                }
                day = day.succ_opt()?;
            }
        }
        Step::Months(months) => {
            let span = i64::from(to.year() - from.year()) * 12 + i64::from(to.month()) - i64::from(from.month());
            if span / i64::from(months) > most {
                return None;
            }
            let (mut year, mut month) = (from.year(), from.month());
            while let Some(day) = NaiveDate::from_ymd_opt(year, month, 1) {
                if day > to {
                    break;
                }
                if day >= from && (month - 1) % months == 0 {
                    days.push(day);
                }
                (year, month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
            }
        }
        Step::Years(years) => {
            if i64::from(to.year() - from.year()) / years > most {
                return None;
            }
            let mut year = i64::from(from.year()).div_euclid(years) * years;
            while year <= i64::from(to.year()) {
                if let Some(day) = i32::try_from(year).ok().and_then(|year| NaiveDate::from_ymd_opt(year, 1, 1))
                    && day >= from
                {
                    days.push(day);
                }
                year += years;
            }
        }
    }
    Some(days)
}

/// Labels for the days, keeping only those whose label lies inside the segment.
fn labelled(segment: &Segment, step: Step, days: &[NaiveDate]) -> Vec<Tick> {
    let mut ticks: Vec<Tick> = Vec::new();
    for day in days {
        let with_year = ticks.is_empty() || day.ordinal() == 1;
        let month = MONTHS[day.month0() as usize];
        let label = match (step, with_year) {
            (Step::Days(_), true) => format!("{} {month} {}", day.day(), year_text(day.year())),
            (Step::Days(_), false) => format!("{} {month}", day.day()),
            (Step::Months(_), true) => format!("{month} {}", year_text(day.year())),
            (Step::Months(_), false) => month.to_string(),
            (Step::Years(_), _) => year_text(day.year()),
        };
        let x = segment.x(day_number(*day));
        let half = text_width(&label, AXIS_FONT) / 2.0;
        if x - half >= segment.x0 && x + half <= segment.x1 {
            ticks.push(Tick { x, label });
        }
    }
    ticks
}

/// A caption for a segment with too few ticks to place it: the years of its events.
pub(super) fn segment_caption(segment: &Segment) -> Option<String> {
    let year = |day: i64| i32::try_from(day).ok().and_then(NaiveDate::from_num_days_from_ce_opt).map(|day| day.year());
    let (first, last) = (year(segment.events_from)?, year(segment.events_to)?);
    Some(if first == last { year_text(first) } else { format!("{}–{}", year_text(first), year_text(last)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> i64 {
        day_number(NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date"))
    }

    fn point(text: &str) -> (i64, i64) {
        (day(text), day(text))
    }

    #[test]
    fn segments_never_share_a_day_and_breaks_say_how_far_apart_their_events_are() {
        let axis = axis(&[point("2017-10-03"), point("2018-03-04"), point("2018-03-29")], 1200.0);
        assert_eq!(axis.segments.len(), 2, "{axis:?}");
        assert_eq!(axis.breaks.len(), 1);
        assert_eq!(axis.breaks[0].label, "5 months");
        for pair in axis.segments.windows(2) {
            assert!(pair[0].to < pair[1].from, "{pair:?}");
            assert!(pair[0].x1 <= pair[1].x0);
        }
        // The two March events share a segment: 25 days are not worth a break.
        assert_eq!(axis.segments[1].events_from, day("2018-03-04"));
        assert_eq!(axis.segments[1].events_to, day("2018-03-29"));
        let last = axis.segments.last().expect("a segment");
        assert!((last.x1 - (1200.0 - MARGIN)).abs() < 1e-6, "the axis uses the width: {}", last.x1);
    }

    #[test]
    fn days_close_together_are_never_cut_apart() {
        let days = ["2025-04-02", "2025-04-04", "2025-04-08", "2025-04-11", "2025-05-10", "2025-05-14", "2025-06-09"];
        let axis = axis(&days.map(point), 1200.0);
        assert_eq!(axis.segments.len(), 1, "{axis:?}");
    }

    #[test]
    fn tick_labels_fit_their_segment_and_never_touch() {
        for width in [96.0, 200.0, 700.0, 1152.0] {
            for (from, to) in [("2018-02-18", "2018-04-12"), ("2017-08-22", "2017-11-14"), ("1990-01-01", "2020-01-01")]
            {
                let segment =
                    Segment { from: day(from), to: day(to), events_from: 0, events_to: 0, x0: 24.0, x1: 24.0 + width };
                let ticks = ticks(&segment);
                for tick in &ticks {
                    let half = text_width(&tick.label, AXIS_FONT) / 2.0;
                    assert!(tick.x - half >= segment.x0 && tick.x + half <= segment.x1, "{tick:?} in {width}");
                }
                let labels: Vec<&str> = ticks.iter().map(|tick| tick.label.as_str()).collect();
                let mut unique = labels.clone();
                unique.dedup();
                assert_eq!(labels, unique, "no label twice");
                assert!(ticks.len() >= 2 || width < 200.0, "{from}..{to} at {width}: {labels:?}");
            }
        }
    }

    #[test]
    fn ancient_and_huge_spans_get_few_ticks_fast() {
        let segment =
            Segment { from: -1_000_000, to: day("2018-01-01"), events_from: 0, events_to: 0, x0: 0.0, x1: 300.0 };
        let ticks = ticks(&segment);
        assert!(!ticks.is_empty() && ticks.len() <= 15, "{ticks:?}");
        assert!(ticks.iter().any(|tick| tick.label.ends_with("BCE")));
    }
}
