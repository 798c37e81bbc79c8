//! Each environment's status on the as-of day.

use super::super::doc::{Cell, Section, Span};
use super::super::{reported_name, Pack};
use super::{interval, joined, participant};

pub fn section(p: &Pack) -> Section<'_> {
    let h = &p.header;
    let mut s = Section::new("environments", "Environments").nav("Environments");
    let rows = p
        .environments
        .iter()
        .map(|e| {
            let open: Vec<Vec<Span>> = e
                .open_unplanned
                .iter()
                .map(|o| vec![Span::id(o.clone())])
                .collect();
            let open = if open.is_empty() {
                Cell::text("–")
            } else {
                Cell::new(joined(open)).class("bad").strong()
            };
            vec![
                Cell::new(vec![
                    Span::id(e.id.clone()),
                    Span::paren(vec![Span::text(e.name.clone())], true),
                ]),
                Cell::new(participant(&e.owner)),
                Cell::text(e.phase.clone()),
                match e.required {
                    Some((a, b)) => Cell::new(vec![
                        Span::text(format!("{a} to")),
                        Span::Break { md: " " },
                        Span::text(b.to_string()),
                    ])
                    .class("nowrap"),
                    None => Cell::text("–"),
                },
                Cell::new(joined(e.running.iter().map(interval).collect())),
                Cell::text(e.availability.text()).class("nowrap"),
                open,
            ]
        })
        .collect();
    s.table_or(
        vec![
            "Environment".into(),
            "Owner".into(),
            "Phase".into(),
            "Required".into(),
            format!("Running on {}", h.as_of),
            format!("Availability, {} (rounded down)", reported_name(h)),
            "Open unplanned outages".into(),
        ],
        rows,
        "No environments.",
    );
    s
}
