//! The pack described once: a document of sections (title, tables, figures,
//! notes) that the section builders (`sections`) make from the [`Pack`] and
//! the two backends (`markdown`, `html`) only lay out. A section is written
//! once, so its title, columns and wording cannot differ between the formats;
//! what differs (a Mermaid chart or an SVG, a card or a table row) is the
//! backend's choice for the same block.
//!
//! Every registry string is held as plain text in a [`Span`]; each backend
//! escapes it (`escape::markdown`, `escape::html`) as it writes it.

use super::{Figure, Pack};
use crate::plan::Timeline;

/// A piece of inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Running text.
    Text(String),
    /// An identifier: monospace in HTML, plain in Markdown.
    Id(String),
    /// A file name or a literal: a code span in both.
    Code(String),
    /// A finding's message, whose `backticked` words are code in HTML.
    Message(String),
    /// Emphasis: bold in both.
    Strong(String),
    /// A secondary detail: "(text)" in Markdown (between `md.0` and `md.1`),
    /// muted in HTML, on a line of its own when `br`.
    Sub {
        spans: Vec<Span>,
        md: (&'static str, &'static str),
        br: bool,
    },
    /// Between the items of a list in a cell: `md` in Markdown, a line break in HTML.
    Break { md: &'static str },
}

impl Span {
    pub fn text(s: impl Into<String>) -> Span {
        Span::Text(s.into())
    }

    pub fn id(s: impl Into<String>) -> Span {
        Span::Id(s.into())
    }

    /// "(detail)" after what it qualifies.
    pub fn paren(spans: Vec<Span>, br: bool) -> Span {
        Span::Sub {
            spans,
            md: (" (", ")"),
            br,
        }
    }
}

/// A table cell: its text, how HTML styles it, and whether Markdown bolds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub spans: Vec<Span>,
    /// CSS classes of the `<td>` ("bad nowrap"), empty for none.
    pub class: &'static str,
    /// Bold in Markdown (HTML shows the class instead).
    pub strong: bool,
}

impl Cell {
    pub fn new(spans: Vec<Span>) -> Cell {
        Cell {
            spans,
            class: "",
            strong: false,
        }
    }

    pub fn text(s: impl Into<String>) -> Cell {
        Cell::new(vec![Span::text(s)])
    }

    pub fn id(s: impl Into<String>) -> Cell {
        Cell::new(vec![Span::id(s)])
    }

    pub fn class(mut self, class: &'static str) -> Cell {
        self.class = class;
        self
    }

    pub fn strong(mut self) -> Cell {
        self.strong = true;
        self
    }
}

/// One bar of a small chart: a label and a figure between 0 and 1, or none.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    /// What the bar says in words ("99.50%", "not required").
    pub text: String,
}

/// One row of a trend chart: what it is about and its bars, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    pub label: String,
    pub bars: Vec<Bar>,
}

/// A building block of a section.
#[derive(Debug, Clone)]
pub enum Block<'p> {
    /// A sub-heading.
    Heading(Vec<Span>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<Cell>>,
    },
    /// "Nothing to show" in words.
    Empty(String),
    /// A paragraph of explanation.
    Note(Vec<Span>),
    /// Something a reader must not miss (a quote in Markdown).
    Warning(Vec<Span>),
    /// A quoted remark (a quote in Markdown, a note in HTML).
    Quote(Vec<Span>),
    List(Vec<Vec<Span>>),
    /// The headline figures: a table in Markdown, cards in HTML.
    Figures(Vec<Figure>),
    /// The plan's timeline: Mermaid in Markdown, SVG in HTML.
    Timeline(&'p Timeline),
    /// A trend chart: a table of the figures in Markdown, bars in HTML
    /// scaled from `floor` to 100% so that 97% and 100% look different.
    Trend {
        columns: Vec<String>,
        rows: Vec<TrendRow>,
        floor: f64,
    },
    /// Only in the Markdown.
    MarkdownOnly(Vec<Block<'p>>),
    /// Only in the HTML.
    HtmlOnly(Vec<Block<'p>>),
}

/// One section of the pack, with its anchor.
#[derive(Debug, Clone)]
pub struct Section<'p> {
    pub id: &'static str,
    pub title: Vec<Span>,
    /// The short name for the HTML navigation bar, when it has one.
    pub nav: Option<&'static str>,
    pub blocks: Vec<Block<'p>>,
}

impl<'p> Section<'p> {
    pub fn new(id: &'static str, title: impl Into<String>) -> Section<'p> {
        Section {
            id,
            title: vec![Span::text(title)],
            nav: None,
            blocks: Vec::new(),
        }
    }

    pub fn nav(mut self, label: &'static str) -> Section<'p> {
        self.nav = Some(label);
        self
    }

    pub fn push(&mut self, block: Block<'p>) {
        self.blocks.push(block);
    }

    /// A table, or `empty` in words when it has no rows.
    pub fn table_or(&mut self, header: Vec<String>, rows: Vec<Vec<Cell>>, empty: &str) {
        if rows.is_empty() {
            self.push(Block::Empty(empty.to_owned()));
        } else {
            self.push(Block::Table { header, rows });
        }
    }
}

/// The whole pack as a document.
#[derive(Debug, Clone)]
pub struct Doc<'p> {
    pub title: String,
    /// Label and value lines under the title.
    pub meta: Vec<(String, Vec<Span>)>,
    pub sections: Vec<Section<'p>>,
    /// The provenance stamp every file carries (see `stamp`).
    pub stamp: String,
}

/// Headers from string literals.
pub fn header<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

/// The document of `p`.
pub fn of(p: &Pack) -> Doc<'_> {
    super::sections::document(p)
}
