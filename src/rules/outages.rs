//! Outages: defects for failures, notice for planned work, failures still open (EP401 to EP403).

use crate::diag::{Code, Finding, Sink};
use crate::time::when::{next_day, start_of_day};

use super::Context;

pub fn check(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let reg = m.reg;
    let tz = m.settings.tz;
    let as_of_end = start_of_day(next_day(cx.as_of), tz);
    for (i, o) in reg.outages.iter().enumerate() {
        let f = &m.outages[i];
        let planned = o.planned.value;
        // EP401: §12.5.1 asks for a defect for every unplanned outage.
        if !planned && o.defect.as_ref().is_none_or(|d| d.value.trim().is_empty()) {
            sink.push(
                Finding::new(
                    Code::EP401,
                    format!("unplanned outage `{}` has no defect reference", o.id.value),
                )
                .at(o.file, o.id.loc)
                .record(o.id.value.clone())
                .help("raise a defect (§12.5.1) and record it as `defect: ...`"),
            );
        }
        // EP402: planned outages are communicated in advance (§12.5.1).
        if planned {
            let notice = m.settings.outage_notice;
            match (&o.notified, f.notified, f.start) {
                (None, _, _) => sink.push(
                    Finding::new(Code::EP402, format!("planned outage `{}` has no record of when participants were notified", o.id.value))
                        .at(o.file, o.id.loc)
                        .record(o.id.value.clone())
                        .help(format!("notify participants at least {notice} before and record it as `notified: YYYY-MM-DD`")),
                ),
                (Some(text), Some(notified), Some(start)) if notified + notice.to_chrono() > start => sink.push(
                    Finding::new(
                        Code::EP402,
                        format!("planned outage `{}` was notified on {}, less than {notice} before it starts ({})", o.id.value, text.value, o.start.value),
                    )
                    .at(o.file, text.loc)
                    .record(o.id.value.clone())
                    .help(format!("the programme asks for {notice} notice; move the outage or agree the short notice")),
                ),
                _ => {}
            }
        }
        // EP403
        if !planned && o.end.is_none() && f.start.is_some_and(|s| s < as_of_end) {
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
                    "record `end:` once the environment is back, so availability can be reported",
                ),
            );
        }
    }
}
