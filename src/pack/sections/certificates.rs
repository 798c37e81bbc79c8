//! Certificates expiring within the warning horizon, and the intervals at
//! risk for want of one (EP303).

use super::super::doc::{header, Block, Cell, Section, Span};
use super::super::{days_left_text, CertRow, Pack, RiskRow, AT_RISK_COLUMNS, EP303_OFF};
use super::{interval, participant};

pub fn section(p: &Pack) -> Section<'_> {
    let h = &p.header;
    let mut s =
        Section::new("certificates", "Certificates and intervals at risk").nav("Certificates");
    s.push(Block::Heading(vec![Span::text(format!(
        "Certificates expiring within {} days",
        h.certificate_horizon_days
    ))]));
    s.table_or(
        header([
            "Expires",
            "Last valid day",
            "Certificate",
            "Participant",
            "Environment",
            "Purpose",
        ]),
        p.certificates.iter().map(certificate).collect(),
        "No certificate expires within the horizon.",
    );
    renewals(p, &mut s);
    s.push(Block::Heading(vec![Span::text(
        "Intervals at risk (EP303)",
    )]));
    match p.at_risk.as_deref() {
        None => s.push(Block::Empty(format!("{EP303_OFF}: not listed."))),
        Some(rows) => s.table_or(
            header(AT_RISK_COLUMNS),
            rows.iter().map(risk).collect(),
            "No booked participant lacks a certificate.",
        ),
    }
    s
}

fn certificate(c: &CertRow) -> Vec<Cell> {
    let left = days_left_text(c.days_left);
    vec![
        if c.days_left < 0 {
            Cell::text(format!("expired {left}"))
                .class("bad nowrap")
                .strong()
        } else if c.days_left <= 14 {
            Cell::text(left).class("warnbg nowrap")
        } else {
            Cell::text(left).class("nowrap")
        },
        Cell::text(c.last_day.to_string()).class("nowrap"),
        Cell::id(c.id.clone()),
        Cell::new(participant(&c.participant)),
        Cell::id(c.environment.clone()),
        Cell::text(c.purpose.clone()),
    ]
}

fn risk(r: &RiskRow) -> Vec<Cell> {
    vec![
        Cell::text(days_left_text(r.days_left)).class("bad nowrap"),
        Cell::text(r.first_gap.to_string()).class("nowrap"),
        Cell::new(interval(&r.interval)),
        Cell::new(participant(&r.participant)),
        Cell::new(vec![
            Span::id(r.environment.clone()),
            Span::text(format!(" {}", r.purpose)),
        ]),
        Cell::text(r.cause.clone()),
    ]
}

/// Renewals due before each environment's `required.to` for participants
/// still booked there (§10.2.2: certificates lapse mid-phase), by month.
fn renewals(p: &Pack, s: &mut Section<'_>) {
    s.push(Block::Heading(vec![Span::text(
        "Renewals due before the end of each required window",
    )]));
    let mut rows = Vec::new();
    let mut month = None;
    for r in &p.more.renewals {
        let first = month != Some(r.month);
        month = Some(r.month);
        rows.push(vec![
            if first {
                Cell::new(vec![Span::Strong(r.month.format("%B %Y").to_string())])
            } else {
                Cell::text("")
            },
            Cell::text(r.last_day.to_string()).class("nowrap"),
            Cell::id(r.certificate.clone()),
            Cell::new(participant(&r.participant)),
            Cell::id(r.environment.clone()),
            Cell::text(format!("required to {}", r.required_to)).class("nowrap"),
        ]);
    }
    s.table_or(
        header([
            "Month",
            "Last valid day",
            "Certificate",
            "Participant",
            "Environment",
            "Window",
        ]),
        rows,
        "No certificate of a booked participant lapses before its environment's required window ends.",
    );
}
