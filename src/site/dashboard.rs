//! `index.html`: what the environment manager and every participant look at
//! first. The figures, clashes, certificate risk and environment status are
//! the EWG pack's, built as of the site's day, so the two never disagree.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::diag::{Code, Severity};
use crate::pack::{days_left_text, figures, Tone};
use crate::registry::document::Kind;
use crate::registry::records::Environment;

use super::page::{self, esc, id_span, link, td, td_class, td_text, Body};
use super::{Cx, Site};

/// How many rows of each list the dashboard shows before linking to the rest.
const SHOWN: usize = 25;

const PATH: &str = "index.html";

pub(crate) fn render(cx: &Cx<'_, '_>, site: &mut Site) {
    let mut b = Body::default();
    heading(cx, &mut b);
    headline_figures(cx, &mut b);
    findings(cx, &mut b);
    clashes(cx, &mut b);
    certificates(cx, &mut b);
    milestones(cx, &mut b);
    outages(cx, &mut b);
    environments(cx, &mut b);
    everything_else(&mut b);
    let html = page::render(&cx.frame, PATH, "Dashboard", &b.out);
    site.add(PATH, html);
}

/// The title and the day, zone and registry revision it is of.
fn heading(cx: &Cx<'_, '_>, b: &mut Body) {
    let p = &cx.pack;
    b.h1(
        &format!(
            "{}: test environments",
            p.header.programme_name.as_deref().unwrap_or("Registry")
        ),
        Some(&format!(
            "As of {} · times in {} · {}",
            cx.as_of,
            esc(cx.tz.name()),
            esc(&crate::pack::registry_text(&p.header.registry))
        )),
    );
}

/// The pack's headline figures as cards.
fn headline_figures(cx: &Cx<'_, '_>, b: &mut Body) {
    b.h2("figures", "Headline figures");
    b.raw("<ul class=\"cards\" aria-label=\"Headline figures\">\n");
    for f in figures(&cx.pack) {
        let tone = match f.tone {
            Tone::Plain => "plain",
            Tone::Good => "good",
            Tone::Warn => "warn",
            Tone::Bad => "bad",
        };
        let _ = write!(
            b.out,
            "<li class=\"card tone-{tone}\"><span class=\"n\">{}</span><span class=\"l\">{}</span>",
            esc(&f.value),
            esc(&f.label)
        );
        if let Some(d) = &f.detail {
            let _ = write!(b.out, "<span class=\"d\">{}</span>", esc(d));
        }
        b.raw("</li>\n");
    }
    b.raw("</ul>\n");
}

/// Findings counted by code, each code linked to its page.
fn findings(cx: &Cx<'_, '_>, b: &mut Body) {
    b.h2("findings", "Errors and warnings");
    let mut by_code: BTreeMap<(Severity, Code), usize> = BTreeMap::new();
    for f in &cx.checked.findings {
        *by_code.entry((f.severity, f.code)).or_default() += 1;
    }
    let rows: Vec<Vec<String>> = by_code
        .iter()
        .map(|(&(sev, code), n)| {
            vec![
                td(link(PATH, &Cx::code_page(code), &id_span(code.as_str()))),
                td_class(&format!("sev-{}", sev.as_str()), esc(sev.as_str())),
                td_class("num", n.to_string()),
                td(page::prose(code.summary())),
            ]
        })
        .collect();
    b.table_or(
        "Findings by code",
        &["Code", "Severity", "Findings", "Rule"],
        &rows,
        "envplan check finds no problem in the registry.",
    );
}

/// The first clashes, as the pack lists them.
fn clashes(cx: &Cx<'_, '_>, b: &mut Body) {
    let p = &cx.pack;
    b.h2("clashes", "Clashes");
    let rows: Vec<Vec<String>> = p
        .clashes
        .iter()
        .take(SHOWN)
        .map(|c| {
            vec![
                td(cx.link_id(PATH, Kind::Environment, &c.environment)),
                td(format!(
                    "{}<br><span class=\"sub\">{}</span>",
                    cx.link_id(PATH, Kind::Interval, &c.earlier.id),
                    esc(&c.earlier_detail)
                )),
                td(format!(
                    "{}<br><span class=\"sub\">{}</span>",
                    cx.link_id(PATH, Kind::Interval, &c.later.id),
                    esc(&c.later_detail)
                )),
                td_text(&c.overlap),
                td(link(
                    PATH,
                    &format!("code/{}.html", c.code),
                    &id_span(&c.code),
                )),
            ]
        })
        .collect();
    b.table_or(
        "Clashes",
        &["Environment", "Earlier", "Later", "Overlap", "Rule"],
        &rows,
        "No intervals clash.",
    );
    more(b, PATH, p.clashes.len(), "clashes.html", "clashes");
}

