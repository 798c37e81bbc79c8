//! The list pages (environments, participants, intervals, certificates,
//! clashes, the rule catalogue with a page per code, the feeds), each cut
//! into pages of [`PER_PAGE`] rows.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::bookings::listing::period;
use crate::certificates::listing;
use crate::diag::Code;
use crate::model::IntervalIx;
use crate::registry::document::Kind;
use crate::rules::clashes::clash_code;
use crate::table::Ix;

use super::page::{self, esc, id_span, link, or_dash, td, td_class, td_text, Body};
use super::{Cx, Site, PER_PAGE};

pub(crate) fn render(cx: &Cx<'_, '_>, site: &mut Site) {
    environments(cx, site);
    participants(cx, site);
    intervals(cx, site);
    certificates(cx, site);
    clashes(cx, site);
    catalogue(cx, site);
    milestones(cx, site);
    feeds(cx, site);
}

/// `milestones.html`: every milestone, what it requires and how far the
/// participants it applies to have got (format v2).
fn milestones(cx: &Cx<'_, '_>, site: &mut Site) {
    use super::milestones::State;
    let reg = cx.m.reg;
    // A repeated id (EP004) gets no second anchor.
    let anchors = std::cell::RefCell::new(std::collections::HashSet::new());
    let rows = |from: &str, r: std::ops::Range<usize>| -> Vec<Vec<String>> {
        r.map(Ix::new)
            .map(|mi| {
                let rec = &reg.milestones[mi];
                let slug = super::slug::slug(rec.id.as_str());
                let dues: Vec<&super::milestones::Due> = cx.dues_of_milestone(mi).collect();
                let count = |f: &dyn Fn(State) -> bool| dues.iter().filter(|d| f(d.state)).count();
                let overdue: Vec<String> = dues
                    .iter()
                    .filter(|d| d.state == State::Overdue)
                    .map(|d| cx.participant_link(from, d.participant))
                    .collect();
                let first = if anchors.borrow_mut().insert(slug.clone()) {
                    format!(
                        "<td id=\"milestone-{slug}\">{}</td>",
                        id_span(rec.id.as_str())
                    )
                } else {
                    td(id_span(rec.id.as_str()))
                };
                vec![
                    first,
                    td_text(rec.name.as_str()),
                    td_text(&describe_due(&rec.due.value)),
                    td_class("num", dues.len().to_string()),
                    td_class("num", count(&|s| matches!(s, State::Met(_))).to_string()),
                    td_class("num", count(&|s| s == State::DueSoon).to_string()),
                    td(if overdue.is_empty() {
                        "0".to_owned()
                    } else {
                        format!(
                            "<strong class=\"bad\">{}</strong>: {}",
                            overdue.len(),
                            overdue.join(", ")
                        )
                    }),
                ]
            })
            .collect()
    };
    paginated(
        cx,
        site,
        "milestones",
        "Milestones",
        &|_| {
            format!(
                "Deadlines participants must meet, and how many have, as of {}.",
                cx.as_of
            )
        },
        &[
            "Milestone",
            "Name",
            "Due",
            "Participants it applies to",
            "Met",
            "Due soon",
            "Overdue",
        ],
        &rows,
        reg.milestones.len(),
        "The registry has no milestones.",
    );
}

fn describe_due(due: &crate::registry::records::Due) -> String {
    match due {
        crate::registry::records::Due::Day(t) => t.as_str().to_owned(),
        crate::registry::records::Due::BeforeFirst(b) => match &b.environment {
            Some(e) => format!(
                "before each participant's first {} interval on {}",
                b.before_first.as_str(),
                e.as_str()
            ),
            None => format!(
                "before each participant's first {} interval",
                b.before_first.as_str()
            ),
        },
    }
}

/// The path of page `n` (1-based) of the list at `base` (`intervals`, `code/EP303`).
pub fn page_path(base: &str, n: usize) -> String {
    if n <= 1 {
        format!("{base}.html")
    } else {
        format!("{base}-{n}.html")
    }
}

/// Makes the rows of one page: (page path, row range) → cells.
pub(crate) type Rows<'a> = dyn Fn(&str, std::ops::Range<usize>) -> Vec<Vec<String>> + 'a;

