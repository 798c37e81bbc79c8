//! The plan as an iCalendar file (RFC 5545) that Outlook and Google Calendar
//! import, so that slots and outages reach people's calendars with advance
//! notice (§7.1.2, §12.5.1).
//!
//! - One VEVENT per interval and per outage, with the full dates as written
//!   (not cut at the period's edges). Its UID is derived from the record's kind
//!   and id (`interval-CIT-3@MHHS.envplan`), so importing a newer export
//!   updates events instead of duplicating them.
//! - DTSTAMP is the as-of day at 00:00 UTC: the file depends on nothing but the
//!   registry and `--as-of`, so two runs give the same bytes.
//! - Whole-day ranges are all-day events (`VALUE=DATE`), DTEND being the day
//!   after the last day. Other ranges are timed: in Europe/London with a
//!   `TZID` and the VTIMEZONE below; in any other zone, in UTC. A local time
//!   that happens twice (autumn) and means the second occurrence is also
//!   written in UTC, since a TZID time means the first.
//! - An ongoing outage (no `end`) ends with the period; its description says
//!   so.
//! - Cancelled intervals are kept with `STATUS:CANCELLED`, which calendars
//!   show struck through or drop; planned ones are `TENTATIVE`.
//! - Events are `TRANSP:TRANSPARENT`: a booking of an environment does not
//!   make anyone busy.
//! - Lines end with CRLF and are folded at 75 octets, never inside a UTF-8
//!   character; text values are escaped.

use chrono::{Datelike, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;

use crate::output::sanitize::collapse_spaces;

use super::{EnvironmentLane, IntervalRow, OutageRow, Span, Timeline};
use crate::registry::document::Kind;
use crate::registry::records::Status;
use crate::time::format::describe_range;
use crate::time::when::next_day;
use crate::time::Instant;

/// Europe/London since 1996 (the EU rule): BST from 01:00 UTC on the last
/// Sunday of March to 01:00 UTC on the last Sunday of October.
const EUROPE_LONDON: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// Render the calendar.
pub fn render(tl: &Timeline) -> String {
    render_feed(
        tl,
        &Feed {
            name: format!("{} plan", collapse_spaces(&tl.programme_name)),
            prodid: "-//envplan//envplan plan//EN",
            stamping: None,
            extra: &[],
        },
    )
}

/// A calendar to publish: what it is called, how its events are stamped,
/// and the all-day events it carries besides the timeline's.
pub struct Feed<'a> {
    /// `X-WR-CALNAME`.
    pub name: String,
    pub prodid: &'a str,
    /// `None`: a one-off export (`METHOD:PUBLISH`, DTSTAMP the as-of day).
    pub stamping: Option<&'a Stamping<'a>>,
    pub extra: &'a [DayEvent],
}

impl std::fmt::Debug for Feed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Feed").field("name", &self.name).finish()
    }
}

/// A record's sequence and last change, by kind and id.
pub type StampLookup<'a> = dyn Fn(Kind, &str) -> Option<(u32, Instant)> + Sync + 'a;

/// Stamps for a feed that calendars subscribe to: each event gets
/// `SEQUENCE` and `LAST-MODIFIED` from the record's history, and `DTSTAMP`
/// equal to `LAST-MODIFIED`. Such a feed has no `METHOD`, and RFC 5545
/// (§3.8.7.2) then defines DTSTAMP as the time the information was last
/// revised, so the file depends on the registry's history alone.
pub struct Stamping<'a> {
    /// Sequence and last change of a record, by kind and id.
    pub lookup: &'a StampLookup<'a>,
    /// The time of a record without history (not committed yet).
    pub fallback: Instant,
}

impl std::fmt::Debug for Stamping<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stamping")
            .field("fallback", &self.fallback)
            .finish()
    }
}

/// An all-day event that is not an interval or an outage: a certificate's
/// last valid day, a milestone's due day.
#[derive(Debug, Clone)]
pub struct DayEvent {
    /// Names the event in its UID (`certificate-expiry`).
    pub uid_kind: &'static str,
    /// Unique among events of its `uid_kind`.
    pub id: String,
    /// The record whose history stamps it.
    pub kind: Kind,
    pub record: String,
    pub day: NaiveDate,
    pub summary: String,
    pub description: String,
    pub categories: Vec<String>,
}

