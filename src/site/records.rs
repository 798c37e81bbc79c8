//! A page per environment, participant and interval: everything the
//! registry says about the record and what follows from it as of the day,
//! every id a link to its own page.

use std::borrow::Cow;
use std::fmt::Write;

use chrono::{Duration, Months};

use crate::availability::{self, env_availability, service_in, total_length};
use crate::certificates::coverage::Uncovered;
use crate::diag::Finding;
use crate::model::{EnvIx, IntervalIx, OutageIx, ParticipantIx};
use crate::output::sanitize::collapse_spaces;
use crate::pack::{hours_text, svg};
use crate::registry::document::Kind;
use crate::registry::records::{Contact, Status, Step};
use crate::registry::records::{Interval, Participant};
use crate::registry::spanned::Spanned;
use crate::time::format::describe_length;
use crate::time::when::{month_start, start_of_day};
use crate::time::TimeRange;

use crate::table::{Ix, Table};

use super::lists::{cert_row, slug_or, CERT_HEAD};
use super::page::{self, esc, id_span, link, or_dash, td, td_class, td_text, Body};
use super::{cut_timeline, timeline_of, Cx, Site};

pub(crate) fn render(cx: &Cx<'_, '_>, site: &mut Site) {
    site.add_each(cx.m.reg.environments.len(), |e| {
        let path = cx.env_page(e)?;
        let html = environment(cx, &path, e);
        Some((path, html.into_bytes()))
    });
    site.add_each(cx.m.reg.participants.len(), |p| {
        let path = cx.participant_page(p)?;
        let html = participant(cx, &path, p);
        Some((path, html.into_bytes()))
    });
    site.add_each(cx.m.reg.intervals.len(), |i| {
        let path = cx.interval_page(i)?;
        let html = interval(cx, &path, i);
        Some((path, html.into_bytes()))
    });
}

/// Past, running or to come, as of the day.
fn state(cx: &Cx<'_, '_>, i: IntervalIx) -> &'static str {
    let f = &cx.m.intervals[i];
    if f.is_cancelled() {
        return "cancelled";
    }
    let today = start_of_day(cx.as_of, cx.tz);
    match f.range {
        Some(r) if r.end <= today => "past",
        Some(r) if r.start <= today => "running",
        Some(_) => "to come",
        None => "dates unreadable",
    }
}

fn findings_section(cx: &Cx<'_, '_>, b: &mut Body, from: &str, findings: &[&Finding]) {
    b.h2("findings", "Findings");
    let rows: Vec<Vec<String>> = findings
        .iter()
        .map(|f| {
            vec![
                td(link(
                    from,
                    &Cx::code_page(f.code),
                    &id_span(f.code.as_str()),
                )),
                td_class(
                    &format!("sev-{}", f.severity.as_str()),
                    esc(f.severity.as_str()),
                ),
                td(page::prose(&f.message)),
                td_class("id", esc(&cx.place(f))),
            ]
        })
        .collect();
    b.table_or(
        "Findings",
        &["Code", "Severity", "Finding", "Where"],
        &rows,
        "envplan check finds nothing about it.",
    );
}

/// The booking rows of `list` on the page `from`: shared rows from
/// [`booking_cache`] where the page is one folder deep, as every record
/// page is, and the row is not seen through another environment.
fn booking_rows<'c>(
    cx: &'c Cx<'_, '_>,
    from: &str,
    list: &[IntervalIx],
    via: Option<EnvIx>,
) -> Vec<Cow<'c, str>> {
    let shared = from.matches('/').count() == 1 && cx.booking_rows.len() == cx.m.intervals.len();
    list.iter()
        .map(|&i| {
            let through_other =
                matches!((cx.m.intervals[i].env, via), (Some(own), Some(e)) if own != e);
            if shared && !through_other {
                Cow::Borrowed(cx.booking_rows[i].as_str())
            } else {
                Cow::Owned(booking_row(cx, from, i, via).concat())
            }
        })
        .collect()
}

/// Every interval's booking row as a page one folder deep shows it: a
/// participant's page lists each of its bookings with everyone booked,
/// so an interval of many participants is on many pages, and its row
/// (with a link per participant) is made once instead of on each.
pub(crate) fn booking_cache(cx: &Cx<'_, '_>) -> Table<Interval, String> {
    use rayon::prelude::*;
    let rows: Vec<String> = (0..cx.m.intervals.len())
        .into_par_iter()
        .map(|k| booking_row(cx, super::RECORD_PAGE, Ix::new(k), None).concat())
        .collect();
    rows.into()
}

