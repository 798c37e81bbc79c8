//! The monthly meeting rule, such as `first-tuesday` or `last-friday`.

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};

use super::when::days_in_month;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EwgRule {
    /// 1..=4 for first..fourth; 0 for last.
    pub nth: u8,
    pub weekday: Weekday,
}

const ORDINALS: [(&str, u8); 5] = [
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("last", 0),
];
const DAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

impl EwgRule {
    pub fn parse(text: &str) -> Result<EwgRule, String> {
        let bad = || {
            format!("`{text}` is not a monthly meeting rule: write first|second|third|fourth|last, a hyphen and a weekday, e.g. first-tuesday")
        };
        let (ord, day) = text.split_once('-').ok_or_else(bad)?;
        let nth = ORDINALS
            .iter()
            .find(|(n, _)| *n == ord)
            .map(|(_, v)| *v)
            .ok_or_else(bad)?;
        let weekday = DAYS
            .iter()
            .find(|(n, _)| *n == day)
            .map(|(_, v)| *v)
            .ok_or_else(bad)?;
        Ok(EwgRule { nth, weekday })
    }

    /// The meeting day in the given month.
    pub fn in_month(self, year: i32, month: u32) -> Option<NaiveDate> {
        if self.nth == 0 {
            let last = NaiveDate::from_ymd_opt(year, month, days_in_month(year, month))?;
            let back = (7 + last.weekday().num_days_from_monday()
                - self.weekday.num_days_from_monday())
                % 7;
            return last.checked_sub_days(chrono::Days::new(u64::from(back)));
        }
        NaiveDate::from_weekday_of_month_opt(year, month, self.weekday, self.nth)
    }
}

impl fmt::Display for EwgRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ord = ORDINALS
            .iter()
            .find(|(_, v)| *v == self.nth)
            .map_or("?", |(n, _)| *n);
        let day = DAYS
            .iter()
            .find(|(_, v)| *v == self.weekday)
            .map_or("?", |(n, _)| *n);
        write!(f, "{ord}-{day}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_days() {
        let first_tuesday = EwgRule::parse("first-tuesday").expect("rule");
        assert_eq!(
            first_tuesday.in_month(2026, 12),
            NaiveDate::from_ymd_opt(2026, 12, 1)
        );
        assert_eq!(
            first_tuesday.in_month(2027, 1),
            NaiveDate::from_ymd_opt(2027, 1, 5)
        );
        let last_friday = EwgRule::parse("last-friday").expect("rule");
        assert_eq!(
            last_friday.in_month(2026, 12),
            NaiveDate::from_ymd_opt(2026, 12, 25)
        );
        assert!(EwgRule::parse("fifth-monday").is_err());
        assert!(EwgRule::parse("first-tues").is_err());
        assert_eq!(first_tuesday.to_string(), "first-tuesday");
    }
}