/// Render a calendar feed.
pub fn render_feed(tl: &Timeline, feed: &Feed<'_>) -> String {
    let events = Events::new(tl, feed.stamping);
    let extra: Vec<String> = feed
        .extra
        .iter()
        .map(|e| day_event(tl, feed.stamping, e))
        .collect();
    let rows = every_row(tl);
    assemble(
        tl,
        &Head {
            name: &feed.name,
            prodid: feed.prodid,
            publish: feed.stamping.is_none(),
        },
        &events,
        rows,
        0..tl.environments.len(),
        extra.iter().map(String::as_str),
    )
}

/// Where every interval of `tl` is, (lane, row), in timeline order.
pub fn every_row(tl: &Timeline) -> impl Iterator<Item = (usize, usize)> + '_ {
    (0..tl.environments.len()).flat_map(|l| rows_of(tl, l))
}

/// Where the intervals of lane `l` are, (lane, row), in order.
pub fn rows_of(tl: &Timeline, l: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let n = tl
        .environments
        .get(l)
        .map_or(0, |lane| lane.intervals.len());
    (0..n).map(move |r| (l, r))
}

/// What a calendar says about itself.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    /// `X-WR-CALNAME`.
    pub name: &'a str,
    pub prodid: &'a str,
    /// A one-off export (`METHOD:PUBLISH`) rather than a subscribed feed.
    pub publish: bool,
}

/// Every event of a timeline, each rendered once (folded, CRLF-ended): a
/// site puts the same interval into the programme's feed, its
/// environment's and each of its participants', and an event's text
/// depends only on the record, the timeline's zone and period and the
/// stamps, never on the feed that carries it.
#[derive(Debug, Default)]
pub struct Events {
    /// By lane, then by row, as in the timeline.
    intervals: Vec<Vec<String>>,
    /// Each lane's outages, one after the other.
    outages: Vec<String>,
}

impl Events {
    /// The events of `tl`, stamped as a feed with `stamping` stamps them;
    /// lanes are rendered on every core, in order.
    pub fn new(tl: &Timeline, stamping: Option<&Stamping<'_>>) -> Events {
        use rayon::prelude::*;
        let lanes: Vec<(Vec<String>, String)> = tl
            .environments
            .par_iter()
            .map(|lane| {
                let intervals = lane
                    .intervals
                    .iter()
                    .map(|row| {
                        let mut cal = Calendar::default();
                        interval_event(&mut cal, tl, stamping, lane, row);
                        cal.text
                    })
                    .collect();
                let mut cal = Calendar::default();
                for o in &lane.outages {
                    outage_event(&mut cal, tl, stamping, lane, o);
                }
                (intervals, cal.text)
            })
            .collect();
        let (intervals, outages) = lanes.into_iter().unzip();
        Events { intervals, outages }
    }
}

/// A calendar of some of `events`: the intervals at `rows` ((lane, row),
/// in timeline order), the outages of `lanes` (in order), then `extra`
/// (texts from [`day_event`]).
pub fn assemble<'e>(
    tl: &Timeline,
    head: &Head<'_>,
    events: &Events,
    rows: impl IntoIterator<Item = (usize, usize)>,
    lanes: impl IntoIterator<Item = usize>,
    extra: impl IntoIterator<Item = &'e str>,
) -> String {
    let mut cal = Calendar::default();
    cal.line("BEGIN:VCALENDAR");
    cal.line("VERSION:2.0");
    cal.line(&format!("PRODID:{}", head.prodid));
    cal.line("CALSCALE:GREGORIAN");
    if head.publish {
        cal.line("METHOD:PUBLISH");
    }
    cal.line(&format!(
        "X-WR-CALNAME:{}",
        escape(&collapse_spaces(head.name))
    ));
    cal.line(&format!("X-WR-TIMEZONE:{}", escape(tl.tz.name())));
    if london(tl.tz) {
        for l in EUROPE_LONDON {
            cal.line(l);
        }
    }
    for (l, r) in rows {
        if let Some(text) = events.intervals.get(l).and_then(|lane| lane.get(r)) {
            cal.text.push_str(text);
        }
    }
    for l in lanes {
        if let Some(text) = events.outages.get(l) {
            cal.text.push_str(text);
        }
    }
    for text in extra {
        cal.text.push_str(text);
    }
    cal.line("END:VCALENDAR");
    cal.text
}