/// The cells of interval `i`'s booking row on page `from`; `via` is the
/// environment whose page it is on.
fn booking_row(cx: &Cx<'_, '_>, from: &str, i: IntervalIx, via: Option<EnvIx>) -> Vec<String> {
    let r = &cx.m.reg.intervals[i];
    let f = &cx.m.intervals[i];
    let env = match (f.env, via) {
        (Some(own), Some(e)) if own != e => {
            format!("via {}", cx.env_link(from, own))
        }
        _ => cx.link_id(from, Kind::Environment, r.environment.as_str()),
    };
    let people: Vec<String> = r
        .participants
        .iter()
        .map(|p| cx.link_id(from, Kind::Participant, p.as_str()))
        .collect();
    let status = f.status.as_str();
    vec![
        td_class("nowrap", esc(r.start.as_str())),
        td_class("nowrap", esc(r.end.as_str())),
        td(cx.interval_named(from, i)),
        td(env),
        td_text(r.stage.as_str()),
        if f.status == Status::Cancelled {
            td_class("warn", status)
        } else {
            td_text(status)
        },
        td_text(state(cx, i)),
        td(or_dash_markup(people.join(", "))),
    ]
}

fn or_dash_markup(s: String) -> String {
    if s.is_empty() {
        "–".to_owned()
    } else {
        s
    }
}

const BOOKING_HEAD: [&str; 8] = [
    "Start",
    "End",
    "Interval",
    "Environment",
    "Stage",
    "Status",
    "As of the day",
    "Participants",
];

fn contact(c: &Option<Spanned<Contact>>) -> String {
    match c {
        Some(c) => format!(
            "{} <span class=\"sub\">{}</span>",
            esc(c.value.name.as_str()),
            esc(c.value.email.as_str())
        ),
        None => "<span class=\"bad\">none recorded</span>".to_owned(),
    }
}

fn timeline_figure(b: &mut Body, tl: &crate::plan::Timeline, label: &str) {
    if tl.environments.is_empty() {
        b.none("Nothing is booked and no outage falls in these months.");
        return;
    }
    let _ = writeln!(
        b.out,
        "<figure class=\"timeline\"><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">{}</div><figcaption class=\"sub\">{}</figcaption></figure>",
        esc(label),
        svg::render(tl),
        esc(&format!(
            "{} to {}; bars are intervals, amber planned outages, red unplanned ones and clashes.",
            tl.period.first, tl.period.last
        ))
    );
}

fn environment(cx: &Cx<'_, '_>, path: &str, e: EnvIx) -> String {
    let m = cx.m;
    let reg = m.reg;
    let rec = &reg.environments[e];
    let facts = &m.environments[e];
    let mut b = Body::default();
    let id = rec.id.as_str();
    b.h1(
        &format!("Environment {id}"),
        Some(&esc(&collapse_spaces(rec.name.as_str()))),
    );
    let list = |items: Vec<String>| or_dash_markup(items.join(", "));
    let feed = format!("feeds/env-{}.ics", slug_or(&cx.env_slugs[e]));
    let mut rows: Vec<(&str, String)> = vec![
        (
            "Owner",
            cx.link_id(path, Kind::Participant, rec.owner.as_str()),
        ),
        (
            "Phase",
            esc(crate::registry::lenient::shown(rec.phase.as_ref())),
        ),
        (
            "Stages",
            list(rec.stages.iter().map(|s| esc(s.as_str())).collect()),
        ),
        ("Sharing", esc(facts.sharing.as_str())),
        (
            "Connects to",
            list(
                rec.connects_to
                    .iter()
                    .map(|c| {
                        let c = &c.value;
                        let link = cx.link_id(path, Kind::Environment, c.environment.as_str());
                        limited(link, "for", &c.stages)
                    })
                    .collect(),
            ),
        ),
        (
            "Staging environment",
            rec.staging
                .as_ref()
                .map(|s| cx.link_id(path, Kind::Environment, s.as_str()))
                .unwrap_or_else(|| "–".to_owned()),
        ),
        (
            "Required",
            match facts.required {
                Some((a, z)) => format!("{a} to {z}"),
                None => "–".to_owned(),
            },
        ),
        (
            "Certificates required",
            list(
                rec.certificates
                    .iter()
                    .map(|c| limited(esc(c.value.purpose.value.as_str()), "of", &c.value.roles))
                    .collect(),
            ),
        ),
        (
            "Connectivity steps required",
            list(
                rec.connectivity
                    .iter()
                    .map(|c| {
                        let c = &c.value;
                        let mut text = limited(esc(c.step.value.as_str()), "of", &c.roles);
                        if let Some(from) = &c.from_interval {
                            let _ = write!(
                                text,
                                " (cohorts from {})",
                                cx.link_id(path, Kind::Interval, from.as_str())
                            );
                        }
                        text
                    })
                    .collect(),
            ),
        ),
    ];
    if !facts.components.is_empty() {
        rows.push((
            "Made of",
            list(
                facts
                    .components
                    .iter()
                    .map(|&c| cx.env_link(path, c))
                    .collect(),
            ),
        ));
    }
    if let Some(roles) = &rec.roles {
        rows.push((
            "Roles taking part",
            list(roles.iter().map(|r| esc(r.as_str())).collect()),
        ));
    }
    rows.push(("Readiness", readiness_text(cx, e)));
    if let Some(d) = &rec.description {
        rows.push(("Description", esc(d.as_str().trim())));
    }
    rows.push((
        "Calendar",
        link(path, &feed, "subscribe to this environment's calendar"),
    ));
    b.facts(&rows);

    env_timeline(cx, &mut b, e);
    env_bookings(cx, &mut b, path, e);
    env_clashes(cx, &mut b, path, e);
    env_outages(cx, &mut b, e);
    env_service_hours(cx, &mut b, e);
    env_certificates(cx, &mut b, path, e);
    env_findings(cx, &mut b, path, e);
    page::render(&cx.frame, path, &format!("Environment {id}"), &b.out)
}

