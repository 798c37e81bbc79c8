//! The pack as Markdown for GitHub and Azure DevOps wikis: headings, pipe
//! tables with a blank line around them, and nothing either renderer lacks.
//! Every registry string goes through `escape::markdown`.

use std::fmt::Write;

use crate::diag::Severity;

use super::escape::markdown as md;
use super::{
    days_left_text, duration_text, figures, hours_text, left_out_text, lost_text, meeting_label,
    meeting_text, period_name, registry_text, reported_name, row_hours_text, service_text,
    title_of, IntervalRef, Pack, ParticipantRef, RiskRow, StepCell, AT_RISK_COLUMNS, EP303_OFF,
    FILES, HOURS_NOTE, ROUNDING_NOTE,
};

/// A table: header cells, then rows of already-escaped cells.
fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(
        out,
        "|{}|",
        header.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    );
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

fn none(out: &mut String, what: &str) {
    let _ = writeln!(out, "_{what}_\n");
}

fn interval(i: &IntervalRef) -> String {
    if i.name == i.id {
        md(&i.id)
    } else {
        format!("{} ({})", md(&i.id), md(&i.name))
    }
}

fn participant(p: &ParticipantRef) -> String {
    if p.name == p.id {
        md(&p.id)
    } else {
        format!("{} ({})", md(&p.name), md(&p.id))
    }
}

fn step(cell: &StepCell) -> String {
    match cell {
        StepCell::Done(d) => d.to_string(),
        StepCell::Late(d) => format!("**late: {d}**"),
        StepCell::Missing => "**missing**".to_owned(),
        StepCell::NotRequired(Some(d)) => format!("{d} (not required)"),
        StepCell::NotRequired(None) => "not required".to_owned(),
    }
}

fn at_risk_table(out: &mut String, at_risk: &[RiskRow]) {
    let rows: Vec<Vec<String>> = at_risk
        .iter()
        .map(|r| {
            vec![
                days_left_text(r.days_left),
                r.first_gap.to_string(),
                interval(&r.interval),
                participant(&r.participant),
                format!("{} {}", md(&r.environment), md(&r.purpose)),
                md(&r.cause),
            ]
        })
        .collect();
    table(out, &AT_RISK_COLUMNS, &rows);
}

/// The three months as a Mermaid gantt chart in a fenced block, which GitHub
/// draws. The block is exactly what `envplan plan --format mermaid` prints
/// for the same window: the diagram's own renderer makes names safe for
/// Mermaid, and nothing inside a fenced block is Markdown.
fn timeline(out: &mut String, p: &Pack) {
    let tl = &p.timeline;
    let _ = writeln!(
        out,
        "## Timeline, {} to {}\n",
        tl.period.first, tl.period.last
    );
    if tl.is_empty() {
        none(
            out,
            "Nothing is booked and no outage falls in these months.",
        );
    } else {
        out.push_str("```mermaid\n");
        out.push_str(&crate::plan::mermaid::render(tl));
        out.push_str("```\n\n");
        out.push_str(
            "In an Azure DevOps wiki, write `::: mermaid` in place of the opening fence and `:::` in place of the closing one.\n\n",
        );
    }
    let _ = writeln!(
        out,
        "Clashing intervals are marked critical; outages are milestones on the day they start (unplanned ones critical). Dates in {}. The same intervals and outages are in `plan.ics`, to import into a calendar.\n",
        md(tl.tz.name())
    );
    if tl.left_out > 0 {
        let _ = writeln!(out, "> {}\n", left_out_text(tl.left_out));
    }
}

/// Which files make up the pack.
fn files(out: &mut String) {
    out.push_str("## Files of this pack\n\n");
    for (name, what) in FILES {
        let _ = writeln!(out, "- `{name}`: {what}");
    }
    out.push('\n');
}

