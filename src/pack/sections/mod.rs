//! The sections of the pack, in the order shown, one module each. Each
//! turns the built [`Pack`] into a [`Section`]: what it says and in which
//! words, for both formats at once.

mod certificates;
mod changes;
mod environments;
mod files;
mod findings;
mod headline;
mod outages;
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
    let meta = vec![
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
    let mut sections: Vec<Section<'_>> = vec![
        headline::section(p),
        environments::section(p),
        timeline::section(p),
        findings::section(p),
        certificates::section(p),
        outages::section(p),
        readiness::section(p),
    ];
    sections.extend(changes::section(p));
    sections.push(files::section());
    Doc {
        title: format!("{}: {}", title_of(h), period_name(h)),
        meta,
        sections,
        stamp: String::new(),
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
