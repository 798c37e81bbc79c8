//! A change's impact by outcome, not by text: what a pull request does to
//! the findings, the clashes, the certificates at risk and this month's
//! availability, and who it touches. Two registries (say, `main` and the
//! branch) are each checked on the same day, reduced to their [`Outcomes`],
//! and [`compare`]d. A YAML edit that moves a comment changes nothing here;
//! a one-character date change that creates a clash shows as that clash.
//!
//! Findings are matched by code, records and file, not by line, so that an
//! edit above a finding does not make it look new (`check --new-since` uses
//! the same key).

pub mod render;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDate};

use crate::availability::{measure_in, outage_span, required_range, with_components};
use crate::bookings::listing::period;
use crate::certificates::coverage::uncovered;
use crate::certificates::listing::{list, Query};
use crate::clashes::{clash_rows, ClashFilter};
use crate::diag::{Code, Finding, Severity};
use crate::history::{Change, RecordChange};
use crate::model::Model;
use crate::pipeline::Checked;
use crate::registry::document::Kind;
use crate::registry::Registry;
use crate::time::range::TimeRange;
use crate::time::when::{date_of, month_start, next_day, start_of_day};

/// How a finding is recognised in another revision: its code, the records it
/// is about and its file, but not its line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FindingKey {
    pub code: Code,
    pub records: Vec<String>,
    /// Relative to the registry root; `None` for findings about the whole registry.
    pub file: Option<String>,
}

impl FindingKey {
    pub fn of(reg: &Registry, f: &Finding) -> Self {
        FindingKey {
            code: f.code,
            records: f.records.clone(),
            file: f.place.map(|p| reg.file(p.file).rel.clone()),
        }
    }
}

/// A finding as the impact report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingOutcome {
    pub key: FindingKey,
    pub severity: Severity,
    pub message: String,
    /// The line in the revision it comes from.
    pub line: Option<u32>,
}

/// A clash between two intervals on one environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClashOutcome {
    pub code: Code,
    pub environment: String,
    pub earlier: String,
    pub later: String,
    /// The overlap in the programme's words.
    pub period: String,
    pub participants: Vec<String>,
}

impl ClashOutcome {
    fn key(&self) -> (&str, &str, &str) {
        (&self.environment, &self.earlier, &self.later)
    }
}

/// A certificate that is expired and not replaced, or expires within the
/// programme's warning horizon (what `envplan certs --include-expired` lists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRisk {
    pub certificate: String,
    pub participant: String,
    pub environment: String,
    pub purpose: String,
    /// As written.
    pub expires: String,
    pub days_left: i64,
}

/// A booked participant who lacks a certificate an interval needs (EP303's facts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRisk {
    pub interval: String,
    pub participant: String,
    pub environment: String,
    pub purpose: String,
    /// The first day it is uncovered.
    pub from: NaiveDate,
}

impl CoverageRisk {
    fn key(&self) -> (&str, &str, &str, &str) {
        (
            &self.interval,
            &self.participant,
            &self.environment,
            &self.purpose,
        )
    }
}

/// An environment's availability over the as-of month: service time with
/// planned outages and those already under way counted against it.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthAvailability {
    pub environment: String,
    /// In hundredths of a percent, rounded down; `None` when the service
    /// hours are unknown, there was no service time, or the month lies
    /// outside the environment's `required` window.
    pub availability: Option<i64>,
    pub lost_minutes: i64,
}

/// Everything the impact report compares, for one registry on one day.
#[derive(Debug, Clone, Default)]
pub struct Outcomes {
    pub findings: Vec<FindingOutcome>,
    pub clashes: Vec<ClashOutcome>,
    pub certificates: Vec<CertificateRisk>,
    pub coverage: Vec<CoverageRisk>,
    pub availability: Vec<MonthAvailability>,
    /// Every participant id, to tell participants from other records in findings.
    pub participants: BTreeSet<String>,
    /// Each interval's participants: a finding about an interval affects them.
    pub interval_participants: BTreeMap<String, Vec<String>>,
}

