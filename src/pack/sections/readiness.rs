//! Connectivity proving of each participant of each interval starting in
//! the look-ahead.

use super::super::doc::{header, Block, Cell, Section, Span};
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
            "on",
            "Certificates",
            "on",
            "Webhooks",
            "on",
            "Message",
            "on",
        ]),
        p.readiness.iter().map(row).collect(),
        "No interval starts in the look-ahead.",
    );
    s.push(Block::Note(vec![Span::text(
        "Each step has its status, then the day it was done on (\"–\" when it was not). A step is late when it was done after the interval starts, and not required when the participant's role or the cohort's limits leave it out.",
    )]));
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
    let who = match &r.participant {
        Some(p) => Cell::new(participant(p)),
        None => Cell::text("no participant booked").class("sub"),
    };
    let mut row = vec![
        Cell::text(r.start.to_string()).class("nowrap"),
        Cell::new(iv),
        Cell::id(r.environment.clone()),
        who,
    ];
    match &r.steps {
        Some(steps) => {
            for cell in steps {
                row.push(step_status(cell));
                row.push(step_day(cell));
            }
        }
        None => row.extend((0..8).map(|_| Cell::text("–").class("sub"))),
    }
    row
}

/// What became of a step, in words: the readiness table's status column.
fn step_status(cell: &StepCell) -> Cell {
    match cell {
        StepCell::Done(_) => Cell::text("done"),
        StepCell::Late(_) => Cell::text("late").class("late").strong(),
        StepCell::Missing => Cell::text("missing").class("missing").strong(),
        StepCell::NotRequired(_) => Cell::text("not required").class("sub nowrap"),
    }
}

/// The day a step was done on, "–" when it was not: the day column.
fn step_day(cell: &StepCell) -> Cell {
    match cell {
        StepCell::Done(d) | StepCell::Late(d) | StepCell::NotRequired(Some(d)) => {
            Cell::text(d.to_string()).class("nowrap")
        }
        StepCell::Missing | StepCell::NotRequired(None) => Cell::text("–").class("sub"),
    }
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
