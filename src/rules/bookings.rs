//! Bookings against their environments: the stage hosted, the window the
//! programme needs the environment, and the connections used (EP204, EP205,
//! EP207). Clashes between bookings are in `clashes`.

use crate::diag::{Code, Finding, Sink};
use crate::time::when::{next_day, start_of_day};
use crate::time::TimeRange;

use super::Context;

pub fn check(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let reg = m.reg;
    let tz = m.settings.tz;
    for (i, iv) in reg.intervals.iter().enumerate() {
        let f = &m.intervals[i];
        if f.is_cancelled() {
            continue;
        }
        let Some(env_idx) = f.env else {
            continue;
        };
        let env = &reg.environments[env_idx];

        // EP204
        if !env.stages.iter().any(|s| s.value == iv.stage.value) {
            let hosted: Vec<&str> = env.stages.iter().map(|s| s.as_str()).collect();
            sink.push(
                Finding::new(
                    Code::EP204,
                    format!(
                        "interval `{}` is for stage `{}`, which environment `{}` does not host",
                        iv.id.value, iv.stage.value, env.id.value
                    ),
                )
                .at(iv.file, iv.stage.loc)
                .record(iv.id.value.clone())
                .record(env.id.value.clone())
                .related(env.file, env.id.loc, "the environment")
                .help(if hosted.is_empty() {
                    format!("`{}` hosts no stages", env.id.value)
                } else {
                    format!(
                        "`{}` hosts {}; book another environment or add the stage to it",
                        env.id.value,
                        hosted.join(", ")
                    )
                }),
            );
        }

        // EP205
        if let (Some((from, to)), Some(range)) = (m.environments[env_idx].required, f.range) {
            let window = TimeRange::new(start_of_day(from, tz), start_of_day(next_day(to), tz));
            if !window.contains_range(&range) {
                let (loc, side) = if range.start < window.start {
                    (iv.start.loc, "starts")
                } else {
                    (iv.end.loc, "ends")
                };
                let req = env.required.as_ref().map_or(env.id.loc, |r| r.loc);
                sink.push(
                    Finding::new(
                        Code::EP205,
                        format!(
                            "interval `{}` {side} outside the window environment `{}` is required for ({from} to {to})",
                            iv.id.value, env.id.value
                        ),
                    )
                    .at(iv.file, loc)
                    .record(iv.id.value.clone())
                    .record(env.id.value.clone())
                    .related(env.file, req, "required window")
                    .help("move the interval inside the window, or agree a longer window for the environment"),
                );
            }
        }

        // EP207
        for u in &iv.uses {
            let Some(used) = m.find(crate::registry::record::Kind::Environment, u.as_str()) else {
                continue;
            };
            if used != env_idx && !m.environments[env_idx].connects_to.contains(&used) {
                sink.push(
                    Finding::new(
                        Code::EP207,
                        format!("interval `{}` uses `{}`, but its environment `{}` does not connect to it", iv.id.value, u.value, env.id.value),
                    )
                    .at(iv.file, u.loc)
                    .record(iv.id.value.clone())
                    .record(u.value.clone())
                    .related(env.file, env.id.loc, "the environment")
                    .help(format!("add `{}` to `connects_to` of `{}`, or remove it from `uses`", u.value, env.id.value)),
                );
            }
        }
    }
}