/// The as-of month as a range of instants.
pub fn month_of(as_of: NaiveDate, tz: chrono_tz::Tz) -> TimeRange {
    let first = month_start(as_of);
    let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
    TimeRange::new(start_of_day(first, tz), start_of_day(next, tz))
}

/// Reduce a checked registry to what the impact report compares.
pub fn outcomes(checked: &Checked<'_>) -> Outcomes {
    let m = &checked.model;
    let reg = m.reg;
    let tz = m.settings.tz;
    let as_of = checked.as_of;
    let findings = checked
        .findings
        .iter()
        .map(|f| FindingOutcome {
            key: FindingKey::of(reg, f),
            severity: f.severity,
            message: f.message.clone(),
            line: f.place.map(|p| p.loc.line),
        })
        .collect();
    let clashes = clash_rows(m, &ClashFilter::default())
        .into_iter()
        .map(|r| ClashOutcome {
            code: r.code,
            environment: r.environment.to_owned(),
            earlier: r.earlier.id.to_owned(),
            later: r.later.id.to_owned(),
            period: period(&r.overlap, tz),
            participants: r.participants.iter().map(|p| (*p).to_owned()).collect(),
        })
        .collect();
    let query = Query {
        as_of,
        window_days: m.settings.certificate_warning.whole_days(),
        participant: None,
        environment: None,
        include_expired: true,
    };
    let certificates = list(m, &query)
        .into_iter()
        .map(|e| CertificateRisk {
            certificate: e.id,
            participant: e.participant,
            environment: e.environment,
            purpose: e.purpose.to_owned(),
            expires: e.expires,
            days_left: e.days_left,
        })
        .collect();
    let coverage = uncovered(m, start_of_day(as_of, tz))
        .iter()
        .flat_map(|u| {
            u.gaps.iter().map(|g| CoverageRisk {
                interval: reg.intervals[u.interval].id.value.to_string(),
                participant: reg.participants[u.participant].id.value.to_string(),
                environment: reg.environments[g.env].id.value.to_string(),
                purpose: g.purpose.as_str().to_owned(),
                from: date_of(g.at, tz),
            })
        })
        .collect();
    Outcomes {
        findings,
        clashes,
        certificates,
        coverage,
        availability: availability(m, as_of),
        participants: reg
            .ids(Kind::Participant)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        interval_participants: reg
            .intervals
            .iter()
            .map(|i| {
                let who = i.participants.iter().map(|p| p.as_str().to_owned());
                (i.id.value.to_string(), who.collect())
            })
            .collect(),
    }
}

fn availability(m: &Model<'_>, as_of: NaiveDate) -> Vec<MonthAvailability> {
    let tz = m.settings.tz;
    let month = month_of(as_of, tz);
    // An outage still under way counts up to the end of the as-of day: what
    // is known, not a guess at when it will end.
    let known_until = start_of_day(next_day(as_of), tz).min(month.end);
    m.reg
        .environments
        .indices()
        .map(|e| {
            // The pack's rules: days outside `required` are not counted,
            // components' outages count, unknown hours give no percentage,
            // hundredths are rounded down.
            let span = match required_range(m, e) {
                Some(required) => required.overlap(&month),
                None => Some(month),
            };
            let figures = span.map(|span| {
                let sources = with_components(m, e);
                let outages: Vec<_> = m
                    .outages
                    .indices()
                    .filter(|&o| m.outages[o].env.is_some_and(|x| sources.contains(&x)))
                    .filter_map(|o| outage_span(m, o, known_until))
                    .collect();
                measure_in(m, e, span, &outages)
            });
            MonthAvailability {
                environment: m.reg.environments[e].id.value.to_string(),
                availability: figures.and_then(|f| f.hundredths()),
                lost_minutes: figures.map_or(0, |f| f.lost().num_minutes()),
            }
        })
        .collect()
}

/// An environment whose availability this month differs between the two.
#[derive(Debug, Clone, PartialEq)]
pub struct AvailabilityChange {
    pub environment: String,
    /// `None` on a side where the environment does not exist.
    pub before: Option<MonthAvailability>,
    pub after: Option<MonthAvailability>,
}