/// Its bookings, outages and clashes in the coming months, drawn.
fn env_timeline(cx: &Cx<'_, '_>, b: &mut Body, e: EnvIx) {
    let id = cx.m.reg.environments[e].id.as_str();
    b.h2("timeline", "Timeline");
    let tl = cut_timeline(&cx.coming, |l| l.index == e, |_| true, false);
    timeline_figure(b, &tl, &format!("Timeline of {id}"));
}

/// Everything booked on it, its own or through `uses`.
fn env_bookings(cx: &Cx<'_, '_>, b: &mut Body, path: &str, e: EnvIx) {
    b.h2("bookings", "Bookings");
    b.table_or(
        "Bookings",
        &BOOKING_HEAD,
        &booking_rows(cx, path, &cx.env_intervals[e], Some(e)),
        "Nothing is booked on this environment.",
    );
}

/// The clashes on it.
fn env_clashes(cx: &Cx<'_, '_>, b: &mut Body, path: &str, e: EnvIx) {
    b.h2("clashes", "Clashes");
    let rows: Vec<Vec<String>> = cx
        .clashes_on(e)
        .map(|c| {
            vec![
                td(cx.interval_named(path, c.earlier)),
                td(cx.interval_named(path, c.later)),
                td_text(&crate::bookings::listing::period(&c.overlap, cx.tz)),
            ]
        })
        .collect();
    b.table_or(
        "Clashes",
        &["Earlier", "Later", "Overlap"],
        &rows,
        "No clashes on this environment.",
    );
}

/// Its outages.
fn env_outages(cx: &Cx<'_, '_>, b: &mut Body, e: EnvIx) {
    let reg = cx.m.reg;
    b.h2("outages", "Outages");
    let rows: Vec<Vec<String>> = cx.env_outages[e]
        .iter()
        .map(|&o| {
            let r = &reg.outages[o];
            vec![
                format!(
                    "<td id=\"outage-{}\">{}</td>",
                    slug_or(&cx.outage_slugs[o]),
                    id_span(r.id.as_str())
                ),
                if r.is_planned() {
                    td_text("planned")
                } else {
                    td_class("bad", "unplanned")
                },
                td_text(crate::registry::lenient::shown(r.reason.as_ref())),
                td_class("nowrap", esc(r.start.as_str())),
                td_class(
                    "nowrap",
                    r.end
                        .as_ref()
                        .map(|t| esc(t.as_str()))
                        .unwrap_or_else(|| "<strong>ongoing</strong>".to_owned()),
                ),
                td(or_dash(
                    r.notified.as_ref().map(|t| t.as_str()).unwrap_or(""),
                )),
                td(or_dash(r.defect.as_ref().map(|t| t.as_str()).unwrap_or(""))),
            ]
        })
        .collect();
    b.table_or(
        "Outages",
        &[
            "Outage", "Type", "Reason", "Start", "End", "Notified", "Defect",
        ],
        &rows,
        "No outage is recorded for this environment.",
    );
}

/// Its service hours and its availability over the last six months.
fn env_service_hours(cx: &Cx<'_, '_>, b: &mut Body, e: EnvIx) {
    let m = cx.m;
    let reg = cx.m.reg;
    let facts = &cx.m.environments[e];
    b.h2("service-hours", "Service hours");
    let hours = availability::hours(m, e);
    let mut rows: Vec<(&str, String)> = vec![("Service", esc(&hours.describe(m)))];
    if let Some(a) = facts.availability {
        let av = &reg.availabilities[a];
        if let Some(s) = m.availabilities[a].support {
            rows.push(("Support", esc(&availability::describe_weekly(&s))));
        }
        let cutoffs: Vec<String> = av
            .cutoffs
            .iter()
            .map(|c| {
                format!(
                    "{} at {}",
                    esc(c.value.name.as_str()),
                    esc(c.value.at.as_str())
                )
            })
            .collect();
        if !cutoffs.is_empty() {
            rows.push(("Cut-offs", cutoffs.join("; ")));
        }
        if let Some(mon) = &av.monitoring {
            rows.push(("Monitoring", esc(mon.as_str())));
        }
    }
    b.facts(&rows);

    b.h3("Availability over the last six months");
    let this_month = month_start(cx.as_of);
    let rows: Vec<Vec<String>> = (1..=6u32)
        .filter_map(|k| {
            let first = this_month.checked_sub_months(Months::new(k))?;
            let next = this_month.checked_sub_months(Months::new(k - 1))?;
            let period = TimeRange::new(start_of_day(first, cx.tz), start_of_day(next, cx.tz));
            // The pack's figures: unknown hours give no percentage, days
            // outside `required` are not counted, components count.
            let a = env_availability(m, e, period);
            let figures = a.measured.figures().copied();
            let service = figures
                .and_then(|f| f.service)
                .map_or_else(|| "unknown".to_owned(), hours_text);
            let lost = |pick: fn(&availability::Figures) -> Duration| {
                figures.map_or_else(|| "–".to_owned(), |f| hours_text(pick(&f)))
            };
            Some(vec![
                td_text(&crate::pack::month_name(first)),
                td_class("num", service),
                td_class("num", lost(|f| f.lost_planned)),
                td_class("num", lost(|f| f.lost_unplanned)),
                td_class("num", crate::pack::Shown::of(&a.measured).cell_text()),
            ])
        })
        .collect();
    b.table(
        "Availability by month",
        &[
            "Month",
            "Service hours",
            "Lost, planned",
            "Lost, unplanned",
            "Availability",
        ],
        &rows,
    );
    b.p("Availability = 1 − (outage time inside service hours ÷ service hours); overlapping outages count once.");
}

