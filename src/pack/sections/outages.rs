//! The outages of the reported period and the availability they left.

use super::super::doc::{header, Bar, Block, Cell, Section, Span, TrendRow};
use super::super::{
    duration_text, hours_text, lost_text, reported_name, row_hours_text, service_text, OutageRow,
    Pack, HOURS_NOTE, ROUNDING_NOTE,
};

pub fn section(p: &Pack) -> Section<'_> {
    let h = &p.header;
    let reported = reported_name(h);
    let mut s = Section::new("outages", format!("Outages, {reported}")).nav("Outages");
    let rows: Vec<Vec<Cell>> = p.outages.iter().map(outage_row).collect();
    let any = !rows.is_empty();
    s.table_or(
        header([
            "Outage",
            "Environment",
            "Type",
            "Reason",
            "Start",
            "End",
            "Duration",
            "Service hours lost",
            "Defect",
        ]),
        rows,
        &format!("No outages in {reported}."),
    );
    if any {
        s.push(Block::Note(vec![Span::text(format!(
            "Times are in {}. Service hours lost are counted for each outage alone, within {reported}.",
            h.timezone
        ))]));
    }
    s.push(Block::Heading(vec![Span::text(format!(
        "Availability, {reported}"
    ))]));
    let rows = p
        .availability
        .iter()
        .map(|a| {
            vec![
                Cell::id(a.environment.clone()),
                Cell::text(row_hours_text(a)),
                Cell::text(service_text(a)).class("num"),
                Cell::text(hours_text(a.lost_planned)).class("num"),
                Cell::text(hours_text(a.lost_unplanned)).class("num"),
                Cell::text(a.availability.cell_text()).class("num"),
            ]
        })
        .collect();
    s.table_or(
        header([
            "Environment",
            "Service hours",
            "Time in service",
            "Lost, planned",
            "Lost, unplanned",
            "Availability",
        ]),
        rows,
        "No environments.",
    );
    trend(p, &mut s);
    s.push(Block::Note(vec![Span::text(format!(
        "Availability = 1 − (outage time inside service hours ÷ service hours), over {} to {}, in real hours (the days the clocks change included), holidays skipped where the environment observes them. Overlapping outages count once; time lost to a planned and an unplanned outage at once counts as planned. {HOURS_NOTE} {ROUNDING_NOTE}",
        h.reported_month, h.reported_until
    ))]));
    s
}

/// The six-period trend, scaled from a floor below the lowest figure (at
/// most 90%) so that 97% and 100% look different.
fn trend(p: &Pack, s: &mut Section<'_>) {
    let months = p.header.edition == super::super::Edition::Monthly;
    s.push(Block::Heading(vec![Span::text(if months {
        "Availability, the last six months"
    } else {
        "Availability, the last six weeks"
    })]));
    let columns = p
        .more
        .trend_periods
        .iter()
        .map(|d| {
            if months {
                d.format("%b %Y").to_string()
            } else {
                d.format("%G-W%V").to_string()
            }
        })
        .collect();
    let rows: Vec<TrendRow> = p
        .more
        .trend
        .iter()
        .map(|t| TrendRow {
            label: t.environment.clone(),
            bars: t
                .figures
                .iter()
                .map(|f| Bar {
                    label: String::new(),
                    value: f.fraction(),
                    text: f.cell_text(),
                })
                .collect(),
        })
        .collect();
    let lowest = rows
        .iter()
        .flat_map(|r| r.bars.iter().filter_map(|b| b.value))
        .fold(0.9_f64, f64::min);
    let floor = (lowest * 10.0).floor() / 10.0;
    if rows.is_empty() {
        s.push(Block::Empty("No environments.".into()));
    } else {
        s.push(Block::Trend {
            columns,
            rows,
            floor,
        });
    }
}

fn outage_row(o: &OutageRow) -> Vec<Cell> {
    vec![
        Cell::id(o.id.clone()),
        Cell::id(o.environment.clone()),
        if o.planned {
            Cell::text("planned")
        } else {
            Cell::text("unplanned").class("warnbg").strong()
        },
        Cell::text(o.reason.clone()),
        Cell::text(o.start.clone()).class("nowrap"),
        match &o.end {
            Some(end) => Cell::text(end.clone()).class("nowrap"),
            None => Cell::text("ongoing").class("bad").strong(),
        },
        Cell::text(duration_text(o.duration)),
        Cell::text(lost_text(o)).class("num"),
        match &o.defect {
            Some(d) => Cell::id(d.clone()),
            None => Cell::text("–"),
        },
    ]
}
