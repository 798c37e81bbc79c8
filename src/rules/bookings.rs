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

        // EP204. A stage that is not one of the programme's codes at all is
        // already EP006; saying the environment does not host it adds nothing.
        let known_stage = !m.settings.has_programme || m.settings.is_stage(iv.stage.as_str());
        if known_stage && !env.stages.iter().any(|s| s.value == iv.stage.value) {
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
                .related(
                    env.file,
                    env.stages.first().map_or(env.id.loc, |s| s.loc),
                    "the stages it hosts",
                )
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
                let early = range.start < window.start;
                let late = range.end > window.end;
                let (loc, what) = match (early, late) {
                    (true, true) => (
                        iv.start.loc,
                        format!(
                            "runs from {} to {}, beyond both ends of the window",
                            iv.start.value, iv.end.value
                        ),
                    ),
                    (true, false) => (
                        iv.start.loc,
                        format!("starts on {}, before the window opens", iv.start.value),
                    ),
                    _ => (
                        iv.end.loc,
                        format!("ends on {}, after the window closes", iv.end.value),
                    ),
                };
                // Point at the end of the window the interval crosses.
                let req = env.required.as_ref().map_or(env.id.loc, |r| {
                    if early {
                        r.from.loc
                    } else {
                        r.to.loc
                    }
                });
                sink.push(
                    Finding::new(
                        Code::EP205,
                        format!(
                            "interval `{}` {what}: environment `{}` is required from {from} to {to}",
                            iv.id.value, env.id.value
                        ),
                    )
                    .at(iv.file, loc)
                    .record(iv.id.value.clone())
                    .record(env.id.value.clone())
                    .related(env.file, req, if early { "the window opens here" } else { "the window closes here" })
                    .help(format!(
                        "move the interval inside {from} to {to}, or agree a longer `required` window for `{}`",
                        env.id.value
                    )),
                );
            }
        }

        // EP207
        for u in &iv.uses {
            let Some(used) = m.find(crate::registry::record::Kind::Environment, u.as_str()) else {
                continue;
            };
            if used == env_idx {
                continue;
            }
            let finding = match m.environments[env_idx].connection(used, iv.stage.as_str()) {
                Some(true) => continue,
                None => Finding::new(
                    Code::EP207,
                    format!(
                        "interval `{}` uses `{}`, but its environment `{}` does not connect to it",
                        iv.id.value, u.value, env.id.value
                    ),
                )
                .help(format!(
                    "add `{}` to `connects_to` of `{}`, or remove it from `uses`",
                    u.value, env.id.value
                )),
                Some(false) => {
                    let stages: Vec<&str> = env
                        .connects_to
                        .iter()
                        .filter(|c| c.environment.as_str() == u.as_str())
                        .flat_map(|c| c.stages.iter().map(|s| s.as_str()))
                        .collect();
                    Finding::new(
                        Code::EP207,
                        format!(
                            "interval `{}` is for stage `{}` and uses `{}`, but environment `{}` connects to `{}` only for {}",
                            iv.id.value, iv.stage.value, u.value, env.id.value, u.value, stages.join(", ")
                        ),
                    )
                    .help(format!(
                        "remove `{}` from `uses` of this interval, or add `{}` to the stages of that connection in `connects_to` of `{}` if it is open in this stage too",
                        u.value, iv.stage.value, env.id.value
                    ))
                }
            };
            let related = env
                .connects_to
                .iter()
                .find(|c| c.environment.as_str() == u.as_str())
                .map_or((env.id.loc, "the environment"), |c| {
                    (c.loc, "the connection")
                });
            sink.push(
                finding
                    .at(iv.file, u.loc)
                    .record(iv.id.value.clone())
                    .record(u.value.clone())
                    .related(env.file, related.0, related.1),
            );
        }
    }
}
