//! Dates and datetimes as written in the registry, and the instants they mean.
//!
//! A date is a civil day in the programme's timezone. A datetime without an
//! offset is local to the programme: at a clock change a local time may not
//! exist (the hour skipped in spring) or may happen twice (autumn); both are
//! errors rather than guesses.

use std::fmt;

use chrono::{
    DateTime, Datelike, Duration as ChronoDuration, FixedOffset, LocalResult, NaiveDate,
    NaiveDateTime, NaiveTime, TimeZone, Utc,
};
use chrono_tz::Tz;

/// A moment in time.
pub type Instant = DateTime<Utc>;

/// A date or datetime as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Date(NaiveDate),
    /// A local time in the programme's timezone.
    Local(NaiveDateTime),
    /// A time with an explicit offset (`Z` or `+01:00`).
    Exact(DateTime<FixedOffset>),
}

impl When {
    pub fn parse(text: &str) -> Result<When, String> {
        let text = text.trim();
        let (date_part, rest) = match text.find(['T', 't', ' ']) {
            Some(i) => (&text[..i], Some(&text[i + 1..])),
            None => (text, None),
        };
        let date = parse_date(date_part)?;
        let Some(rest) = rest else {
            return Ok(When::Date(date));
        };
        let (time_part, offset) = split_offset(rest);
        let time = parse_clock(time_part).ok_or_else(|| {
            format!("`{text}` is not a date and time: write YYYY-MM-DDTHH:MM, optionally with Z or an offset such as +01:00")
        })?;
        let local = date.and_time(time);
        match offset {
            None => Ok(When::Local(local)),
            Some(offset) => {
                let offset = parse_offset(offset)
                    .ok_or_else(|| format!("`{offset}` is not a UTC offset: write Z or +HH:MM"))?;
                match offset.from_local_datetime(&local) {
                    LocalResult::Single(dt) => Ok(When::Exact(dt)),
                    _ => Err(format!("`{text}` is out of range")),
                }
            }
        }
    }

    pub fn is_date(&self) -> bool {
        matches!(self, When::Date(_))
    }

    /// The instant a range starting here starts: a date starts at its first moment.
    pub fn start_instant(&self, tz: Tz) -> Result<Instant, String> {
        match self {
            When::Date(d) => Ok(start_of_day(*d, tz)),
            When::Local(l) => local_instant(*l, tz),
            When::Exact(e) => Ok(e.with_timezone(&Utc)),
        }
    }

    /// The instant a range ending here ends: a date ends at 24:00 (the next day's start).
    pub fn end_instant(&self, tz: Tz) -> Result<Instant, String> {
        match self {
            When::Date(d) => Ok(start_of_day(next_day(*d), tz)),
            other => other.start_instant(tz),
        }
    }

    /// The civil day this falls on in the programme's timezone.
    pub fn local_date(&self, tz: Tz) -> NaiveDate {
        match self {
            When::Date(d) => *d,
            When::Local(l) => l.date(),
            When::Exact(e) => e.with_timezone(&tz).date_naive(),
        }
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            When::Local(l) => write!(f, "{}", l.format("%Y-%m-%dT%H:%M")),
            When::Exact(e) => write!(f, "{}", e.format("%Y-%m-%dT%H:%M%:z")),
        }
    }
}

fn split_offset(rest: &str) -> (&str, Option<&str>) {
    if let Some(stripped) = rest.strip_suffix(['Z', 'z']) {
        return (stripped, Some("Z"));
    }
    match rest.rfind(['+', '-']) {
        Some(i) => (&rest[..i], Some(&rest[i..])),
        None => (rest, None),
    }
}

fn parse_offset(text: &str) -> Option<FixedOffset> {
    if text == "Z" {
        return FixedOffset::east_opt(0);
    }
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = text[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    if hours > 18 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// `HH:MM` or `HH:MM:SS`.
fn parse_clock(text: &str) -> Option<NaiveTime> {
    let parts: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.len() != 2 || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let h: u32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let s: u32 = match parts.get(2) {
        Some(s) => s.parse().ok()?,
        None => 0,
    };
    NaiveTime::from_hms_opt(h, m, s)
}

/// A civil date, YYYY-MM-DD, with a message that says what is wrong with a bad one.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let shape_ok = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(format!("`{text}` is not a date: write YYYY-MM-DD"));
    }
    let year: i32 = text[..4]
        .parse()
        .map_err(|_| format!("`{text}` is not a date"))?;
    let month: u32 = text[5..7]
        .parse()
        .map_err(|_| format!("`{text}` is not a date"))?;
    let day: u32 = text[8..]
        .parse()
        .map_err(|_| format!("`{text}` is not a date"))?;
    if !(1..=12).contains(&month) {
        return Err(format!("`{text}` is not a date: there is no month {month}"));
    }
    if (year, month, day) == (9999, 12, 31) {
        // The day after it would need a five-digit year, which iCalendar,
        // CSV consumers and the `YYYY-MM-DD` form itself cannot carry.
        return Err(format!(
            "`{text}` is too late: envplan takes days up to 9999-12-30"
        ));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let days = days_in_month(year, month);
        let month_name = NaiveDate::from_ymd_opt(year, month, 1)
            .map(|d| d.format("%B %Y").to_string())
            .unwrap_or_default();
        format!("`{text}` is not a date: {month_name} has {days} days")
    })
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1);
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    match (first, next) {
        (Some(a), Some(b)) => (b - a).num_days() as u32,
        _ => 30,
    }
}

