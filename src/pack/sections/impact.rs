//! Impact of unplanned outages on bookings (issue 12, section 8).

use super::super::doc::{header, Block, Cell, Section, Span};
use super::super::{hours_text, reported_name, Pack};
use super::{interval, joined, participant};

pub fn section(p: &Pack) -> Section<'_> {
    let reported = reported_name(&p.header);
    let mut s = Section::new(
        "impact",
        format!("Impact of unplanned outages on bookings, {reported}"),
    )
    .nav("Impact");
    let hours = |d: Option<chrono::Duration>| d.map_or("hours unknown".into(), hours_text);
    let rows = p
        .more
        .hits
        .iter()
        .map(|h| {
            vec![
                Cell::new(vec![
                    Span::id(h.outage.clone()),
                    Span::paren(vec![Span::text(format!("on {}", h.outage_env))], true),
                ]),
                Cell::new(interval(&h.interval)),
                Cell::id(h.environment.clone()),
                Cell::new(joined(h.participants.iter().map(participant).collect())),
                Cell::text(hours(h.lost)).class("num"),
            ]
        })
        .collect();
    s.table_or(
        header([
            "Outage",
            "Interval hit",
            "Booked on",
            "Participants",
            "Booked service hours lost, each",
        ]),
        rows,
        &format!("No unplanned outage hit a booking in {reported}."),
    );
    s.push(Block::Heading(vec![Span::text(format!(
        "Booked service hours per participant, {reported}"
    ))]));
    let rows = p
        .more
        .booked
        .iter()
        .map(|b| {
            let delivered = b.booked.map(|x| x - b.lost - b.lost_planned);
            vec![
                Cell::new(participant(&b.participant)),
                Cell::text(hours(b.booked)).class("num"),
                Cell::text(hours(delivered)).class("num"),
                Cell::text(hours_text(b.lost_planned)).class("num"),
                Cell::text(hours_text(b.lost)).class("num"),
            ]
        })
        .collect();
    s.table_or(
        header([
            "Participant",
            "Booked",
            "Delivered",
            "Lost, planned",
            "Lost, unplanned",
        ]),
        rows,
        &format!("No booking in {reported}."),
    );
    s.push(Block::Note(vec![Span::text(
        "An outage hits an interval when it takes down the interval's environment, an environment it uses, or a component of either. Hours are the service hours of the interval's environment inside the interval and the reported period, summed over a participant's intervals; time a planned outage also took counts as planned, as in the availability table.",
    )]));
    s
}