/// DTSTAMP, and for a subscribed feed SEQUENCE and LAST-MODIFIED.
fn stamps(
    cal: &mut Calendar,
    tl: &Timeline,
    stamping: Option<&Stamping<'_>>,
    kind: Kind,
    id: &str,
) {
    match stamping {
        None => cal.line(&format!("DTSTAMP:{}", dtstamp(tl.as_of))),
        Some(s) => {
            let (sequence, modified) = (s.lookup)(kind, id).unwrap_or((0, s.fallback));
            let utc = format!("{}Z", local_text(modified.naive_utc()));
            cal.line(&format!("DTSTAMP:{utc}"));
            cal.line(&format!("LAST-MODIFIED:{utc}"));
            cal.line(&format!("SEQUENCE:{sequence}"));
        }
    }
}

/// The VEVENT of an all-day event, to pass to [`assemble`] as `extra`.
pub fn day_event(tl: &Timeline, stamping: Option<&Stamping<'_>>, e: &DayEvent) -> String {
    let mut cal = Calendar::default();
    let cal = &mut cal;
    cal.line("BEGIN:VEVENT");
    cal.line(&format!("UID:{}", uid(e.uid_kind, &e.id, tl)));
    stamps(cal, tl, stamping, e.kind, &e.record);
    cal.line(&format!("DTSTART;VALUE=DATE:{}", day_text(e.day)));
    cal.line(&format!("DTEND;VALUE=DATE:{}", day_text(next_day(e.day))));
    cal.line(&format!("SUMMARY:{}", escape(&collapse_spaces(&e.summary))));
    cal.line(&format!("DESCRIPTION:{}", escape(&e.description)));
    if !e.categories.is_empty() {
        let cats: Vec<String> = e.categories.iter().map(|c| escape(c)).collect();
        cal.line(&format!("CATEGORIES:{}", cats.join(",")));
    }
    cal.line("STATUS:CONFIRMED");
    cal.line("TRANSP:TRANSPARENT");
    cal.line("END:VEVENT");
    std::mem::take(&mut cal.text)
}

fn london(tz: Tz) -> bool {
    tz == chrono_tz::Europe::London
}

fn interval_event(
    cal: &mut Calendar,
    tl: &Timeline,
    stamping: Option<&Stamping<'_>>,
    lane: &EnvironmentLane,
    row: &IntervalRow,
) {
    cal.line("BEGIN:VEVENT");
    cal.line(&format!("UID:{}", uid("interval", &row.id, tl)));
    stamps(cal, tl, stamping, Kind::Interval, &row.id);
    dates(cal, &row.span, tl);
    let mut summary = format!("{} {} ({})", row.id, collapse_spaces(&row.name), lane.id);
    if let Some(c) = row.clashes.first() {
        summary.push_str(&format!(" - clashes with {}", c.with_id));
    }
    cal.line(&format!("SUMMARY:{}", escape(&summary)));
    let mut description = vec![
        format!(
            "Interval {} on {} ({})",
            row.id,
            lane.id,
            collapse_spaces(&lane.name)
        ),
        match &row.stage_name {
            Some(name) => format!("Stage: {} ({})", row.stage, collapse_spaces(name)),
            None => format!("Stage: {}", row.stage),
        },
    ];
    if !row.participants.is_empty() {
        description.push(format!("Participants: {}", row.participants.join(", ")));
    }
    if !row.uses.is_empty() {
        description.push(format!("Uses: {}", row.uses.join(", ")));
    }
    description.push(format!("Status: {}", row.status.as_str()));
    for c in &row.clashes {
        description.push(format!(
            "Clashes with {} ({}) on {} {}",
            c.with_id,
            collapse_spaces(&c.with_name),
            c.environment,
            describe_range(&c.overlap, tl.tz)
        ));
    }
    if row.clashes_not_shown > 0 {
        description.push(format!(
            "Clashes with {} more intervals (envplan clashes lists them)",
            row.clashes_not_shown
        ));
    }
    if let Some(d) = &row.description {
        description.push(d.trim().to_owned());
    }
    cal.line(&format!("DESCRIPTION:{}", escape(&description.join("\n"))));
    cal.line(&format!(
        "LOCATION:{}",
        escape(&format!("{} ({})", lane.id, collapse_spaces(&lane.name)))
    ));
    cal.line(&format!(
        "CATEGORIES:{},{}",
        escape(&lane.id),
        escape(&row.stage)
    ));
    let status = match row.status {
        Status::Planned => "TENTATIVE",
        Status::Confirmed | Status::Done => "CONFIRMED",
        Status::Cancelled => "CANCELLED",
    };
    cal.line(&format!("STATUS:{status}"));
    cal.line("TRANSP:TRANSPARENT");
    cal.line("END:VEVENT");
}

