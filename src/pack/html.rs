//! The pack as one self-contained HTML page to e-mail: inline CSS and SVG,
//! no scripts, nothing fetched from anywhere (the Content-Security-Policy
//! forbids it), printable on A4 landscape. Every registry string goes through
//! `escape::html`.

use std::fmt::Write;

use crate::diag::Severity;

use super::escape::html as esc;
use super::{
    days_left_text, duration_text, figures, hours_text, left_out_text, lost_text, meeting_label,
    meeting_text, period_name, registry_text, reported_name, row_hours_text, service_text,
    title_of, IntervalRef, Pack, ParticipantRef, RiskRow, StepCell, Tone, AT_RISK_COLUMNS,
    EP303_OFF, FILES, HOURS_NOTE, ROUNDING_NOTE,
};

/// Scripts, frames, fonts, images from elsewhere: none. Inline styles only.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE: &str = r#"
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa;
  --bad: #b42318; --bad-bg: #ffebe9; --warn: #8a5a00; --warn-bg: #fff8c5;
  --good: #1a7f37; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); margin: 24px auto; max-width: 1280px; padding: 0 24px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 15px; margin: 18px 0 8px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 12px; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
nav { font-size: 13px; color: var(--muted); margin-bottom: 8px; }
nav a { color: var(--accent); margin-right: 12px; text-decoration: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 8px; }
.card { border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 4px; padding: 6px 10px; }
.card .n { font-size: 20px; font-weight: 600; }
.card .l { color: var(--muted); font-size: 12px; }
.card .d { color: var(--muted); font-size: 12px; }
.card.tone-good { border-left-color: var(--good); }
.card.tone-warn { border-left-color: var(--warn); } .card.tone-warn .n { color: var(--warn); }
.card.tone-bad { border-left-color: var(--bad); } .card.tone-bad .n { color: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: 0 0 8px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
th { background: var(--head); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.sub { color: var(--muted); font-size: 12px; }
.missing, .bad { background: var(--bad-bg); color: var(--bad); font-weight: 600; }
.late, .warnbg { background: var(--warn-bg); color: var(--warn); font-weight: 600; }
.sev-error { color: var(--bad); font-weight: 600; }
.sev-warning { color: var(--warn); font-weight: 600; }
.none { color: var(--muted); font-style: italic; }
figure.timeline { margin: 0 0 6px; }
figure.timeline svg { display: block; width: 100%; height: auto; }
figure.timeline + figure.timeline { margin-top: 10px; }
ul.files { padding-left: 20px; }
.note { color: var(--muted); font-size: 12px; }
svg.bar { vertical-align: middle; margin-left: 6px; }
ul.changes { padding-left: 20px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  nav, .screen { display: none; }
  section { break-before: page; }
  section.first { break-before: auto; }
  h2, h3 { break-after: avoid; }
  tr, .card, figure.timeline { break-inside: avoid; }
  thead { display: table-header-group; }
  h1 { font-size: 18pt; }
  h2 { margin-top: 14px; }
  .cards { grid-template-columns: repeat(7, 1fr); gap: 5px; }
  .card { padding: 3px 6px; }
  .card .n { font-size: 14pt; }
  .card .l, .card .d { font-size: 8pt; }
  th, td { padding: 2px 4px; }
  .id { font-size: 8.5pt; }
}
"#;

struct Page {
    out: String,
}

impl Page {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn table(&mut self, header: &[&str], rows: Vec<Vec<String>>) {
        self.raw("<table>\n<thead><tr>");
        for h in header {
            let _ = write!(self.out, "<th>{}</th>", esc(h));
        }
        self.raw("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.raw("<tr>");
            for cell in row {
                // Cells are already markup: `<td ...>...</td>`.
                self.raw(&cell);
            }
            self.raw("</tr>\n");
        }
        self.raw("</tbody>\n</table>\n");
    }

    fn none(&mut self, text: &str) {
        let _ = writeln!(self.out, "<p class=\"none\">{}</p>", esc(text));
    }
}

fn td(content: String) -> String {
    format!("<td>{content}</td>")
}

fn td_class(class: &str, content: String) -> String {
    format!("<td class=\"{class}\">{content}</td>")
}

fn id(text: &str) -> String {
    format!("<span class=\"id\">{}</span>", esc(text))
}

fn interval(i: &IntervalRef) -> String {
    if i.name == i.id {
        id(&i.id)
    } else {
        format!(
            "{}<br><span class=\"sub\">{}</span>",
            id(&i.id),
            esc(&i.name)
        )
    }
}

fn participant(p: &ParticipantRef) -> String {
    if p.name == p.id {
        id(&p.id)
    } else {
        format!("{} <span class=\"sub\">{}</span>", esc(&p.name), id(&p.id))
    }
}

/// A small bar for an availability figure, drawn inline.
fn bar(a: Option<f64>) -> String {
    let Some(a) = a else {
        return String::new();
    };
    let width = (a.clamp(0.0, 1.0) * 100.0 * 100.0).round() / 100.0;
    let colour = if a >= 0.99 {
        "#1a7f37"
    } else if a >= 0.95 {
        "#8a5a00"
    } else {
        "#b42318"
    };
    format!(
        "<svg class=\"bar\" width=\"60\" height=\"8\" viewBox=\"0 0 100 8\" aria-hidden=\"true\"><rect width=\"100\" height=\"8\" fill=\"#e6e9ed\"/><rect width=\"{width}\" height=\"8\" fill=\"{colour}\"/></svg>"
    )
}

fn step(cell: &StepCell) -> String {
    match cell {
        StepCell::Done(d) => td_class("nowrap", d.to_string()),
        StepCell::Late(d) => td_class("late nowrap", format!("late: {d}")),
        StepCell::Missing => td_class("missing", "missing".to_owned()),
        StepCell::NotRequired(Some(d)) => td_class(
            "nowrap",
            format!("{d} <span class=\"sub\">not required</span>"),
        ),
        StepCell::NotRequired(None) => td_class("sub", "not required".to_owned()),
    }
}

fn at_risk_table(page: &mut Page, at_risk: &[RiskRow]) {
    let rows = at_risk
        .iter()
        .map(|r| {
            vec![
                td_class("bad nowrap", days_left_text(r.days_left)),
                td_class("nowrap", r.first_gap.to_string()),
                td(interval(&r.interval)),
                td(participant(&r.participant)),
                td(format!("{} {}", id(&r.environment), esc(&r.purpose))),
                td(esc(&r.cause)),
            ]
        })
        .collect();
    page.table(&AT_RISK_COLUMNS, rows);
}

/// The three months as an SVG Gantt chart drawn here (the page runs no
/// script, so it cannot use Mermaid), with what it needs said beside it.
fn timeline(page: &mut Page, p: &Pack) {
    let tl = &p.timeline;
    let _ = writeln!(
        page.out,
        "<section id=\"timeline\">\n<h2>Timeline, {} to {}</h2>",
        tl.period.first, tl.period.last
    );
    for part in super::svg::render_pages(tl, super::svg::PAGE_ROWS_HEIGHT) {
        page.raw("<figure class=\"timeline\">\n");
        page.raw(&part);
        page.raw("\n</figure>\n");
    }
    let _ = writeln!(
        page.out,
        "<p class=\"note\">Dates in {}; one column per day, ticks on Mondays.<span class=\"screen\"> Hover over a bar for its details.</span> The same intervals and outages are in <span class=\"id\">plan.ics</span>, to import into a calendar.</p>",
        esc(tl.tz.name())
    );
    if tl.left_out > 0 {
        let _ = writeln!(
            page.out,
            "<p class=\"note bad\">{}</p>",
            esc(&left_out_text(tl.left_out))
        );
    }
    page.raw("</section>\n");
}

pub fn render(p: &Pack) -> String {
    let h = &p.header;
    let reported = reported_name(h);
    let title = format!("{}: {}", title_of(h), period_name(h));
    let mut page = Page { out: String::new() };

    let _ = write!(
        page.out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );

    // Header.
    page.raw("<header>\n");
    let _ = writeln!(page.out, "<h1>{}</h1>", esc(&title));
    page.raw("<dl class=\"meta\">\n");
    let programme = match &h.programme_name {
        Some(name) if !h.programme_id.is_empty() => {
            format!("{} {}", esc(name), id(&h.programme_id))
        }
        Some(name) => esc(name),
        None => "<span class=\"bad\">the registry has no readable Programme</span>".to_owned(),
    };
    let _ = writeln!(page.out, "<dt>Programme</dt><dd>{programme}</dd>");
    let _ = writeln!(
        page.out,
        "<dt>{}</dt><dd>{}</dd>",
        meeting_label(h),
        esc(&meeting_text(h))
    );
    let _ = writeln!(
        page.out,
        "<dt>As of</dt><dd>{}; times in {}</dd>",
        h.as_of,
        esc(&h.timezone)
    );
    let _ = writeln!(
        page.out,
        "<dt>Registry</dt><dd>{}</dd>",
        esc(&registry_text(&h.registry))
    );
    page.raw("</dl>\n");
    let mut nav = vec![
        ("environments", "Environments"),
        ("timeline", "Timeline"),
        ("findings", "Clashes and findings"),
        ("certificates", "Certificates"),
        ("outages", "Outages"),
        ("readiness", "Readiness"),
    ];
    if p.changes.is_some() {
        nav.push(("changes", "Changes"));
    }
    page.raw("<nav>");
    for (anchor, label) in nav {
        let _ = write!(page.out, "<a href=\"#{anchor}\">{label}</a>");
    }
    page.raw("</nav>\n</header>\n");

    // Headline figures.
    page.raw("<section class=\"first\" id=\"headline\">\n<h2>Headline figures</h2>\n<div class=\"cards\">\n");
    for f in figures(p) {
        let class = match f.tone {
            Tone::Plain => "card",
            Tone::Good => "card tone-good",
            Tone::Warn => "card tone-warn",
            Tone::Bad => "card tone-bad",
        };
        let detail = f
            .detail
            .as_deref()
            .map(|d| format!("<div class=\"d\">{}</div>", esc(d)))
            .unwrap_or_default();
        let _ = writeln!(
            page.out,
            "<div class=\"{class}\"><div class=\"n\">{}</div><div class=\"l\">{}</div>{detail}</div>",
            esc(&f.value),
            esc(&f.label)
        );
    }
    page.raw("</div>\n");

    // Environment status (on the first page with the figures).
    page.raw("<h2 id=\"environments\">Environments</h2>\n");
    if p.environments.is_empty() {
        page.none("No environments.");
    } else {
        let rows = p
            .environments
            .iter()
            .map(|e| {
                let running: Vec<String> = e.running.iter().map(interval).collect();
                let availability = format!(
                    "{}{}",
                    esc(&e.availability.text()),
                    bar(e.availability.fraction())
                );
                vec![
                    td(format!(
                        "{}<br><span class=\"sub\">{}</span>",
                        id(&e.id),
                        esc(&e.name)
                    )),
                    td(participant(&e.owner)),
                    td(esc(&e.phase)),
                    td_class(
                        "nowrap",
                        e.required
                            .map(|(a, b)| format!("{a} to<br>{b}"))
                            .unwrap_or_else(|| "–".to_owned()),
                    ),
                    td(if running.is_empty() {
                        "–".to_owned()
                    } else {
                        running.join("<br>")
                    }),
                    td_class("nowrap", availability),
                    if e.open_unplanned.is_empty() {
                        td("–".to_owned())
                    } else {
                        td_class(
                            "bad",
                            e.open_unplanned
                                .iter()
                                .map(|o| id(o))
                                .collect::<Vec<_>>()
                                .join("<br>"),
                        )
                    },
                ]
            })
            .collect();
        let running_header = format!("Running on {}", h.as_of);
        let availability_header = format!("Availability, {reported} (rounded down)");
        page.table(
            &[
                "Environment",
                "Owner",
                "Phase",
                "Required",
                &running_header,
                &availability_header,
                "Open unplanned outages",
            ],
            rows,
        );
    }
    page.raw("</section>\n");

    // Timeline.
    timeline(&mut page, p);

    // Clashes and findings.
    page.raw("<section id=\"findings\">\n<h2>Clashes and check findings</h2>\n");
    let _ = writeln!(
        page.out,
        "<h3>Open clashes ({})</h3>",
        p.headline.open_clashes
    );
    if p.clashes.is_empty() {
        page.none("No open clashes.");
    } else {
        let rows = p
            .clashes
            .iter()
            .map(|c| {
                let side = |i: &IntervalRef, detail: &str| {
                    if detail.is_empty() {
                        td(interval(i))
                    } else {
                        td(format!(
                            "{}<br><span class=\"sub\">{}</span>",
                            interval(i),
                            esc(detail)
                        ))
                    }
                };
                let mut env = format!(
                    "{} <span class=\"sub\">{}</span>",
                    id(&c.environment),
                    esc(&c.sharing)
                );
                if !c.also_on.is_empty() {
                    let _ = write!(
                        env,
                        "<br><span class=\"sub\">also on {}</span>",
                        c.also_on
                            .iter()
                            .map(|e| esc(e))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                vec![
                    td_class("sev-error nowrap", esc(&c.code)),
                    td(env),
                    side(&c.earlier, &c.earlier_detail),
                    side(&c.later, &c.later_detail),
                    td(esc(&c.overlap)),
                ]
            })
            .collect();
        page.table(
            &["Code", "Environment", "Earlier", "Later", "Overlap"],
            rows,
        );
        for (env, count) in &p.clashes_not_shown {
            let _ = writeln!(
                page.out,
                "<p class=\"none\">{}</p>",
                esc(&crate::bookings::listing::more_pairs(*count, env))
            );
        }
    }
    for (severity, title, class) in [
        (Severity::Error, "Errors", "sev-error"),
        (Severity::Warning, "Warnings", "sev-warning"),
    ] {
        let rows: Vec<Vec<String>> = p
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .map(|f| {
                vec![
                    td_class(&format!("{class} nowrap"), esc(&f.code)),
                    td_class(
                        "sub nowrap",
                        f.place
                            .as_deref()
                            .map(esc)
                            .unwrap_or_else(|| "–".to_owned()),
                    ),
                    td(esc(&f.message)),
                ]
            })
            .collect();
        let _ = writeln!(page.out, "<h3>{title} ({})</h3>", rows.len());
        if rows.is_empty() {
            page.none(&format!("No {}.", title.to_lowercase()));
        } else {
            page.table(&["Code", "Where", "Finding"], rows);
        }
    }
    page.raw("</section>\n");

    // Certificates.
    page.raw("<section id=\"certificates\">\n<h2>Certificates and intervals at risk</h2>\n");
    let _ = writeln!(
        page.out,
        "<h3>Certificates expiring within {} days</h3>",
        h.certificate_horizon_days
    );
    if p.certificates.is_empty() {
        page.none("No certificate expires within the horizon.");
    } else {
        let rows = p
            .certificates
            .iter()
            .map(|c| {
                let left = days_left_text(c.days_left);
                vec![
                    if c.days_left < 0 {
                        td_class("bad nowrap", format!("expired {left}"))
                    } else if c.days_left <= 14 {
                        td_class("warnbg nowrap", left)
                    } else {
                        td_class("nowrap", left)
                    },
                    td_class("nowrap", c.last_day.to_string()),
                    td(id(&c.id)),
                    td(participant(&c.participant)),
                    td(id(&c.environment)),
                    td(esc(&c.purpose)),
                ]
            })
            .collect();
        page.table(
            &[
                "Expires",
                "Last valid day",
                "Certificate",
                "Participant",
                "Environment",
                "Purpose",
            ],
            rows,
        );
    }
    page.raw("<h3>Intervals at risk (EP303)</h3>\n");
    match p.at_risk.as_deref() {
        None => page.none(&format!("{EP303_OFF}: not listed.")),
        Some([]) => page.none("No booked participant lacks a certificate."),
        Some(at_risk) => at_risk_table(&mut page, at_risk),
    }
    page.raw("</section>\n");

    // Outages and availability.
    let _ = writeln!(
        page.out,
        "<section id=\"outages\">\n<h2>Outages, {}</h2>",
        esc(&reported)
    );
    if p.outages.is_empty() {
        page.none(&format!("No outages in {reported}."));
    } else {
        let rows = p
            .outages
            .iter()
            .map(|o| {
                vec![
                    td(id(&o.id)),
                    td(id(&o.environment)),
                    if o.planned {
                        td("planned".to_owned())
                    } else {
                        td_class("warnbg", "unplanned".to_owned())
                    },
                    td(esc(&o.reason)),
                    td_class("nowrap", esc(&o.start)),
                    match &o.end {
                        Some(end) => td_class("nowrap", esc(end)),
                        None => td_class("bad", "ongoing".to_owned()),
                    },
                    td(duration_text(o.duration)),
                    td_class("num", esc(&lost_text(o))),
                    td(o.defect
                        .as_deref()
                        .map(id)
                        .unwrap_or_else(|| "–".to_owned())),
                ]
            })
            .collect();
        page.table(
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
            rows,
        );
        let _ = writeln!(
            page.out,
            "<p class=\"note\">Times are in {}. Service hours lost are counted for each outage alone, within {}.</p>",
            esc(&h.timezone),
            esc(&reported)
        );
    }
    let _ = writeln!(page.out, "<h3>Availability, {}</h3>", esc(&reported));
    if p.availability.is_empty() {
        page.none("No environments.");
    } else {
        let rows = p
            .availability
            .iter()
            .map(|a| {
                vec![
                    td(id(&a.environment)),
                    td(esc(&row_hours_text(a))),
                    td_class("num", service_text(a)),
                    td_class("num", hours_text(a.lost_planned)),
                    td_class("num", hours_text(a.lost_unplanned)),
                    td_class(
                        "num",
                        format!(
                            "{}{}",
                            esc(&a.availability.cell_text()),
                            bar(a.availability.fraction())
                        ),
                    ),
                ]
            })
            .collect();
        page.table(
            &[
                "Environment",
                "Service hours",
                "Time in service",
                "Lost, planned",
                "Lost, unplanned",
                "Availability",
            ],
            rows,
        );
    }
    let _ = writeln!(
        page.out,
        "<p class=\"note\">Availability = 1 − (outage time inside service hours ÷ service hours), over {} to {}, in real hours (the days the clocks change included), holidays skipped where the environment observes them. Overlapping outages count once; time lost to a planned and an unplanned outage at once counts as planned. {} {}</p>",
        h.reported_month, h.reported_until, esc(HOURS_NOTE), esc(ROUNDING_NOTE)
    );
    page.raw("</section>\n");

    // Readiness.
    let _ = writeln!(
        page.out,
        "<section id=\"readiness\">\n<h2>Readiness: intervals starting in the next {} days</h2>",
        h.look_ahead_days
    );
    if p.readiness.is_empty() {
        page.none("No interval with participants starts in the look-ahead.");
    } else {
        let rows = p
            .readiness
            .iter()
            .map(|r| {
                let mut iv = interval(&r.interval);
                if r.proving_interval {
                    iv.push_str("<br><span class=\"sub\">proving in this interval</span>");
                }
                let mut row = vec![
                    td_class("nowrap", r.start.to_string()),
                    td(iv),
                    td(id(&r.environment)),
                    td(participant(&r.participant)),
                ];
                row.extend(r.steps.iter().map(step));
                row
            })
            .collect();
        page.table(
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
            rows,
        );
    }
    page.raw("</section>\n");

    // Changes.
    if let Some(c) = &p.changes {
        let _ = writeln!(
            page.out,
            "<section id=\"changes\">\n<h2>Changes since {} <span class=\"sub\">{}</span></h2>",
            esc(&c.since),
            esc(&c.commit.chars().take(12).collect::<String>())
        );
        for note in &c.notes {
            let _ = writeln!(page.out, "<p class=\"note\">{}</p>", esc(note));
        }
        if c.records.is_empty() {
            page.none("No record changed.");
        } else {
            page.raw("<ul class=\"changes\">\n");
            for r in &c.records {
                let name = r
                    .distinct_name()
                    .map(|n| format!(" <span class=\"sub\">{}</span>", esc(n)))
                    .unwrap_or_default();
                let what = r.describe(|p| esc(p).to_string());
                let _ = writeln!(page.out, "<li>{} {}{name}: {what}</li>", r.kind, id(&r.id));
            }
            page.raw("</ul>\n");
        }
        page.raw("</section>\n");
    }

    // Files.
    page.raw("<footer>\n<h2>Files of this pack</h2>\n<ul class=\"files\">\n");
    for (name, what) in FILES {
        let _ = writeln!(
            page.out,
            "<li><span class=\"id\">{name}</span>: {}</li>",
            esc(what)
        );
    }
    page.raw("</ul>\n</footer>\n");

    page.raw("</body>\n</html>\n");
    page.out
}
