//! What every list of clashes shares (`check`, `clashes`, the plan, the
//! pack, the site): how many pairs are shown one by one, the line for the
//! rest, and a clash's period in words.

use chrono_tz::Tz;

use crate::time::format::is_whole_days;
use crate::time::when::date_of;
use crate::time::TimeRange;

/// How many clashing pairs per environment the human outputs, the pack and
/// `check` show one by one. Beyond it they say how many more there are and
/// point to `envplan clashes --format csv`, which lists them all: 1,000
/// identical intervals on one exclusive environment are 499,500 pairs, and
/// a few kilobytes of YAML must not make gigabytes of report.
pub const PAIRS_SHOWN_PER_ENVIRONMENT: usize = 100;

/// "and 498,000 more pairs on STAGING: see `envplan clashes --format csv`"
/// (the environment id as written: the caller escapes it for its format).
pub fn more_pairs(count: usize, environment: &str) -> String {
    format!(
        "and {} more {} on {environment}: see `envplan clashes --format csv`",
        thousands(count),
        if count == 1 { "pair" } else { "pairs" }
    )
}

/// 498000 → "498,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// "2026-05-08", "2026-05-08 to 2026-05-12", "2026-03-14 06:00 to 12:00" or
/// "2026-03-30 22:00 to 2026-03-31 09:00": whole days as dates (last day
/// included), anything else as local times.
pub fn period(r: &TimeRange, tz: Tz) -> String {
    if is_whole_days(r, tz) {
        let first = date_of(r.start, tz);
        let last = date_of(r.end, tz).pred_opt().unwrap_or(first);
        if first == last {
            first.to_string()
        } else {
            format!("{first} to {last}")
        }
    } else {
        let a = r.start.with_timezone(&tz);
        let b = r.end.with_timezone(&tz);
        if a.date_naive() == b.date_naive() {
            format!("{} to {}", a.format("%Y-%m-%d %H:%M"), b.format("%H:%M"))
        } else {
            format!(
                "{} to {}",
                a.format("%Y-%m-%d %H:%M"),
                b.format("%Y-%m-%d %H:%M")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::London;

    use crate::time::range::testing::range;

    #[test]
    fn periods_read_as_days_or_times() {
        assert_eq!(
            period(&range("2024-03-30", "2024-03-31"), London),
            "2024-03-30 to 2024-03-31"
        );
        assert_eq!(
            period(&range("2024-03-31", "2024-03-31"), London),
            "2024-03-31"
        );
        assert_eq!(
            period(&range("2024-03-31T00:00", "2024-03-31T03:00"), London),
            "2024-03-31 00:00 to 03:00"
        );
        assert_eq!(
            period(&range("2024-03-30T22:00", "2024-03-31T03:00"), London),
            "2024-03-30 22:00 to 2024-03-31 03:00"
        );
    }
}
