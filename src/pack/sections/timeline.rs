//! The plan's timeline over the edition's window.

use super::super::doc::{Block, Section, Span};
use super::super::{left_out_text, Pack};

pub fn section(p: &Pack) -> Section<'_> {
    let tl = &p.timeline;
    let mut s = Section::new(
        "timeline",
        format!("Timeline, {} to {}", tl.period.first, tl.period.last),
    )
    .nav("Timeline");
    let tz = tl.tz.name();
    if tl.is_empty() {
        s.push(Block::MarkdownOnly(vec![Block::Empty(
            "Nothing is booked and no outage falls in these months.".into(),
        )]));
    }
    s.push(Block::Timeline(tl));
    let ics = |before: String| {
        vec![
            Span::Text(before),
            Span::Code("plan.ics".into()),
            Span::text(", to import into a calendar."),
        ]
    };
    s.push(Block::MarkdownOnly(vec![Block::Note(ics(format!(
        "Clashing intervals are marked critical; outages are milestones on the day they start (unplanned ones critical). Dates in {tz}. The same intervals and outages are in "
    )))]));
    s.push(Block::HtmlOnly(vec![Block::Note(ics(format!(
        "Dates in {tz}; one column per day, ticks on Mondays; an unplanned outage still open is drawn from its start to the as-of day, marked \"ongoing\". The same intervals and outages are in "
    )))]));
    if tl.left_out > 0 {
        s.push(Block::Warning(vec![Span::text(left_out_text(tl.left_out))]));
    }
    s
}
