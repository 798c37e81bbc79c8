//! The sections of the pack, in the order shown, one module each. Each
//! turns the built [`Pack`] into a [`Section`]: what it says and in which
//! words, for both formats at once.

mod certificates;
mod changes;
mod cohorts;
mod contacts;
mod environments;
mod files;
mod findings;
mod headline;
mod impact;
mod milestones;
mod open_items;
mod outages;
mod plan;
mod readiness;
mod timeline;

use super::doc::{Doc, Section, Span};
use super::{
    meeting_label, meeting_text, period_name, registry_text, title_of, IntervalRef, Pack,
    ParticipantRef,
};

/// The pack as a document: its title, its meta lines and every section.
pub fn document(p: &Pack) -> Doc<'_> {
    let h = &p.header;
    let programme = match &h.programme_name {
        Some(name) if !h.programme_id.is_empty() => vec![
            Span::text(name.clone()),
            Span::paren(vec![Span::id(h.programme_id.clone())], false),
        ],
        Some(name) => vec![Span::text(name.clone())],
        None => vec![Span::Strong(
            "the registry has no readable Programme".to_owned(),
        )],
    };
    let mut meta = vec![
        ("Programme".to_owned(), programme),
        (
            meeting_label(h).to_owned(),
            vec![Span::text(meeting_text(h))],
        ),
        (
            "As of".to_owned(),
            vec![Span::text(format!("{}; times in {}", h.as_of, h.timezone))],
        ),
        (
            "Registry".to_owned(),
            vec![Span::text(registry_text(&h.registry))],
        ),
    ];
    if let Some(st) = &h.stamp {
        meta.push((
            "Built by".to_owned(),
            vec![Span::text(format!(
                "envplan {}, registry format {}, registry content {}",
                st.envplan, st.format, st.registry
            ))],
        ));
    }
    let mut sections: Vec<Section<'_>> = vec![
        headline::section(p),
        environments::section(p),
        // The chart before the table of the same windows: printed, the
        // chart (which cannot break) then starts high on a page and the
        // table fills the rest, instead of leaving half a page empty.
        timeline::section(p),
        plan::section(p),
        open_items::section(p),
        cohorts::section(p),
        milestones::section(p),
        findings::section(p),
        certificates::section(p),
        contacts::section(p),
        outages::section(p),
        impact::section(p),
        readiness::section(p),
    ];
    sections.extend(changes::section(p));
    sections.push(files::section());
    Doc {
        title: format!("{}: {}", title_of(h), period_name(h)),
        meta,
        sections,
        stamp: h.stamp.as_ref().map(|s| s.line()).unwrap_or_default(),
    }
}

/// An interval: its id, and its name when that says more.
pub(crate) fn interval(i: &IntervalRef) -> Vec<Span> {
    if i.name == i.id {
        vec![Span::id(i.id.clone())]
    } else {
        vec![
            Span::id(i.id.clone()),
            Span::paren(vec![Span::text(i.name.clone())], true),
        ]
    }
}

/// A participant: its name, and its id when that differs.
pub(crate) fn participant(p: &ParticipantRef) -> Vec<Span> {
    if p.name == p.id {
        vec![Span::id(p.id.clone())]
    } else {
        vec![
            Span::text(p.name.clone()),
            Span::paren(vec![Span::id(p.id.clone())], false),
        ]
    }
}

/// Items joined by ", " in Markdown and line breaks in HTML; "–" when none.
pub(crate) fn joined(items: Vec<Vec<Span>>) -> Vec<Span> {
    if items.is_empty() {
        return vec![Span::text("–")];
    }
    let mut out = Vec::new();
    for (n, item) in items.into_iter().enumerate() {
        if n > 0 {
            out.push(Span::Break { md: ", " });
        }
        out.extend(item);
    }
    out
}
