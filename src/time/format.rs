//! Saying spans of time the way people read them: whole days as dates (the
//! last day included), anything else as local times.

use chrono::Timelike;
use chrono_tz::Tz;

use super::range::TimeRange;
use super::when::{date_of, Instant};

fn at_midnight(i: Instant, tz: Tz) -> bool {
    let local = i.with_timezone(&tz);
    local.hour() == 0 && local.minute() == 0 && local.second() == 0
}

/// True when the range starts and ends at local midnight, so it is whole days.
pub fn is_whole_days(r: &TimeRange, tz: Tz) -> bool {
    at_midnight(r.start, tz) && at_midnight(r.end, tz)
}

/// "2026-05-08", "2026-05-08 to 2026-05-12", or "2026-03-14 06:00 to 12:00".
pub fn describe_range(r: &TimeRange, tz: Tz) -> String {
    if is_whole_days(r, tz) {
        let first = date_of(r.start, tz);
        let last = date_of(r.end, tz).pred_opt().unwrap_or(first);
        if first == last {
            format!("on {first}")
        } else {
            format!("from {first} to {last}")
        }
    } else {
        let a = r.start.with_timezone(&tz);
        let b = r.end.with_timezone(&tz);
        if a.date_naive() == b.date_naive() {
            format!(
                "on {} from {} to {}",
                a.format("%Y-%m-%d"),
                a.format("%H:%M"),
                b.format("%H:%M")
            )
        } else {
            format!(
                "from {} to {}",
                a.format("%Y-%m-%d %H:%M"),
                b.format("%Y-%m-%d %H:%M")
            )
        }
    }
}

/// "1 day", "5 days", "6 hours", "1 hour 30 minutes", "2 days 3 hours".
pub fn describe_length(r: &TimeRange, tz: Tz) -> String {
    if is_whole_days(r, tz) {
        let days = (date_of(r.end, tz) - date_of(r.start, tz)).num_days();
        return plural(days, "day");
    }
    let minutes = r.length().num_minutes();
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(plural(d, "day"));
    }
    if h > 0 {
        parts.push(plural(h, "hour"));
    }
    if m > 0 || parts.is_empty() {
        parts.push(plural(m, "minute"));
    }
    parts.join(" ")
}

pub fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::London;

    use crate::time::range::testing::range;

    #[test]
    fn whole_days_read_as_dates() {
        let r = range("2026-03-23", "2026-04-03");
        assert_eq!(describe_range(&r, London), "from 2026-03-23 to 2026-04-03");
        // Across the clock change the length is still counted in days.
        assert_eq!(describe_length(&r, London), "12 days");
        assert_eq!(
            describe_range(&range("2026-05-08", "2026-05-08"), London),
            "on 2026-05-08"
        );
    }

    #[test]
    fn times_read_as_times() {
        let r = range("2026-03-14T06:00", "2026-03-14T12:00");
        assert_eq!(
            describe_range(&r, London),
            "on 2026-03-14 from 06:00 to 12:00"
        );
        assert_eq!(describe_length(&r, London), "6 hours");
        assert_eq!(
            describe_length(&range("2026-03-14T06:00", "2026-03-14T06:01"), London),
            "1 minute"
        );
        assert_eq!(
            describe_length(&range("2026-03-14T06:00", "2026-03-16T07:30"), London),
            "2 days 1 hour 30 minutes"
        );
    }
}