fn outage_event(
    cal: &mut Calendar,
    tl: &Timeline,
    stamping: Option<&Stamping<'_>>,
    lane: &EnvironmentLane,
    o: &OutageRow,
) {
    let kind = if o.planned { "Planned" } else { "Unplanned" };
    cal.line("BEGIN:VEVENT");
    cal.line(&format!("UID:{}", uid("outage", &o.id, tl)));
    stamps(cal, tl, stamping, Kind::Outage, &o.id);
    dates(cal, &o.span, tl);
    let mut summary = format!("{kind} outage: {} {}", lane.id, o.reason);
    if o.ongoing {
        summary.push_str(" (ongoing)");
    }
    cal.line(&format!("SUMMARY:{}", escape(&summary)));
    let mut description = vec![format!(
        "{kind} outage {} of {} ({}): {}",
        o.id,
        lane.id,
        collapse_spaces(&lane.name),
        o.reason
    )];
    if o.ongoing {
        description.push(format!(
            "No end recorded yet: shown until the end of the period ({}).",
            tl.period.last
        ));
    }
    if let Some(n) = &o.notified {
        description.push(format!("Notified: {}", n.trim()));
    }
    if let Some(d) = &o.defect {
        description.push(format!("Defect: {}", collapse_spaces(d)));
    }
    if let Some(d) = &o.description {
        description.push(d.trim().to_owned());
    }
    cal.line(&format!("DESCRIPTION:{}", escape(&description.join("\n"))));
    cal.line(&format!(
        "LOCATION:{}",
        escape(&format!("{} ({})", lane.id, collapse_spaces(&lane.name)))
    ));
    cal.line(&format!("CATEGORIES:Outage,{}", escape(&lane.id)));
    cal.line("STATUS:CONFIRMED");
    cal.line("TRANSP:TRANSPARENT");
    cal.line("END:VEVENT");
}

/// DTSTART and DTEND: all-day for whole days, timed otherwise.
fn dates(cal: &mut Calendar, span: &Span, tl: &Timeline) {
    if span.whole_days {
        cal.line(&format!("DTSTART;VALUE=DATE:{}", day_text(span.first_day)));
        cal.line(&format!(
            "DTEND;VALUE=DATE:{}",
            day_text(next_day(span.last_day))
        ));
    } else {
        cal.line(&format!("DTSTART{}", timed(span.range.start, tl.tz)));
        cal.line(&format!("DTEND{}", timed(span.range.end, tl.tz)));
    }
}

/// `;TZID=Europe/London:20260314T060000`, or `:20260314T060000Z` where a
/// local time would not say exactly this instant.
fn timed(instant: Instant, tz: Tz) -> String {
    if london(tz) {
        let local = instant.with_timezone(&tz).naive_local();
        let exact = match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => t == instant,
            LocalResult::Ambiguous(first, _) => first == instant,
            LocalResult::None => false,
        };
        if exact {
            return format!(";TZID={}:{}", tz.name(), local_text(local));
        }
    }
    format!(":{}Z", local_text(instant.naive_utc()))
}

/// `20260314`, what `%Y%m%d` gives, without reading a format string for
/// each of the site's hundred thousand dates.
fn day_text(d: NaiveDate) -> String {
    if (0..=9999).contains(&d.year()) {
        format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
    } else {
        d.format("%Y%m%d").to_string()
    }
}

/// `20260314T060000`, what `%Y%m%dT%H%M%S` gives.
fn local_text(t: NaiveDateTime) -> String {
    if (0..=9999).contains(&t.year()) && t.nanosecond() < 1_000_000_000 {
        format!(
            "{}T{:02}{:02}{:02}",
            day_text(t.date()),
            t.hour(),
            t.minute(),
            t.second()
        )
    } else {
        t.format("%Y%m%dT%H%M%S").to_string()
    }
}

fn dtstamp(as_of: NaiveDate) -> String {
    format!("{}T000000Z", day_text(as_of))
}