/// A list as pages: each has the heading, the intro (markup made for
/// `from`-relative links by `intro`), the table and links to the others.
#[allow(clippy::too_many_arguments)]
pub(crate) fn paginated(
    cx: &Cx<'_, '_>,
    site: &mut Site,
    base: &str,
    title: &str,
    intro: &dyn Fn(&str) -> String,
    head: &[&str],
    rows: &Rows<'_>,
    total: usize,
    none: &str,
) {
    paginated_with(
        cx,
        site,
        base,
        title,
        intro,
        &|_, _| String::new(),
        head,
        rows,
        total,
        none,
    );
}

/// [`paginated`], with markup `preface(from, page)` between the intro and
/// the table (sections with their own `h2`, closed by the table's heading
/// when there is one).
#[allow(clippy::too_many_arguments)]
pub(crate) fn paginated_with(
    cx: &Cx<'_, '_>,
    site: &mut Site,
    base: &str,
    title: &str,
    intro: &dyn Fn(&str) -> String,
    preface: &dyn Fn(&str, usize) -> String,
    head: &[&str],
    rows: &Rows<'_>,
    total: usize,
    none: &str,
) {
    let pages = total.div_ceil(PER_PAGE).max(1);
    for n in 1..=pages {
        let path = page_path(base, n);
        let mut b = Body::default();
        let heading = if pages > 1 {
            format!("{title} (page {n} of {pages})")
        } else {
            title.to_owned()
        };
        b.h1(&heading, None);
        let text = intro(&path);
        if !text.is_empty() {
            b.p(&text);
        }
        b.raw(&preface(&path, n));
        let range = (n - 1) * PER_PAGE..(n * PER_PAGE).min(total);
        let list = rows(&path, range.clone());
        if pages > 1 {
            pager(&mut b, &path, base, n, pages, range.start, range.end, total);
        }
        b.table_or(title, head, &list, none);
        if pages > 1 {
            pager(&mut b, &path, base, n, pages, range.start, range.end, total);
        }
        site.add(
            path.clone(),
            page::render(&cx.frame, &path, &heading, &b.out),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn pager(
    b: &mut Body,
    from: &str,
    base: &str,
    n: usize,
    pages: usize,
    a: usize,
    z: usize,
    total: usize,
) {
    let _ = write!(
        b.out,
        "<nav aria-label=\"Pages\"><p class=\"sub\">Rows {} to {z} of {total}.</p><ul class=\"pages\">",
        a + 1
    );
    for k in 1..=pages {
        if k == n {
            let _ = write!(b.out, "<li><strong aria-current=\"page\">{k}</strong></li>");
        } else {
            let _ = write!(
                b.out,
                "<li>{}</li>",
                link(from, &page_path(base, k), &k.to_string())
            );
        }
    }
    b.raw("</ul></nav>\n");
}

fn environments(cx: &Cx<'_, '_>, site: &mut Site) {
    let reg = cx.m.reg;
    let rows = |from: &str, r: std::ops::Range<usize>| -> Vec<Vec<String>> {
        r.map(Ix::new)
            .map(|e| {
                let rec = &reg.environments[e];
                vec![
                    td(cx.env_named(from, e)),
                    td_text(crate::registry::lenient::shown(rec.phase.as_ref())),
                    td(cx.link_id(from, Kind::Participant, rec.owner.as_str())),
                    td_text(cx.m.environments[e].sharing.as_str()),
                    td_class("num", cx.env_intervals[e].len().to_string()),
                    td(link(
                        from,
                        &format!("feeds/env-{}.ics", slug_or(&cx.env_slugs[e])),
                        "calendar",
                    )),
                ]
            })
            .collect()
    };
    paginated(
        cx,
        site,
        "environments",
        "Environments",
        &|_| String::new(),
        &[
            "Environment",
            "Phase",
            "Owner",
            "Sharing",
            "Intervals",
            "Feed",
        ],
        &rows,
        reg.environments.len(),
        "The registry has no environments.",
    );
}

pub(crate) fn slug_or(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("~")
}

fn participants(cx: &Cx<'_, '_>, site: &mut Site) {
    let reg = cx.m.reg;
    let rows = |from: &str, r: std::ops::Range<usize>| -> Vec<Vec<String>> {
        r.map(Ix::new)
            .map(|p| {
                let rec = &reg.participants[p];
                let roles: Vec<&str> = rec.roles.iter().map(|t| t.as_str()).collect();
                let errors = cx
                    .findings_of(rec.id.as_str())
                    .iter()
                    .filter(|f| f.severity == crate::diag::Severity::Error)
                    .count();
                vec![
                    td(cx.participant_named(from, p)),
                    td_text(crate::registry::lenient::shown(rec.kind.as_ref())),
                    td(or_dash(&roles.join(", "))),
                    td_class("num", cx.participant_intervals[p].len().to_string()),
                    td_class("num", cx.participant_certs[p].len().to_string()),
                    if errors > 0 {
                        td_class("num bad", errors.to_string())
                    } else {
                        td_class("num", "0")
                    },
                ]
            })
            .collect()
    };
    paginated(
        cx,
        site,
        "participants",
        "Participants",
        &|_| {
            "Each participant's page has its bookings, certificates, connectivity, outages and findings, with a calendar to subscribe to.".to_owned()
        },
        &[
            "Participant",
            "Type",
            "Roles",
            "Intervals",
            "Certificates",
            "Errors",
        ],
        &rows,
        reg.participants.len(),
        "The registry has no participants.",
    );
}

fn intervals(cx: &Cx<'_, '_>, site: &mut Site) {
    let reg = cx.m.reg;
    let mut order: Vec<IntervalIx> = reg.intervals.indices().collect();
    order.sort_by_key(|&i| (cx.m.intervals[i].range.map(|r| r.start), i));
    let rows = |from: &str, r: std::ops::Range<usize>| -> Vec<Vec<String>> {
        order[r]
            .iter()
            .map(|&i| {
                let rec = &reg.intervals[i];
                vec![
                    td_class("nowrap", esc(rec.start.as_str())),
                    td_class("nowrap", esc(rec.end.as_str())),
                    td(cx.interval_named(from, i)),
                    td(cx.link_id(from, Kind::Environment, rec.environment.as_str())),
                    td_text(rec.stage.as_str()),
                    td_text(cx.m.intervals[i].status.as_str()),
                    td_class("num", rec.participants.len().to_string()),
                ]
            })
            .collect()
    };
    paginated(
        cx,
        site,
        "intervals",
        "Intervals",
        &|_| "Every interval, by start.".to_owned(),
        &[
            "Start",
            "End",
            "Interval",
            "Environment",
            "Stage",
            "Status",
            "Participants",
        ],
        &rows,
        order.len(),
        "The registry has no intervals.",
    );
}

fn certificates(cx: &Cx<'_, '_>, site: &mut Site) {
    let entries: Vec<&listing::Entry> = cx
        .in_use_order
        .iter()
        .filter_map(|&c| cx.in_use[c].as_ref())
        .collect();
    let rows = |from: &str, r: std::ops::Range<usize>| -> Vec<Vec<String>> {
        entries[r]
            .iter()
            .map(|e| cert_row(cx, from, e, true))
            .collect()
    };
    paginated(
        cx,
        site,
        "certificates",
        "Certificates",
        &|_| {
            "Every certificate in use (not revoked, not replaced), by expiry. Renewals are due in red under 14 days, and in amber within the programme's warning horizon.".to_owned()
        },
        &CERT_HEAD,
        &rows,
        entries.len(),
        "No certificate is in use.",
    );
}

pub(crate) const CERT_HEAD: [&str; 8] = [
    "Certificate",
    "Participant",
    "Environment",
    "Purpose",
    "MPID / role",
    "Expires",
    "Days left",
    "Renewal",
];

/// One certificate as a table row.
pub(crate) fn cert_row(
    cx: &Cx<'_, '_>,
    from: &str,
    e: &listing::Entry,
    linked: bool,
) -> Vec<String> {
    let horizon = cx.pack.header.certificate_horizon_days;
    let class = if e.is_urgent() {
        "num bad"
    } else if e.days_left <= horizon {
        "num warn"
    } else {
        "num"
    };
    let id = if linked {
        cx.link_id(from, Kind::Certificate, &e.id)
    } else {
        id_span(&e.id)
    };
    vec![
        td(id),
        td(cx.link_id(from, Kind::Participant, &e.participant)),
        td(cx.link_id(from, Kind::Environment, &e.environment)),
        td_text(e.purpose),
        td(format!(
            "{} / {}",
            or_dash(e.mpid.as_deref().unwrap_or("")),
            or_dash(e.role.as_deref().unwrap_or(""))
        )),
        td_class("nowrap", esc(&e.expires)),
        td_class(class, e.days_left.to_string()),
        td_text(&if e.days_left > horizon && e.needed_by.is_none() {
            "valid".to_owned()
        } else {
            e.renewal()
        }),
    ]
}

fn clashes(cx: &Cx<'_, '_>, site: &mut Site) {
    let m = cx.m;
    let reg = m.reg;
    let rows = |from: &str, r: std::ops::Range<usize>| -> Vec<Vec<String>> {
        cx.clashes[r]
            .iter()
            .map(|c| {
                let code = clash_code(m.environments[c.env].sharing);
                vec![
                    td(cx.env_link(from, c.env)),
                    td(cx.interval_named(from, c.earlier)),
                    td(cx.interval_named(from, c.later)),
                    td_text(&period(&c.overlap, cx.tz)),
                    td(link(from, &Cx::code_page(code), &id_span(code.as_str()))),
                    td(or_dash(
                        reg.environments[c.env]
                            .sharing
                            .as_ref()
                            .map(|s| s.value.as_str())
                            .unwrap_or("shared"),
                    )),
                ]
            })
            .collect()
    };
    paginated(
        cx,
        site,
        "clashes",
        "Clashes",
        &|_| {
            "Pairs of intervals that may not share an environment at the same time, by environment."
                .to_owned()
        },
        &[
            "Environment",
            "Earlier",
            "Later",
            "Overlap",
            "Rule",
            "Sharing",
        ],
        &rows,
        cx.clashes.len(),
        "No intervals clash.",
    );
}

/// `findings.html` (every code, with how many findings) and `code/<CODE>.html`.
fn catalogue(cx: &Cx<'_, '_>, site: &mut Site) {
    let mut by_code: BTreeMap<Code, Vec<usize>> = BTreeMap::new();
    for (i, f) in cx.checked.findings.iter().enumerate() {
        by_code.entry(f.code).or_default().push(i);
    }
    let codes = Code::ALL;
    let rows = |from: &str, r: std::ops::Range<usize>| -> Vec<Vec<String>> {
        codes[r]
            .iter()
            .map(|&code| {
                let list = by_code.get(&code).map(Vec::as_slice).unwrap_or(&[]);
                let severity = list
                    .first()
                    .map(|&i| cx.checked.findings[i].severity)
                    .unwrap_or(code.default_severity());
                vec![
                    td(link(from, &Cx::code_page(code), &id_span(code.as_str()))),
                    td_class(
                        &format!("sev-{}", severity.as_str()),
                        esc(severity.as_str()),
                    ),
                    if list.is_empty() {
                        td_class("num", "0")
                    } else {
                        td_class("num", format!("<strong>{}</strong>", list.len()))
                    },
                    td(page::prose(code.summary())),
                ]
            })
            .collect()
    };
    paginated(
        cx,
        site,
        "findings",
        "Findings",
        &|_| {
            format!(
                "Every rule envplan checks, and how many findings each has as of {}.",
                cx.as_of
            )
        },
        &["Code", "Severity", "Findings", "Rule"],
        &rows,
        codes.len(),
        "",
    );
    for &code in codes {
        let list = by_code.get(&code).map(Vec::as_slice).unwrap_or(&[]);
        let base = format!("code/{}", code.as_str());
        let intro = |_: &str| {
            format!(
                "<strong>{}</strong>. Default severity: {}. {}",
                page::prose(code.summary()),
                code.default_severity().as_str(),
                match list.len() {
                    0 => "No current finding.".to_owned(),
                    1 => "1 current finding.".to_owned(),
                    n => format!("{n} current findings."),
                }
            )
        };
        let rows = |from: &str, r: std::ops::Range<usize>| -> Vec<Vec<String>> {
            list[r]
                .iter()
                .map(|&i| {
                    let f = &cx.checked.findings[i];
                    let records: Vec<String> =
                        f.records.iter().map(|id| cx.any_link(from, id)).collect();
                    let mut message = page::prose(&f.message);
                    if let Some(h) = &f.help {
                        let _ = write!(
                            message,
                            "<br><span class=\"sub\">help: {}</span>",
                            page::prose(h)
                        );
                    }
                    vec![
                        td_class(
                            &format!("sev-{}", f.severity.as_str()),
                            esc(f.severity.as_str()),
                        ),
                        td(message),
                        td_class("id", esc(&cx.place(f))),
                        td(records.join(", ")),
                    ]
                })
                .collect()
        };
        paginated_with(
            cx,
            site,
            &base,
            &format!("{}: {}", code.as_str(), code.summary()),
            &intro,
            &|_, n| explanation(code, n),
            &["Severity", "Finding", "Where", "Records"],
            &rows,
            list.len(),
            "No current finding of this code.",
        );
    }
}

/// The catalogue's entry for `code` (what `envplan explain` prints): why it
/// is reported, a registry file that triggers it and the fix, in full on the
/// first page of its findings; later pages link back to it. Then the heading
/// of the findings table.
fn explanation(code: Code, page: usize) -> String {
    let mut out = String::new();
    if page <= 1 {
        let e = code.explanation();
        out.push_str("<h2 id=\"explanation\">What it means</h2>\n");
        let _ = writeln!(out, "<p>{}</p>", page::prose(e.text));
        if let Some(example) = e.example {
            let _ = writeln!(
                out,
                "<h3>Example</h3>\n<p>A registry file that triggers it (on top of a minimal programme, checked as of {}):</p>\n<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Example\"><pre><code>{}</code></pre></div>",
                crate::diag::catalogue::EXAMPLE_AS_OF,
                // Line by line: the escaping turns line breaks into spaces.
                example
                    .trim_end()
                    .lines()
                    .map(esc)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        let _ = writeln!(
            out,
            "<h3>Fix</h3>\n<p>{}</p>\n<p class=\"sub\">The same text: <code>envplan explain {}</code>.</p>",
            page::prose(e.fix),
            code.as_str()
        );
    } else {
        let _ = writeln!(
            out,
            "<p>What it means and how to fix it: {}.</p>",
            link(
                &page_path(&format!("code/{}", code.as_str()), page),
                &format!("{}#explanation", Cx::code_page(code)),
                "page 1"
            )
        );
    }
    out.push_str("<h2 id=\"current\">Current findings</h2>\n");
    out
}

fn feeds(cx: &Cx<'_, '_>, site: &mut Site) {
    const PATH: &str = "feeds.html";
    let mut b = Body::default();
    b.h1("Calendars and data", None);
    b.p("Subscribe to a calendar in Outlook or Google Calendar with its address (in Outlook: Add calendar, From internet; in Google Calendar: Other calendars, From URL). Each event keeps its identity, so a change in the registry updates the event instead of adding another.");
    let absolute = |to: &str| match &cx.base_url {
        Some(base) => format!(" <span class=\"sub id\">{}{}</span>", esc(base), esc(to)),
        None => String::new(),
    };
    b.h2("programme", "The whole programme");
    b.p(&format!(
        "{}{}",
        link(PATH, "feeds/programme.ics", "programme.ics"),
        absolute("feeds/programme.ics")
    ));
    b.h2("data", "Data files");
    b.raw("<ul>\n");
    for (to, what) in [
        ("api/registry.json", "the registry resolved: every record with its dates, references and state as of the day"),
        ("api/findings.json", "every check finding (the document of envplan check --format json)"),
        ("api/index.json", "what the site holds, with the path of each participant's file"),
    ] {
        let _ = writeln!(b.out, "<li>{}: {}</li>", link(PATH, to, to), esc(what));
    }
    b.raw("</ul>\n");
    b.p(&format!(
        "Their shape is described by JSON Schemas: {}, {}, {}, {}.",
        link(PATH, "schemas/registry.schema.json", "registry"),
        link(PATH, "schemas/findings.schema.json", "findings"),
        link(PATH, "schemas/participant.schema.json", "participant"),
        link(PATH, "schemas/index.schema.json", "index"),
    ));
    b.h2("environments", "Per environment");
    let rows: Vec<Vec<String>> =
        cx.m.reg
            .environments
            .indices()
            .filter(|&e| cx.env_slugs[e].is_some())
            .map(|e| {
                let to = format!("feeds/env-{}.ics", slug_or(&cx.env_slugs[e]));
                vec![
                    td(cx.env_named(PATH, e)),
                    td(format!("{}{}", link(PATH, &to, "calendar"), absolute(&to))),
                ]
            })
            .collect();
    b.table_or(
        "Environment calendars",
        &["Environment", "Calendar"],
        &rows,
        "No environments.",
    );
    b.h2("participants", "Per participant");
    b.p(&format!(
        "Each participant's calendar (its bookings, the outages on environments it is booked on, its certificate expiries) is linked from its page; see {}.",
        link(PATH, "participants.html", "the participants")
    ));
    let html = page::render(&cx.frame, PATH, "Calendars and data", &b.out);
    site.add(PATH, html);
}
