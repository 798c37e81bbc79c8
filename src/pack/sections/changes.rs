//! What changed in the registry since a revision (`--since`).

use super::super::doc::{Block, Section, Span};
use super::super::Pack;

pub fn section(p: &Pack) -> Option<Section<'_>> {
    let c = p.changes.as_ref()?;
    let mut s = Section {
        title: vec![
            Span::text(format!("Changes since {}", c.since)),
            Span::paren(
                vec![Span::text(c.commit.chars().take(12).collect::<String>())],
                false,
            ),
        ],
        ..Section::new("changes", "").nav("Changes")
    };
    for note in &c.notes {
        s.push(Block::Quote(vec![Span::text(note.clone())]));
    }
    if c.records.is_empty() {
        s.push(Block::Empty("No record changed.".into()));
        return Some(s);
    }
    let items = c
        .records
        .iter()
        .map(|r| {
            let mut item = vec![Span::text(format!("{} ", r.kind)), Span::id(r.id.clone())];
            if let Some(n) = r.distinct_name() {
                item.push(Span::paren(vec![Span::text(n)], false));
            }
            item.push(Span::text(format!(": {}", r.describe(|p| p.to_owned()))));
            item
        })
        .collect();
    s.push(Block::List(items));
    Some(s)
}