/// `interval-CIT-3@MHHS.envplan`, with anything outside the id alphabet
/// replaced so that a bad id cannot break the line.
fn uid(kind: &str, id: &str, tl: &Timeline) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    };
    format!("{kind}-{}@{}.envplan", clean(id), clean(&tl.programme_id))
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped,
/// line breaks as `\n`, other control characters dropped.
pub fn escape(text: &str) -> String {
    // Most text needs nothing: copy it whole.
    if !text
        .chars()
        .any(|c| matches!(c, '\\' | ';' | ',') || c.is_control())
    {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let normalised = text.replace("\r\n", "\n");
    for c in normalised.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A content line folded (RFC 5545 §3.1): no physical line longer than 75
/// octets, continuation lines starting with a space, and never a break inside
/// a UTF-8 character.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    fold_into(&mut out, line);
    out
}

/// [`fold`], appending to `out` (a calendar is one buffer, not a string per line).
fn fold_into(out: &mut String, line: &str) {
    const LIMIT: usize = 75;
    if line.len() <= LIMIT {
        out.push_str(line);
        return;
    }
    let mut used = 0;
    let mut from = 0;
    for (at, c) in line.char_indices() {
        let n = c.len_utf8();
        if used + n > LIMIT {
            out.push_str(&line[from..at]);
            out.push_str("\r\n ");
            from = at;
            used = 1;
        }
        used += n;
    }
    out.push_str(&line[from..]);
}

#[derive(Default)]
struct Calendar {
    text: String,
}

impl Calendar {
    fn line(&mut self, line: &str) {
        fold_into(&mut self.text, line);
        self.text.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Duration, Weekday};

    #[test]
    fn folding_keeps_characters_whole() {
        // 'é' and '€' take 2 and 3 octets: a naive cut at byte 75 would split them.
        let line = format!("SUMMARY:{}", "é€x".repeat(30));
        let folded = fold(&line);
        for physical in folded.split("\r\n") {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, line);
        assert!(folded.split("\r\n").skip(1).all(|l| l.starts_with(' ')));
        assert!(folded.contains("\r\n "));
        // Exactly 75 octets is not folded.
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), exact);
        assert_eq!(fold(&"X".repeat(76)), format!("{}\r\n X", "X".repeat(75)));
    }

    #[test]
    fn dates_are_written_as_the_format_strings_would() {
        let days = [
            NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
            NaiveDate::from_ymd_opt(7, 1, 2).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(10000, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(-5, 6, 7).unwrap(),
        ];
        for d in days {
            assert_eq!(day_text(d), d.format("%Y%m%d").to_string());
            let t = d.and_hms_opt(6, 5, 9).unwrap();
            assert_eq!(local_text(t), t.format("%Y%m%dT%H%M%S").to_string());
            let leap = d.and_hms_milli_opt(23, 59, 59, 1500).unwrap();
            assert_eq!(local_text(leap), leap.format("%Y%m%dT%H%M%S").to_string());
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("a;b,c\\d\nnext\r\nline\u{7}"),
            "a\\;b\\,c\\\\d\\nnext\\nline "
        );
    }

    /// The fixed VTIMEZONE must agree with the tz database for the years a
    /// programme runs in: the clocks change on the last Sunday of March and
    /// of October at 01:00 UTC.
    #[test]
    fn london_rule_matches_the_tz_database() {
        use chrono_tz::Europe::London;
        for year in 1996..=2040 {
            for (month, offset_before, offset_after) in [(3, 0, 3600), (10, 3600, 0)] {
                let last_sunday = (1..=31)
                    .rev()
                    .filter_map(|d| NaiveDate::from_ymd_opt(year, month, d))
                    .find(|d| d.weekday() == Weekday::Sun)
                    .expect("a Sunday");
                let change = chrono::Utc
                    .from_utc_datetime(&last_sunday.and_hms_opt(1, 0, 0).expect("01:00"));
                let offset = |t: Instant| {
                    use chrono::Offset;
                    t.with_timezone(&London).offset().fix().local_minus_utc()
                };
                assert_eq!(offset(change - Duration::seconds(1)), offset_before);
                assert_eq!(offset(change), offset_after, "{year}-{month}");
            }
        }
    }

    #[test]
    fn second_occurrence_of_an_autumn_hour_is_written_in_utc() {
        use chrono_tz::Europe::London;
        // 2026-10-25 01:30 happens at 00:30 UTC (BST) and at 01:30 UTC (GMT).
        let first = chrono::Utc
            .with_ymd_and_hms(2026, 10, 25, 0, 30, 0)
            .single()
            .expect("instant");
        let second = first + Duration::hours(1);
        assert_eq!(timed(first, London), ";TZID=Europe/London:20261025T013000");
        assert_eq!(timed(second, London), ":20261025T013000Z");
        assert_eq!(timed(second, chrono_tz::Europe::Paris), ":20261025T013000Z");
    }
}