/// Certificates expiring soon and the intervals they put at risk.
fn certificates(cx: &Cx<'_, '_>, b: &mut Body) {
    let p = &cx.pack;
    b.h2("certificates", "Certificates at risk");
    let rows: Vec<Vec<String>> = p
        .certificates
        .iter()
        .take(SHOWN)
        .map(|c| {
            let class = if c.days_left < 0 {
                "bad"
            } else if c.days_left < crate::certificates::listing::URGENT_DAYS {
                "warn"
            } else {
                "nowrap"
            };
            vec![
                td_class(class, esc(&days_left_text(c.days_left))),
                td_class("nowrap", c.last_day.to_string()),
                td(cx.link_id(PATH, Kind::Certificate, &c.id)),
                td(cx.link_id(PATH, Kind::Participant, &c.participant.id)),
                td(cx.link_id(PATH, Kind::Environment, &c.environment)),
                td_text(&c.purpose),
            ]
        })
        .collect();
    b.table_or(
        "Certificates expiring or expired",
        &[
            "Expires",
            "Last valid day",
            "Certificate",
            "Participant",
            "Environment",
            "Purpose",
        ],
        &rows,
        &format!(
            "No certificate expires within {} days.",
            p.header.certificate_horizon_days
        ),
    );
    if let Some(risk) = &p.at_risk {
        b.h3("Intervals at risk (EP303)");
        let rows: Vec<Vec<String>> = risk
            .iter()
            .take(SHOWN)
            .map(|r| {
                vec![
                    td_class("nowrap", r.first_gap.to_string()),
                    td(cx.link_id(PATH, Kind::Interval, &r.interval.id)),
                    td(cx.link_id(PATH, Kind::Participant, &r.participant.id)),
                    td(format!(
                        "{} {}",
                        cx.link_id(PATH, Kind::Environment, &r.environment),
                        esc(&r.purpose)
                    )),
                    td_text(&r.cause),
                ]
            })
            .collect();
        b.table_or(
            "Intervals at risk",
            &[
                "First day without",
                "Interval",
                "Participant",
                "Certificate needed",
                "Why",
            ],
            &rows,
            "Every booked participant holds the certificates its intervals need.",
        );
    }
    more(
        b,
        PATH,
        p.certificates.len(),
        "certificates.html",
        "certificates",
    );
}

/// Milestone dues that are overdue or due soon.
fn milestones(cx: &Cx<'_, '_>, b: &mut Body) {
    b.h2("milestones", "Milestones due and overdue");
    let late: Vec<&super::milestones::Due> = cx
        .milestone_dues
        .iter()
        .filter(|d| {
            matches!(
                d.state,
                super::milestones::State::Overdue | super::milestones::State::DueSoon
            )
        })
        .collect();
    let rows: Vec<Vec<String>> = late
        .iter()
        .take(SHOWN)
        .map(|d| {
            let r = &cx.m.reg.milestones[d.milestone];
            vec![
                td_class("nowrap", d.due.to_string()),
                td(format!(
                    "{}<br><span class=\"sub\">{}</span>",
                    cx.link_id(PATH, Kind::Milestone, r.id.as_str()),
                    esc(r.name.as_str())
                )),
                td(cx.participant_link(PATH, d.participant)),
                td_class(d.state.class(), esc(&d.state.text())),
            ]
        })
        .collect();
    b.table_or(
        "Milestones due and overdue",
        &["Due", "Milestone", "Participant", "State"],
        &rows,
        "No milestone is overdue or due soon.",
    );
    more(
        b,
        PATH,
        late.len(),
        "milestones.html",
        "milestone dues (by milestone)",
    );
}

