//! Clashes between bookings (EP201 to EP203) and planned outages over
//! bookings (EP206). Finding the overlaps is `crate::bookings`; this module
//! turns them into findings.

use crate::bookings::{find_clashes, outage_overlaps, Clash};
use crate::diag::{Code, Finding, Sink};
use crate::registry::model::Sharing;
use crate::time::format::{describe_length, describe_range};

use super::Context;

pub fn check(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    for clash in find_clashes(m) {
        sink.push(clash_finding(cx, &clash));
    }
    let reg = m.reg;
    for overlap in outage_overlaps(m) {
        let o = &reg.outages[overlap.outage];
        let iv = &reg.intervals[overlap.interval];
        let env = &reg.environments[overlap.env];
        let tz = m.settings.tz;
        sink.push(
            Finding::new(
                Code::EP206,
                format!(
                    "planned outage `{}` on `{}` overlaps interval `{}` ({}, {})",
                    o.id.value,
                    env.id.value,
                    iv.id.value,
                    describe_range(&overlap.overlap, tz),
                    describe_length(&overlap.overlap, tz)
                ),
            )
            .at(o.file, o.start.loc)
            .record(o.id.value.clone())
            .record(iv.id.value.clone())
            .related(iv.file, iv.id.loc, "the interval")
            .help("move the outage outside the interval, or re-plan the interval around it"),
        );
    }
}

pub fn clash_code(sharing: Sharing) -> Code {
    match sharing {
        Sharing::SerialStages => Code::EP202,
        Sharing::SingleUpstream => Code::EP203,
        Sharing::Exclusive | Sharing::Shared => Code::EP201,
    }
}

fn clash_finding(cx: &Context<'_, '_>, clash: &Clash) -> Finding {
    let m = cx.model;
    let reg = m.reg;
    let tz = m.settings.tz;
    let later = &reg.intervals[clash.later];
    let earlier = &reg.intervals[clash.earlier];
    let env = &reg.environments[clash.env];
    let sharing = m.environments[clash.env].sharing;
    let when = format!(
        "{} ({})",
        describe_range(&clash.overlap, tz),
        describe_length(&clash.overlap, tz)
    );
    let (message, help) = match sharing {
        Sharing::SerialStages => (
            format!(
                "intervals `{}` ({}) and `{}` ({}) overlap on `{}`, which runs one stage at a time: {when}",
                earlier.id.value, earlier.stage.value, later.id.value, later.stage.value, env.id.value
            ),
            "the stages of a serial-stages environment cannot run in parallel; move one interval".to_owned(),
        ),
        Sharing::SingleUpstream => (
            format!(
                "intervals `{}` (through `{}`) and `{}` (through `{}`) overlap on `{}`, which can be connected to one upstream environment at a time: {when}",
                earlier.id.value,
                reg.environments[clash.earlier_upstream].id.value,
                later.id.value,
                reg.environments[clash.later_upstream].id.value,
                env.id.value
            ),
            "schedule the intervals one after the other".to_owned(),
        ),
        _ => (
            format!("intervals `{}` and `{}` overlap on exclusive environment `{}`: {when}", earlier.id.value, later.id.value, env.id.value),
            "an exclusive environment takes one interval at a time; move one of them".to_owned(),
        ),
    };
    let mut help = help;
    if !clash.also_on.is_empty() {
        let others: Vec<&str> = clash
            .also_on
            .iter()
            .map(|e| reg.environments[*e].id.as_str())
            .collect();
        help.push_str(&format!(" (they also clash on {})", others.join(", ")));
    }
    Finding::new(clash_code(sharing), message)
        .at(later.file, later.start.loc)
        .record(later.id.value.clone())
        .record(earlier.id.value.clone())
        .related(
            earlier.file,
            earlier.start.loc,
            "the other interval starts here",
        )
        .help(help)
}
