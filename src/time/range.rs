//! Half-open spans of time, `[start, end)`. A range written with dates covers
//! whole days (its end date included); by the time it is a `TimeRange` it is
//! plain instants, so overlap is the same question for every kind of range.

use chrono_tz::Tz;

use super::when::{Instant, When};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeRange {
    pub start: Instant,
    pub end: Instant,
}

impl TimeRange {
    pub fn new(start: Instant, end: Instant) -> Self {
        Self { start, end }
    }

    /// The range from `start` to `end` as written; `Err` says which end is wrong and why.
    pub fn from_whens(start: &When, end: &When, tz: Tz) -> Result<TimeRange, RangeError> {
        let s = start.start_instant(tz).map_err(RangeError::Start)?;
        let e = end.end_instant(tz).map_err(RangeError::End)?;
        // A zero-length datetime range is allowed; an end date before the start date is not.
        if e < s || (e == s && start.is_date()) {
            return Err(RangeError::Backwards);
        }
        Ok(TimeRange { start: s, end: e })
    }

    /// Two ranges overlap when they share a positive length of time (so a
    /// zero-length range overlaps nothing, even one it lies inside).
    pub fn overlaps(&self, other: &TimeRange) -> bool {
        self.start.max(other.start) < self.end.min(other.end)
    }

    pub fn overlap(&self, other: &TimeRange) -> Option<TimeRange> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(TimeRange { start, end })
    }

    pub fn contains_range(&self, other: &TimeRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn length(&self) -> chrono::Duration {
        self.end - self.start
    }
}

/// Why a range could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    Start(String),
    End(String),
    Backwards,
}

/// Ranges as written, in London, for tests anywhere in the crate.
#[cfg(test)]
pub(crate) mod testing {
    use super::TimeRange;
    use crate::time::When;
    use chrono_tz::Europe::London;

    pub fn range(start: &str, end: &str) -> TimeRange {
        TimeRange::from_whens(
            &When::parse(start).expect("start"),
            &When::parse(end).expect("end"),
            London,
        )
        .expect("range")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::London;

    use super::testing::range;

    #[test]
    fn date_ranges_are_inclusive_whole_days() {
        let r = range("2024-04-01", "2024-04-05");
        assert_eq!(r.length().num_days(), 5);
        // Back-to-back date ranges do not overlap; sharing a day does.
        assert!(!r.overlaps(&range("2024-04-06", "2024-04-10")));
        assert!(r.overlaps(&range("2024-04-05", "2024-04-10")));
        // A single day is a range of one day.
        assert_eq!(range("2024-04-01", "2024-04-01").length().num_hours(), 24);
    }

    #[test]
    fn datetime_ranges_are_half_open() {
        let a = range("2024-04-01T08:00", "2024-04-01T09:00");
        assert!(!a.overlaps(&range("2024-04-01T09:00", "2024-04-01T10:00")));
        assert!(a.overlaps(&range("2024-04-01T08:59", "2024-04-01T10:00")));
    }

    #[test]
    fn zero_length_overlaps_nothing() {
        let point = range("2024-04-01T09:00", "2024-04-01T09:00");
        let around = range("2024-04-01T08:00", "2024-04-01T10:00");
        assert!(!point.overlaps(&around));
        assert!(!around.overlaps(&point));
        assert_eq!(point.overlap(&around), None);
    }

    #[test]
    fn mixed_ranges() {
        // A date end is 24:00 of that day.
        let a = range("2024-04-01T18:00", "2024-04-02");
        assert!(a.overlaps(&range("2024-04-02T23:59", "2024-04-03T01:00")));
        assert!(!a.overlaps(&range("2024-04-03", "2024-04-03")));
    }

    #[test]
    fn backwards_is_an_error() {
        let e = TimeRange::from_whens(
            &When::parse("2024-04-05").expect("a"),
            &When::parse("2024-04-01").expect("b"),
            London,
        );
        assert_eq!(e, Err(RangeError::Backwards));
        let e = TimeRange::from_whens(
            &When::parse("2024-04-05T10:00").expect("a"),
            &When::parse("2024-04-05T09:00").expect("b"),
            London,
        );
        assert_eq!(e, Err(RangeError::Backwards));
    }
}