pub fn render(p: &Pack) -> String {
    let mut out = String::new();
    let h = &p.header;
    let reported = reported_name(h);
    let title = h
        .programme_name
        .as_deref()
        .map(md)
        .unwrap_or_else(|| "(the registry has no readable Programme)".to_owned());

    let _ = writeln!(out, "# {}: {}\n", title_of(h), period_name(h));
    let _ = writeln!(
        out,
        "- **Programme:** {title}{}",
        if h.programme_id.is_empty() {
            String::new()
        } else {
            format!(" ({})", md(&h.programme_id))
        }
    );
    let _ = writeln!(out, "- **{}:** {}", meeting_label(h), md(&meeting_text(h)));
    let _ = writeln!(
        out,
        "- **As of:** {}; times in {}",
        h.as_of,
        md(&h.timezone)
    );
    let _ = writeln!(out, "- **Registry:** {}\n", md(&registry_text(&h.registry)));

    // Headline figures.
    out.push_str("## Headline figures\n\n");
    let rows: Vec<Vec<String>> = figures(p)
        .iter()
        .map(|f| {
            let value = match &f.detail {
                Some(d) => format!("{} ({})", md(&f.value), md(d)),
                None => md(&f.value),
            };
            vec![md(&f.label), value]
        })
        .collect();
    table(&mut out, &["Figure", "Value"], &rows);

    // Environment status.
    out.push_str("## Environments\n\n");
    if p.environments.is_empty() {
        none(&mut out, "No environments.");
    } else {
        let rows: Vec<Vec<String>> = p
            .environments
            .iter()
            .map(|e| {
                let running: Vec<String> = e.running.iter().map(interval).collect();
                let availability = e.availability.text();
                vec![
                    format!("{} ({})", md(&e.id), md(&e.name)),
                    participant(&e.owner),
                    md(&e.phase),
                    e.required
                        .map(|(a, b)| format!("{a} to {b}"))
                        .unwrap_or_else(|| "–".to_owned()),
                    if running.is_empty() {
                        "–".to_owned()
                    } else {
                        running.join(", ")
                    },
                    availability,
                    if e.open_unplanned.is_empty() {
                        "–".to_owned()
                    } else {
                        format!(
                            "**{}**",
                            e.open_unplanned
                                .iter()
                                .map(|o| md(o))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                ]
            })
            .collect();
        let running_header = format!("Running on {}", h.as_of);
        let availability_header = format!("Availability, {reported} (rounded down)");
        table(
            &mut out,
            &[
                "Environment",
                "Owner",
                "Phase",
                "Required",
                &running_header,
                &availability_header,
                "Open unplanned outages",
            ],
            &rows,
        );
    }

    // Timeline.
    timeline(&mut out, p);

    // Clashes and findings.
    out.push_str("## Clashes and check findings\n\n");
    let _ = writeln!(out, "### Open clashes ({})\n", p.headline.open_clashes);
    if p.clashes.is_empty() {
        none(&mut out, "No open clashes.");
    } else {
        let rows: Vec<Vec<String>> = p
            .clashes
            .iter()
            .map(|c| {
                let side = |i: &IntervalRef, detail: &str| {
                    if detail.is_empty() {
                        interval(i)
                    } else {
                        format!("{}, {}", interval(i), md(detail))
                    }
                };
                let mut env = format!("{} ({})", md(&c.environment), md(&c.sharing));
                if !c.also_on.is_empty() {
                    env.push_str(&format!(
                        "; also on {}",
                        c.also_on
                            .iter()
                            .map(|e| md(e))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                vec![
                    md(&c.code),
                    env,
                    side(&c.earlier, &c.earlier_detail),
                    side(&c.later, &c.later_detail),
                    md(&c.overlap),
                ]
            })
            .collect();
        table(
            &mut out,
            &["Code", "Environment", "Earlier", "Later", "Overlap"],
            &rows,
        );
        for (env, count) in &p.clashes_not_shown {
            let _ = writeln!(
                out,
                "{}\n",
                md(&crate::bookings::listing::more_pairs(*count, env))
            );
        }
    }
    for (severity, title) in [(Severity::Error, "Errors"), (Severity::Warning, "Warnings")] {
        let rows: Vec<Vec<String>> = p
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .map(|f| {
                vec![
                    md(&f.code),
                    f.place.as_deref().map(md).unwrap_or_else(|| "–".to_owned()),
                    md(&f.message),
                ]
            })
            .collect();
        let _ = writeln!(out, "### {title} ({})\n", rows.len());
        if rows.is_empty() {
            none(&mut out, &format!("No {}.", title.to_lowercase()));
        } else {
            table(&mut out, &["Code", "Where", "Finding"], &rows);
        }
    }

    // Certificates.
    out.push_str("## Certificates and intervals at risk\n\n");
    let _ = writeln!(
        out,
        "### Certificates expiring within {} days\n",
        h.certificate_horizon_days
    );
    if p.certificates.is_empty() {
        none(&mut out, "No certificate expires within the horizon.");
    } else {
        let rows: Vec<Vec<String>> = p
            .certificates
            .iter()
            .map(|c| {
                let left = days_left_text(c.days_left);
                vec![
                    if c.days_left < 0 {
                        format!("**expired {left}**")
                    } else {
                        left
                    },
                    c.last_day.to_string(),
                    md(&c.id),
                    participant(&c.participant),
                    md(&c.environment),
                    md(&c.purpose),
                ]
            })
            .collect();
        table(
            &mut out,
            &[
                "Expires",
                "Last valid day",
                "Certificate",
                "Participant",
                "Environment",
                "Purpose",
            ],
            &rows,
        );
    }
    let _ = writeln!(out, "### Intervals at risk (EP303)\n");
    match p.at_risk.as_deref() {
        None => none(&mut out, &format!("{EP303_OFF}: not listed.")),
        Some([]) => none(&mut out, "No booked participant lacks a certificate."),
        Some(at_risk) => at_risk_table(&mut out, at_risk),
    }

    // Outages of the reported month.
    let _ = writeln!(out, "## Outages, {reported}\n");
    if p.outages.is_empty() {
        none(&mut out, &format!("No outages in {reported}."));
    } else {
        let rows: Vec<Vec<String>> = p
            .outages
            .iter()
            .map(|o| {
                vec![
                    md(&o.id),
                    md(&o.environment),
                    if o.planned {
                        "planned"
                    } else {
                        "**unplanned**"
                    }
                    .to_owned(),
                    md(&o.reason),
                    md(&o.start),
                    o.end
                        .as_deref()
                        .map(md)
                        .unwrap_or_else(|| "**ongoing**".to_owned()),
                    duration_text(o.duration),
                    lost_text(o),
                    o.defect
                        .as_deref()
                        .map(md)
                        .unwrap_or_else(|| "–".to_owned()),
                ]
            })
            .collect();
        table(
            &mut out,
            &[
                "Outage",
                "Environment",
                "Type",
                "Reason",
                "Start",
                "End",
                "Duration",
                "Service hours lost",
                "Defect",
            ],
            &rows,
        );
        let _ = writeln!(
            out,
            "Times are in {}. Service hours lost are counted for each outage alone, within {reported}.\n",
            md(&h.timezone)
        );
    }
    let _ = writeln!(out, "### Availability, {reported}\n");
    let rows: Vec<Vec<String>> = p
        .availability
        .iter()
        .map(|a| {
            vec![
                md(&a.environment),
                md(&row_hours_text(a)),
                service_text(a),
                hours_text(a.lost_planned),
                hours_text(a.lost_unplanned),
                a.availability.cell_text(),
            ]
        })
        .collect();
    if rows.is_empty() {
        none(&mut out, "No environments.");
    } else {
        table(
            &mut out,
            &[
                "Environment",
                "Service hours",
                "Time in service",
                "Lost, planned",
                "Lost, unplanned",
                "Availability",
            ],
            &rows,
        );
    }
    let _ = writeln!(
        out,
        "Availability = 1 − (outage time inside service hours ÷ service hours), over {} to {}, in real hours (the days the clocks change included), holidays skipped where the environment observes them. Overlapping outages count once; time lost to a planned and an unplanned outage at once counts as planned. {HOURS_NOTE} {ROUNDING_NOTE}\n",
        h.reported_month, h.reported_until
    );

    // Readiness.
    let _ = writeln!(
        out,
        "## Readiness: intervals starting in the next {} days\n",
        h.look_ahead_days
    );
    if p.readiness.is_empty() {
        none(
            &mut out,
            "No interval with participants starts in the look-ahead.",
        );
    } else {
        let rows: Vec<Vec<String>> = p
            .readiness
            .iter()
            .map(|r| {
                let mut iv = interval(&r.interval);
                if r.proving_interval {
                    iv.push_str(", proving in this interval");
                }
                let mut row = vec![
                    r.start.to_string(),
                    iv,
                    md(&r.environment),
                    participant(&r.participant),
                ];
                row.extend(r.steps.iter().map(step));
                row
            })
            .collect();
        table(
            &mut out,
            &[
                "Starts",
                "Interval",
                "Environment",
                "Participant",
                "Internal",
                "Certificates",
                "Webhooks",
                "Message",
            ],
            &rows,
        );
    }

    // Changes since a revision.
    if let Some(c) = &p.changes {
        let _ = writeln!(
            out,
            "## Changes since {} ({})\n",
            md(&c.since),
            c.commit.chars().take(12).collect::<String>()
        );
        for note in &c.notes {
            let _ = writeln!(out, "> {}\n", md(note));
        }
        if c.records.is_empty() {
            none(&mut out, "No record changed.");
        }
        for r in &c.records {
            let name = r
                .distinct_name()
                .map(|n| format!(" ({})", md(n)))
                .unwrap_or_default();
            let what = r.describe(|p| md(p).to_string());
            let _ = writeln!(out, "- {} {}{name}: {what}", r.kind, md(&r.id));
        }
        out.push('\n');
    }
    files(&mut out);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
