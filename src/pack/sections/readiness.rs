//! Connectivity proving of each participant of each interval starting in
//! the look-ahead.

use super::super::doc::{header, Cell, Section, Span};
use super::super::{Pack, ReadinessRow, StepCell};
use super::{interval, participant};

pub fn section(p: &Pack) -> Section<'_> {
    let mut s = Section::new(
        "readiness",
        format!(
            "Readiness: intervals starting in the next {} days",
            p.header.look_ahead_days
        ),
    )
    .nav("Readiness");
    s.table_or(
        header([
            "Starts",
            "Interval",
            "Environment",
            "Participant",
            "Internal",
            "Certificates",
            "Webhooks",
            "Message",
        ]),
        p.readiness.iter().map(row).collect(),
        "No interval with participants starts in the look-ahead.",
    );
    s
}

fn row(r: &ReadinessRow) -> Vec<Cell> {
    let mut iv = interval(&r.interval);
    if r.proving_interval {
        iv.push(Span::Sub {
            spans: vec![Span::text("proving in this interval")],
            md: (", ", ""),
            br: true,
        });
    }
    let mut row = vec![
        Cell::text(r.start.to_string()).class("nowrap"),
        Cell::new(iv),
        Cell::id(r.environment.clone()),
        Cell::new(participant(&r.participant)),
    ];
    row.extend(r.steps.iter().map(step));
    row
}

pub(crate) fn step(cell: &StepCell) -> Cell {
    match cell {
        StepCell::Done(d) => Cell::text(d.to_string()).class("nowrap"),
        StepCell::Late(d) => Cell::text(format!("late: {d}"))
            .class("late nowrap")
            .strong(),
        StepCell::Missing => Cell::text("missing").class("missing").strong(),
        StepCell::NotRequired(Some(d)) => Cell::new(vec![
            Span::text(d.to_string()),
            Span::paren(vec![Span::text("not required")], false),
        ])
        .class("nowrap"),
        StepCell::NotRequired(None) => Cell::text("not required").class("sub"),
    }
}
