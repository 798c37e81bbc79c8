//! Open clashes, then the check's errors and warnings.

use crate::diag::Severity;

use super::super::doc::{header, Block, Cell, Section, Span};
use super::super::{ClashRow, FindingRow, IntervalRef, Pack};
use super::interval;

pub fn section(p: &Pack) -> Section<'_> {
    let mut s = Section::new("findings", "Clashes and check findings").nav("Clashes and findings");
    s.push(Block::Heading(vec![Span::text(format!(
        "Open clashes ({})",
        p.headline.open_clashes
    ))]));
    s.table_or(
        header(["Code", "Environment", "Earlier", "Later", "Overlap"]),
        p.clashes.iter().map(clash).collect(),
        "No open clashes.",
    );
    if !p.clashes.is_empty() {
        for (env, count) in &p.clashes_not_shown {
            s.push(Block::Note(vec![Span::text(
                crate::bookings::listing::more_pairs(*count, env),
            )]));
        }
    }
    for (severity, title, class) in [
        (Severity::Error, "Errors", "sev-error nowrap"),
        (Severity::Warning, "Warnings", "sev-warning nowrap"),
    ] {
        let rows: Vec<Vec<Cell>> = p
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .map(|f| finding(f, class))
            .collect();
        s.push(Block::Heading(vec![Span::text(format!(
            "{title} ({})",
            rows.len()
        ))]));
        s.table_or(
            header(["Code", "Where", "Finding"]),
            rows,
            &format!("No {}.", title.to_lowercase()),
        );
    }
    s
}

fn clash(c: &ClashRow) -> Vec<Cell> {
    let side = |i: &IntervalRef, detail: &str| {
        let mut spans = interval(i);
        if !detail.is_empty() {
            spans.push(Span::Sub {
                spans: vec![Span::text(detail)],
                md: (", ", ""),
                br: true,
            });
        }
        Cell::new(spans)
    };
    // The sharing mode explains the clash: it is never left out.
    let mut env = vec![
        Span::id(c.environment.clone()),
        Span::paren(vec![Span::text(c.sharing.clone())], false),
    ];
    if !c.also_on.is_empty() {
        env.push(Span::Sub {
            spans: vec![Span::text(format!("also on {}", c.also_on.join(", ")))],
            md: ("; ", ""),
            br: true,
        });
    }
    vec![
        Cell::text(c.code.clone()).class("sev-error nowrap"),
        Cell::new(env),
        side(&c.earlier, &c.earlier_detail),
        side(&c.later, &c.later_detail),
        Cell::text(c.overlap.clone()),
    ]
}

/// The records a finding is about, for a reader of the e-mail; its place in
/// the YAML as a secondary detail, for whoever fixes it.
fn finding(f: &FindingRow, class: &'static str) -> Vec<Cell> {
    let mut place: Vec<Span> = f
        .records
        .iter()
        .enumerate()
        .flat_map(|(n, r)| {
            let sep = (n > 0).then(|| Span::text(", "));
            sep.into_iter().chain([Span::id(r.clone())])
        })
        .collect();
    match (&f.place, place.is_empty()) {
        (Some(at), true) => place.push(Span::Text(at.clone())),
        (Some(at), false) => place.push(Span::paren(vec![Span::Text(at.clone())], true)),
        (None, true) => place.push(Span::text("–")),
        (None, false) => {}
    }
    vec![
        Cell::text(f.code.clone()).class(class),
        Cell::new(place),
        Cell::new(vec![Span::Message(f.message.clone())]),
    ]
}