/// The certificates in use for it.
fn env_certificates(cx: &Cx<'_, '_>, b: &mut Body, path: &str, e: EnvIx) {
    b.h2("certificates", "Certificates for this environment");
    let rows: Vec<Vec<String>> = cx
        .entries(&cx.env_certs[e])
        .into_iter()
        .map(|c| cert_row(cx, path, c, true))
        .collect();
    b.table_or(
        "Certificates",
        &CERT_HEAD,
        &rows,
        "No participant holds a certificate in use for it.",
    );
}

/// The findings about it.
fn env_findings(cx: &Cx<'_, '_>, b: &mut Body, path: &str, e: EnvIx) {
    let id = cx.m.reg.environments[e].id.as_str();
    let findings = cx.findings_of(id);
    findings_section(cx, b, path, &findings);
}

/// The service hours lost by a booking to outages of the environments it
/// occupies: (outage, environment, overlap, hours lost inside service hours).
fn outages_hitting(cx: &Cx<'_, '_>, i: IntervalIx) -> Vec<(OutageIx, EnvIx, TimeRange, Duration)> {
    let m = cx.m;
    let f = &m.intervals[i];
    let (Some(env), Some(range)) = (f.env, f.range) else {
        return Vec::new();
    };
    if f.is_cancelled() {
        return Vec::new();
    }
    let mut envs = vec![env];
    envs.extend(f.uses.iter().copied().filter(|u| *u != env));
    let today = start_of_day(cx.as_of, cx.tz);
    let mut out = Vec::new();
    for e in envs {
        for &o in &cx.env_outages[e] {
            let of = &m.outages[o];
            let (Some(start), true) = (of.start, of.end_ok) else {
                continue;
            };
            // An outage still ongoing reaches the booking if it is not ended
            // in time; only the hours up to the as-of day are lost for sure.
            let end = of.end.unwrap_or(range.end.max(start));
            let Some(overlap) = TimeRange::new(start, end).overlap(&range) else {
                continue;
            };
            let counted = match of.end {
                Some(_) => Some(overlap),
                None => TimeRange::new(overlap.start, today.max(overlap.start)).overlap(&overlap),
            };
            // Booked service hours lost; with unknown service hours, the
            // real time (the contract: hours lost are still shown).
            let lost = counted
                .map(|c| {
                    service_in(m, e, c).map_or_else(|| total_length(&[c]), |p| total_length(&p))
                })
                .unwrap_or_else(Duration::zero);
            out.push((o, e, overlap, lost));
        }
    }
    out
}

fn outage_rows(
    cx: &Cx<'_, '_>,
    from: &str,
    hits: &[(IntervalIx, OutageIx, EnvIx, TimeRange, Duration)],
) -> Vec<Vec<String>> {
    hits.iter()
        .map(|&(i, o, e, overlap, lost)| {
            let r = &cx.m.reg.outages[o];
            vec![
                td(cx.link_id(from, Kind::Outage, r.id.as_str())),
                td(cx.env_link(from, e)),
                td(cx.interval_link(from, i)),
                if r.is_planned() {
                    td_text("planned")
                } else {
                    td_class("bad", "unplanned")
                },
                if r.end.is_none() {
                    td(format!(
                        "{} <strong>if still ongoing</strong> (no end recorded)",
                        esc(&crate::bookings::listing::period(&overlap, cx.tz))
                    ))
                } else {
                    td_text(&crate::bookings::listing::period(&overlap, cx.tz))
                },
                td_class("num", hours_text(lost)),
            ]
        })
        .collect()
}

const OUTAGE_HEAD: [&str; 6] = [
    "Outage",
    "Environment",
    "Booking",
    "Type",
    "Overlap",
    "Booked service hours lost",
];

