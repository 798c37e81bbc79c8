//! `envplan slots` against a brute-force oracle on random small registries.
//!
//! The oracle is `check` itself: each start is tried by adding the interval
//! it would make to a copy of the registry (the same assembly `check --with`
//! uses) and running every rule. A start is free when no finding of the
//! booking codes (EP201 to EP203, EP205, EP206, EP208) names the new interval and
//! the booking ends by `--to`. Then, for every period `slots` returns:
//! - its first start is free, and what `check` finds of EP105 and EP303 for
//!   (and EP210) the new interval, and of EP501 for the listed participants,
//!   is exactly, participant by participant, what `slots` says they need;
//! - every start from `--from` up to the first period, and between periods,
//!   is not free (so no earlier start exists, at the request's granularity:
//!   days, or minutes for a length in hours);
//! - every start of the period is free, and the one after its last is not.

use chrono::{Datelike, Duration as ChronoDuration, NaiveDate};
use proptest::prelude::*;

use envplan::diag::{Code, Sink};
use envplan::model::build;
use envplan::registry::Registry;
use envplan::rules::{check_all, Context};
use envplan::slots::{find, Axis, Request};
use envplan::table::Ix;
use envplan::time::when::{next_day, start_of_day};
use envplan::time::Duration;

const NEW: &str = "NEW-SLOT";
const ENV_CODES: [Code; 6] = [
    Code::EP201,
    Code::EP202,
    Code::EP203,
    Code::EP205,
    Code::EP206,
    Code::EP208,
];

#[derive(Debug, Clone)]
struct Env {
    sharing: &'static str,
    required: Option<(i64, i64)>,
    certificates: Vec<&'static str>,
    connectivity: Vec<&'static str>,
    roles_only_sup: bool,
}

#[derive(Debug, Clone)]
struct Iv {
    env: usize,
    stage: &'static str,
    /// Start and end: days from the base day, or minutes when `minutes`.
    start: i64,
    len: i64,
    minutes: bool,
    uses: Vec<usize>,
    participants: Vec<usize>,
    cancelled: bool,
}

#[derive(Debug, Clone)]
struct Cert {
    participant: usize,
    env: usize,
    purpose: &'static str,
    issued: Option<i64>,
    expires: i64,
}

#[derive(Debug, Clone)]
struct Out {
    env: usize,
    planned: bool,
    start: i64,
    len: i64,
}

