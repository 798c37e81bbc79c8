//! Clashes between bookings (EP201 to EP203) and planned outages over
//! bookings: on their own environment (EP206), or on one they depend on
//! through `uses` or components (EP208). Finding the overlaps is `crate::bookings` (the same
//! list `envplan clashes` shows); this module turns them into findings.

use chrono_tz::Tz;

use crate::bookings::dependencies::{dependency_overlaps, DependencyOverlap};
use crate::bookings::listing::{more_pairs, thousands, PAIRS_SHOWN_PER_ENVIRONMENT};
use crate::bookings::{find_clashes, outage_overlaps, Clash, OutageOverlap};
use crate::diag::{Code, Finding, Sink};
use crate::model::{EnvIx, IntervalIx, Model, OutageIx};
use crate::registry::records::Sharing;
use crate::time::format::{describe_length, describe_range};
use crate::time::TimeRange;

use super::Context;

/// The rule a clash breaks, by the sharing mode of the environment it is on.
pub fn clash_code(sharing: Sharing) -> Code {
    match sharing {
        Sharing::SerialStages => Code::EP202,
        Sharing::SingleUpstream => Code::EP203,
        Sharing::Exclusive | Sharing::Shared => Code::EP201,
    }
}

pub fn check(cx: &Context<'_, '_>, sink: &mut Sink) {
    clashes(cx, sink);
    outages_over_bookings(cx, sink);
    dependencies_out(cx, sink);
}

/// EP201 to EP203 ([`clash_code`]): two bookings that may not share an
/// environment overlap on it. Beyond a sensible number of pairs per
/// environment, one finding says how many more there are: the report must
/// stay proportional to the registry, not to the pairs (`envplan clashes
/// --format csv` lists all).
fn clashes(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let mut per_env = m.environments.map(|_| 0usize);
    for clash in find_clashes(m) {
        per_env[clash.env] += 1;
        if per_env[clash.env] <= PAIRS_SHOWN_PER_ENVIRONMENT {
            sink.push(clash_finding(m, &clash));
        }
    }
    for (env, &count) in per_env.indexed() {
        if count > PAIRS_SHOWN_PER_ENVIRONMENT {
            sink.push(more_clashes_finding(
                m,
                env,
                count - PAIRS_SHOWN_PER_ENVIRONMENT,
            ));
        }
    }
}

/// EP206: planned outages over bookings on their own environment, as many
/// one by one as clashes are.
fn outages_over_bookings(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let mut per_env = m.environments.map(|_| 0usize);
    let mut outage_env = m.environments.map(|_| OutageIx::default());
    for overlap in outage_overlaps(m) {
        // Same-environment overlaps are EP206; the others are EP208.
        if overlap.upstream != overlap.env {
            continue;
        }
        per_env[overlap.env] += 1;
        if per_env[overlap.env] <= PAIRS_SHOWN_PER_ENVIRONMENT {
            sink.push(outage_finding(m, &overlap));
        } else {
            outage_env[overlap.env] = overlap.outage;
        }
    }
    for (env, &count) in per_env.indexed() {
        if count > PAIRS_SHOWN_PER_ENVIRONMENT {
            let o = &m.reg.outages[outage_env[env]];
            let id = m.reg.environments[env].id.as_str();
            sink.push(
                Finding::new(
                    Code::EP206,
                    format!(
                        "and {} more planned outages over intervals on `{id}`",
                        thousands(count - PAIRS_SHOWN_PER_ENVIRONMENT)
                    ),
                )
                .at(o.file, o.start.loc)
                .record(id.to_owned())
                .help(
                    "see `envplan plan --environment` for the outages and the intervals they stop",
                ),
            );
        }
    }
}

/// EP208: planned outages of an environment a booking depends on.
fn dependencies_out(cx: &Context<'_, '_>, sink: &mut Sink) {
    for overlap in dependency_overlaps(cx.model) {
        sink.push(dependency_finding(cx.model, &overlap));
    }
}

/// The one finding that stands for the pairs of an environment not reported one by one.
fn more_clashes_finding(m: &Model<'_>, env: EnvIx, count: usize) -> Finding {
    let e = &m.reg.environments[env];
    let sharing = m.environments[env].sharing;
    let at = e.sharing.as_ref().map_or(e.id.loc, |s| s.loc);
    Finding::new(clash_code(sharing), more_pairs(count, e.id.as_str()))
        .at(e.file, at)
        .record(e.id.value.clone())
        .help(format!(
            "{} pairs are reported one by one per environment; `envplan clashes --environment {} --format csv` lists every one",
            PAIRS_SHOWN_PER_ENVIRONMENT,
            e.id.value
        ))
}

/// "from 2026-03-09 to 2026-03-13 (5 days)", "on 2026-03-14 from 06:00 to 12:00 (6 hours)".
fn when(overlap: &TimeRange, tz: Tz) -> String {
    format!(
        "{} ({})",
        describe_range(overlap, tz),
        describe_length(overlap, tz)
    )
}

