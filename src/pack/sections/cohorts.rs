//! Cohort progress (issue 12, section 3): each proving-stage interval, its
//! participants and each required step, with counts and percentages per
//! cohort and per step.

use super::super::doc::{header, Block, Cell, Section, Span};
use super::super::gather::Cohort;
use super::super::{Pack, StepCell};
use super::participant;
use super::readiness::step;

pub fn section(p: &Pack) -> Section<'_> {
    let mut s = Section::new("cohorts", "Cohort progress").nav("Cohorts");
    if p.more.cohorts.is_empty() {
        s.push(Block::Empty("No proving-stage interval is booked.".into()));
    }
    for c in &p.more.cohorts {
        cohort(&mut s, c);
    }
    s.push(Block::Note(vec![Span::text(
        "Percentages are rounded down. A step counts as done when it is dated by the end of the cohort's interval; steps not required (by role or cohort limits) are not counted.",
    )]));
    s
}

/// "3 of 4 (75%)"; "–" when nothing is required.
fn ratio(done: usize, of: usize) -> String {
    match (done * 100).checked_div(of) {
        Some(percent) => format!("{done} of {of} ({percent}%)"),
        None => "–".to_owned(),
    }
}

fn counts<'a>(cells: impl Iterator<Item = &'a StepCell>) -> (usize, usize) {
    cells.fold((0, 0), |(done, of), c| match c {
        StepCell::Done(_) => (done + 1, of + 1),
        StepCell::Late(_) | StepCell::Missing => (done, of + 1),
        StepCell::NotRequired(_) => (done, of),
    })
}

fn cohort(s: &mut Section<'_>, c: &Cohort) {
    let (done, of) = counts(c.members.iter().flat_map(|(_, steps)| steps.iter()));
    let mut title = vec![Span::id(c.interval.id.clone())];
    if c.interval.name != c.interval.id {
        title.push(Span::paren(
            vec![Span::text(c.interval.name.clone())],
            false,
        ));
    }
    let progress = if of == 0 {
        String::new()
    } else {
        format!(": {} steps done", ratio(done, of))
    };
    title.push(Span::text(format!(
        ", {} from {}{}{progress}",
        c.environment,
        c.start,
        c.end.map(|e| format!(" to {e}")).unwrap_or_default(),
    )));
    s.push(Block::Heading(title));
    let mut rows: Vec<Vec<Cell>> = c
        .members
        .iter()
        .map(|(p, steps)| {
            let (d, o) = counts(steps.iter());
            let mut row = vec![Cell::new(participant(p))];
            row.extend(steps.iter().map(step));
            row.push(Cell::text(ratio(d, o)).class("num"));
            row
        })
        .collect();
    if !rows.is_empty() {
        let mut total = vec![Cell::text("Done, per step").strong()];
        for n in 0..4 {
            let (d, o) = counts(c.members.iter().map(|(_, steps)| &steps[n]));
            total.push(Cell::text(ratio(d, o)).class("num"));
        }
        total.push(Cell::text(ratio(done, of)).class("num").strong());
        rows.push(total);
    }
    s.table_or(
        header([
            "Participant",
            "Internal",
            "Certificates",
            "Webhooks",
            "Message",
            "Done",
        ]),
        rows,
        "No participant is booked in this cohort.",
    );
}
