//! Which files make up the pack.

use super::super::doc::{Block, Section, Span};
use super::super::FILES;

pub fn section() -> Section<'static> {
    let mut s = Section::new("files", "Files of this pack");
    s.push(Block::List(
        FILES
            .iter()
            .map(|(name, what)| {
                vec![
                    Span::Code((*name).to_owned()),
                    Span::text(format!(": {what}")),
                ]
            })
            .collect(),
    ));
    s
}