/// "`F-1`", "`F-1` (through `SIT-A`)", "`MIG-1` (stage migration)",
/// "`FUNC-1` (stage functional, through `SIT-A`)": what the reader needs to
/// see why the two clash.
fn named(m: &Model<'_>, clash: &Clash, interval: IntervalIx, upstream: EnvIx) -> String {
    let reg = m.reg;
    let iv = &reg.intervals[interval];
    let mut notes = Vec::new();
    let sharing = m.environments[clash.env].sharing;
    if sharing == Sharing::SerialStages {
        notes.push(format!("stage {}", iv.stage.value));
    }
    if upstream != clash.env {
        notes.push(format!("through `{}`", reg.environments[upstream].id.value));
    } else if sharing == Sharing::SingleUpstream {
        notes.push("booked on it directly".to_owned());
    }
    if notes.is_empty() {
        format!("`{}`", iv.id.value)
    } else {
        format!("`{}` ({})", iv.id.value, notes.join(", "))
    }
}

fn clash_finding(m: &Model<'_>, clash: &Clash) -> Finding {
    let reg = m.reg;
    let later = &reg.intervals[clash.later];
    let earlier = &reg.intervals[clash.earlier];
    let env = reg.environments[clash.env].id.as_str();
    let sharing = m.environments[clash.env].sharing;
    let when = when(&clash.overlap, m.settings.tz);
    let a = named(m, clash, clash.earlier, clash.earlier_upstream);
    let b = named(m, clash, clash.later, clash.later_upstream);
    let (mut message, help) = match sharing {
        Sharing::SerialStages => (
            format!(
                "intervals {a} and {b} run different stages at the same time on serial-stages environment `{env}`: they overlap {when}"
            ),
            "a serial-stages environment runs its stages one after another; move one interval, or put both in the same stage",
        ),
        Sharing::SingleUpstream => (
            format!(
                "intervals {a} and {b} reach single-upstream environment `{env}` from different environments at the same time: they overlap {when}"
            ),
            "a single-upstream environment can be connected to one upstream environment at a time; schedule the intervals one after the other",
        ),
        Sharing::Exclusive | Sharing::Shared => (
            format!(
                "intervals {a} and {b} both hold exclusive environment `{env}`: they overlap {when}"
            ),
            "an exclusive environment takes one interval at a time; move one of them",
        ),
    };
    if !clash.also_on.is_empty() {
        let others: Vec<String> = clash
            .also_on
            .iter()
            .map(|e| format!("`{}`", reg.environments[*e].id.value))
            .collect();
        message.push_str(&format!("; they also clash on {}", others.join(", ")));
    }
    Finding::new(clash_code(sharing), message)
        .at(later.file, later.start.loc)
        .record(later.id.value.clone())
        .record(earlier.id.value.clone())
        .related(
            earlier.file,
            earlier.start.loc,
            format!("`{}` starts here", earlier.id.value),
        )
        .help(help)
}

/// EP206: a planned outage of the environment an interval is booked on.
fn outage_finding(m: &Model<'_>, overlap: &OutageOverlap) -> Finding {
    let reg = m.reg;
    let o = &reg.outages[overlap.outage];
    let iv = &reg.intervals[overlap.interval];
    let env = reg.environments[overlap.env].id.as_str();
    Finding::new(
        Code::EP206,
        format!(
            "planned outage `{}` takes `{env}` down during interval `{}`: {}",
            o.id.value,
            iv.id.value,
            when(&overlap.overlap, m.settings.tz)
        ),
    )
    .at(o.file, o.start.loc)
    .record(o.id.value.clone())
    .record(iv.id.value.clone())
    .related(
        iv.file,
        iv.start.loc,
        format!("`{}` starts here", iv.id.value),
    )
    .help("move the outage outside the interval, or re-plan the interval around it")
}

/// EP208: a planned outage of an environment the interval depends on: one it
/// uses (an outage of the DCC test service stops a SIT interval that uses
/// it), or a component of its environment or of one it uses (§9.2: SIT-A is
/// down while the DIP test instance it is made of is).
fn dependency_finding(m: &Model<'_>, overlap: &DependencyOverlap) -> Finding {
    let reg = m.reg;
    let o = &reg.outages[overlap.outage];
    let iv = &reg.intervals[overlap.interval];
    let d = overlap.dependency;
    let env = reg.environments[d.env].id.as_str();
    let via = reg.environments[d.via].id.as_str();
    let how = if d.component {
        format!("`{env}` is part of `{via}`")
    } else {
        format!("it is booked on `{via}` and uses `{env}`")
    };
    Finding::new(
        Code::EP208,
        format!(
            "planned outage `{}` takes `{env}` down during interval `{}`, which depends on it ({how}): {}",
            o.id.value,
            iv.id.value,
            when(&overlap.overlap, m.settings.tz)
        ),
    )
    .at(o.file, o.start.loc)
    .record(o.id.value.clone())
    .record(iv.id.value.clone())
    .related(
        iv.file,
        iv.start.loc,
        format!("`{}` starts here", iv.id.value),
    )
    .help(format!(
        "agree with the owner of `{env}` to move the outage outside the interval, or re-plan the interval around it and tell its participants"
    ))
}
