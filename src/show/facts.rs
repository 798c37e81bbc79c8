//! What follows from a record's fields as of the day: days left, whether an
//! interval is under way, what an environment is made of, its next booking.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::registry::document::Kind;
use crate::registry::records::Sharing;
use crate::table::Ix;
use crate::time::format::{describe_length, describe_range, plural};
use crate::time::when::{date_of, month_start};
use crate::time::TimeRange;

use super::rows::{hours, join, join_owned, Rows};
use super::Shown;

impl Shown<'_, '_> {
    /// What follows from the fields as of the day. A kind that has facts
    /// has its own method below; one without (Availability, whose hours
    /// show on its environment) has nothing to add.
    pub(super) fn facts(&self) -> Rows {
        let mut rows = Rows::default();
        match self.kind {
            Kind::Programme => self.programme_facts(&mut rows),
            Kind::Environment => self.environment_facts(&mut rows),
            Kind::Participant => self.participant_facts(&mut rows),
            Kind::Interval => self.interval_facts(&mut rows),
            Kind::Certificate => self.certificate_facts(&mut rows),
            Kind::Milestone => self.milestone_facts(&mut rows),
            Kind::Outage => self.outage_facts(&mut rows),
            _ => {}
        }
        rows
    }

    fn programme_facts(&self, rows: &mut Rows) {
        let m = self.model;
        let reg = m.reg;
        if let Some(rule) = m.settings.ewg {
            let this_month = month_start(self.as_of);
            let next = [this_month, next_month(this_month)]
                .into_iter()
                .filter_map(|d| rule.in_month(d.year(), d.month()))
                .find(|d| *d >= self.as_of);
            if let Some(d) = next {
                rows.add("next EWG", format!("{d} ({})", in_days(d, self.as_of)));
            }
        }
        rows.add(
            "records",
            format!(
                "{}, {}, {}, {}, {}, {}, {}",
                plural(reg.environments.len() as i64, "environment"),
                plural(reg.participants.len() as i64, "participant"),
                plural(reg.intervals.len() as i64, "interval"),
                plural(reg.certificates.len() as i64, "certificate"),
                plural(reg.availabilities.len() as i64, "availability record"),
                plural(reg.outages.len() as i64, "outage"),
                plural(reg.milestones.len() as i64, "milestone"),
            ),
        );
    }