/// The certificate a participant must request for each gap.
fn needed_rows(cx: &Cx<'_, '_>, from: &str, list: &[&Uncovered]) -> Vec<Vec<String>> {
    let m = cx.m;
    let reg = m.reg;
    let mut rows = Vec::new();
    for u in list {
        let p = &reg.participants[u.participant];
        for g in &u.gaps {
            let lapsed = g.lapsed.map(|c| &reg.certificates[c]);
            let mpid = lapsed
                .and_then(|c| c.mpid.as_ref().map(|t| t.as_str().to_owned()))
                .or_else(|| p.mpids.first().map(|t| t.as_str().to_owned()))
                .unwrap_or_default();
            let role = lapsed
                .and_then(|c| c.role.as_ref().map(|t| t.as_str().to_owned()))
                .or_else(|| p.roles.first().map(|t| t.as_str().to_owned()))
                .unwrap_or_default();
            let day = crate::time::when::date_of(g.at, cx.tz);
            let why = match g.lapsed {
                Some(c) => format!("{} lapses", reg.certificates[c].id.as_str()),
                None if g.holds_any => "none valid then".to_owned(),
                None => "none held".to_owned(),
            };
            let env_id = reg.environments[g.env].id.as_str();
            rows.push(vec![
                td_class("nowrap bad", day.to_string()),
                td(cx.interval_link(from, u.interval)),
                td(cx.env_link(from, g.env)),
                td_text(g.purpose.as_str()),
                td_text(&why),
                td(esc(&format!(
                    "a new {} certificate for environment {env_id}, MPID {}, role {}, valid from {day} to the end of {}",
                    g.purpose.as_str(),
                    if mpid.is_empty() { "?" } else { &mpid },
                    if role.is_empty() { "?" } else { &role },
                    reg.intervals[u.interval].id.as_str()
                ))),
            ]);
        }
    }
    rows
}

const NEEDED_HEAD: [&str; 6] = [
    "First day without",
    "Interval",
    "Environment",
    "Purpose",
    "Why",
    "Renewal to request",
];