/// Outages going on now or starting within the look-ahead.
fn outages(cx: &Cx<'_, '_>, b: &mut Body) {
    b.h2("outages", "Outages now and next");
    let today = crate::time::when::start_of_day(cx.as_of, cx.tz);
    let horizon = crate::time::when::start_of_day(
        cx.as_of + chrono::Duration::days(crate::pack::LOOK_AHEAD_DAYS),
        cx.tz,
    );
    let mut upcoming: Vec<crate::model::OutageIx> =
        cx.m.outages
            .indices()
            .filter(|&o| {
                let f = &cx.m.outages[o];
                match f.start {
                    Some(start) => start < horizon && f.end.is_none_or(|e| e > today) && f.end_ok,
                    None => false,
                }
            })
            .collect();
    upcoming.sort_by_key(|&o| (cx.m.outages[o].start, o));
    let rows: Vec<Vec<String>> = upcoming
        .iter()
        .take(SHOWN * 2)
        .map(|&o| {
            let r = &cx.m.reg.outages[o];
            let f = &cx.m.outages[o];
            let now = f.start.is_some_and(|s| s <= today);
            vec![
                td(cx.link_id(PATH, Kind::Outage, r.id.as_str())),
                td(cx.link_id(PATH, Kind::Environment, r.environment.as_str())),
                if r.is_planned() {
                    td_text("planned")
                } else {
                    td_class("bad", "unplanned")
                },
                td_text(crate::registry::lenient::shown(r.reason.as_ref())),
                td_class("nowrap", esc(r.start.as_str())),
                td_class(
                    "nowrap",
                    match &r.end {
                        Some(e) => esc(e.as_str()),
                        None => "<strong>ongoing</strong>".to_owned(),
                    },
                ),
                td_text(if now { "now" } else { "next" }),
            ]
        })
        .collect();
    b.table_or(
        "Outages now and next",
        &[
            "Outage",
            "Environment",
            "Type",
            "Reason",
            "Start",
            "End",
            "When",
        ],
        &rows,
        &format!(
            "No outage is ongoing or recorded for the next {} days.",
            crate::pack::LOOK_AHEAD_DAYS
        ),
    );
}

/// Each environment's phase, window, running intervals, availability and readiness.
fn environments(cx: &Cx<'_, '_>, b: &mut Body) {
    let p = &cx.pack;
    b.h2("environments", "Environments");
    let rows: Vec<Vec<String>> = p
        .environments
        .iter()
        .map(|e| {
            let required = match e.required {
                Some((a, z)) => format!("{a} to {z}"),
                None => "–".to_owned(),
            };
            let running: Vec<String> = e
                .running
                .iter()
                .map(|i| cx.link_id(PATH, Kind::Interval, &i.id))
                .collect();
            vec![
                td(format!(
                    "{}<br><span class=\"sub\">{}</span>",
                    cx.link_id(PATH, Kind::Environment, &e.id),
                    esc(&e.name)
                )),
                td_text(&e.phase),
                td(cx.link_id(PATH, Kind::Participant, &e.owner.id)),
                td_class("nowrap", required),
                td(if running.is_empty() {
                    "–".to_owned()
                } else {
                    running.join(", ")
                }),
                td_class("num", e.availability.text()),
                td(cx
                    .m
                    .find::<Environment>(&e.id)
                    .map(|i| super::records::readiness_text(cx, i))
                    .unwrap_or_default()),
            ]
        })
        .collect();
    b.table_or(
        "Environments",
        &[
            "Environment",
            "Phase",
            "Owner",
            "Required",
            &format!("Running on {}", cx.as_of),
            &format!(
                "Availability, {}",
                crate::pack::month_name(p.header.reported_month)
            ),
            "Readiness",
        ],
        &rows,
        "The registry has no environments.",
    );
}

/// Links to every other list and the programme calendar.
fn everything_else(b: &mut Body) {
    b.h2("everything", "Everything else");
    b.raw("<ul class=\"links\">\n");
    for (to, label) in page::NAV.iter().skip(1) {
        let _ = writeln!(b.out, "<li>{}</li>", link(PATH, to, label));
    }
    let _ = writeln!(
        b.out,
        "<li>{}</li>\n<li>{}</li>",
        link(PATH, "clashes.html", "Every clash"),
        link(
            PATH,
            "feeds/programme.ics",
            "The whole programme as a calendar"
        )
    );
    b.raw("</ul>\n");
}

/// "Showing 25 of 40: all of them" when a list was cut.
fn more(b: &mut Body, from: &str, total: usize, to: &str, what: &str) {
    if total > SHOWN {
        b.p(&format!(
            "Showing {SHOWN} of {total}: {}.",
            link(from, to, &format!("all {total} {what}"))
        ));
    }
}
