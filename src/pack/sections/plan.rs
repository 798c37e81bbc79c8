//! Environment timeline (issue 12, section 1): each environment's
//! `required` window, sandbox end and readiness, with a countdown for those
//! not yet required.

use crate::pack::gather::EnvPlan;
use crate::registry::records::ReadinessStatus;

use super::super::doc::{header, Block, Cell, Section, Span};
use super::super::Pack;

pub fn section(p: &Pack) -> Section<'_> {
    let mut s = Section::new("plan", "Environment timeline").nav("Plan");
    let rows = p
        .more
        .plans
        .iter()
        .map(|e| row(e, p.header.as_of))
        .collect();
    s.table_or(
        header([
            "Environment",
            "Required",
            "Sandbox ends",
            "Readiness",
            "Countdown",
        ]),
        rows,
        "No environments.",
    );
    s.push(Block::Note(vec![
        Span::text(format!(
            "Countdown from {}. Forecast: the readiness ",
            p.header.as_of
        )),
        Span::Code("ready_on".into()),
        Span::text(" day of an environment not yet ready."),
    ]));
    s
}

/// "ready", "forecast ready 2027-03-25", "not ready", "not recorded".
pub(crate) fn readiness_text(e: &EnvPlan) -> (String, &'static str) {
    match (e.status, e.ready_on) {
        (Some(ReadinessStatus::Ready), _) => ("ready".into(), ""),
        (Some(ReadinessStatus::Retired), _) => ("retired".into(), "sub"),
        (Some(_), Some(d)) => (format!("forecast ready {d}"), "warnbg"),
        (Some(st), None) => (format!("not ready ({})", st.as_str()), "bad"),
        (None, _) => ("not recorded".into(), "sub"),
    }
}

fn row(e: &EnvPlan, as_of: chrono::NaiveDate) -> Vec<Cell> {
    let (ready, class) = readiness_text(e);
    let countdown = match (e.required_in, e.required) {
        (Some(days), _) => {
            let mut t = format!(
                "{} required in {}",
                e.id,
                crate::time::format::plural(days, "day")
            );
            if let (Some(d), false) = (e.ready_on, e.status == Some(ReadinessStatus::Ready)) {
                t.push_str(&format!(", forecast ready {}", d.format("%-d %B %Y")));
            }
            Cell::text(t)
        }
        (None, Some((_, to))) if to < as_of => {
            Cell::text(format!("required window ended {to}")).class("sub")
        }
        (None, Some((from, _))) => Cell::text(format!("required since {from}")).class("sub"),
        (None, None) => Cell::text("–"),
    };
    vec![
        Cell::id(e.id.clone()),
        match e.required {
            Some((a, b)) => Cell::text(format!("{a} to {b}")).class("nowrap"),
            None => Cell::text("–"),
        },
        Cell::text(e.sandbox_end.map_or("–".into(), |d| d.to_string())).class("nowrap"),
        Cell::text(ready).class(class),
        countdown,
    ]
}