#[derive(Debug, Clone)]
struct Case {
    base: NaiveDate,
    envs: Vec<Env>,
    roles: Vec<&'static str>,
    steps: Vec<Vec<(usize, &'static str, i64)>>,
    intervals: Vec<Iv>,
    certs: Vec<Cert>,
    outages: Vec<Out>,
    // The request.
    env: usize,
    stage: &'static str,
    uses: Vec<usize>,
    participants: Vec<usize>,
    length: String,
    from: i64,
    to: Option<i64>,
}

const STAGES: [&str; 3] = ["functional", "migration", "connectivity-proving"];
const SHARING: [&str; 4] = ["shared", "exclusive", "serial-stages", "single-upstream"];
const STEPS: [&str; 4] = ["internal", "certificates", "webhooks", "message"];

fn day(base: NaiveDate, n: i64) -> NaiveDate {
    base + ChronoDuration::days(n)
}

/// Minutes from the base day's midnight UTC, written with `Z` (exact, so
/// never ambiguous at a clock change).
fn minute(base: NaiveDate, n: i64) -> String {
    let t = base.and_hms_opt(0, 0, 0).expect("midnight") + ChronoDuration::minutes(n);
    format!("{}Z", t.format("%Y-%m-%dT%H:%M"))
}

fn list(ids: impl Iterator<Item = String>) -> String {
    format!("[{}]", ids.collect::<Vec<_>>().join(", "))
}

impl Case {
    fn texts(&self) -> Vec<(String, String)> {
        let b = self.base;
        let mut t = String::from(
            "kind: Programme\nid: P\nname: P\ntimezone: Europe/London\nroles: {SUP: Supplier, ENQ: Enquiry}\nreceive_only_roles: [ENQ]\nstages: {functional: F, migration: M, connectivity-proving: C}\n",
        );
        for (i, e) in self.envs.iter().enumerate() {
            t.push_str(&format!(
                "---\nkind: Environment\nid: E{i}\nname: E\nowner: P0\nphase: sit\nstages: [functional, migration, connectivity-proving]\nsharing: {}\nconnects_to: {}\n",
                e.sharing,
                list((0..self.envs.len()).filter(|&j| j != i).map(|j| format!("E{j}")))
            ));
            if let Some((f, to)) = e.required {
                t.push_str(&format!(
                    "required: {{from: {}, to: {}}}\n",
                    day(b, f),
                    day(b, to)
                ));
            }
            if !e.certificates.is_empty() {
                t.push_str(&format!(
                    "certificates: {}\n",
                    list(e.certificates.iter().map(|s| s.to_string()))
                ));
            }
            if i == 0 {
                t.push_str("components: [E3]\n");
            }
            if e.roles_only_sup {
                t.push_str("roles: [SUP]\n");
            }
            if !e.connectivity.is_empty() {
                t.push_str(&format!(
                    "connectivity: {}\n",
                    list(e.connectivity.iter().map(|s| s.to_string()))
                ));
            }
        }
        // After E0 to E2, so that the request's indices are theirs.
        t.push_str("---\nkind: Environment\nid: E3\nname: Component\nowner: P0\nphase: sit\nstages: [functional]\n");
        for (i, role) in self.roles.iter().enumerate() {
            t.push_str(&format!("---\nkind: Participant\nid: P{i}\nname: P\ntype: supplier\nroles: [{role}]\nconnects_to_dip: false\n"));
            let steps = &self.steps[i];
            let mut lines = String::new();
            for env in 0..self.envs.len() {
                let mut mine: Vec<String> = Vec::new();
                for s in steps.iter().filter(|s| s.0 == env) {
                    if !mine.iter().any(|m| m.starts_with(&format!("{}:", s.1))) {
                        mine.push(format!("{}: {}", s.1, day(b, s.2)));
                    }
                }
                if !mine.is_empty() {
                    lines.push_str(&format!("  E{env}: {{{}}}\n", mine.join(", ")));
                }
            }
            if !lines.is_empty() {
                t.push_str("connectivity:\n");
                t.push_str(&lines);
            }
        }
        for (i, iv) in self.intervals.iter().enumerate() {
            let (start, end) = if iv.minutes {
                (minute(b, iv.start), minute(b, iv.start + iv.len))
            } else {
                (
                    day(b, iv.start).to_string(),
                    day(b, iv.start + iv.len - 1).to_string(),
                )
            };
            t.push_str(&format!(
                "---\nkind: Interval\nid: I{i}\nname: I\nenvironment: E{}\nstage: {}\nstart: {start}\nend: {end}\nuses: {}\nparticipants: {}\nstatus: {}\n",
                iv.env,
                iv.stage,
                list(iv.uses.iter().map(|u| format!("E{u}"))),
                list(iv.participants.iter().map(|p| format!("P{p}"))),
                if iv.cancelled { "cancelled" } else { "planned" }
            ));
        }
        for (i, c) in self.certs.iter().enumerate() {
            t.push_str(&format!(
                "---\nkind: Certificate\nid: C{i}\nparticipant: P{}\nenvironment: E{}\npurpose: {}\nexpires: {}\n",
                c.participant, c.env, c.purpose, day(b, c.expires)
            ));
            if let Some(issued) = c.issued {
                t.push_str(&format!("issued: {}\n", day(b, issued)));
            }
        }
        for (i, o) in self.outages.iter().enumerate() {
            t.push_str(&format!(
                "---\nkind: Outage\nid: O{i}\nenvironment: E{}\nplanned: {}\nreason: maintenance\nstart: {}\nend: {}\nnotified: {}\ndefect: D-1\n",
                o.env,
                o.planned,
                minute(b, o.start),
                minute(b, o.start + o.len),
                day(b, -30)
            ));
        }
        // Two deadlines (EP501): officers for whoever occupies E1, due
        // before the as-of day (no participant records any); and a TLS
        // certificate for E0 before each participant's first functional
        // interval there, which a booking starting on the as-of day makes
        // overdue.
        t.push_str(&format!(
            "---\nkind: Milestone\nid: M0\nname: M\ndue: {}\napplies_to: {{environment: E1}}\nrequires: {{officers: [nominating_officer]}}\n",
            day(b, -3)
        ));
        t.push_str("---\nkind: Milestone\nid: M1\nname: M\ndue: {before_first: functional, environment: E0}\nrequires: {certificate: {environment: E0, purpose: tls}}\n");
        vec![("registry.yaml".to_owned(), t)]
    }