    fn environment_facts(&self, rows: &mut Rows) {
        let m = self.model;
        let reg = m.reg;
        let tz = m.settings.tz;
        let i = Ix::from_raw(self.idx);
        let f = &m.environments[i];
        rows.add(
            "sharing",
            match f.sharing {
                Sharing::Shared => "any number of intervals may overlap",
                Sharing::Exclusive => "one interval at a time",
                Sharing::SerialStages => "overlapping intervals must be of the same stage",
                Sharing::SingleUpstream => {
                    "overlapping intervals must reach it through the same upstream environment"
                }
            },
        );
        if let Some((from, to)) = f.required {
            let state = if self.as_of < from {
                format!("not yet: from {from} ({})", in_days(from, self.as_of))
            } else if self.as_of > to {
                format!("no longer: ended {to}")
            } else {
                let left = (to - self.as_of).num_days() + 1;
                format!("yes, until {to} ({} left)", plural(left, "day"))
            };
            rows.add("required", state);
        }
        if let Some(a) = f.availability {
            let av = &reg.availabilities[a];
            rows.add(
                "service hours",
                format!("{} ({})", hours(&av.service), av.id.value),
            );
        } else {
            rows.add(
                "service hours",
                crate::availability::hours(m, i).describe(m),
            );
        }
        if !f.all_components.is_empty() {
            let id = |e: crate::model::EnvIx| reg.environments[e].id.value.to_string();
            let direct = join_owned(f.components.iter().map(|&e| id(e)));
            let deeper: Vec<String> = f
                .all_components
                .iter()
                .filter(|e| !f.components.contains(e))
                .map(|&e| id(e))
                .collect();
            let mut text = format!("made of {direct}");
            if !deeper.is_empty() {
                let _ = write!(text, ", and through them {}", deeper.join(", "));
            }
            text.push_str("; their outages are its outages");
            rows.add("components", text);
        }
        if let Some(r) = &f.readiness {
            rows.add("readiness", readiness_state(r, f.required, self.as_of));
        }
        let as_of_start = crate::time::when::start_of_day(self.as_of, tz);
        let mut upcoming: Vec<(TimeRange, &str)> = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        for (_, iv, facts) in m.intervals() {
            let here = facts.env == Some(i) || facts.uses.contains(&i);
            let Some(range) = facts.range else { continue };
            if !here || facts.is_cancelled() {
                continue;
            }
            if range.start <= as_of_start && range.end > as_of_start {
                current.push(iv.id.as_str());
            } else if range.start > as_of_start {
                upcoming.push((range, iv.id.as_str()));
            }
        }
        rows.add("booked now", join(current.iter().copied()));
        upcoming.sort_by_key(|(r, id)| (r.start, *id));
        if let Some((range, id)) = upcoming.first() {
            rows.add(
                "next booking",
                format!("{id}, {}", describe_range(range, tz)),
            );
        }
        let ongoing: Vec<&str> = reg
            .outages
            .iter()
            .zip(&m.outages)
            .filter(|(_, f)| f.env == Some(i))
            .filter(|(_, f)| {
                f.start.is_some_and(|s| s <= as_of_start)
                    && f.end.is_none_or(|e| e > as_of_start)
                    && f.end_ok
            })
            .map(|(o, _)| o.id.as_str())
            .collect();
        rows.add("outage now", join(ongoing.into_iter()));
    }

    fn participant_facts(&self, rows: &mut Rows) {
        let m = self.model;
        let reg = m.reg;
        let tz = m.settings.tz;
        let i = Ix::from_raw(self.idx);
        let held = m
            .certificates
            .iter()
            .filter(|c| c.participant == Some(i))
            .count();
        rows.add("holds", plural(held as i64, "certificate"));
        let taking_part = m
            .intervals
            .iter()
            .filter(|f| f.participants.contains(&i) && !f.is_cancelled())
            .filter(|f| f.range.is_some_and(|r| date_of(r.end, tz) > self.as_of))
            .count();
        rows.add(
            "intervals",
            format!("{} not yet ended", plural(taking_part as i64, "interval")),
        );
        let cohorts: Vec<String> = reg
            .environments
            .indices()
            .filter_map(|e| {
                let c = m.cohort(i, e)?;
                let iv = &reg.intervals[c];
                Some(format!(
                    "{}: {} ({}, from {})",
                    reg.environments[e].id.value, iv.id.value, iv.name.value, iv.start.value
                ))
            })
            .collect();
        let milestones: Vec<String> = crate::milestones::status::of_participant(m, i, self.as_of)
            .iter()
            .map(|(ms, s, st)| {
                format!(
                    "{}: {}, due {}",
                    reg.milestones[*ms].id.value,
                    st.as_str(),
                    s.due
                )
            })
            .collect();
        rows.add_lines("milestones", milestones);
        if cohorts.is_empty() {
            rows.add(
                "cohorts",
                format!("none (in no {} interval)", m.settings.proving_stage),
            );
        } else {
            rows.add_lines("cohorts", cohorts);
        }
    }

    fn interval_facts(&self, rows: &mut Rows) {
        let m = self.model;
        let tz = m.settings.tz;
        let i = Ix::from_raw(self.idx);
        let f = &m.intervals[i];
        if let Some(range) = f.range {
            rows.add(
                "runs",
                format!(
                    "{} ({})",
                    describe_range(&range, tz),
                    describe_length(&range, tz)
                ),
            );
            let first = date_of(range.start, tz);
            let ends = date_of(range.end, tz);
            let state = if f.is_cancelled() {
                "cancelled".to_owned()
            } else if self.as_of < first {
                format!("starts {}", in_days(first, self.as_of))
            } else if self.as_of < ends {
                "under way".to_owned()
            } else {
                "ended".to_owned()
            };
            rows.add("state", state);
        }
    }

