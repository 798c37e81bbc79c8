//! Environment readiness and open items (issue 12, section 2, §12.2):
//! readiness per environment, service hours not recorded, and components
//! with their state.

use super::super::doc::{header, Cell, Section, Span};
use super::super::Pack;
use super::joined;
use super::plan::readiness_text;

pub fn section(p: &Pack) -> Section<'_> {
    let mut s =
        Section::new("open-items", "Environment readiness and open items").nav("Open items");
    let rows = p
        .more
        .plans
        .iter()
        .map(|e| {
            let (ready, class) = readiness_text(e);
            let components = e
                .components
                .iter()
                .map(|(id, state)| vec![Span::id(id.clone()), Span::text(format!(": {state}"))])
                .collect();
            vec![
                Cell::id(e.id.clone()),
                Cell::text(ready).class(class),
                match &e.hours {
                    Some(h) => Cell::text(h.clone()),
                    None => Cell::text("service hours not recorded")
                        .class("warnbg")
                        .strong(),
                },
                Cell::new(joined(components)),
            ]
        })
        .collect();
    s.table_or(
        header(["Environment", "Readiness", "Service hours", "Components"]),
        rows,
        "No environments.",
    );
    s
}