/// What changed from `base` to `head`, by outcome. Every list is sorted.
#[derive(Debug, Clone, Default)]
pub struct Impact {
    pub findings_added: Vec<FindingOutcome>,
    pub findings_resolved: Vec<FindingOutcome>,
    pub clashes_added: Vec<ClashOutcome>,
    pub clashes_resolved: Vec<ClashOutcome>,
    /// Certificates at risk in `head` that were not in `base`.
    pub certificates_at_risk: Vec<CertificateRisk>,
    /// Certificates at risk in `base` that no longer are (renewed, removed).
    pub certificates_no_longer_at_risk: Vec<CertificateRisk>,
    pub coverage_added: Vec<CoverageRisk>,
    pub coverage_resolved: Vec<CoverageRisk>,
    pub availability: Vec<AvailabilityChange>,
    /// Milestones added, removed or changed, environments whose readiness
    /// changed, and participants whose milestone dates changed (format v2),
    /// in the words of `pack --since`.
    pub milestones: Vec<RecordChange>,
    /// Participants named by any of the above, sorted.
    pub participants: Vec<String>,
}

impl Impact {
    /// True when the change alters no outcome at all.
    pub fn is_empty(&self) -> bool {
        self.findings_added.is_empty()
            && self.findings_resolved.is_empty()
            && self.clashes_added.is_empty()
            && self.clashes_resolved.is_empty()
            && self.certificates_at_risk.is_empty()
            && self.certificates_no_longer_at_risk.is_empty()
            && self.coverage_added.is_empty()
            && self.coverage_resolved.is_empty()
            && self.availability.is_empty()
            && self.milestones.is_empty()
    }
}

