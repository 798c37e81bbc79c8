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

    /// A horizon: how far ahead a warning looks, in whole days (`60d`, `8w`).
    /// `certificate_warning`, `milestone_warning` and `certs --expiring` are
    /// horizons. Hours and minutes are refused rather than rounded: `3m` is
    /// three minutes, and silently looking 0 days ahead is how a nightly
    /// `certs --expiring 3m --fail-if-any` would pass while certificates lapse.
    pub fn parse_horizon(text: &str) -> Result<Duration, HorizonError> {
        let d = Duration::parse(text).map_err(|message| HorizonError {
            message,
            help: "write whole days or weeks, e.g. 60d or 8w".into(),
        })?;
        let text = text.trim();
        let number = d.minutes / d.unit.minutes();
        match d.unit {
            Unit::Days | Unit::Weeks => Ok(d),
            Unit::Minutes => {
                // Most likely months were meant: a month is about 30 days.
                let days = number.saturating_mul(30);
                let weeks = (days + 3) / 7;
                Err(HorizonError {
                    message: format!("`{text}` is {} minutes, but a horizon is whole days (`m` is minutes, not months)", number),
                    help: format!("`{text}` is not {number} month{}: write `{weeks}w` or `{days}d`", if number == 1 { "" } else { "s" }),
                })
            }
            Unit::Hours => {
                let (down, up) = (number / 24, (number + 23) / 24);
                Err(HorizonError {
                    message: format!("`{text}` is in hours, but a horizon is whole days"),
                    help: if down == up {
                        format!("write `{down}d`")
                    } else {
                        format!("write `{down}d` or `{up}d`")
                    },
                })
            }
        }
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

/// Why a horizon could not be read, and the days that were probably meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HorizonError {
    pub message: String,
    pub help: String,
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
    fn horizons_are_whole_days() {
        assert_eq!(
            Duration::parse_horizon("60d").map(Duration::whole_days),
            Ok(60)
        );
        assert_eq!(
            Duration::parse_horizon("8w").map(Duration::whole_days),
            Ok(56)
        );
        assert_eq!(
            Duration::parse_horizon(" 0d ").map(Duration::whole_days),
            Ok(0)
        );
        let e = Duration::parse_horizon("3m").unwrap_err();
        assert!(e.message.contains("minutes"), "{}", e.message);
        assert_eq!(e.help, "`3m` is not 3 months: write `13w` or `90d`");
        let e = Duration::parse_horizon("1m").unwrap_err();
        assert_eq!(e.help, "`1m` is not 1 month: write `4w` or `30d`");
        assert_eq!(
            Duration::parse_horizon("36h").unwrap_err().help,
            "write `1d` or `2d`"
        );
        assert_eq!(
            Duration::parse_horizon("48h").unwrap_err().help,
            "write `2d`"
        );
        assert!(Duration::parse_horizon("3M")
            .unwrap_err()
            .message
            .contains("months"));
        assert!(Duration::parse_horizon("soon").is_err());
    }

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
