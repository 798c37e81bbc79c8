//! Outages: defects for failures, notice for planned work, failures still open (EP401 to EP403).

use crate::diag::{Code, Finding, Sink};
use crate::time::format::plural;
use crate::time::when::{date_of, next_day, start_of_day};
use crate::time::Duration;

use super::Context;

pub fn check(cx: &Context<'_, '_>, sink: &mut Sink) {
    defects(cx, sink);
    notice(cx, sink);
    still_ongoing(cx, sink);
}

/// EP401: §12.5.1 asks for a defect for every unplanned outage.
fn defects(cx: &Context<'_, '_>, sink: &mut Sink) {
    for o in cx.model.reg.outages.iter() {
        // An unreadable `planned` (EP003) is neither planned nor not: no rule guesses.
        if o.planned.value == Some(false)
            && o.defect.as_ref().is_none_or(|d| d.value.trim().is_empty())
        {
            sink.push(
                Finding::new(
                    Code::EP401,
                    format!("unplanned outage `{}` has no defect reference", o.id.value),
                )
                .at(o.file, o.id.loc)
                .record(o.id.value.clone())
                .help("raise a defect for the failure and record its reference as `defect: ...`, so the fix can be followed up"),
            );
        }
    }
}

/// EP402: planned outages are communicated in advance (§12.5.1).
fn notice(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let tz = m.settings.tz;
    let notice = m.settings.outage_notice;
    let words = in_words(notice);
    for (i, o) in m.reg.outages.indexed() {
        if o.planned.value != Some(true) {
            continue;
        }
        let f = &m.outages[i];
        match (&o.notified, f.notified, f.start) {
            (None, _, _) => sink.push(
                Finding::new(Code::EP402, format!("planned outage `{}` does not say when participants were told about it", o.id.value))
                    .at(o.file, o.id.loc)
                    .record(o.id.value.clone())
                    .help(format!("tell participants at least {words} before it starts, and record the day as `notified: YYYY-MM-DD`")),
            ),
            // Measured from 00:00 of the day participants were told (format §4).
            (Some(text), Some(notified), Some(start)) if start_of_day(date_of(notified, tz), tz) + notice.to_chrono() > start => sink.push(
                Finding::new(
                    Code::EP402,
                    format!("planned outage `{}` was announced on {}, less than {words} before it starts ({})", o.id.value, text.value, o.start.value),
                )
                .at(o.file, text.loc)
                .record(o.id.value.clone())
                .help(format!("the programme asks for {words}' notice (`outage_notice`); move the outage later, or agree the short notice with the participants affected")),
            ),
            _ => {}
        }
    }
}

/// EP403: an unplanned outage that began by the end of the as-of day and
/// has no `end` yet.
fn still_ongoing(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let as_of_end = start_of_day(next_day(cx.as_of), m.settings.tz);
    for (_, o, f) in m.outages() {
        if o.planned.value == Some(false)
            && o.end.is_none()
            && f.start.is_some_and(|s| s < as_of_end)
        {
            sink.push(
                Finding::new(
                    Code::EP403,
                    format!(
                        "unplanned outage `{}` is still ongoing as of {} (started {})",
                        o.id.value, cx.as_of, o.start.value
                    ),
                )
                .at(o.file, o.id.loc)
                .record(o.id.value.clone())
                .help(
                    "once the environment is back in service, record when with `end: YYYY-MM-DDTHH:MM`",
                ),
            );
        }
    }
}

/// A notice period in words: "5 days", "36 hours".
fn in_words(d: Duration) -> String {
    let minutes = d.minutes();
    if minutes % (24 * 60) == 0 {
        plural(minutes / (24 * 60), "day")
    } else if minutes % 60 == 0 {
        plural(minutes / 60, "hour")
    } else {
        plural(minutes, "minute")
    }
}