    fn request(&self) -> Request {
        Request {
            env: Ix::new(self.env),
            stage: self.stage.to_owned(),
            uses: self.uses.iter().map(|&u| Ix::new(u)).collect(),
            participants: self.participants.iter().map(|&p| Ix::new(p)).collect(),
            length: Duration::parse(&self.length).expect("length"),
            from: day(self.base, self.from),
            to: self.to.map(|t| day(self.base, t)),
            count: 2,
            service_hours: false,
        }
    }
}

fn arb_case() -> impl Strategy<Value = Case> {
    // Fewer minute cases: each tries every minute before its first period.
    let minutes = prop::bool::weighted(0.3);
    (
        minutes,
        prop::sample::select(vec![
            NaiveDate::from_ymd_opt(2026, 3, 20).expect("day"),
            NaiveDate::from_ymd_opt(2026, 10, 20).expect("day"),
        ]),
    )
        .prop_flat_map(|(minutes, base)| {
            // In minutes the registry spans the day before a clock change
            // (Sunday 29 March or 25 October 2026) and the day itself.
            let base = if minutes {
                base + ChronoDuration::days(if base.month() == 3 { 8 } else { 4 })
            } else {
                base
            };
            let span: i64 = if minutes { 2 * 24 * 60 } else { 40 };
            let env = (
                prop::sample::select(SHARING.to_vec()),
                prop::option::of((-5i64..10, 10i64..40)),
                prop::sample::subsequence(vec!["tls", "jws"], 0..=2),
                prop::sample::subsequence(STEPS.to_vec(), 0..=2),
                prop::bool::weighted(0.3),
            )
                .prop_map(
                    |(sharing, required, certificates, connectivity, roles_only_sup)| Env {
                        sharing,
                        required,
                        certificates,
                        connectivity,
                        roles_only_sup,
                    },
                );
            let iv = (
                0usize..3,
                prop::sample::select(STAGES.to_vec()),
                0..span,
                if minutes { 30i64..600 } else { 1i64..8 },
                prop::sample::subsequence(vec![0usize, 1, 2], 0..=2),
                prop::sample::subsequence(vec![0usize, 1], 0..=2),
                prop::bool::weighted(0.15),
            )
                .prop_map(
                    move |(env, stage, start, len, uses, participants, cancelled)| Iv {
                        env,
                        stage,
                        start,
                        len,
                        minutes,
                        uses,
                        participants,
                        cancelled,
                    },
                );
            let cert = (
                0usize..2,
                0usize..3,
                prop::sample::select(vec!["tls", "jws"]),
                prop::option::of(-10i64..20),
                0i64..45,
            )
                .prop_map(|(participant, env, purpose, issued, expires)| Cert {
                    participant,
                    env,
                    purpose,
                    issued,
                    expires,
                });
            let outage = (
                0usize..4,
                any::<bool>(),
                0..span * if minutes { 1 } else { 24 * 60 },
                60i64..3000,
            )
                .prop_map(|(env, planned, start, len)| Out {
                    env,
                    planned,
                    start,
                    len,
                });
            let steps = prop::collection::vec(
                (0usize..3, prop::sample::select(STEPS.to_vec()), -5i64..20),
                0..5,
            );
            (
                prop::collection::vec(env, 3),
                prop::collection::vec(prop::sample::select(vec!["SUP", "ENQ"]), 2),
                prop::collection::vec(steps, 2),
                prop::collection::vec(iv, 0..7),
                prop::collection::vec(cert, 0..5),
                prop::collection::vec(outage, 0..3),
                (
                    0usize..3,
                    prop::sample::select(STAGES.to_vec()),
                    prop::sample::subsequence(vec![0usize, 1, 2], 0..=2),
                    prop::sample::subsequence(vec![0usize, 1], 0..=2),
                    if minutes {
                        (30i64..900).prop_map(|m| format!("{m}m")).boxed()
                    } else {
                        (1i64..9).prop_map(|d| format!("{d}d")).boxed()
                    },
                    0i64..3,
                    prop::option::of(20i64..45),
                ),
            )
                .prop_map(
                    move |(
                        envs,
                        roles,
                        steps,
                        intervals,
                        certs,
                        outages,
                        (env, stage, uses, participants, length, from, to),
                    )| {
                        let uses = uses.into_iter().filter(|&u| u != env).collect();
                        // Minute requests are searched over the registry's two days.
                        let to = if minutes { Some(1) } else { to };
                        let from = if minutes { from.min(1) } else { from };
                        Case {
                            base,
                            envs,
                            roles,
                            steps,
                            intervals,
                            certs,
                            outages,
                            env,
                            stage,
                            uses,
                            participants,
                            length,
                            from,
                            to,
                        }
                    },
                )
        })
}

/// What `check` finds about the new interval, started at `index` on the
/// request's axis: the booking codes, and (code, participant) of the others.
struct Tried {
    blocked: bool,
    needs: Vec<(String, String)>,
}

fn try_start(case: &Case, base: &Registry, req: &Request, axis: Axis, index: i64) -> Tried {
    let as_of = case.base;
    // The time zone of the registry is London.
    let tz = chrono_tz::Europe::London;
    let r = axis.range_at(index, tz);
    if let Some(to) = req.to {
        if r.end > start_of_day(next_day(to), tz) {
            return Tried {
                blocked: true,
                needs: Vec::new(),
            };
        }
    }
    let (start, end) = match axis {
        Axis::Days(_) => (
            envplan::time::when::date_of(r.start, tz).to_string(),
            envplan::time::when::last_day_before(r.end, tz).to_string(),
        ),
        Axis::Minutes(_) => (
            format!("{}Z", r.start.format("%Y-%m-%dT%H:%M")),
            format!("{}Z", r.end.format("%Y-%m-%dT%H:%M")),
        ),
    };
    let text = format!(
        "kind: Interval\nid: {NEW}\nname: N\nenvironment: E{}\nstage: {}\nstart: {start}\nend: {end}\nuses: {}\nparticipants: {}\n",
        req.env.index(),
        req.stage,
        list(req.uses.iter().map(|u| format!("E{}", u.index()))),
        list(req.participants.iter().map(|p| format!("P{}", p.index())))
    );
    let mut reg = base.clone();
    let added = reg.add_texts(vec![("booking.yaml".to_owned(), text)]);
    assert!(added.is_empty(), "{added:?}");
    let mut sink = Sink::new();
    let model = build(&reg, &mut sink);
    check_all(&Context::new(&model, as_of), &mut sink);
    let listed: Vec<String> = req
        .participants
        .iter()
        .map(|p| format!("P{}", p.index()))
        .collect();
    let mine: Vec<_> = sink
        .into_findings()
        .into_iter()
        .filter(|f| {
            f.records.iter().any(|r| r == NEW)
                // An overdue milestone names the participant, not the interval.
                || (f.code == Code::EP501 && f.records.iter().any(|r| listed.contains(r)))
        })
        .collect();
    let blocked = mine.iter().any(|f| ENV_CODES.contains(&f.code));
    let mut needs: Vec<(String, String)> = mine
        .iter()
        .filter(|f| {
            matches!(
                f.code,
                Code::EP105 | Code::EP210 | Code::EP303 | Code::EP501
            )
        })
        .map(|f| {
            let p = f
                .records
                .iter()
                .find(|r| r.starts_with('P'))
                .cloned()
                .unwrap_or_default();
            (f.code.to_string(), p)
        })
        .collect();
    needs.sort();
    needs.dedup();
    Tried { blocked, needs }
}

fn run_case(case: &Case) -> Result<(), TestCaseError> {
    let loading = Registry::from_texts(std::path::Path::new("."), case.texts());
    let base = loading.registry;
    let model = build(&base, &mut Sink::new());
    let req = case.request();
    let slots = find(&model, &req, case.base);
    let axis = slots.axis;
    let mut cursor = slots.from;
    // The gaps before and between periods are tried whole; a period, and
    // the time after the last one, up to this many starts (for days, more
    // than the registry spans).
    let limit = match axis {
        Axis::Days(_) => 120,
        Axis::Minutes(_) => 240,
    };
    for p in &slots.periods {
        for i in cursor..p.first {
            let t = try_start(case, &base, &req, axis, i);
            prop_assert!(
                t.blocked,
                "start {i} (before the period at {}) is free: {case:#?}",
                p.first
            );
        }
        let first = try_start(case, &base, &req, axis, p.first);
        prop_assert!(
            !first.blocked,
            "the period's first start {} is not free",
            p.first
        );
        let mut said: Vec<(String, String)> = p
            .needs
            .iter()
            .map(|n| {
                (
                    n.code().to_string(),
                    base.participants[n.participant()].id.as_str().to_owned(),
                )
            })
            .collect();
        said.sort();
        said.dedup();
        prop_assert_eq!(&said, &first.needs, "needs at {}", p.first);
        let last = p.last.unwrap_or(p.first + limit).min(p.first + limit);
        for i in p.first..=last {
            prop_assert!(
                !try_start(case, &base, &req, axis, i).blocked,
                "start {i} inside the period is not free"
            );
        }
        match p.last {
            Some(l) => {
                prop_assert!(
                    try_start(case, &base, &req, axis, l + 1).blocked,
                    "the start after the period is free"
                );
                cursor = l + 1;
            }
            None => break,
        }
    }
    if slots.periods.len() < req.count {
        // Nothing else is free: the search ended at a bound.
        if let Some(last) = slots.periods.last().and_then(|p| p.last) {
            for i in last + 1..(last + 1 + limit) {
                prop_assert!(
                    try_start(case, &base, &req, axis, i).blocked,
                    "start {i} after the last period is free"
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]
    #[test]
    fn slots_agree_with_check(case in arb_case()) {
        run_case(&case)?;
    }
}