    fn certificate_facts(&self, rows: &mut Rows) {
        let m = self.model;
        let tz = m.settings.tz;
        let i = Ix::from_raw(self.idx);
        let f = &m.certificates[i];
        if let Some(last) = f.last_day {
            let left = (last - self.as_of).num_days();
            let state = if f.revoked.is_some_and(|r| date_of(r, tz) <= self.as_of) {
                "revoked".to_owned()
            } else if left < 0 {
                format!("expired {} ago", plural(-left, "day"))
            } else {
                format!("valid, {} left (last day {last})", plural(left, "day"))
            };
            rows.add("state", state);
        }
    }

    fn milestone_facts(&self, rows: &mut Rows) {
        let m = self.model;
        let reg = m.reg;
        let i = Ix::from_raw(self.idx);
        let standings = crate::milestones::status::standings(m, i, self.as_of);
        let lines: Vec<String> = standings
            .iter()
            .map(|(s, st)| {
                let anchor = s
                    .anchor
                    .map(|a| format!(", before {}", reg.intervals[a].id.value))
                    .unwrap_or_default();
                format!(
                    "{}: {}, due {}{anchor}",
                    reg.participants[s.participant].id.value,
                    st.as_str(),
                    s.due
                )
            })
            .collect();
        if lines.is_empty() {
            rows.add("applies to", "no participant yet".to_owned());
        } else {
            rows.add_lines("applies to", lines);
        }
    }

    fn outage_facts(&self, rows: &mut Rows) {
        let m = self.model;
        let tz = m.settings.tz;
        let i = Ix::from_raw(self.idx);
        let f = &m.outages[i];
        if let (Some(start), Some(end)) = (f.start, f.end) {
            let range = TimeRange::new(start, end);
            rows.add(
                "lasts",
                format!(
                    "{} ({})",
                    describe_range(&range, tz),
                    describe_length(&range, tz)
                ),
            );
        } else if f.start.is_some() && f.end_ok {
            rows.add("lasts", "still ongoing (no end recorded)");
        }
    }
}

/// An environment's readiness as of a day, against when it is required.
fn readiness_state(
    r: &crate::model::ReadinessFacts,
    required: Option<(NaiveDate, NaiveDate)>,
    as_of: NaiveDate,
) -> String {
    use crate::registry::records::ReadinessStatus;
    let built = matches!(r.status, ReadinessStatus::Ready | ReadinessStatus::Retired);
    let ready = built && r.ready_on.is_none_or(|d| d <= as_of);
    let mut text = match (ready, r.ready_on) {
        (true, Some(d)) => format!("ready since {d}"),
        (true, None) => "ready".to_owned(),
        (false, Some(d)) if d > as_of => {
            format!(
                "not ready: {}, forecast ready on {d} ({})",
                r.status.as_str(),
                in_days(d, as_of)
            )
        }
        (false, _) => format!("not ready: {}", r.status.as_str()),
    };
    if let Some((from, to)) = required {
        if !ready && as_of >= from && as_of <= to {
            let _ = write!(text, "; required since {from} (EP503)");
        } else if let Some(d) = r.ready_on.filter(|d| *d > from && as_of < from) {
            let _ = write!(
                text,
                "; {} after it is required on {from} (EP504)",
                plural((d - from).num_days(), "day")
            );
        }
    }
    text
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

/// "today", "tomorrow", "in 12 days".
fn in_days(day: NaiveDate, as_of: NaiveDate) -> String {
    match (day - as_of).num_days() {
        0 => "today".into(),
        1 => "tomorrow".into(),
        n => format!("in {}", plural(n, "day")),
    }
}
