//! Milestones (issue 12, section 4): per participant each applies to, its
//! standing, sorted by due day.

use super::super::doc::{header, Block, Cell, Section, Span};
use super::super::Pack;
use super::{interval, participant};

pub fn section(p: &Pack) -> Section<'_> {
    let mut s = Section::new("milestones", "Milestones").nav("Milestones");
    let rows: Vec<Vec<Cell>> = p
        .more
        .milestones
        .iter()
        .map(|r| {
            let cell = Cell::text(r.standing);
            vec![
                Cell::text(r.due.to_string()).class("nowrap"),
                Cell::new(interval(&r.milestone)),
                Cell::new(participant(&r.participant)),
                match r.standing {
                    "overdue" => cell.class("bad").strong(),
                    "due soon" | "met late" => cell.class("warnbg"),
                    _ => cell,
                },
            ]
        })
        .collect();
    let count = |w: &str| p.more.milestones.iter().filter(|r| r.standing == w).count();
    if !rows.is_empty() {
        s.push(Block::Note(vec![Span::text(format!(
            "{} due dates: {} met, {} met late, {} due soon, {} overdue, {} due later.",
            rows.len(),
            count("met"),
            count("met late"),
            count("due soon"),
            count("overdue"),
            count("due")
        ))]));
    }
    s.table_or(
        header(["Due", "Milestone", "Participant", "Standing"]),
        rows,
        "No milestone applies to any participant.",
    );
    s
}