/// A time of day, `HH:MM`; `24:00` is allowed as the end of a day.
pub fn parse_time_of_day(text: &str) -> Result<u32, String> {
    let bad =
        || format!("`{text}` is not a time of day: write HH:MM, for example \"09:00\" (quoted)");
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if m > 59 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

pub fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

/// The first moment of a civil day. Where midnight is skipped by a clock
/// change (not in Europe/London, but in some zones), the day starts at the
/// first local time that exists.
pub fn start_of_day(date: NaiveDate, tz: Tz) -> Instant {
    let midnight = date.and_time(NaiveTime::MIN);
    for minutes in (0..=180).step_by(15) {
        match tz.from_local_datetime(&(midnight + ChronoDuration::minutes(minutes))) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(earliest, _) => return earliest.with_timezone(&Utc),
            LocalResult::None => continue,
        }
    }
    Utc.from_utc_datetime(&midnight)
}

/// The instant of a local time, refusing times that do not exist or happen twice.
pub fn local_instant(local: NaiveDateTime, tz: Tz) -> Result<Instant, String> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => Err(format!(
            "{} does not exist in {}: the clocks go forward then",
            local.format("%Y-%m-%d %H:%M"),
            tz.name()
        )),
        LocalResult::Ambiguous(a, b) => Err(format!(
            "{} happens twice in {} (at {} and at {}): the clocks go back then; add the offset, e.g. {}",
            local.format("%Y-%m-%d %H:%M"),
            tz.name(),
            a.format("%:z"),
            b.format("%:z"),
            a.format("%Y-%m-%dT%H:%M%:z"),
        )),
    }
}

/// The civil day an instant falls on.
pub fn date_of(instant: Instant, tz: Tz) -> NaiveDate {
    instant.with_timezone(&tz).date_naive()
}

/// The last civil day on which something valid until `end` (exclusive) is valid at all.
pub fn last_day_before(end: Instant, tz: Tz) -> NaiveDate {
    date_of(end - ChronoDuration::nanoseconds(1), tz)
}

/// The first day of the month `date` is in.
pub fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::London;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).expect("date")
    }

    #[test]
    fn dates_with_reasons() {
        assert_eq!(
            d("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29).expect("date")
        );
        assert_eq!(
            parse_date("2023-02-29").unwrap_err(),
            "`2023-02-29` is not a date: February 2023 has 28 days"
        );
        assert_eq!(
            parse_date("2024-13-01").unwrap_err(),
            "`2024-13-01` is not a date: there is no month 13"
        );
        assert!(parse_date("2024-4-1").unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse_date("tomorrow").is_err());
        // The day after would need a five-digit year (`+100000101` in iCalendar).
        assert!(parse_date("9999-12-30").is_ok());
        assert_eq!(
            parse_date("9999-12-31").unwrap_err(),
            "`9999-12-31` is too late: envplan takes days up to 9999-12-30"
        );
    }

    #[test]
    fn datetimes_local_and_exact() {
        assert!(matches!(
            When::parse("2024-04-01").expect("when"),
            When::Date(_)
        ));
        assert!(matches!(
            When::parse("2024-04-01T18:00").expect("when"),
            When::Local(_)
        ));
        assert!(matches!(
            When::parse("2024-04-01T18:00:30").expect("when"),
            When::Local(_)
        ));
        assert!(matches!(
            When::parse("2024-04-01T18:00Z").expect("when"),
            When::Exact(_)
        ));
        assert!(matches!(
            When::parse("2024-04-01T18:00+01:00").expect("when"),
            When::Exact(_)
        ));
        assert!(When::parse("2024-04-01T25:00").is_err());
        assert!(When::parse("2024-04-01T18:00+99:00").is_err());
    }

    #[test]
    fn clock_changes_in_london() {
        // 2024-03-31 01:00-02:00 does not exist; 2024-10-27 01:00-02:00 happens twice.
        let spring = When::parse("2024-03-31T01:30").expect("when");
        assert!(spring
            .start_instant(London)
            .unwrap_err()
            .contains("does not exist"));
        let autumn = When::parse("2024-10-27T01:30").expect("when");
        assert!(autumn
            .start_instant(London)
            .unwrap_err()
            .contains("happens twice"));
        assert!(When::parse("2024-10-27T01:30+01:00")
            .expect("when")
            .start_instant(London)
            .is_ok());
        // The day the clocks go forward is 23 hours long, the day they go back 25.
        let short = When::Date(d("2024-03-31"));
        let long = When::Date(d("2024-10-27"));
        let hours = |w: When| {
            (w.end_instant(London).expect("end") - w.start_instant(London).expect("start"))
                .num_hours()
        };
        assert_eq!(hours(short), 23);
        assert_eq!(hours(long), 25);
    }

    #[test]
    fn times_of_day() {
        assert_eq!(parse_time_of_day("09:00"), Ok(540));
        assert_eq!(parse_time_of_day("24:00"), Ok(1440));
        assert!(parse_time_of_day("24:01").is_err());
        assert!(parse_time_of_day("9:00").is_err());
        assert!(parse_time_of_day("540").is_err());
    }

    #[test]
    fn last_valid_day() {
        let end = When::parse("2024-03-01T00:00")
            .expect("when")
            .start_instant(London)
            .expect("instant");
        assert_eq!(last_day_before(end, London), d("2024-02-29"));
        let end = When::parse("2024-03-01T12:00")
            .expect("when")
            .start_instant(London)
            .expect("instant");
        assert_eq!(last_day_before(end, London), d("2024-03-01"));
    }
}
