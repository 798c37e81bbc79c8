//! Which certificates `envplan certs` lists: those that expire after the as-of
//! day and within the window, and (on request) those already expired, never
//! the revoked or the replaced, sorted by expiry then id.
//!
//! The window, filters and selection live here so that the command stays a
//! thin shell and the rules (EP302) and the listing agree on what "expires
//! within N days" means: the last valid day minus the as-of day, in days.

use chrono::NaiveDate;

use crate::model::{CertIx, EnvIx, IntervalIx, Model, ParticipantIx};
use crate::registry::lenient;
use crate::registry::records::Participant;
use crate::table::Table;
use crate::time::duration::HorizonError;
use crate::time::when::{date_of, start_of_day};
use crate::time::{Duration, Instant};

use super::{days_left, needed_after_among, status};

/// How far ahead to look, as the user wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// A duration such as `60d` or `8w` after the as-of day (whole days count).
    Within(Duration),
    /// Up to and including this day.
    Until(NaiveDate),
}

impl Window {
    /// `60d`, `8w` (a horizon: whole days), or a date `2026-05-01`. The
    /// error says what was expected, and its help the days probably meant.
    pub fn parse(text: &str) -> Result<Window, HorizonError> {
        let text = text.trim();
        let looks_like_date = text.len() >= 8 && text.as_bytes().get(4) == Some(&b'-');
        if looks_like_date {
            crate::time::when::parse_date(text)
                .map(Window::Until)
                .map_err(|message| HorizonError {
                    message,
                    help: "give a day that exists, as YYYY-MM-DD".into(),
                })
        } else {
            Duration::parse_horizon(text)
                .map(Window::Within)
                .map_err(|e| HorizonError {
                    help: format!(
                        "{}; or give a date, YYYY-MM-DD, to list certificates expiring by then",
                        e.help
                    ),
                    ..e
                })
        }
    }

    /// The window in whole days after `as_of`; `Err` when a date lies before it.
    pub fn days(self, as_of: NaiveDate) -> Result<i64, String> {
        match self {
            Window::Within(d) => Ok(d.whole_days()),
            Window::Until(day) if day < as_of => Err(format!(
                "{day} is before the as-of day {as_of}; to see certificates that have already expired, use --include-expired"
            )),
            Window::Until(day) => Ok((day - as_of).num_days()),
        }
    }
}

/// What to list.
#[derive(Debug, Clone, Copy)]
pub struct Query {
    pub as_of: NaiveDate,
    /// Certificates whose last valid day is at most this many days after as of.
    pub window_days: i64,
    pub participant: Option<ParticipantIx>,
    pub environment: Option<EnvIx>,
    pub include_expired: bool,
}

/// One listed certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub cert: CertIx,
    pub id: String,
    pub participant: String,
    pub environment: String,
    pub purpose: &'static str,
    pub mpid: Option<String>,
    pub role: Option<String>,
    /// `expires` as written in the record (date or datetime).
    pub expires: String,
    pub last_day: NaiveDate,
    /// Negative once expired.
    pub days_left: i64,
    /// The first booking that needs a certificate after this one lapses: interval id and first day.
    pub needed_by: Option<(String, NaiveDate)>,
}

/// Renewals are urgent inside this many days, whatever the window.
pub const URGENT_DAYS: i64 = 14;

impl Entry {
    pub fn is_expired(&self) -> bool {
        self.days_left < 0
    }

    /// Red in a table: expired or fewer than [`URGENT_DAYS`] left.
    pub fn is_urgent(&self) -> bool {
        self.days_left < URGENT_DAYS
    }

    /// "expired, not replaced", "renew now" or "renew soon", and from when
    /// (and for which booking) a renewal is needed.
    pub fn renewal(&self) -> String {
        let state = if self.is_expired() {
            "expired, not replaced"
        } else if self.is_urgent() {
            "renew now"
        } else {
            "renew soon"
        };
        match &self.needed_by {
            Some((interval, day)) => format!("{state}; needed from {day} ({interval})"),
            None => state.to_owned(),
        }
    }
}

