//! Durations as written in the registry: `60d`, `8w`, `36h`, `90m`. No months
//! or years, because they have no fixed length.

use std::fmt;

/// A length of time, kept in minutes with the unit it was written in, so
/// that messages say `7d` when the registry says `7d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Duration {
    minutes: i64,
    unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl Unit {
    fn minutes(self) -> i64 {
        match self {
            Unit::Minutes => 1,
            Unit::Hours => 60,
            Unit::Days => 24 * 60,
            Unit::Weeks => 7 * 24 * 60,
        }
    }
    fn letter(self) -> char {
        match self {
            Unit::Minutes => 'm',
            Unit::Hours => 'h',
            Unit::Days => 'd',
            Unit::Weeks => 'w',
        }
    }
}

impl Duration {
    pub const fn from_days(days: i64) -> Self {
        Self {
            minutes: days * 24 * 60,
            unit: Unit::Days,
        }
    }

    pub fn parse(text: &str) -> Result<Duration, String> {
        let text = text.trim();
        let bad = || {
            format!("`{text}` is not a duration: write a whole number and a unit, d (days), w (weeks), h (hours) or m (minutes), e.g. 60d")
        };
        let unit = text.chars().last().ok_or_else(bad)?;
        let number: i64 = text[..text.len() - unit.len_utf8()]
            .parse()
            .map_err(|_| bad())?;
        if number < 0 {
            return Err(bad());
        }
        let unit = match unit {
            'm' => Unit::Minutes,
            'h' => Unit::Hours,
            'd' => Unit::Days,
            'w' => Unit::Weeks,
            'M' | 'y' | 'Y' => {
                return Err(format!("`{text}`: months and years have no fixed length; write days or weeks instead, e.g. 90d"))
            }
            _ => return Err(bad()),
        };
        let minutes = number
            .checked_mul(unit.minutes())
            .filter(|m| *m <= 100 * 365 * 24 * 60)
            .ok_or_else(|| format!("`{text}` is longer than a century"))?;
        Ok(Duration { minutes, unit })
    }

    pub fn minutes(self) -> i64 {
        self.minutes
    }

    /// Whole days, rounded down (36h is one day).
    pub fn whole_days(self) -> i64 {
        self.minutes / (24 * 60)
    }

    /// Whether it was written in days or weeks (a civil length), rather
    /// than hours or minutes (a length of elapsed time).
    pub fn is_in_days(self) -> bool {
        matches!(self.unit, Unit::Days | Unit::Weeks)
    }

    pub fn to_chrono(self) -> chrono::Duration {
        chrono::Duration::minutes(self.minutes)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}",
            self.minutes / self.unit.minutes(),
            self.unit.letter()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(Duration::parse("60d").map(Duration::whole_days), Ok(60));
        assert_eq!(Duration::parse("8w").map(Duration::whole_days), Ok(56));
        assert_eq!(Duration::parse("36h").map(Duration::whole_days), Ok(1));
        assert_eq!(Duration::parse("90m").map(Duration::minutes), Ok(90));
        assert!(Duration::parse("3M").unwrap_err().contains("months"));
        assert!(Duration::parse("d").is_err());
        assert!(Duration::parse("-5d").is_err());
        assert!(Duration::parse("60 days").is_err());
        assert!(Duration::parse("99999999999999d").is_err());
        for written in ["7d", "1w", "36h", "90m", "0d"] {
            assert_eq!(Duration::parse(written).unwrap().to_string(), written);
        }
    }
}