/// The items of `a` whose key is not matched in `b`, counting repeats: two
/// identical findings in `a` and one in `b` leave one.
fn unmatched<T: Clone, K: Ord>(a: &[T], b: &[T], key: impl Fn(&T) -> K) -> Vec<T> {
    let mut counts: BTreeMap<K, usize> = BTreeMap::new();
    for item in b {
        *counts.entry(key(item)).or_default() += 1;
    }
    a.iter()
        .filter(|item| match counts.get_mut(&key(item)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

/// Which of `findings` (keyed by `key`) were not already among `earlier`:
/// for each, true when it is new. Repeats are matched one for one.
pub fn new_findings(earlier: &[FindingKey], findings: &[FindingKey]) -> Vec<bool> {
    let mut counts: BTreeMap<&FindingKey, usize> = BTreeMap::new();
    for k in earlier {
        *counts.entry(k).or_default() += 1;
    }
    findings
        .iter()
        .map(|k| match counts.get_mut(k) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// Compare two registries' outcomes.
pub fn compare(base: &Outcomes, head: &Outcomes) -> Impact {
    let finding_key = |f: &FindingOutcome| f.key.clone();
    let mut findings_added = unmatched(&head.findings, &base.findings, finding_key);
    let mut findings_resolved = unmatched(&base.findings, &head.findings, finding_key);
    let order = |a: &FindingOutcome, b: &FindingOutcome| {
        (&a.key.file, a.line, a.key.code, &a.key.records, &a.message).cmp(&(
            &b.key.file,
            b.line,
            b.key.code,
            &b.key.records,
            &b.message,
        ))
    };
    findings_added.sort_by(order);
    findings_resolved.sort_by(order);

    let clash_key = |c: &ClashOutcome| {
        let (e, a, b) = c.key();
        (e.to_owned(), a.to_owned(), b.to_owned())
    };
    let clashes_added = unmatched(&head.clashes, &base.clashes, clash_key);
    let clashes_resolved = unmatched(&base.clashes, &head.clashes, clash_key);

    let cert_key = |c: &CertificateRisk| c.certificate.clone();
    let certificates_at_risk = unmatched(&head.certificates, &base.certificates, cert_key);
    let certificates_no_longer_at_risk =
        unmatched(&base.certificates, &head.certificates, cert_key);

    let coverage_key = |c: &CoverageRisk| {
        let (a, b, e, p) = c.key();
        (a.to_owned(), b.to_owned(), e.to_owned(), p.to_owned())
    };
    let coverage_added = unmatched(&head.coverage, &base.coverage, coverage_key);
    let coverage_resolved = unmatched(&base.coverage, &head.coverage, coverage_key);

    let availability = availability_changes(&base.availability, &head.availability);

    let mut participants = BTreeSet::new();
    let known = |id: &str| head.participants.contains(id) || base.participants.contains(id);
    for f in findings_added.iter().chain(&findings_resolved) {
        participants.extend(f.key.records.iter().filter(|r| known(r)).cloned());
        for r in &f.key.records {
            for side in [head, base] {
                if let Some(who) = side.interval_participants.get(r) {
                    participants.extend(who.iter().cloned());
                }
            }
        }
    }
    for c in clashes_added.iter().chain(&clashes_resolved) {
        participants.extend(c.participants.iter().cloned());
    }
    for c in certificates_at_risk
        .iter()
        .chain(&certificates_no_longer_at_risk)
    {
        participants.insert(c.participant.clone());
    }
    for c in coverage_added.iter().chain(&coverage_resolved) {
        participants.insert(c.participant.clone());
    }
    Impact {
        findings_added,
        findings_resolved,
        clashes_added,
        clashes_resolved,
        certificates_at_risk,
        certificates_no_longer_at_risk,
        coverage_added,
        coverage_resolved,
        availability,
        milestones: Vec::new(),
        participants: participants.into_iter().collect(),
    }
}

/// The milestone and readiness changes among `changes` (what
/// `history::diff` found between the two registries): every Milestone
/// record, and only the readiness fields of environments and the milestone
/// dates of participants. Participants whose milestones changed are added
/// to those affected.
pub fn add_milestones(impact: &mut Impact, changes: Vec<RecordChange>) {
    let keep = |kind: Kind, phrase: &str| match kind {
        Kind::Environment => phrase.starts_with("readiness"),
        Kind::Participant => phrase.starts_with("milestones"),
        _ => false,
    };
    for mut c in changes {
        if c.kind != Kind::Milestone {
            let Change::Changed(phrases) = &mut c.change else {
                continue;
            };
            phrases.retain(|p| keep(c.kind, p));
            if phrases.is_empty() {
                continue;
            }
            if c.kind == Kind::Participant && !impact.participants.contains(&c.id) {
                impact.participants.push(c.id.clone());
                impact.participants.sort();
            }
        }
        impact.milestones.push(c);
    }
}

fn availability_changes(
    base: &[MonthAvailability],
    head: &[MonthAvailability],
) -> Vec<AvailabilityChange> {
    let mut envs: BTreeMap<&str, (Option<&MonthAvailability>, Option<&MonthAvailability>)> =
        BTreeMap::new();
    for a in base {
        envs.entry(&a.environment).or_default().0 = Some(a);
    }
    for a in head {
        envs.entry(&a.environment).or_default().1 = Some(a);
    }
    envs.into_iter()
        .filter(|(_, (b, h))| match (b, h) {
            (Some(b), Some(h)) => {
                b.lost_minutes != h.lost_minutes
                    || b.availability.is_some() != h.availability.is_some()
            }
            _ => true,
        })
        .map(|(env, (b, h))| AvailabilityChange {
            environment: env.to_owned(),
            before: b.cloned(),
            after: h.cloned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: Code, records: &[&str], file: &str, line: u32) -> FindingOutcome {
        FindingOutcome {
            key: FindingKey {
                code,
                records: records.iter().map(|r| (*r).to_owned()).collect(),
                file: Some(file.to_owned()),
            },
            severity: code.default_severity(),
            message: format!("{code:?} about {records:?}"),
            line: Some(line),
        }
    }

    #[test]
    fn findings_are_matched_by_code_records_and_file_not_line() {
        let base = Outcomes {
            findings: vec![
                finding(Code::EP201, &["A", "B"], "i.yaml", 3),
                finding(Code::EP205, &["A"], "i.yaml", 9),
            ],
            ..Outcomes::default()
        };
        let head = Outcomes {
            findings: vec![
                // Moved down by an edit above it: the same finding.
                finding(Code::EP201, &["A", "B"], "i.yaml", 13),
                // Same code and record, another file: a different finding.
                finding(Code::EP205, &["A"], "other.yaml", 9),
            ],
            ..Outcomes::default()
        };
        let impact = compare(&base, &head);
        assert_eq!(impact.findings_added.len(), 1);
        assert_eq!(
            impact.findings_added[0].key.file.as_deref(),
            Some("other.yaml")
        );
        assert_eq!(impact.findings_resolved.len(), 1);
        assert_eq!(
            impact.findings_resolved[0].key.file.as_deref(),
            Some("i.yaml")
        );
        assert_eq!(impact.findings_resolved[0].key.code, Code::EP205);
    }

    #[test]
    fn repeated_findings_are_matched_one_for_one() {
        let k = |line| finding(Code::EP402, &["O"], "o.yaml", line).key;
        assert_eq!(
            new_findings(&[k(1)], &[k(1), k(2), k(3)]),
            [false, true, true]
        );
        assert_eq!(new_findings(&[k(1), k(2)], &[k(5)]), [false]);
        assert_eq!(new_findings(&[], &[k(5)]), [true]);
    }

    #[test]
    fn participants_are_collected_from_every_outcome() {
        let head = Outcomes {
            participants: ["P1", "P2", "P3"].map(String::from).into(),
            findings: vec![finding(Code::EP101, &["P1"], "p.yaml", 1)],
            clashes: vec![ClashOutcome {
                code: Code::EP201,
                environment: "E".into(),
                earlier: "I1".into(),
                later: "I2".into(),
                period: String::new(),
                participants: vec!["P2".into()],
            }],
            ..Outcomes::default()
        };
        let base = Outcomes {
            participants: head.participants.clone(),
            ..Outcomes::default()
        };
        let impact = compare(&base, &head);
        assert_eq!(impact.participants, ["P1", "P2"]);
        assert!(!impact.is_empty());
        assert!(compare(&head, &head).is_empty());
    }

    #[test]
    fn only_milestones_and_readiness_are_kept_from_record_changes() {
        let change = |kind, id: &str, phrases: &[&str]| RecordChange {
            kind,
            id: id.into(),
            name: None,
            change: Change::Changed(phrases.iter().map(|p| (*p).to_owned()).collect()),
        };
        let mut impact = Impact::default();
        add_milestones(
            &mut impact,
            vec![
                change(Kind::Milestone, "M1", &["due: 2026-01-01 → 2026-02-01"]),
                change(
                    Kind::Environment,
                    "SIT-A",
                    &["owner: A → B", "readiness.status: building → ready"],
                ),
                change(Kind::Environment, "SIT-B", &["owner: A → B"]),
                change(
                    Kind::Participant,
                    "P1",
                    &["milestones.M1: set to 2026-01-02"],
                ),
                change(Kind::Interval, "I1", &["stage: a → b"]),
            ],
        );
        let kept: Vec<String> = impact
            .milestones
            .iter()
            .map(|c| format!("{} {}", c.id, c.describe(str::to_owned)))
            .collect();
        assert_eq!(
            kept,
            [
                "M1 due: 2026-01-01 → 2026-02-01",
                "SIT-A readiness.status: building → ready",
                "P1 milestones.M1: set to 2026-01-02",
            ]
        );
        assert_eq!(impact.participants, ["P1"]);
    }

    #[test]
    fn availability_changes_only_where_the_time_lost_differs() {
        let a = |env: &str, lost| MonthAvailability {
            environment: env.into(),
            availability: Some(10_000 - lost),
            lost_minutes: lost,
        };
        let changes = availability_changes(
            &[a("E1", 0), a("E2", 60), a("GONE", 0)],
            &[a("E1", 0), a("E2", 120), a("NEW", 0)],
        );
        let envs: Vec<&str> = changes.iter().map(|c| c.environment.as_str()).collect();
        assert_eq!(envs, ["E2", "GONE", "NEW"]);
        assert!(changes[1].after.is_none());
        assert!(changes[2].before.is_none());
    }
}
