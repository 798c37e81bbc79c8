//! Bookings against their environments: the stage hosted, the window the
//! programme needs the environment, and the connections used (EP204, EP205,
//! EP207). Clashes between bookings are in `clashes`.

use crate::diag::{Code, Finding, Sink};
use crate::registry::records::{Environment, Participant, Status};

use super::Context;

pub fn check(cx: &Context<'_, '_>, sink: &mut Sink) {
    stages_hosted(cx, sink);
    required_window(cx, sink);
    connections(cx, sink);
    still_open(cx, sink);
    eligible_roles(cx, sink);
}

/// EP204: an environment hosts the stages it lists (Table 1).
fn stages_hosted(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let reg = m.reg;
    for (_, iv, f) in m.intervals() {
        if f.is_cancelled() {
            continue;
        }
        let Some(env_idx) = f.env else {
            continue;
        };
        let env = &reg.environments[env_idx];
        // A stage that is not one of the programme's codes at all is
        // already EP006; saying the environment does not host it adds nothing.
        let known_stage = m.settings.allows_stage(iv.stage.as_str());
        // Stages that could not be read (EP003) are not known not to host it.
        let stages_read = !reg.any_unreadable(env.file, env.stages.iter().map(|s| s.loc));
        if known_stage && stages_read && !env.stages.iter().any(|s| s.value == iv.stage.value) {
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
    }
}

/// EP205: the programme needs an environment for a window (Table 4); a
/// booking partly or wholly outside it may find it gone or not yet there.
fn required_window(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let reg = m.reg;
    for (_, iv, f) in m.intervals() {
        if f.is_cancelled() {
            continue;
        }
        let Some(env_idx) = f.env else {
            continue;
        };
        let env = &reg.environments[env_idx];
        if let (Some((from, to)), Some(window), Some(range)) = (
            m.environments[env_idx].required,
            crate::bookings::required_window(m, env_idx),
            f.range,
        ) {
            if !window.contains_range(&range) {
                let early = range.start < window.start;
                let late = range.end > window.end;
                let wholly = range.end <= window.start || range.start >= window.end;
                let (loc, what) = match (early, late) {
                    _ if wholly => (
                        iv.start.loc,
                        format!(
                            "runs from {} to {}, wholly outside the window",
                            iv.start.value, iv.end.value
                        ),
                    ),
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
    }
}

/// EP207: an interval reaches only what its environment connects to (for its stage).
fn connections(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let reg = m.reg;
    for (_, iv, f) in m.intervals() {
        if f.is_cancelled() {
            continue;
        }
        let Some(env_idx) = f.env else {
            continue;
        };
        let env = &reg.environments[env_idx];
        // A connection that could not be read (EP003) may be the one used.
        if reg.any_unreadable(env.file, env.connects_to.iter().map(|c| c.environment.loc)) {
            continue;
        }
        for u in &iv.uses {
            let Some(used) = m.find::<Environment>(u.as_str()) else {
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

/// EP209: an interval over before the as-of day began that is still
/// `planned` or `confirmed`: the plan no longer says what happened.
fn still_open(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    for (_, iv, f) in m.intervals() {
        let Some(range) = f.range else {
            continue;
        };
        if !matches!(f.status, Status::Planned | Status::Confirmed) || range.end > cx.as_of_start {
            continue;
        }
        let (loc, written) = match &iv.status {
            Some(s) => (s.loc, s.value.as_str()),
            None => (iv.id.loc, "planned"),
        };
        sink.push(
            Finding::new(
                Code::EP209,
                format!(
                    "interval `{}` ended on {} but is still `{written}`",
                    iv.id.value, iv.end.value
                ),
            )
            .at(iv.file, loc)
            .record(iv.id.value.clone())
            .help(
                "set `status: done` if it ran, or `status: cancelled` if it did not, so that reports show what happened",
            ),
        );
    }
}

/// EP210: an environment is for participants of some market roles (Table 2);
/// a participant holding none of them is booked on the wrong environment.
fn eligible_roles(cx: &Context<'_, '_>, sink: &mut Sink) {
    let m = cx.model;
    let reg = m.reg;
    for (_, iv, f) in m.intervals() {
        if f.is_cancelled() {
            continue;
        }
        let Some(env_idx) = f.env else {
            continue;
        };
        let Some(roles) = &m.environments[env_idx].roles else {
            continue;
        };
        let env = &reg.environments[env_idx];
        let mut seen = Vec::new();
        for p_text in &iv.participants {
            let Some(p) = m.find::<Participant>(p_text.as_str()) else {
                continue;
            };
            if seen.contains(&p) || m.holds_any_role(p, roles) {
                continue;
            }
            seen.push(p);
            let participant = &reg.participants[p];
            // Roles that could not be read (EP003) are not known to be others.
            if reg.any_unreadable(participant.file, participant.roles.iter().map(|r| r.loc)) {
                continue;
            }
            let held: Vec<&str> = participant.roles.iter().map(|r| r.as_str()).collect();
            let holds = if held.is_empty() {
                "holds no role".to_owned()
            } else {
                format!("holds {}", held.join(", "))
            };
            let eligible: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            let related = env
                .roles
                .as_ref()
                .and_then(|r| r.first())
                .map_or(env.id.loc, |r| r.loc);
            sink.push(
                Finding::new(
                    Code::EP210,
                    format!(
                        "interval `{}` lists `{}`, which {holds}, but environment `{}` is for {} only",
                        iv.id.value,
                        participant.id.value,
                        env.id.value,
                        eligible.join(", ")
                    ),
                )
                .at(iv.file, p_text.loc)
                .record(iv.id.value.clone())
                .record(participant.id.value.clone())
                .related(env.file, related, "the roles it is for")
                .help(format!(
                    "book `{}` on an environment for its roles, or add the role it tests in to `roles` of `{}` (or to the participant) if that is missing",
                    participant.id.value, env.id.value
                )),
            );
        }
    }
}