/// The certificates `query` selects, sorted by expiry instant then id.
pub fn list(m: &Model<'_>, query: &Query) -> Vec<Entry> {
    let reg = m.reg;
    let as_of_start = start_of_day(query.as_of, m.settings.tz);
    let st = status(m, query.as_of);
    let mut rows: Vec<(Instant, Entry)> = Vec::new();
    // Each participant's intervals, ascending, so that finding when each
    // certificate is needed next looks at its holder's bookings only.
    let mut intervals_of: Table<Participant, Vec<IntervalIx>> =
        reg.participants.map(|_| Vec::new());
    for (i, _, f) in m.intervals() {
        for &p in &f.participants {
            if let Some(list) = intervals_of.get_mut(p) {
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    for (i, c, f) in m.certificates() {
        let (Some(last_day), Some(until)) = (f.last_day, f.valid_until) else {
            continue;
        };
        if f.revoked.is_some() || st.replaced_by[i].is_some() {
            continue;
        }
        if query.participant.is_some_and(|p| f.participant != Some(p))
            || query.environment.is_some_and(|e| f.env != Some(e))
        {
            continue;
        }
        let left = days_left(last_day, query.as_of);
        let listed = if left < 0 {
            query.include_expired
        } else {
            left <= query.window_days
        };
        if !listed {
            continue;
        }
        let candidates = f
            .participant
            .and_then(|p| intervals_of.get(p))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let needed_by =
            needed_after_among(m, i, as_of_start, candidates.iter().copied()).map(|(iv, at)| {
                (
                    reg.intervals[iv].id.value.to_string(),
                    date_of(at, m.settings.tz),
                )
            });
        rows.push((
            until,
            Entry {
                cert: i,
                id: c.id.value.to_string(),
                participant: c.participant.value.to_string(),
                environment: c.environment.value.to_string(),
                purpose: lenient::shown(c.purpose.as_ref()),
                mpid: c.mpid.as_ref().map(|t| t.value.to_string()),
                role: c.role.as_ref().map(|t| t.value.to_string()),
                expires: c.expires.value.to_string(),
                last_day,
                days_left: left,
                needed_by,
            },
        ));
    }
    rows.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
    rows.into_iter().map(|(_, e)| e).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        crate::time::when::parse_date(s).expect("date")
    }

    #[test]
    fn windows_are_durations_or_dates() {
        let as_of = day("2026-03-02");
        let days = |t: &str| {
            Window::parse(t)
                .map_err(|e| format!("{}; {}", e.message, e.help))
                .and_then(|w| w.days(as_of))
        };
        assert_eq!(days("60d"), Ok(60));
        assert_eq!(days("8w"), Ok(56));
        // A horizon is whole days: hours and minutes are refused, with the days meant.
        assert!(days("36h").unwrap_err().contains("write `1d` or `2d`"));
        assert!(days("3m")
            .unwrap_err()
            .contains("`3m` is not 3 months: write `13w` or `90d`"));
        assert_eq!(days("0d"), Ok(0));
        assert_eq!(days("2026-03-02"), Ok(0));
        assert_eq!(days("2026-05-01"), Ok(60));
        assert!(days("2026-03-01")
            .unwrap_err()
            .contains("before the as-of day"));
        assert!(days("2026-02-30")
            .unwrap_err()
            .contains("February 2026 has 28 days"));
        assert!(days("2M").unwrap_err().contains("no fixed length"));
        assert!(days("soon").unwrap_err().contains("or give a date"));
        assert!(days("-5d").is_err());
    }

    #[test]
    fn renewal_states() {
        let entry = |days_left, needed_by: Option<(&str, &str)>| Entry {
            cert: CertIx::new(0),
            id: "C".into(),
            participant: "P".into(),
            environment: "E".into(),
            purpose: "tls",
            mpid: None,
            role: None,
            expires: "2026-03-20".into(),
            last_day: day("2026-03-20"),
            days_left,
            needed_by: needed_by.map(|(i, d)| (i.to_owned(), day(d))),
        };
        assert_eq!(entry(-1, None).renewal(), "expired, not replaced");
        assert_eq!(entry(0, None).renewal(), "renew now");
        assert_eq!(entry(13, None).renewal(), "renew now");
        assert_eq!(entry(14, None).renewal(), "renew soon");
        assert_eq!(
            entry(5, Some(("FUNC-2", "2026-03-21"))).renewal(),
            "renew now; needed from 2026-03-21 (FUNC-2)"
        );
    }
}
