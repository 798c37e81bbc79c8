//! The headline figures.

use super::super::doc::{Block, Section};
use super::super::{figures, Pack};

pub fn section(p: &Pack) -> Section<'_> {
    let mut s = Section::new("headline", "Headline figures");
    s.push(Block::Figures(figures(p)));
    s
}