fn participant(cx: &Cx<'_, '_>, path: &str, p: ParticipantIx) -> String {
    let m = cx.m;
    let reg = m.reg;
    let rec = &reg.participants[p];
    let id = rec.id.as_str();
    let mut b = Body::default();
    b.h1(
        &format!("Participant {id}"),
        Some(&esc(&collapse_spaces(rec.name.as_str()))),
    );
    let slug = slug_or(&cx.participant_slugs[p]);
    let feed = format!("feeds/participant-{slug}.ics");
    let data = format!("api/participants/{slug}.json");
    let mut rows: Vec<(&str, String)> = vec![
        (
            "Type",
            esc(crate::registry::lenient::shown(rec.kind.as_ref())),
        ),
        (
            "Roles",
            or_dash_markup(
                rec.roles
                    .iter()
                    .map(|r| esc(r.as_str()))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ),
        (
            "MPIDs",
            or_dash_markup(
                rec.mpids
                    .iter()
                    .map(|r| esc(r.as_str()))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ),
        (
            "Connects to the DIP",
            if m.participants[p].connects_to_dip {
                "yes"
            } else {
                "no"
            }
            .to_owned(),
        ),
    ];
    if let Some(d) = &rec.dcp {
        rows.push((
            "DIP connection provider",
            cx.link_id(path, Kind::Participant, d.as_str()),
        ));
    }
    if let Some(d) = &rec.description {
        rows.push(("Description", esc(d.as_str().trim())));
    }
    rows.push((
        "Calendar and data",
        format!(
            "{} · {}",
            link(path, &feed, "subscribe to this participant's calendar"),
            link(path, &data, "data (JSON)")
        ),
    ));
    b.facts(&rows);

    participant_bookings(cx, &mut b, path, p);
    participant_certificates(cx, &mut b, path, p);
    participant_connectivity(cx, &mut b, path, p);
    participant_milestones(cx, &mut b, p);
    participant_outages(cx, &mut b, path, p);
    participant_contacts(cx, &mut b, path, p);
    participant_findings(cx, &mut b, path, p);
    page::render(&cx.frame, path, &format!("Participant {id}"), &b.out)
}

/// Its bookings: the coming months drawn, then running, to come, past and cancelled.
fn participant_bookings(cx: &Cx<'_, '_>, b: &mut Body, path: &str, p: ParticipantIx) {
    let id = cx.m.reg.participants[p].id.as_str();
    b.h2("bookings", "Bookings");
    let mine = &cx.participant_intervals[p];
    let tl = timeline_of(&cx.coming, &cx.coming_pos, mine);
    timeline_figure(b, &tl, &format!("Timeline of {id}'s bookings"));
    for (title, wanted) in [
        ("Running now", "running"),
        ("To come", "to come"),
        ("Past", "past"),
        ("Cancelled", "cancelled"),
    ] {
        let list: Vec<IntervalIx> = mine
            .iter()
            .copied()
            .filter(|&i| state(cx, i) == wanted)
            .collect();
        if list.is_empty() && wanted == "cancelled" {
            continue;
        }
        b.h3(title);
        b.table_or(
            title,
            &BOOKING_HEAD,
            &booking_rows(cx, path, &list, None),
            "None.",
        );
    }
}

/// The certificates it holds and those it still needs, with the renewal to request.
fn participant_certificates(cx: &Cx<'_, '_>, b: &mut Body, path: &str, p: ParticipantIx) {
    let m = cx.m;
    let reg = cx.m.reg;
    b.h2("certificates", "Certificates");
    b.h3("Held");
    let st = &cx.cert_status;
    let mut held = cx.participant_certs[p].clone();
    held.sort_by_key(|&c| (m.certificates[c].valid_until, c));
    let rows: Vec<Vec<String>> = held
        .iter()
        .map(|&c| {
            let r = &reg.certificates[c];
            let anchor = format!(
                "<td id=\"cert-{}\">{}</td>",
                slug_or(&cx.cert_slugs[c]),
                id_span(r.id.as_str())
            );
            match &cx.in_use[c] {
                Some(e) => {
                    let mut row = cert_row(cx, path, e, false);
                    row[0] = anchor;
                    row.remove(1);
                    row
                }
                None => {
                    let state = if let Some(rev) = &r.revoked {
                        format!("revoked {}", rev.as_str())
                    } else if let Some(by) = st.replaced_by[c] {
                        format!("replaced by {}", reg.certificates[by].id.as_str())
                    } else {
                        "dates unreadable".to_owned()
                    };
                    vec![
                        anchor,
                        td(cx.link_id(path, Kind::Environment, r.environment.as_str())),
                        td_text(crate::registry::lenient::shown(r.purpose.as_ref())),
                        td(format!(
                            "{} / {}",
                            or_dash(r.mpid.as_ref().map(|t| t.as_str()).unwrap_or("")),
                            or_dash(r.role.as_ref().map(|t| t.as_str()).unwrap_or(""))
                        )),
                        td_class("nowrap", esc(r.expires.as_str())),
                        td_class("num", "–"),
                        td_text(&state),
                    ]
                }
            }
        })
        .collect();
    let head: Vec<&str> = CERT_HEAD
        .iter()
        .copied()
        .filter(|h| *h != "Participant")
        .collect();
    b.table_or(
        "Certificates held",
        &head,
        &rows,
        "It holds no certificate.",
    );
    b.h3("Needed for its bookings");
    let mine_gaps: Vec<&Uncovered> = cx.gaps_of_participant(p).collect();
    b.table_or(
        "Certificates needed",
        &NEEDED_HEAD,
        &needed_rows(cx, path, &mine_gaps),
        "It holds every certificate its bookings need.",
    );
}

/// Its connectivity steps on each environment.
fn participant_connectivity(cx: &Cx<'_, '_>, b: &mut Body, path: &str, p: ParticipantIx) {
    let m = cx.m;
    let mine = &cx.participant_intervals[p];
    b.h2("connectivity", "Connectivity");
    let mut envs: Vec<EnvIx> = mine.iter().filter_map(|&i| m.intervals[i].env).collect();
    envs.extend(m.participants[p].connectivity.iter().map(|(e, _)| *e));
    envs.sort_unstable();
    envs.dedup();
    let rows: Vec<Vec<String>> = envs
        .iter()
        .map(|&e| {
            let required = m.steps_required(p, e);
            let dates = m.participants[p].steps_on(e).copied().unwrap_or_default();
            let mut row = vec![td(cx.env_link(path, e))];
            for step in [
                Step::Internal,
                Step::Certificates,
                Step::Webhooks,
                Step::Message,
            ] {
                let needed = required.contains(&step);
                row.push(match (dates.get(step), needed) {
                    (Some(d), _) => td_class("nowrap", d.to_string()),
                    (None, true) => td_class("bad", "missing"),
                    (None, false) => td_class("sub", "not required"),
                });
            }
            row.push(td(match m.cohort(p, e) {
                Some(i) => cx.interval_named(path, i),
                None => "–".to_owned(),
            }));
            row
        })
        .collect();
    b.table_or(
        "Connectivity steps",
        &[
            "Environment",
            "Internal",
            "Certificates",
            "Webhooks",
            "Message",
            "Cohort",
        ],
        &rows,
        "No connectivity steps are recorded or needed.",
    );
}

/// The milestones due for it.
fn participant_milestones(cx: &Cx<'_, '_>, b: &mut Body, p: ParticipantIx) {
    let reg = cx.m.reg;
    b.h2("milestones", "Milestones");
    let rows: Vec<Vec<String>> = cx
        .dues_of_participant(p)
        .map(|d| {
            let r = &reg.milestones[d.milestone];
            vec![
                td_class("nowrap", d.due.to_string()),
                td(format!(
                    "{}<br><span class=\"sub\">{}</span>",
                    id_span(r.id.as_str()),
                    esc(r.name.as_str())
                )),
                td_class(d.state.class(), esc(&d.state.text())),
            ]
        })
        .collect();
    b.table_or(
        "Milestones",
        &["Due", "Milestone", "State"],
        &rows,
        "No milestone applies to it.",
    );
}

/// The outages that hit or will hit its bookings, and the booked hours lost.
fn participant_outages(cx: &Cx<'_, '_>, b: &mut Body, path: &str, p: ParticipantIx) {
    let mine = &cx.participant_intervals[p];
    b.h2("outages", "Outages on its bookings");
    let hits: Vec<(IntervalIx, OutageIx, EnvIx, TimeRange, Duration)> = mine
        .iter()
        .flat_map(|&i| {
            outages_hitting(cx, i)
                .into_iter()
                .map(move |(o, e, r, d)| (i, o, e, r, d))
        })
        .collect();
    let lost: Duration = hits
        .iter()
        .map(|h| h.4)
        .fold(Duration::zero(), |a, b| a + b);
    b.table_or(
        "Outages on its bookings",
        &OUTAGE_HEAD,
        &outage_rows(cx, path, &hits),
        "No outage hits its bookings.",
    );
    if !hits.is_empty() {
        b.p(&format!(
            "Booked service hours lost in all: <strong>{}</strong> (counted per booking, inside each environment's service hours; an outage still ongoing counts up to the as-of day).",
            hours_text(lost)
        ));
    }
}

/// Its contacts, and the PKI officers it still lacks.
fn participant_contacts(cx: &Cx<'_, '_>, b: &mut Body, path: &str, p: ParticipantIx) {
    let rec = &cx.m.reg.participants[p];
    b.h2("contacts", "Contacts");
    let officers = rec.pki_officers.as_ref().map(|o| &o.value);
    let none = None;
    let rows: Vec<(&str, String)> = vec![
        ("Environment manager", contact(&rec.environment_manager)),
        (
            "Nominating officer",
            contact(officers.map(|o| &o.nominating_officer).unwrap_or(&none)),
        ),
        (
            "Senior responsible officer",
            contact(officers.map(|o| &o.sro).unwrap_or(&none)),
        ),
        (
            "Authorised responsible officer",
            contact(officers.map(|o| &o.aro).unwrap_or(&none)),
        ),
    ];
    b.facts(&rows);
    let lacking: Vec<&str> = [
        ("an environment manager", rec.environment_manager.is_none()),
        (
            "a nominating officer",
            officers.is_none_or(|o| o.nominating_officer.is_none()),
        ),
        ("an SRO", officers.is_none_or(|o| o.sro.is_none())),
    ]
    .iter()
    .filter(|(_, missing)| *missing)
    .map(|(what, _)| *what)
    .collect();
    if !lacking.is_empty() {
        b.p(&format!(
            "<span class=\"warn\">Still lacks {}.</span> The findings below say which rules need them.",
            esc(&lacking.join(", "))
        ));
    }
    b.h3("Technical contacts");
    let rows: Vec<Vec<String>> = officers
        .map(|o| o.technical_contacts.as_slice())
        .unwrap_or(&[])
        .iter()
        .map(|t| {
            let t = &t.value;
            let appointments: Vec<String> = t
                .appointments
                .iter()
                .map(|a| {
                    format!(
                        "{} / {} on {}",
                        esc(a.value.mpid.as_str()),
                        esc(a.value.role.as_str()),
                        cx.link_id(path, Kind::Environment, a.value.environment.as_str())
                    )
                })
                .collect();
            vec![
                td_text(t.name.as_str()),
                td_class("id", esc(t.email.as_str())),
                td(or_dash(
                    t.organisation.as_ref().map(|o| o.as_str()).unwrap_or(""),
                )),
                td(or_dash_markup(appointments.join("<br>"))),
            ]
        })
        .collect();
    b.table_or(
        "Technical contacts",
        &[
            "Name",
            "E-mail",
            "Organisation",
            "Appointments (MPID / role on environment)",
        ],
        &rows,
        "No technical contacts are recorded.",
    );
}

/// The findings about it or its certificates.
fn participant_findings(cx: &Cx<'_, '_>, b: &mut Body, path: &str, p: ParticipantIx) {
    let reg = cx.m.reg;
    let id = cx.m.reg.participants[p].id.as_str();
    let mut findings = cx.findings_of(id);
    for &c in &cx.participant_certs[p] {
        findings.extend(cx.findings_of(reg.certificates[c].id.as_str()));
    }
    findings.sort_by_key(|f| (f.severity, f.code, f.message.clone()));
    findings.dedup_by(|a, b| std::ptr::eq(*a, *b));
    findings_section(cx, b, path, &findings);
}

fn interval(cx: &Cx<'_, '_>, path: &str, i: IntervalIx) -> String {
    let m = cx.m;
    let reg = m.reg;
    let rec = &reg.intervals[i];
    let f = &m.intervals[i];
    let id = rec.id.as_str();
    let mut b = Body::default();
    b.h1(
        &format!("Interval {id}"),
        Some(&esc(&collapse_spaces(rec.name.as_str()))),
    );
    let stage_name = reg
        .programme()
        .and_then(|p| p.stages.get(rec.stage.as_str()))
        .map(|t| format!(" <span class=\"sub\">{}</span>", esc(t.as_str())))
        .unwrap_or_default();
    let mut rows: Vec<(&str, String)> = vec![
        (
            "Environment",
            cx.link_id(path, Kind::Environment, rec.environment.as_str()),
        ),
        ("Stage", format!("{}{stage_name}", esc(rec.stage.as_str()))),
        ("Start", esc(rec.start.as_str())),
        ("End", esc(rec.end.as_str())),
        (
            "Length",
            f.range
                .map(|r| esc(&describe_length(&r, cx.tz)))
                .unwrap_or_else(|| "–".to_owned()),
        ),
        ("Status", esc(f.status.as_str())),
        ("As of the day", esc(state(cx, i))),
        (
            "Uses",
            or_dash_markup(
                rec.uses
                    .iter()
                    .map(|u| cx.link_id(path, Kind::Environment, u.as_str()))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ),
        (
            "Participants",
            or_dash_markup(
                rec.participants
                    .iter()
                    .map(|p| match m.find::<Participant>(p.as_str()) {
                        Some(pi) => cx.participant_named(path, pi),
                        None => id_span(p.as_str()),
                    })
                    .collect::<Vec<_>>()
                    .join("<br>"),
            ),
        ),
    ];
    if let Some(d) = &rec.description {
        rows.push(("Description", esc(d.as_str().trim())));
    }
    if let Some(s) = cx.history.get(Kind::Interval, id) {
        rows.push((
            "Changed",
            format!(
                "{} since it was added; last on {}",
                crate::time::format::plural(i64::from(s.sequence), "time"),
                chrono::DateTime::from_timestamp(s.modified, 0)
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_default()
            ),
        ));
    }
    b.facts(&rows);

    b.h2("clashes", "Clashes");
    let rows: Vec<Vec<String>> = cx
        .clashes_of(i)
        .map(|c| {
            let other = if c.earlier == i { c.later } else { c.earlier };
            vec![
                td(cx.interval_named(path, other)),
                td(cx.env_link(path, c.env)),
                td_text(&crate::bookings::listing::period(&c.overlap, cx.tz)),
            ]
        })
        .collect();
    b.table_or(
        "Clashes",
        &["With", "On", "Overlap"],
        &rows,
        "It clashes with no other interval.",
    );

    b.h2("outages", "Outages during it");
    let hits: Vec<(IntervalIx, OutageIx, EnvIx, TimeRange, Duration)> = outages_hitting(cx, i)
        .into_iter()
        .map(|(o, e, r, d)| (i, o, e, r, d))
        .collect();
    b.table_or(
        "Outages during it",
        &OUTAGE_HEAD,
        &outage_rows(cx, path, &hits),
        "No outage falls in it.",
    );

    b.h2("certificates", "Certificates it needs");
    let mine: Vec<&Uncovered> = cx.gaps_of_interval(i).collect();
    b.table_or(
        "Certificates missing",
        &NEEDED_HEAD,
        &needed_rows(cx, path, &mine),
        "Every participant holds the certificates it needs for the rest of it.",
    );

    let findings = cx.findings_of(id);
    findings_section(cx, &mut b, path, &findings);
    page::render(&cx.frame, path, &format!("Interval {id}"), &b.out)
}

/// `text` and the list it is limited to ("tls of SUP-D, SUP-ND").
fn limited(text: String, word: &str, limits: &[crate::registry::spanned::Text]) -> String {
    if limits.is_empty() {
        text
    } else {
        let list: Vec<String> = limits.iter().map(|l| esc(l.as_str())).collect();
        format!(
            "{text} <span class=\"sub\">{word} {}</span>",
            list.join(", ")
        )
    }
}

/// An environment's own readiness (format v2), against when it is required.
pub(crate) fn readiness_text(cx: &Cx<'_, '_>, e: EnvIx) -> String {
    let facts = &cx.m.environments[e];
    let Some(r) = facts.readiness else {
        return "not tracked".to_owned();
    };
    use crate::registry::records::ReadinessStatus as S;
    let status = match r.status {
        S::Planned => "planned",
        S::Building => "building",
        S::Ready => "ready",
        S::Retired => "retired",
    };
    let mut text = esc(status);
    if let Some(d) = r.ready_on {
        let _ = write!(text, ", ready on {d}");
    }
    let required_from = facts.required.map(|(a, _)| a);
    let not_ready = matches!(r.status, S::Planned | S::Building);
    match required_from {
        Some(from) if not_ready && from <= cx.as_of => {
            let _ = write!(
                text,
                " <strong class=\"bad\">required since {from}, not ready</strong>"
            );
        }
        Some(from) if not_ready && r.ready_on.is_none_or(|d| d > from) => {
            let _ = write!(
                text,
                " <strong class=\"warn\">at risk: required from {from}</strong>"
            );
        }
        _ => {}
    }
    text
}
